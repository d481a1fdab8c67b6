package ui

import (
	"bytes"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"course/content/contenttest"
	"course/internal/record"
	"course/internal/safetext"
	"course/internal/store"
	"course/internal/ui/enrol"
)

func TestReadingPlaceIsRemembered(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("4", "pgdown", "pgdown", "pgdown")
	r := h.root().reader()
	at := r.YOffset()
	if at == 0 {
		t.Fatal("paging down did not move")
	}
	h.press("esc")
	h.contains("Your responsibilities as a councillor")
	h.press("4")
	r = h.root().reader()
	if got := r.YOffset(); got != at {
		t.Errorf("reopened at line %d, left at %d", got, at)
	}
	h.contains("Part ")
}

// slowRecords is a record file on a busy disk: every write takes longer
// than usual, as a synced write can while another program writes.
type slowRecords struct {
	*store.Store
	delay time.Duration
}

func (s slowRecords) Append(member string, decide func(record.History) ([]record.Event, error)) ([]record.Event, error) {
	time.Sleep(s.delay)
	return s.Store.Append(member, decide)
}

func (s slowRecords) AddMember(m record.NewMember) (record.Member, error) {
	time.Sleep(s.delay)
	return s.Store.AddMember(m)
}

// TestSlowWritesAreWaitedFor: the screen says an answer is saved only once
// it is, however long the write takes, and the course carries on after.
func TestSlowWritesAreWaitedFor(t *testing.T) {
	recs := openStore(t, filepath.Join(t.TempDir(), "records.db"))
	t.Cleanup(func() { recs.Close() })
	h := startOn(t, slowRecords{recs, 400 * time.Millisecond}, contenttest.Course(t), 80, 24)
	h.register("Robin Hart")
	h.contains("Robin Hart")
	h.press("1", "G", "enter")
	h.press("1", "enter")
	h.contains("Answer saved")
	var answered int
	for _, e := range onlyMembersEvents(t, recs) {
		if e.Kind == record.QuestionAnswered {
			answered++
		}
	}
	if answered != 1 {
		t.Errorf("%d answers on disk after one was shown saved", answered)
	}
}

func TestReadToTheEndIsRecorded(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("1", "G")
	h.contains("End of the module")
	h.press("esc")
	h.contains("… read, quiz next", "Continue: take the quiz for module 1")
}

func TestRegisterNeedsAName(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.press("enter")
	h.press("enter", "enter", "enter", "enter", "enter")
	h.contains("Please type your name")
	if h.root().state != stateRegister {
		t.Fatal("registered without a name")
	}
	h.typeText("Kim")
	h.press("tab", "tab", "tab", "tab")
	h.typeText("31/02/2023")
	h.press("enter")
	h.contains("February 2023 has no day 31", "Correct")
}

func TestHostileTextIsInert(t *testing.T) {
	if got := safetext.Inert("Ann\x1b[2J Lee"); got != "Ann Lee" {
		t.Errorf("safetext.Inert = %q", got)
	}
	// A name the record file refuses never reaches the screen either.
	h := newHarness(t, 80, 24)
	if _, err := h.store.AddMember(record.NewMember{Name: "Mal\x1b[31mlory"}); err == nil {
		t.Error("the record file accepted a name with an escape sequence")
	}
}

func TestHelpOverlay(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("1", "?")
	h.contains("All keys", "previous screen", "G/end")
	h.press("esc")
	if h.root().showHelp || h.root().state != stateReader {
		t.Fatal("esc did not close the help first")
	}
}

func TestResizeRecovers(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("1")
	h.send(tea.WindowSizeMsg{Width: 30, Height: 8})
	h.contains("too small", "Press q to quit")
	// Keys do nothing behind the notice: the screen it returns to is the
	// one the member left.
	h.press("esc", "?", "G", "/", "enter")
	r := h.root().reader()
	if h.root().state != stateReader || h.root().showHelp || r.YOffset() != 0 {
		t.Fatalf("keys acted behind the too-small notice: state %v, help %v", h.root().state, h.root().showHelp)
	}
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.contains("Module 1 of 7", "Part 1 of")
	for _, l := range strings.Split(h.screen(), "\n") {
		if len([]rune(l)) > 120 {
			t.Fatalf("line wider than the window: %q", l)
		}
	}
}

func TestLightBackground(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("1")
	h.send(tea.BackgroundColorMsg{Color: color.White})
	if h.root().c.styles.isDark {
		t.Fatal("styles still dark on a white background")
	}
	if h.root().reader().Shown().Dark {
		t.Error("the lesson was not re-rendered for a light background")
	}
	h.contains("Module 1 of 7")
}

func TestCertificate(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	for i := range h.course.Modules {
		h.press(strconv.Itoa(i+1), "t")
		h.answerAll(true)
		if i < len(h.course.Modules)-1 {
			h.press("enter")
		}
	}
	h.contains("You have now passed every module")
	h.press("enter")
	if h.root().state != stateComplete {
		t.Fatalf("state %v after the last module", h.root().state)
	}
	events, err := h.store.MemberEvents(h.root().c.member.Number)
	if err != nil {
		t.Fatal(err)
	}
	var last record.Event
	for _, e := range events {
		if e.Kind == record.ModuleCompleted {
			last = e
		}
	}
	code := strings.ToUpper(last.Hash[:4] + "-" + last.Hash[4:8] + "-" + last.Hash[8:12])
	h.contains("✓ Course complete", "Robin Hart", "(version 1.0)", "on Monday 2 March 2026", "Verification code: "+code)
	// The code is a hash of the records, so the golden file holds a stand-in.
	golden.RequireEqual(t, strings.Replace(h.screen(), code, "XXXX-XXXX-XXXX", 1))
	h.press("esc")
	h.contains("7 of 7 passed", "Course complete: see your certificate")
}

// completeCourse registers name and passes every module, ending on the
// certificate.
func (h *harness) completeCourse(name string) {
	h.t.Helper()
	h.register(name)
	for i := range h.course.Modules {
		h.press(strconv.Itoa(i+1), "t")
		h.answerAll(true)
		h.press("enter")
	}
	if h.root().state != stateComplete {
		h.t.Fatalf("state %v after the last module", h.root().state)
	}
}

// TestCertificateSavesAPDF: s writes the certificate as a PDF to the
// member's folder and the screen says where; the file is a PDF named for
// the member and the code.
func TestCertificateSavesAPDF(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.completeCourse("Siân Gwŷn")
	h.contains("s save as PDF", "Press s to save the certificate as a PDF")
	h.press("s")
	code := h.root().c.standing.VerificationCode(h.course)
	want := filepath.Join(h.certificates, "certificate-Siân-Gwŷn-"+code+".pdf")
	data, err := os.ReadFile(want)
	if err != nil {
		t.Fatalf("no PDF where expected: %v", err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Errorf("%s does not start as a PDF: %q", want, data[:min(len(data), 16)])
	}
	// The path is long: the screen wraps it, so look for it without the breaks.
	screen := strings.Join(strings.Fields(h.screen()), "")
	if !strings.Contains(screen, "SavedasaPDF:"+strings.ReplaceAll(want, " ", "")) {
		t.Errorf("the screen does not say where the PDF went (%s):\n%s", want, h.screen())
	}
}

// TestCertificateSaveFailureIsSaid: a folder that cannot be written to is
// named in a sentence, and the screen stays.
func TestCertificateSaveFailureIsSaid(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.completeCourse("Robin Hart")
	missing := filepath.Join(h.certificates, "gone")
	h.root().c.certificateFolder = func() (string, error) { return missing, nil }
	h.press("s")
	h.contains("The certificate could not be saved:")
	if h.root().state != stateComplete {
		t.Errorf("state %v after a failed save; want the certificate still", h.root().state)
	}
}

// TestCertificateWithoutSaving: with no folder (as over SSH) the key is
// neither offered nor answered, and the member is told whom to ask for a
// PDF.
func TestCertificateWithoutSaving(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.completeCourse("Robin Hart")
	h.root().c.certificateFolder = nil
	h.press("s")
	if strings.Contains(h.screen(), "Press s") || strings.Contains(h.screen(), "save as PDF") {
		t.Errorf("the screen offers a PDF with no folder to save it in:\n%s", h.screen())
	}
	h.contains("ask the monitoring", "officer: they can make one")
	if entries, _ := os.ReadDir(h.certificates); len(entries) > 0 {
		t.Errorf("%d files saved with saving turned off", len(entries))
	}
}

// TestRegisteringTwiceOffersToCarryOn: registering someone already on the
// recordEvent says who, and offers to carry on as them instead of making a
// second member.
func TestRegisteringTwiceOffersToCarryOn(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	first := h.root().c.member
	h = startHarness(t, h.store, 80, 24)
	h.contains("Robin Hart")
	h.press("down")
	h.contains("› Someone else: register")
	h.register("robin  HART")
	h.contains("Robin Hart of Carlton is already on the record with this email", first.Number,
		"give your own email", "enter carry on as Robin Hart", "esc change my details")
	if members, _ := h.store.Members(); len(members) != 1 {
		t.Fatalf("%d members after registering twice", len(members))
	}
	h.press("esc")
	h.contains("Press enter on the last field to register.")
	h.press("enter")
	h.contains("is already on the record")
	h.press("enter")
	if got := h.root().c.member; h.root().state != stateHome || got.Number != first.Number {
		t.Errorf("carried on as %+v in state %v, want %s at home", got, h.root().state, first.Number)
	}
}

// TestQuizCarriesOnWhereLeft: quitting part way through a quiz (here by
// starting again on the same record file, as after q, a closed window or
// a killed process) keeps the saved answers, and the quiz carries on at
// the next question, in the same attempt, from the home screen's
// "continue" as from the module.
func TestQuizCarriesOnWhereLeft(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	mod := h.course.Modules[2]
	h.press("3", "t")
	h.answer(true, 2)

	h = startHarness(t, h.store, 80, 24)
	h.press("enter") // carry on as Robin Hart
	h.contains(fmt.Sprintf("Continue the quiz for module %d", mod.Number), fmt.Sprintf("(2 of %d answered)", len(mod.Questions)))
	h.press("enter")
	q := h.root().quiz()
	if h.root().state != stateQuiz || q.index != 2 || len(q.attempt.Answers) != 2 {
		t.Fatalf("state %v, question %d, %d answers: want the third question of the same attempt", h.root().state, q.index, len(q.attempt.Answers))
	}
	h.contains("Question 3 of", "Carrying on where you left off: your 2 saved answers stand.")
	h.answerAll(true)
	h.contains("Passed")

	attempts := map[string]int{}
	for _, e := range onlyMembersEvents(t, h.store) {
		if e.Kind == record.QuestionAnswered || e.Kind == record.QuizFinished {
			attempts[e.Attempt]++
		}
	}
	if len(attempts) != 1 {
		t.Errorf("answers and result spread over %d attempts: %v", len(attempts), attempts)
	}
	for _, n := range attempts {
		if n != len(mod.Questions)+1 {
			t.Errorf("%d answers and results in the attempt, want %d answers and the result", n, len(mod.Questions))
		}
	}
	// Finished, so the next time starts afresh.
	h.press("esc", "3", "t")
	if q := h.root().quiz(); q.index != 0 || len(q.attempt.Answers) != 0 {
		t.Errorf("a finished quiz was carried on: question %d, %d answers", q.index, len(q.attempt.Answers))
	}
}

// TestQuizLeftAtTheLastAnswerSavesItsResult: every answer saved but the
// window closed before the result: the result is saved on return.
func TestQuizLeftAtTheLastAnswerSavesItsResult(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	mod := h.course.Modules[0]
	h.press("1", "t")
	h.answer(true, len(mod.Questions))

	h = startHarness(t, h.store, 80, 24)
	h.press("enter", "1", "t")
	h.contains("Passed")
	finished := 0
	for _, e := range onlyMembersEvents(t, h.store) {
		if e.Kind == record.QuizFinished {
			finished++
		}
	}
	if finished != 1 {
		t.Errorf("%d results saved, want 1", finished)
	}
}

// TestRetakeAfterCompletion: failing a retake says the earlier pass stands,
// enter goes where the screen says, and the certificate's code, noted at
// completion, does not change.
func TestRetakeAfterCompletion(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	for i := range h.course.Modules {
		h.press(strconv.Itoa(i+1), "t")
		h.answerAll(true)
		h.press("esc")
	}
	code := h.root().c.standing.VerificationCode(h.course)
	if code == "" {
		t.Fatal("no code after passing every module")
	}
	h.press("7", "t")
	h.answerAll(false)
	h.contains("Not passed this time", "Your earlier pass of this module still stands.", "enter to see your certificate")
	h.press("enter")
	h.contains("Course complete", code)
	if got := h.root().c.standing.VerificationCode(h.course); got != code {
		t.Errorf("the code changed from %s to %s", code, got)
	}
}

// TestRegisterSaysEveryProblemAtOnce: a bad email and an impossible date
// are both reported, in sentences; a date in the future is refused.
func TestRegisterSaysEveryProblemAtOnce(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.press("enter")
	h.typeText("Kim Lee")
	h.press("tab")
	h.typeText("kim@")
	h.press("tab", "tab", "tab")
	h.typeText("31/02/2023")
	h.press("enter")
	h.contains("February 2023 has no day 31", "The email \"kim@\" is not a whole address")
	if h.root().screens[stateRegister].(registerModel).Field() != enrol.FieldEmail {
		t.Error("the cursor is not on the first field with a problem")
	}
	for range 3 {
		h.press("tab")
	}
	for range 10 {
		h.send(keyMsg("backspace"))
	}
	h.typeText("31/12/2099")
	h.press("enter")
	// The future date is said beside the email still wrong.
	h.contains("The email \"kim@\" is not a whole address", "The date elected, 31 December 2099, is in the future.")
	if f := h.root().screens[stateRegister].(registerModel).Field(); f != enrol.FieldEmail {
		t.Fatalf("the cursor is on field %d, want the email", f)
	}
	for range 4 {
		h.send(keyMsg("backspace"))
	}
	h.typeText("kim@example.gov.uk")
	h.press("tab", "tab", "tab", "enter")
	h.contains("The date elected, 31 December 2099, is in the future.")
	if strings.Contains(h.screen(), "not a whole address") {
		t.Error("the corrected email is still reported")
	}
	if members, _ := h.store.Members(); len(members) != 0 {
		t.Errorf("registered with a date in the future: %+v", members)
	}
}

// TestContinueFollowsTheLatestWork: with module 2 begun and module 1 not,
// home offers to carry on with module 2.
func TestContinueFollowsTheLatestWork(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("2", "esc")
	h.contains("Continue where you left off: module 2")
	h.press("enter")
	if r := h.root().reader(); h.root().state != stateReader || r.Module().ID != h.course.Modules[1].ID {
		t.Errorf("continue opened %v", h.root().state)
	}
}

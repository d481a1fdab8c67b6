package ui

import (
	"image/color"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"course/internal/progress"
)

func TestReadingPlaceIsRemembered(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("4", "pgdown", "pgdown", "pgdown")
	r := h.root().reader()
	at := r.vp.YOffset()
	if at == 0 {
		t.Fatal("paging down did not move")
	}
	h.press("esc")
	h.contains("Your responsibilities as a councillor")
	h.press("4")
	r = h.root().reader()
	if got := r.vp.YOffset(); got != at {
		t.Errorf("reopened at line %d, left at %d", got, at)
	}
	h.contains("Page ")
}

// slowRecords is a record file on a busy disk: every write takes longer
// than usual, as a synced write can while another program writes.
type slowRecords struct {
	*progress.Store
	delay time.Duration
}

func (s slowRecords) Record(e progress.Event) (progress.Event, error) {
	time.Sleep(s.delay)
	return s.Store.Record(e)
}

func (s slowRecords) AddMember(m progress.NewMember) (progress.Member, error) {
	time.Sleep(s.delay)
	return s.Store.AddMember(m)
}

// TestSlowWritesAreWaitedFor: the screen says an answer is saved only once
// it is, however long the write takes, and the course carries on after.
func TestSlowWritesAreWaitedFor(t *testing.T) {
	store := openStore(t, filepath.Join(t.TempDir(), "records.db"))
	t.Cleanup(func() { store.Close() })
	h := startOn(t, slowRecords{store, 400 * time.Millisecond}, loadCourse(t), 80, 24)
	h.register("Robin Hart")
	h.contains("Robin Hart")
	h.press("1", "G", "enter")
	h.press("1", "enter")
	h.contains("Answer saved")
	var answered int
	for _, e := range onlyMembersEvents(t, store) {
		if e.Kind == progress.QuestionAnswered {
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
	if got := inert("Ann\x1b[2J Lee"); got != "Ann Lee" {
		t.Errorf("inert = %q", got)
	}
	// A name the record file refuses never reaches the screen either.
	h := newHarness(t, 80, 24)
	if _, err := h.store.AddMember(progress.NewMember{Name: "Mal\x1b[31mlory"}); err == nil {
		t.Error("the record file accepted a name with an escape sequence")
	}
}

func TestHelpOverlay(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("1", "?")
	h.contains("All keys", "previous page", "G/end")
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
	h.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	h.contains("Module 1 of 7", "Page 1 of")
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
	if h.root().reader().shown.dark {
		t.Error("the lesson was not re-rendered for a light background")
	}
	h.contains("Module 1 of 7")
}

func TestCertificate(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	for i := range h.course.Modules {
		h.press(itoa(i+1), "t")
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
	var last progress.Event
	for _, e := range events {
		if e.Kind == progress.ModuleCompleted {
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

// TestRegisteringTwiceOffersToCarryOn: registering someone already on the
// record says who, and offers to carry on as them instead of making a
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

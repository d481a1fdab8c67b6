package linear

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"course/content/contenttest"
	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/progress/progresstest"
	"course/internal/quiz"
	"course/internal/record"
	"course/internal/store"
)

// The plain text course's transcript is what it gives a member, so whole
// flows are compared with golden files, as the full-screen course compares
// its screens. Regenerate them with go test ./internal/linear -update, and
// read the diff: a transcript that changes by accident is a bug.

// clock is a record file's clock: it moves on a second each time it is
// read, and can be sent forward.
type clock struct {
	mu sync.Mutex
	at time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = c.at.Add(time.Second)
	return c.at
}

// current is the time now, without moving on.
func (c *clock) current() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at
}

func (c *clock) jump(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at = c.at.Add(d)
}

// transcriptStore opens a record file on a clock the test can send
// forward.
func transcriptStore(t *testing.T) (*store.Store, *clock) {
	t.Helper()
	clk := &clock{at: progresstest.Start}
	s, err := store.Open(filepath.Join(t.TempDir(), "records.db"), store.Options{Now: clk.now, AppVersion: "test-1.0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, clk
}

// transcript takes the course with the lines of input given, as member
// (or choosing one when ""), at the record file's time, and returns what
// it printed.
func transcript(t *testing.T, c *modules.Course, s *store.Store, clk *clock, member string, input ...string) string {
	t.Helper()
	var out bytes.Buffer
	err := Run(context.Background(), Options{In: strings.NewReader(strings.Join(input, "\n") + "\n"), Out: &out,
		Course: c, Store: s, Member: member, Rand: rand.New(rand.NewPCG(1, 2)), Now: clk.current})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	return out.String()
}

// verificationCode matches a certificate's code, a hash of the records.
var verificationCode = regexp.MustCompile(`Verification code: [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}\.`)

// steady replaces what differs from run to run (member numbers are drawn
// at random, and the verification code hashes them) with stand-ins.
func steady(t *testing.T, out string, members ...string) string {
	t.Helper()
	for _, m := range members {
		out = strings.ReplaceAll(out, m, "M00000000")
	}
	return verificationCode.ReplaceAllString(out, "Verification code: XXXX-XXXX-XXXX.")
}

// pass records a right answer to every question of mod's quiz and the
// finished quiz, as taking it would.
func pass(t *testing.T, c *modules.Course, s *store.Store, member string, mod *modules.Module) {
	t.Helper()
	attempt := record.NewAttemptID()
	var answers []quiz.Answer
	for _, q := range mod.Questions {
		a, err := quiz.Grade(q, q.CorrectOptions())
		if err != nil {
			t.Fatal(err)
		}
		answers = append(answers, a)
		progresstest.Record(t, s, coursework.AnswerEvent(c, member, attempt, q, a))
	}
	score := quiz.ScoreOf(answers, c.PassMark)
	if _, err := coursework.FinishQuiz(s, coursework.Result(c, member, attempt, mod, mod.Questions, answers, score)); err != nil {
		t.Fatal(err)
	}
}

// rightAnswers are what to type to answer every question of mod's quiz
// rightly, when a run has shuffled the options of before questions first:
// the course orders the options of each question in turn from
// Options.Rand.
func rightAnswers(mod *modules.Module, before int) []string {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range before {
		quiz.Shuffle(mod.Questions[i%len(mod.Questions)], r)
	}
	var typed []string
	for _, q := range mod.Questions {
		typed = append(typed, typedRight(quiz.Shuffle(q, r)))
	}
	return typed
}

// paused is answers with enter pressed after each, at the pause that
// follows its feedback.
func paused(answers []string) []string {
	var typed []string
	for _, a := range answers {
		typed = append(typed, a, "")
	}
	return typed
}

// typedRight is what to type to answer q rightly.
func typedRight(q quiz.Shuffled) string {
	var right []string
	for j := range q.Order {
		if q.Option(j).Correct {
			right = append(right, fmt.Sprint(j+1))
		}
	}
	return strings.Join(right, ",")
}

// TestTranscriptNewMember: someone registers (with a mistake or two on
// the way), asks for help, reads the first module page by page, takes its
// quiz with some wrong answers and some mistyped ones, reviews it, and
// leaves.
func TestTranscriptNewMember(t *testing.T) {
	c := contenttest.Course(t)
	s, clk := transcriptStore(t)
	mod := c.Modules[0]
	pages, _ := lessonPages(c, mod)
	input := []string{
		"",                // no name
		"Ann Jones",       // name
		"ann at example",  // a bad email
		"ann@example.org", // email
		"North Ward",      // ward
		"3",               // no such role
		"2",               // co-opted
		"31/02/2023",      // no such date
		"04/05/2023",      // elected
		"help",            // at the contents
		"nonsense",        // not a command
		"",                // start module 1
		"back",            // on the first page
		"help",            // while reading
		"page 99",         // no such page
		"page 2", "back", "repeat",
		"1",  // a page by its number alone
		"99", // no such page
	}
	for range len(pages) - 1 {
		input = append(input, "") // to the last page
	}
	input = append(input, "") // the quiz
	for i, q := range mod.Questions {
		switch i {
		case 0:
			input = append(input, "help", "", "0", "two", "repeat")
		case 1:
			input = append(input, "1,")
		}
		if q.Kind == quiz.Multiple {
			input = append(input, "1,2")
		} else {
			input = append(input, fmt.Sprint(i%len(q.Options)+1))
		}
		if i == 0 {
			input = append(input, "help", "repeat", "2", "contents") // at the pause
		}
		input = append(input, "") // on to the next question
	}
	input = append(input, "nonsense", "review", "back", "help", "", "repeat", "done", "")
	input = append(input, "quit")
	out := transcript(t, c, s, clk, "", input...)
	members, err := s.Members()
	if err != nil || len(members) != 1 {
		t.Fatalf("members %v, %v", members, err)
	}
	golden.RequireEqual(t, steady(t, out, members[0].Number))
}

// TestTranscriptResume: a member leaves a quiz part way, carries on with
// it from the contents, passes it with right answers, takes it again,
// and comes back to a quiz whose every answer was saved but not its
// result.
func TestTranscriptResume(t *testing.T) {
	c := contenttest.Course(t)
	s, clk := transcriptStore(t)
	m, err := s.AddMember(record.NewMember{Name: "Bob Smith", Ward: "South"})
	if err != nil {
		t.Fatal(err)
	}
	mod := c.Modules[1]
	right := rightAnswers(mod, 0)
	input := []string{"quiz 2", right[0], "", right[1], "contents", "help", ""}
	// Carrying on shuffles the quiz's options anew.
	input = append(input, paused(rightAnswers(mod, len(mod.Questions))[2:])...)
	input = append(input, "again", "contents", "review 2", "", "9", "", "quit")
	first := transcript(t, c, s, clk, m.Number, input...)

	// Every answer of module 3's quiz saved, its result not.
	third := c.Modules[2]
	attempt := record.NewAttemptID()
	for i, q := range third.Questions {
		a, err := quiz.Grade(q, []int{i % len(q.Options)})
		if err != nil {
			t.Fatal(err)
		}
		progresstest.Record(t, s, coursework.AnswerEvent(c, m.Number, attempt, q, a))
	}
	second := transcript(t, c, s, clk, m.Number, "", "", "quit")
	golden.RequireEqual(t, steady(t, first+"\n--- later ---\n"+second, m.Number))
}

// TestTranscriptRefresherAndCertificate: a member with nothing passed is
// told what a refresher is for; with six modules passed over a year ago
// they take a refresher, answered rightly, which renews the passes it asks
// about; then, the others passed again, they pass the last module, which
// completes the course, and hear their certificate.
func TestTranscriptRefresherAndCertificate(t *testing.T) {
	c := contenttest.Course(t)
	s, clk := transcriptStore(t)
	m, err := s.AddMember(record.NewMember{Name: "Cat Lee"})
	if err != nil {
		t.Fatal(err)
	}
	early := transcript(t, c, s, clk, m.Number, "refresher", "certificate", "", "quit")
	last := c.Modules[len(c.Modules)-1]
	for _, mod := range c.Modules[:len(c.Modules)-1] {
		pass(t, c, s, m.Number, mod)
	}
	clk.jump(13 * 30 * 24 * time.Hour) // the passes need a refresh

	// The refresher the run draws first, answered rightly.
	st, err := coursework.Load(s, c, m.Number, clk.current())
	if err != nil {
		t.Fatal(err)
	}
	refresher, ok := coursework.NewRefresher(c, m.Number, "", st, rand.New(rand.NewPCG(1, 2)))
	if !ok {
		t.Fatal("no refresher")
	}
	input := []string{"refresher"}
	for _, q := range refresher.Questions {
		input = append(input, typedRight(q), "")
	}
	input = append(input, "review", "", "done", "")
	later := transcript(t, c, s, clk, m.Number, input...)

	if st, err = coursework.Load(s, c, m.Number, clk.current()); err != nil {
		t.Fatal(err)
	}
	renewed := 0
	for i, mod := range c.Modules[:len(c.Modules)-1] {
		if st.Module(i).Status == progress.NeedsRefresh {
			pass(t, c, s, m.Number, mod)
		} else {
			renewed++
		}
	}
	if renewed == 0 {
		t.Fatal("the refresher renewed no pass: the transcript would not show one")
	}
	input = append([]string{"quiz 7"}, paused(rightAnswers(last, 0))...)
	input = append(input, "", "again", "", "quit")
	complete := transcript(t, c, s, clk, m.Number, input...)
	golden.RequireEqual(t, steady(t, early+"\n--- a year on ---\n"+later+"\n--- the last module ---\n"+complete, m.Number))
}

// TestTranscriptSearch: a member searches the course, opens a place it
// found (looked up, not read), finds nothing for other words, and asks
// how to search.
func TestTranscriptSearch(t *testing.T) {
	c := contenttest.Course(t)
	s, clk := transcriptStore(t)
	m, err := s.AddMember(record.NewMember{Name: "Dee Khan"})
	if err != nil {
		t.Fatal(err)
	}
	out := transcript(t, c, s, clk, m.Number,
		"search trolls", "99", "1", "contents",
		"search facebook", "help", "", "back", "", "", "7", "contents",
		"search qqqzzz",
		"find", "help", "",
		"quit")
	golden.RequireEqual(t, steady(t, out, m.Number))
}

// TestTranscriptChooseMember: a short list of members is read out; with
// many members on the record, the names are not: the last to use the course is offered first, a
// name typed without its accents, or part of one, finds its member, a
// name several members share lists them, and list reads every name.
func TestTranscriptChooseMember(t *testing.T) {
	c := contenttest.Course(t)
	s, clk := transcriptStore(t)
	var numbers []string
	add := func(name, ward string) record.Member {
		m, err := s.AddMember(record.NewMember{Name: name, Ward: ward})
		if err != nil {
			t.Fatal(err)
		}
		numbers = append(numbers, m.Number)
		return m
	}
	add("Siân Jones", "Abbey")
	add("Huw Jones", "Castle")
	llyr := add("Llŷr Ŵynne", "")
	few := transcript(t, c, s, clk, "", "", "2", "quit") // a short list is read out
	for i := range 9 {
		add(fmt.Sprintf("Member %d Evans", i+1), "")
	}
	if err := s.SetLastMember(llyr.Number); err != nil {
		t.Fatal(err)
	}
	first := transcript(t, c, s, clk, "", "", "quit")
	second := transcript(t, c, s, clk, "",
		"help",
		"nobody",
		"jones", // two members
		"sian",  // one, without her circumflex
		"",      // carries on as her
		"member", "99", "list", "2",
		"member", "evans", // too many to list
		"llŷr ŵ", "", "quit")
	golden.RequireEqual(t, steady(t, few+"\n--- nine more members ---\n"+first+"\n--- later ---\n"+second, numbers...))
}

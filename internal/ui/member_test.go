package ui

import (
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"course/content/contenttest"
	"course/internal/record"
)

// TestGivenMemberOpensOnTheirModules: a member the server knows by their
// key starts on their own modules, with their progress, and cannot change
// to another member.
func TestGivenMemberOpensOnTheirModules(t *testing.T) {
	store := openStore(t, filepath.Join(t.TempDir(), "records.db"))
	t.Cleanup(func() { store.Close() })
	other, err := store.AddMember(record.NewMember{Name: "Other Member"})
	if err != nil {
		t.Fatal(err)
	}
	robin, err := store.AddMember(record.NewMember{Name: "Robin Hart"})
	if err != nil {
		t.Fatal(err)
	}
	c := contenttest.Course(t)
	pages := NewPages(c)
	m := New(Options{Course: c, Store: store, Now: func() time.Time { return testNow }, Dark: true,
		Rand: rand.New(rand.NewPCG(7, 11)), Member: &robin, Pages: pages})
	h := &harness{t: t, m: m, course: c, store: store}
	h.run(m.Init())
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.contains("Robin Hart", c.Modules[0].Title)
	if strings.Contains(h.screen(), "change member") {
		t.Error("the help line offers to change member")
	}
	h.press("?")
	if strings.Contains(h.screen(), "change member") {
		t.Error("the full help offers to change member")
	}
	h.press("?", "esc")
	h.contains("Robin Hart", c.Modules[0].Title)
	if strings.Contains(h.screen(), other.Name) {
		t.Errorf("esc showed the list of members:\n%s", h.screen())
	}
	// The lessons rendered for this session are in the shared cache for
	// the next.
	h.press("1")
	if pages.Len() == 0 {
		t.Error("the shared page cache is empty after reading a lesson")
	}
}

// TestModuleStatusesLineUp: in a narrow window, where long module titles
// are cut short, every module's status still starts in the same column.
func TestModuleStatusesLineUp(t *testing.T) {
	h := newHarness(t, 60, 16)
	h.register("Robin Hart")
	columns := map[int]string{}
	cut := false
	for _, line := range strings.Split(h.screen(), "\n") {
		for i, mod := range h.course.Modules {
			prefix := "  " + strconv.Itoa(i+1) + "  "
			if !strings.HasPrefix(line, prefix) && !strings.HasPrefix(line, "› "+strconv.Itoa(i+1)+"  ") {
				continue
			}
			at := strings.Index(line, " · ")
			if at < 0 {
				continue
			}
			columns[ansi.StringWidth(line[:at])] += line + "\n"
			cut = cut || !strings.Contains(line, mod.Title)
		}
	}
	if !cut {
		t.Fatalf("no title was cut short at 60 columns, so this test shows nothing:\n%s", h.screen())
	}
	if len(columns) != 1 {
		t.Errorf("module statuses start in %d different columns:\n%v", len(columns), columns)
	}
}

// TestSecondWindowCannotFinishAFinishedQuiz: two windows on one member's
// quiz (two course windows on one computer's record file): once one
// finishes it, the other cannot add to it, and says why.
func TestSecondWindowCannotFinishAFinishedQuiz(t *testing.T) {
	first := newHarness(t, 80, 24)
	first.register("Robin Hart")
	first.press("1", "t")
	first.answer(true, 1)
	first.press("enter")

	second := startWith(t, first.store, first.course, 80, 24)
	second.press("enter") // Robin Hart, the last member chosen
	second.contains("Continue the quiz for module 1")
	second.press("enter")
	second.contains("Question 2 of")

	first.answerAll(true) // the first window finishes the attempt
	second.press("1", "enter")
	second.contains("That quiz was finished in another window", "✓ passed")
	events := onlyMembersEvents(t, first.store)
	finished := 0
	for _, e := range events {
		if e.Kind == record.QuizFinished {
			finished++
		}
	}
	if finished != 1 {
		t.Errorf("%d results on the record for one attempt", finished)
	}
}

package ui

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"course/content/contenttest"
	"course/internal/quiz"
)

// cellColumn is the cell at which want starts in line, or -1.
func cellColumn(line, want string) int {
	i := strings.Index(line, want)
	if i < 0 {
		return -1
	}
	return ansi.StringWidth(line[:i])
}

func TestWideNameLinesUpInTheForm(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.press("enter")
	h.typeText("李小龍")
	h.press("tab", "tab")
	h.typeText("Ha\u0308nsel Green")
	h.press("tab")
	values := map[string]string{
		"Name":                     "李小龍",
		"Email":                    "(optional)",
		"Ward":                     "Ha\u0308nsel Green",
		"Role":                     "(•) councillor",
		"Date elected or co-opted": "(optional, e.g.",
	}
	for _, l := range strings.Split(h.screen(), "\n") {
		for label, value := range values {
			if strings.HasPrefix(strings.TrimLeft(l, " ›"), label+"  ") {
				if col := cellColumn(l, value); col != 28 {
					t.Errorf("%s's value starts in column %d, want 28: %q", label, col, l)
				}
				delete(values, label)
			}
		}
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line of %d cells: %q", w, l)
		}
	}
	if len(values) > 0 {
		t.Errorf("fields not shown: %v\n%s", values, h.screen())
	}
}

func TestWideTitlesLineUpOnHome(t *testing.T) {
	c := contenttest.Course(t)
	c.Modules[0].Title = "社交媒体指南社交媒体指南社交媒体指南社交媒体指南社交媒体"
	c.Modules[1].Title = "Zoe\u0308's page"
	store := openStore(t, filepath.Join(t.TempDir(), "records.db"))
	t.Cleanup(func() { store.Close() })
	h := startWith(t, store, c, 80, 24)
	h.register("李小龍")
	h.contains("李小龍")
	var cols []int
	for _, l := range strings.Split(h.screen(), "\n") {
		if col := cellColumn(l, "· not started"); col >= 0 {
			cols = append(cols, col)
		}
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line of %d cells: %q", w, l)
		}
	}
	if len(cols) != len(c.Modules) {
		t.Fatalf("%d statuses for %d modules:\n%s", len(cols), len(c.Modules), h.screen())
	}
	for _, col := range cols {
		if col != cols[0] {
			t.Errorf("statuses start in columns %v:\n%s", cols, h.screen())
			break
		}
	}
}

// TestChosenOptionLinesUp: a chosen option's wrapped lines start under its
// text, like every other option's: the mark (•) is one cell, three bytes.
func TestChosenOptionLinesUp(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	for module := 1; module <= 7; module++ {
		if chosenOptionLinesUp(t, h, module) {
			return
		}
		for h.root().state != stateHome {
			h.press("esc")
		}
	}
	t.Fatal("no module has a single-answer question with an option long enough to wrap")
}

// chosenOptionLinesUp takes module's quiz until a single-answer question
// has an option that wraps, chooses it and checks its lines; it reports
// whether it found one.
func chosenOptionLinesUp(t *testing.T, h *harness, module int) bool {
	t.Helper()
	h.press(strconv.Itoa(module), "G", "enter")
	for h.root().state == stateQuiz && h.root().quiz().phase == phaseAnswer {
		q := h.root().quiz().current()
		long := -1
		for pos := range q.Order {
			if q.Question.Kind == quiz.Single && ansi.StringWidth(q.Option(pos).Text) > 70 {
				long = pos
			}
		}
		if long < 0 {
			h.press("1", "enter", "enter")
			continue
		}
		h.press(strconv.Itoa(long + 1))
		label := "(•) " + strconv.Itoa(long+1) + ". "
		lines := strings.Split(h.screen(), "\n")
		for i, l := range lines {
			if col := cellColumn(l, label); col >= 0 {
				text := col + ansi.StringWidth(label)
				next := lines[i+1]
				if indent := len(next) - len(strings.TrimLeft(next, " ")); indent != text {
					t.Errorf("wrapped line starts in column %d, the text in %d:\n%s\n%s", indent, text, l, next)
				}
				return true
			}
		}
		t.Fatalf("no chosen option %q:\n%s", label, h.screen())
	}
	return false
}

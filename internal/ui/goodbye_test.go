package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestGoodbyeSaysWhatWasSaved: the line printed once the course closes
// says what became of the member's answers and how to carry on.
func TestGoodbyeSaysWhatWasSaved(t *testing.T) {
	h := newHarness(t, 80, 24)
	if got, want := h.root().Goodbye("course"), "Nothing was saved: nobody was chosen. Type course to start again."; got != want {
		t.Errorf("before anyone is chosen: %q, want %q", got, want)
	}
	h.register("Robin Hart")
	h.press("1", "t", "1")
	// The answer is being written: its command has not run.
	m, _ := h.m.Update(keyMsg("enter"))
	if got, want := m.(Model).Goodbye("course"), "Your last answer may not be saved. Type course to carry on from the answers that are."; got != want {
		t.Errorf("while an answer is saved: %q, want %q", got, want)
	}
	h.press("enter")
	_, cmd := h.m.Update(keyMsg("q"))
	if cmd == nil {
		t.Fatal("q did nothing")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("q did not quit")
	}
	if got, want := h.root().Goodbye("course --db my.db"), "Your answers are saved. Type course --db my.db to carry on."; got != want {
		t.Errorf("after an answer: %q, want %q", got, want)
	}
}

package ui

import (
	"strings"
	"testing"

	"course/internal/quiz"
)

// TestSelectAllHasOneRule: in a select-all question a number and space do
// the same, each ticking an answer or unticking it, and the hint and the
// keys (?) say so.
func TestSelectAllHasOneRule(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("1", "t")
	for h.root().quiz().current().Question.Kind != quiz.Multiple {
		h.answer(true, 1)
		h.press("enter")
		if h.root().quiz().phase != phaseAnswer {
			t.Fatal("module 1's quiz has no select-all question")
		}
	}
	ticked := func() []bool { return h.root().quiz().chosen }
	h.press("2")
	if !ticked()[1] || h.root().quiz().options.Index() != 1 {
		t.Fatalf("2 did not tick the second answer and move to it: %v", ticked())
	}
	h.press("space")
	if ticked()[1] {
		t.Fatal("space on a ticked answer did not untick it")
	}
	h.press("space", "2")
	if ticked()[1] {
		t.Fatal("2 on a ticked answer did not untick it")
	}
	h.contains(tickRule+"; enter submits.", "1–", "/space tick or untick")
	h.press("?")
	if !strings.Contains(h.screen(), "/space tick or untick") {
		t.Errorf("the keys (?) do not give the rule:\n%s", h.screen())
	}
}

// TestAnswerHintFitsNarrowWindow: at the smallest window the course allows
// the hint under a question still says how to submit, not cut off first.
func TestAnswerHintFitsNarrowWindow(t *testing.T) {
	h := newHarness(t, 50, 14)
	h.register("Robin Hart")
	h.press("1", "t")
	seen := map[quiz.Kind]bool{}
	for h.root().quiz().phase == phaseAnswer {
		kind := h.root().quiz().current().Question.Kind
		if !seen[kind] {
			seen[kind] = true
			want := map[quiz.Kind]string{quiz.Multiple: "enter submits.", quiz.Single: "then enter."}[kind]
			if !strings.Contains(h.screen(), want) {
				t.Errorf("the hint at 50 columns does not end %q:\n%s", want, h.screen())
			}
		}
		h.answer(true, 1)
		h.press("enter")
	}
	if !seen[quiz.Multiple] || !seen[quiz.Single] {
		t.Fatalf("module 1's quiz lacks a kind of question: %v", seen)
	}
}

// TestEndOfLessonFitsNarrowWindow: at the smallest window the line at the
// end of a lesson still says how to take the quiz, not cut off first.
func TestEndOfLessonFitsNarrowWindow(t *testing.T) {
	h := newHarness(t, 50, 14)
	h.register("Robin Hart")
	h.press("1", "G")
	h.contains("Press enter or t for the quiz.")
}

// TestLongFeedbackScrolls: in the smallest window an answer's feedback is
// longer than the screen. The verdict comes into view whole, the screen
// says there is more and which keys scroll to it, and the arrows scroll
// it to the end, where it says there is more above.
func TestLongFeedbackScrolls(t *testing.T) {
	for _, module := range []string{"2", "1"} {
		h := newHarness(t, 50, 14)
		h.register("Robin Hart")
		h.press(module, "t")
		h.answer(false, 1)
		if !strings.Contains(h.flat(), "Notquite.Therightanswer") || !strings.Contains(h.flat(), "readwhybelow.") {
			t.Fatalf("module %s: the verdict is not in view whole:\n%s", module, h.screen())
		}
	}
	h := newHarness(t, 50, 14)
	h.register("Robin Hart")
	h.press("1", "t")
	h.answer(false, 1)
	lines := strings.Split(h.screen(), "\n")
	if footer := lines[len(lines)-1]; !strings.Contains(footer, "↓/PgDn more") {
		t.Errorf("the keys do not say how to scroll: %q", footer)
	}
	h.contains("↕ more above and below (PgUp/PgDn)")
	for range 60 {
		h.press("down")
	}
	if h.root().quiz().phase != phaseFeedback || !h.root().quiz().vp.AtBottom() {
		t.Fatalf("↓ does not scroll the feedback to its end:\n%s", h.screen())
	}
	h.contains("↑ more above (PgUp)", "↑/PgUp back up", "Guidance")
	checkFits(t, h.screen(), 50, 14, "feedback")
}

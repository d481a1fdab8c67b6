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

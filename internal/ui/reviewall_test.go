package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"course/internal/coursework"
	"course/internal/safetext"
)

// TestReviewExplainsEveryAnswer: an answer's feedback explains the
// options chosen and the right ones, and says that the review explains
// the rest; the review explains every option of every question.
func TestReviewExplainsEveryAnswer(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("1", "t")
	flat := func(s string) string { return strings.Join(strings.Fields(ansi.Strip(s)), " ") }
	said := false
	for h.root().state == stateQuiz && h.root().quiz().phase == phaseAnswer {
		h.answer(false, 1)
		q := h.root().quiz()
		v := q.attempt.VerdictOn(q.index)
		untold := slices.ContainsFunc(v.Options, func(o coursework.OptionVerdict) bool { return o.Why == "" })
		body := flat(q.vp.GetContent())
		if has := strings.Contains(body, coursework.ReviewExplainsTheRest); has != untold {
			t.Errorf("question %d: options unexplained %v, feedback says the review explains them %v:\n%s", q.index+1, untold, has, body)
		}
		said = said || untold
		h.press("enter")
	}
	if !said {
		t.Error("every answer explained every option, so this shows nothing")
	}
	h.press("v")
	if h.root().state != stateReview {
		t.Fatalf("v on the results opened %v", h.root().state)
	}
	r := h.root().screens[stateReview].(reviewModel)
	review := flat(r.vp.GetContent())
	for _, q := range h.root().quiz().attempt.Questions {
		for _, o := range q.Question.Options {
			if want := flat(safetext.Inert(o.Feedback)); !strings.Contains(review, want) {
				t.Errorf("the review lacks why %q is right or wrong: %q", o.Text, want)
			}
		}
	}
}

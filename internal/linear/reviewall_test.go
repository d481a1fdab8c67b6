package linear

import (
	"fmt"
	"strings"
	"testing"

	"course/content/contenttest"
	"course/internal/coursework"
	"course/internal/progress/progresstest"
	"course/internal/safetext"
)

// TestReviewExplainsEveryOption: the review after a quiz explains every
// option of every question, the ones neither chosen nor right too, as the
// full-screen review does, and an answer's feedback that leaves some
// unexplained says so.
func TestReviewExplainsEveryOption(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Ann Jones")
	mod := c.Modules[0]
	input := fmt.Sprintf("quiz %d\n", mod.Number) + strings.Repeat("1\n\n", len(mod.Questions)) +
		"review\n" + strings.Repeat("\n", len(mod.Questions)) + "done\n\nquit\n"
	out := run(t, c, s, m.Number, input)
	during, review, ok := strings.Cut(out, "Review of the module")
	if !ok {
		t.Fatalf("no review:\n%s", out)
	}
	if !strings.Contains(during, coursework.ReviewExplainsTheRest) {
		t.Errorf("no feedback says %q", coursework.ReviewExplainsTheRest)
	}
	review = strings.Join(strings.Fields(review), " ")
	for _, q := range mod.Questions {
		for _, o := range q.Options {
			why := strings.Join(strings.Fields(safetext.Inert(o.Feedback)), " ")
			if !strings.Contains(review, why) {
				t.Errorf("the review does not explain %q of %s: want %q", o.Text, q.ID, why)
			}
		}
	}
}

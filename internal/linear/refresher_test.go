package linear

import (
	"math/rand/v2"
	"strings"
	"testing"

	"course/content/contenttest"
	"course/internal/coursework"
	"course/internal/record"
)

// TestRefresherCarriesOn: a refresher left part way by contents carries
// on next time, as help promises, with its answer standing and the same
// question next; meanwhile the contents offer to carry it on and search
// leaves the quizzes out, saying why.
func TestRefresherCarriesOn(t *testing.T) {
	c := contenttest.Course(t)
	s, clk := transcriptStore(t)
	m, err := s.AddMember(record.NewMember{Name: "Cat Lee"})
	if err != nil {
		t.Fatal(err)
	}
	pass(t, c, s, m.Number, c.Modules[0])
	load := func() coursework.Attempt {
		t.Helper()
		st, err := coursework.Load(s, c, m.Number, clk.current())
		if err != nil {
			t.Fatal(err)
		}
		a, ok := coursework.NewRefresher(c, m.Number, "", st, rand.New(rand.NewPCG(1, 2)))
		if !ok {
			t.Fatal("no refresher")
		}
		return a
	}
	first := load()
	out := transcript(t, c, s, clk, m.Number, "refresher", typedRight(first.Questions[0]), "", "contents", "search facebook", "", "quit")
	for _, want := range []string{
		"carry on with the refresher quiz (1 of 6 answered)",
		coursework.QuizzesHidden,
	} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("the run does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "quiz:") {
		t.Errorf("search shows a quiz with a refresher under way:\n%s", out)
	}

	resumed := load()
	if resumed.Resumed != 1 || resumed.Questions[1].Question.ID != first.Questions[1].Question.ID {
		t.Fatalf("the refresher carries on with %d answers, next %s; was to ask %s", resumed.Resumed, resumed.Questions[1].Question.ID, first.Questions[1].Question.ID)
	}
	input := []string{""}
	for _, q := range resumed.Questions[1:] {
		input = append(input, typedRight(q), "")
	}
	out = transcript(t, c, s, clk, m.Number, append(input, "", "quit")...)
	for _, want := range []string{
		"Carrying on where you left off: your saved answer stands.",
		"Refresher quiz. Question 2 of 6.",
		"You answered 6 of 6 questions correctly",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("carrying on does not say %q:\n%s", want, out)
		}
	}
}

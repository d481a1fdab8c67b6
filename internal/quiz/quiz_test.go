package quiz

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

func question(kind Kind, correct ...int) Question {
	q := Question{ID: "q", Kind: kind}
	for i := range 4 {
		q.Options = append(q.Options, Option{Text: string(rune('A' + i)), Correct: slices.Contains(correct, i), Feedback: "why"})
	}
	return q
}

func TestGrade(t *testing.T) {
	tests := []struct {
		name    string
		q       Question
		chosen  []int
		correct bool
		err     error
	}{
		{"single right", question(Single, 2), []int{2}, true, nil},
		{"single wrong", question(Single, 2), []int{1}, false, nil},
		{"single two chosen", question(Single, 2), []int{1, 2}, false, ErrTooManyChoice},
		{"single same option twice", question(Single, 2), []int{2, 2}, true, nil},
		{"nothing chosen", question(Single, 2), nil, false, ErrNoChoice},
		{"out of range", question(Single, 2), []int{4}, false, ErrBadChoice},
		{"negative", question(Multiple, 0), []int{-1}, false, ErrBadChoice},
		{"multiple exact", question(Multiple, 0, 3), []int{3, 0}, true, nil},
		{"multiple partial", question(Multiple, 0, 3), []int{0}, false, nil},
		{"multiple extra", question(Multiple, 0, 3), []int{0, 1, 3}, false, nil},
		{"multiple one correct", question(Multiple, 1), []int{1}, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Grade(tt.q, tt.chosen)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err != nil {
				return
			}
			if a.Correct != tt.correct {
				t.Errorf("correct = %v, want %v", a.Correct, tt.correct)
			}
			if !slices.IsSorted(a.Chosen) || a.Question != "q" {
				t.Errorf("answer = %+v", a)
			}
		})
	}
}

func TestShuffleTracksAnswers(t *testing.T) {
	q := question(Multiple, 1, 3)
	r := rand.New(rand.NewPCG(1, 2))
	orders := map[string]bool{}
	for range 50 {
		s := Shuffle(q, r)
		if got := slices.Sorted(slices.Values(s.Order)); !slices.Equal(got, []int{0, 1, 2, 3}) {
			t.Fatalf("order %v is not a permutation", s.Order)
		}
		orders[fmtInts(s.Order)] = true
		// Choosing the positions where the correct options landed is right.
		var positions []int
		for pos := range s.Order {
			if s.Option(pos).Correct {
				positions = append(positions, pos)
			}
		}
		a, err := s.Grade(positions)
		if err != nil || !a.Correct || !slices.Equal(a.Chosen, []int{1, 3}) {
			t.Fatalf("grading correct positions %v of %v: %+v, %v", positions, s.Order, a, err)
		}
		// Choosing screen positions 1 and 3 is right only if the options there are.
		a, _ = s.Grade([]int{1, 3})
		want := s.Option(1).Correct && s.Option(3).Correct
		if a.Correct != want {
			t.Fatalf("positions 1,3 of %v graded %v, want %v", s.Order, a.Correct, want)
		}
	}
	if len(orders) < 10 {
		t.Errorf("only %d different orders in 50 shuffles", len(orders))
	}
	if _, err := Shuffle(q, r).Grade([]int{7}); !errors.Is(err, ErrBadChoice) {
		t.Errorf("position out of range: err = %v", err)
	}
}

func fmtInts(xs []int) string {
	b := make([]byte, len(xs))
	for i, x := range xs {
		b[i] = byte('0' + x)
	}
	return string(b)
}

func TestScore(t *testing.T) {
	answers := func(right, total int) []Answer {
		as := make([]Answer, total)
		for i := range right {
			as[i].Correct = true
		}
		return as
	}
	tests := []struct {
		right, total, mark, percent int
		passed                      bool
	}{
		{4, 5, 80, 80, true},
		{3, 5, 80, 60, false},
		{7, 9, 80, 78, false},
		{8, 10, 80, 80, true},
		{5, 5, 100, 100, true},
		{0, 0, 80, 0, false},
		{2, 3, 66, 67, true},
		{2, 3, 67, 67, false}, // fails: 2/3 is under 67%, though it rounds to it
	}
	for _, tt := range tests {
		s := ScoreOf(answers(tt.right, tt.total), tt.mark)
		if s.Correct != tt.right || s.Total != tt.total || s.Percent() != tt.percent || s.Passed != tt.passed {
			t.Errorf("%d/%d at %d%%: got %+v (%d%%), want %d%% passed=%v", tt.right, tt.total, tt.mark, s, s.Percent(), tt.percent, tt.passed)
		}
	}
}

func TestParseKind(t *testing.T) {
	for _, k := range []Kind{Single, Multiple} {
		got, err := ParseKind(k.String())
		if err != nil || got != k {
			t.Errorf("ParseKind(%q) = %v, %v", k.String(), got, err)
		}
	}
	if _, err := ParseKind("Single"); err == nil {
		t.Error("ParseKind accepted a capitalised kind")
	}
}

func TestByModule(t *testing.T) {
	qs := []Question{{ID: "a", Module: "m2"}, {ID: "b", Module: "m1"}, {ID: "c", Module: "m2"}}
	got := ByModule(qs, []Answer{{Correct: true}, {Correct: false}, {Correct: true}})
	want := []ModuleScore{{"m2", 2, 2}, {"m1", 1, 0}}
	if !slices.Equal(got, want) {
		t.Errorf("ByModule = %+v, want %+v", got, want)
	}
}

func TestPercentRounds(t *testing.T) {
	for _, tt := range []struct {
		correct, total, want int
		text                 string
	}{
		{4, 6, 67, "67%"}, {1, 3, 33, "33%"}, {2, 3, 67, "67%"}, {1, 8, 13, "13%"}, {5, 5, 100, "100%"}, {0, 7, 0, "0%"},
		{35, 44, 80, "79.5%"}, // fails an 80% mark, so not shown as 80%
		{7, 9, 78, "78%"},
		{4, 5, 80, "80%"},
	} {
		sc := Score{Correct: tt.correct, Total: tt.total, Passed: tt.correct*100 >= 80*tt.total}
		if got := sc.Percent(); got != tt.want {
			t.Errorf("%d of %d: Percent = %d, want %d", tt.correct, tt.total, got, tt.want)
		}
		if got := sc.PercentText(80); got != tt.text {
			t.Errorf("%d of %d: PercentText(80) = %q, want %q", tt.correct, tt.total, got, tt.text)
		}
	}
	if Percent(1, 0) != 0 {
		t.Error("Percent of nothing")
	}
}

// TestQuestionVersion: the version follows what members answer (the
// words, the options and which are right, their order), not the feedback
// or the cites.
func TestQuestionVersion(t *testing.T) {
	base := Question{ID: "q", Module: "m", Kind: Single, Scenario: "A post.", Prompt: "What now?", Cites: []string{"3.1"},
		Options: []Option{{Text: "Ask", Correct: true, Feedback: "Yes."}, {Text: "Post", Feedback: "No."}}}
	v := base.Version()
	if len(v) != 12 || v != base.Version() {
		t.Fatalf("Version() = %q, want 12 hex digits, the same each time", v)
	}
	changed := func(edit func(q *Question)) Question {
		q := base
		q.Cites = slices.Clone(base.Cites)
		q.Options = slices.Clone(base.Options)
		edit(&q)
		return q
	}
	for name, q := range map[string]Question{
		"scenario":        changed(func(q *Question) { q.Scenario = "A reply." }),
		"prompt":          changed(func(q *Question) { q.Prompt = "What then?" }),
		"kind":            changed(func(q *Question) { q.Kind = Multiple }),
		"option text":     changed(func(q *Question) { q.Options[1].Text = "Reply" }),
		"right option":    changed(func(q *Question) { q.Options[0].Correct, q.Options[1].Correct = false, true }),
		"option order":    changed(func(q *Question) { q.Options[0], q.Options[1] = q.Options[1], q.Options[0] }),
		"option added":    changed(func(q *Question) { q.Options = append(q.Options, Option{Text: "Wait"}) }),
		"text moved over": changed(func(q *Question) { q.Scenario, q.Prompt = "A post. What", " now?" }),
	} {
		if q.Version() == v {
			t.Errorf("changing the %s left the version %s", name, v)
		}
	}
	for name, q := range map[string]Question{
		"feedback": changed(func(q *Question) { q.Options[1].Feedback = "No: see 3.1." }),
		"cites":    changed(func(q *Question) { q.Cites = []string{"3.2"} }),
	} {
		if q.Version() != v {
			t.Errorf("changing the %s changed the version", name)
		}
	}
}

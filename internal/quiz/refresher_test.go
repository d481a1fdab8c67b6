package quiz

import (
	"math/rand/v2"
	"testing"
)

func TestRefresherOrder(t *testing.T) {
	var qs []Question
	for _, id := range []string{"always", "never-a", "missed", "sometimes", "never-b", "missed-then-right"} {
		qs = append(qs, Question{ID: id})
	}
	history := map[string]History{
		"always":            {Answered: 3, LastCorrect: true},
		"missed":            {Answered: 2, Wrong: 1, LastCorrect: false},
		"sometimes":         {Answered: 3, Wrong: 1, LastCorrect: true},
		"missed-then-right": {Answered: 2, Wrong: 1, LastCorrect: true},
	}
	tier := map[string]int{"missed": 0, "never-a": 1, "never-b": 1, "sometimes": 2, "missed-then-right": 2, "always": 3}
	seen := map[string]bool{}
	for seed := range uint64(20) {
		got := Refresher(qs, history, 6, rand.New(rand.NewPCG(seed, 1)))
		if len(got) != 6 {
			t.Fatalf("got %d questions", len(got))
		}
		for i := 1; i < len(got); i++ {
			if tier[got[i-1].ID] > tier[got[i].ID] {
				t.Fatalf("seed %d: %s before %s", seed, got[i-1].ID, got[i].ID)
			}
		}
		seen[got[1].ID] = true
	}
	if !seen["never-a"] || !seen["never-b"] {
		t.Error("questions in the same group were not mixed")
	}
	if got := Refresher(qs, history, 2, rand.New(rand.NewPCG(1, 1))); len(got) != 2 || got[0].ID != "missed" {
		t.Errorf("a short refresher = %v", got)
	}
}

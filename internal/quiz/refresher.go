package quiz

import (
	"cmp"
	"math/rand/v2"
	"slices"
)

// History is how a member has done on one question so far.
type History struct {
	Answered    int
	Wrong       int
	LastCorrect bool
}

// tier orders questions for a refresher: last answered wrongly first, then
// never answered, then sometimes wrong, and always right last.
func (h History) tier() int {
	switch {
	case h.Answered > 0 && !h.LastCorrect:
		return 0
	case h.Answered == 0:
		return 1
	case h.Wrong > 0:
		return 2
	}
	return 3
}

// Refresher draws n questions for a short mixed quiz: the ones the member
// got wrong last time first and the ones they always get right last, in a
// random order within each group.
func Refresher(questions []Question, history map[string]History, n int, r *rand.Rand) []Question {
	picked := slices.Clone(questions)
	r.Shuffle(len(picked), func(i, j int) { picked[i], picked[j] = picked[j], picked[i] })
	slices.SortStableFunc(picked, func(a, b Question) int {
		return cmp.Compare(history[a.ID].tier(), history[b.ID].tier())
	})
	return picked[:min(n, len(picked))]
}

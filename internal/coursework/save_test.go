package coursework

import (
	"errors"
	"math/rand/v2"
	"testing"

	"course/content/contenttest"
	"course/internal/progress"
	"course/internal/progress/progresstest"
	"course/internal/record"
)

// TestNothingIsSavedAfterAnErasure: a member erased while their course is
// open (by the officer, who recorded that they left) has nothing more
// saved, an answer, a finished quiz or a lesson, and is told why.
func TestNothingIsSavedAfterAnErasure(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Ann Jones")
	mod := c.Modules[0]
	a := NewQuiz(c, m.Number, "", mod, rand.New(rand.NewPCG(1, 2)))
	v, err := a.Answer(right(a.Current()))
	if err != nil {
		t.Fatal(err)
	}
	progresstest.Erase(t, s, m.Number)
	_, err = SaveAnswer(s, v.Event)
	if !errors.Is(err, ErrLeft) || !errors.Is(err, record.ErrAlreadyErased) || err.Error() != ErrLeft.Error() {
		t.Errorf("an answer after the erasure: %v", err)
	}
	if _, err := FinishQuiz(s, progress.QuizResult{Member: m.Number, Module: mod.ID, ModuleVersion: mod.Version, Attempt: a.ID}); !errors.Is(err, ErrLeft) {
		t.Errorf("a quiz finished after the erasure: %v", err)
	}
	if err := RecordLesson(s, record.ModuleRead, m.Number, mod, ""); !errors.Is(err, ErrLeft) {
		t.Errorf("a lesson read after the erasure: %v", err)
	}
	events, err := s.MemberEvents(m.Number)
	if err != nil {
		t.Fatal(err)
	}
	if last := events[len(events)-1]; last.Kind != record.MemberErased {
		t.Errorf("the log ends with %s, want the erasure", last.Kind)
	}
}

package coursework

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"

	"course/content/contenttest"
	"course/internal/modules"
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

// TestSendHandIn: a hand-in goes to the course's own contacts when
// course.yaml names them, else to the monitoring officer, never to the
// teams who give advice on social media.
func TestSendHandIn(t *testing.T) {
	c := contenttest.Course(t)
	c.Advice = []modules.Contact{{Team: "Communications team"}}
	c.ServeContacts = nil
	if got := SendHandIn(c); !strings.Contains(got, "monitoring officer") || strings.Contains(got, "Communications") {
		t.Errorf("with advice teams alone: %q", got)
	}
	c.ServeContacts = []modules.Contact{{Team: "Democratic Services", Email: "ds@example.gov.uk"}}
	if got := SendHandIn(c); !strings.HasPrefix(got, "Send this file to: Democratic Services") || !strings.Contains(got, "ds@example.gov.uk") {
		t.Errorf("with the course's own contacts: %q", got)
	}
}

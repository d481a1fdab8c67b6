package coursework

import (
	"math/rand/v2"
	"slices"
	"testing"

	"course/content/contenttest"
	"course/internal/progress"
	"course/internal/progress/progresstest"
	"course/internal/quiz"
	"course/internal/record"
	"course/internal/store"
)

// takeRight answers the attempt's next n questions right (every one left
// when n < 0), saving each.
func takeRight(t *testing.T, s *store.Store, a *Attempt, n int) {
	t.Helper()
	for ; n != 0 && !a.Done(); n-- {
		v, err := a.Answer(right(a.Current()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := SaveAnswer(s, v.Event); err != nil {
			t.Fatal(err)
		}
		a.Accept(v)
	}
}

func questionIDs(a Attempt) []string {
	var ids []string
	for _, q := range a.Questions {
		ids = append(ids, q.Question.ID)
	}
	return ids
}

// TestRefresherCarriesOn: a refresher left part way carries on in the same
// attempt, its saved answers standing and the same questions still to
// come, whatever orders the options; one not yet answered asks the same
// questions when started again; finished, it renews the pass, and the
// next refresher is a new one.
func TestRefresherCarriesOn(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Ann Jones")
	mod := c.Modules[0]
	pass := NewQuiz(c, m.Number, "", mod, rand.New(rand.NewPCG(1, 2)))
	takeRight(t, s, &pass, -1)
	if _, err := FinishQuiz(s, pass.Result()); err != nil {
		t.Fatal(err)
	}

	st := mustLoad(t, s, c, m.Number)
	first, _ := NewRefresher(c, m.Number, "", st, rand.New(rand.NewPCG(3, 4)))
	again, _ := NewRefresher(c, m.Number, "", st, rand.New(rand.NewPCG(5, 6)))
	if !slices.Equal(questionIDs(first), questionIDs(again)) {
		t.Errorf("started again before an answer, a refresher asks %v, first %v", questionIDs(again), questionIDs(first))
	}
	if _, ok := st.UnfinishedRefresher(); ok {
		t.Error("a refresher with no answer is left part way")
	}

	takeRight(t, s, &first, 2)
	st = mustLoad(t, s, c, m.Number)
	if u, ok := st.UnfinishedRefresher(); !ok || u.Attempt != first.ID || len(u.Answers) != 2 {
		t.Fatalf("the refresher left part way: %+v, %v", u, ok)
	}
	if _, ok := st.Unfinished(mod); ok {
		t.Error("the refresher left part way reads as module 1's quiz")
	}
	// A retake in between, its question answered wrongly, is not the
	// record the refresher was drawn from.
	retake := NewQuiz(c, m.Number, "", mod, rand.New(rand.NewPCG(1, 2)))
	last := first.Questions[len(first.Questions)-1].Question
	wrong := quiz.Answer{Question: last.ID, Chosen: []int{-1}}
	if _, err := SaveAnswer(s, AnswerEvent(c, m.Number, retake.ID, last, wrong)); err != nil {
		t.Fatal(err)
	}
	st = mustLoad(t, s, c, m.Number)
	resumed, _ := NewRefresher(c, m.Number, "", st, rand.New(rand.NewPCG(7, 8)))
	if resumed.ID != first.ID || resumed.Resumed != 2 || resumed.ResumedNote() != "Carrying on where you left off: your 2 saved answers stand." {
		t.Fatalf("carried on %q with %d answers: %q", resumed.ID, resumed.Resumed, resumed.ResumedNote())
	}
	if !slices.Equal(questionIDs(resumed), questionIDs(first)) {
		t.Errorf("carried on, the refresher asks %v, was %v", questionIDs(resumed), questionIDs(first))
	}

	takeRight(t, s, &resumed, -1)
	saved, err := FinishQuiz(s, resumed.Result())
	if err != nil {
		t.Fatal(err)
	}
	if len(saved) != 2 || saved[0].Kind != record.RefresherFinished || saved[0].Total != len(mod.Questions) || saved[0].Score != len(mod.Questions) ||
		saved[1].Kind != record.ModuleCompleted || saved[1].Reason != progress.RenewedByRefresher || saved[1].Module != mod.ID {
		t.Errorf("finishing the refresher carried on saved %+v, want its result and module 1 renewed", saved)
	}
	st = mustLoad(t, s, c, m.Number)
	if u, ok := st.UnfinishedRefresher(); ok {
		t.Errorf("a finished refresher is left part way: %+v", u)
	}
	next, _ := NewRefresher(c, m.Number, "", st, rand.New(rand.NewPCG(7, 8)))
	if next.ID == first.ID || next.Resumed != 0 {
		t.Errorf("after a finished refresher the next is %q with %d answers carried over", next.ID, next.Resumed)
	}
	if finished := st.Finished(map[string]bool{first.ID: true}); finished.refresher.Attempt != "" {
		t.Error("Finished left a refresher part way")
	}
}

// TestRefresherChangedStartsAfresh: a refresher left part way whose
// answered question's module has changed since is not carried on.
func TestRefresherChangedStartsAfresh(t *testing.T) {
	c := contenttest.Course(t)
	mod := c.Modules[0]
	events := []record.Event{
		{Kind: record.ModuleCompleted, Member: "M1", Module: mod.ID, ModuleVersion: mod.Version, Score: 6, Total: 6, Passed: true, Time: progresstest.Start},
		{Kind: record.QuestionAnswered, Member: "M1", Module: mod.ID, ModuleVersion: "older", Attempt: "left",
			Question: mod.Questions[0].ID, Chosen: []int{0}, Reason: record.RefresherAnswer},
	}
	st := NewStanding(c, "M1", events, progresstest.Start)
	if u, ok := st.UnfinishedRefresher(); ok {
		t.Errorf("a refresher over a module changed since is carried on: %+v", u)
	}
	events[1].ModuleVersion = mod.Version
	st = NewStanding(c, "M1", events, progresstest.Start)
	a, _ := NewRefresher(c, "M1", "", st, rand.New(rand.NewPCG(1, 2)))
	if a.ID != "left" || a.Resumed != 1 || a.Questions[0].Question.ID != mod.Questions[0].ID {
		t.Errorf("the same refresher unchanged: %q, %d answers, first question %s", a.ID, a.Resumed, a.Questions[0].Question.ID)
	}
}

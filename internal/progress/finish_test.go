package progress

import (
	"errors"
	"fmt"
	"testing"

	"course/internal/quiz"
	"course/internal/record"
)

func TestFinishQuizSavesWhatItEarnsTogether(t *testing.T) {
	s := newTestStore(t)
	m := addMember(t, s, "Ann")
	score := func(c, n int) quiz.Score { return quiz.Score{Correct: c, Total: n, Passed: c*100 >= 80*n} }

	failed, err := s.FinishQuiz(QuizResult{Member: m.Number, Attempt: "a1", Module: "intro", ModuleVersion: "v1", Score: score(2, 5)})
	if err != nil || len(failed) != 1 || failed[0].Kind != record.QuizFinished || failed[0].Passed {
		t.Fatalf("a failed quiz saved %+v, %v", failed, err)
	}
	passed, err := s.FinishQuiz(QuizResult{Member: m.Number, Attempt: "a2", Module: "intro", ModuleVersion: "v1", Score: score(5, 5)})
	if err != nil || len(passed) != 2 || passed[0].Kind != record.QuizFinished || passed[1].Kind != record.ModuleCompleted ||
		passed[1].Seq != passed[0].Seq+1 || passed[1].Attempt != "a2" || passed[1].Module != "intro" {
		t.Fatalf("a passed quiz saved %+v, %v", passed, err)
	}
	// Also passed: "other" at v1, which has since become v2.
	if _, err := s.FinishQuiz(QuizResult{Member: m.Number, Attempt: "a3", Module: "other", ModuleVersion: "v1", Score: score(5, 5)}); err != nil {
		t.Fatal(err)
	}

	refresher := func(passedIt bool, results ...ModuleResult) []record.Event {
		t.Helper()
		sc := score(1, 10)
		if passedIt {
			sc = score(9, 10)
		}
		events, err := s.FinishQuiz(QuizResult{Member: m.Number, Attempt: record.NewAttemptID(), Score: sc, Modules: results})
		if err != nil || len(events) == 0 || events[0].Kind != record.RefresherFinished || events[0].Module != "" {
			t.Fatalf("refresher saved %+v, %v", events, err)
		}
		var renewed []string
		for _, e := range events[1:] {
			if e.Kind != record.ModuleCompleted || e.Reason != RenewedByRefresher || !e.Passed {
				t.Errorf("unexpected event %+v", e)
			}
			renewed = append(renewed, e.Module)
		}
		t.Logf("renewed %v", renewed)
		return events[1:]
	}
	result := func(module, version string, asked, correct int) ModuleResult {
		return ModuleResult{ModuleScore: quiz.ModuleScore{Module: module, Asked: asked, Correct: correct}, Version: version}
	}
	if got := refresher(false, result("intro", "v1", 2, 2)); len(got) != 0 {
		t.Errorf("a failed refresher renewed %d modules", len(got))
	}
	if got := refresher(true, result("intro", "v1", 2, 1)); len(got) != 0 {
		t.Errorf("a module with a wrong answer was renewed")
	}
	if got := refresher(true, result("other", "v2", 2, 2)); len(got) != 0 {
		t.Errorf("a module changed since it was passed was renewed")
	}
	if got := refresher(true, result("never", "v1", 1, 1)); len(got) != 0 {
		t.Errorf("a module never passed was renewed")
	}
	got := refresher(true, result("intro", "v1", 3, 3), result("other", "v1", 1, 1))
	if len(got) != 2 || got[0].Module != "intro" || got[0].ModuleVersion != "v1" || got[0].Score != 3 || got[0].Total != 3 || got[1].Module != "other" {
		t.Errorf("renewals %+v, want intro and other at v1", got)
	}
}

func TestHistory(t *testing.T) {
	events := []record.Event{
		{Kind: record.QuestionAnswered, Question: "q1", Correct: false},
		{Kind: record.QuestionAnswered, Question: "q1", Correct: true},
		{Kind: record.QuestionAnswered, Question: "q2", Correct: true},
		{Kind: record.QuizFinished, Question: "q2"},
	}
	h := History(events)
	if h["q1"] != (quiz.History{Answered: 2, Wrong: 1, LastCorrect: true}) || h["q2"] != (quiz.History{Answered: 1, LastCorrect: true}) || len(h) != 2 {
		t.Errorf("History = %+v", h)
	}
}

func TestUnfinishedQuiz(t *testing.T) {
	answer := func(attempt, module, version, q string, right bool) record.Event {
		return record.Event{Kind: record.QuestionAnswered, Attempt: attempt, Module: module, ModuleVersion: version, Question: q, Chosen: []int{0}, Correct: right}
	}
	events := []record.Event{
		answer("a1", "intro", "v1", "q1", true),
		answer("a1", "intro", "v1", "q2", false),
		{Kind: record.QuizFinished, Attempt: "a1", Module: "intro", ModuleVersion: "v1"},
		answer("a2", "intro", "v1", "q1", false),
		answer("a2", "intro", "v1", "q1", true), // answered again: the last stands
		answer("a2", "intro", "v1", "q2", true),
		answer("r1", "other", "v1", "q9", true), // another module's quiz
	}
	u, ok := UnfinishedQuiz(events, "intro", "v1")
	if !ok || u.Attempt != "a2" || len(u.Answers) != 2 || !u.Answers["q1"].Correct {
		t.Errorf("UnfinishedQuiz = %+v, %v; want a2 with q1 right and q2", u, ok)
	}
	if _, ok := UnfinishedQuiz(events, "intro", "v2"); ok {
		t.Error("an attempt at an earlier version of the module was carried on")
	}
	if _, ok := UnfinishedQuiz(events[:3], "intro", "v1"); ok {
		t.Error("a finished attempt counts as unfinished")
	}
	if _, ok := UnfinishedQuiz(nil, "intro", "v1"); ok {
		t.Error("no events, yet an unfinished quiz")
	}
}

func TestCompletingEventStays(t *testing.T) {
	done := func(seq uint64, module string) record.Event {
		return record.Event{Seq: seq, Kind: record.ModuleCompleted, Module: module, Hash: fmt.Sprint(seq)}
	}
	events := []record.Event{done(1, "a"), done(2, "a"), {Seq: 3, Kind: record.QuizFinished, Module: "b"}, done(4, "b"), done(5, "a"), done(6, "b")}
	e, ok := CompletingEvent(events, []string{"a", "b"})
	if !ok || e.Seq != 4 {
		t.Errorf("CompletingEvent = %+v, %v; want event 4, when both were first passed", e, ok)
	}
	if _, ok := CompletingEvent(events[:3], []string{"a", "b"}); ok {
		t.Error("completed with module b not passed")
	}
	if _, ok := CompletingEvent(events, nil); ok {
		t.Error("a course of no modules completed")
	}
}

// TestFinishedAttemptTakesNoMore: once a quiz attempt is finished (in one
// window), another window on the same attempt can neither answer in it
// nor finish it again: it would record a second result for one attempt.
func TestFinishedAttemptTakesNoMore(t *testing.T) {
	s := newTestStore(t)
	m := addMember(t, s, "Ann")
	other := addMember(t, s, "Ben")
	answer := func(member, attempt, question string) error {
		_, err := s.Append(member, Accept(record.Event{Kind: record.QuestionAnswered, Member: member, Module: "intro", ModuleVersion: "v1",
			Attempt: attempt, Question: question, Chosen: []int{1}}))
		return err
	}
	for _, q := range []string{"q1", "q2"} {
		if err := answer(m.Number, "a1", q); err != nil {
			t.Fatal(err)
		}
	}
	result := QuizResult{Member: m.Number, Attempt: "a1", Module: "intro", ModuleVersion: "v1", Score: quiz.Score{Correct: 2, Total: 2, Passed: true}}
	if _, err := s.FinishQuiz(result); err != nil {
		t.Fatal(err)
	}
	// Later attempts and other members' attempts are untouched by it.
	if _, err := s.FinishQuiz(QuizResult{Member: m.Number, Attempt: "a0", Module: "other", ModuleVersion: "v1", Score: quiz.Score{Total: 2}}); err != nil {
		t.Fatal(err)
	}
	if err := answer(other.Number, "a1", "q1"); err != nil {
		t.Errorf("another member's attempt of the same id was refused: %v", err)
	}
	_, before, _ := s.Head()
	if err := answer(m.Number, "a1", "q3"); !errors.Is(err, ErrAttemptFinished) {
		t.Errorf("an answer to a finished attempt: %v, want ErrAttemptFinished", err)
	}
	if _, err := s.FinishQuiz(result); !errors.Is(err, ErrAttemptFinished) {
		t.Errorf("finishing an attempt twice: %v, want ErrAttemptFinished", err)
	}
	if _, after, _ := s.Head(); after != before {
		t.Errorf("%d events were added by the refused calls", after-before)
	}
	if err := answer(m.Number, "a2", "q1"); err != nil {
		t.Errorf("a new attempt after a finished one was refused: %v", err)
	}
}

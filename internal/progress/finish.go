package progress

import (
	"time"

	"course/internal/quiz"
	"course/internal/record"
)

// QuizResult is a finished quiz as the course hands it to FinishQuiz: a
// module's quiz (Module set) or a refresher (Module empty).
type QuizResult struct {
	Member, Attempt       string
	Module, ModuleVersion string
	Score                 quiz.Score
	// Modules says, for a refresher, how the member did on each module's
	// questions in it, with the module's current version.
	Modules []ModuleResult
	// Mode is the Mode of the events it records.
	Mode string
}

// ModuleResult is a member's score on one module's questions in a
// refresher.
type ModuleResult struct {
	quiz.ModuleScore
	Version string
}

// RenewedByRefresher is the Reason of a module-completed event that a
// refresher earned.
const RenewedByRefresher = "renewed by a refresher"

// FinishQuiz is the rule for a finished quiz: it decides, from the
// member's history, the events that record it and every module completion
// it earns, for store.Store.Append to store together:
//
//   - a module's quiz: quiz-finished, then module-completed if it passed;
//   - a refresher: refresher-finished, then, if it passed, module-completed
//     (Reason RenewedByRefresher) for each module whose questions in it were
//     all answered right and that the member had passed before against its
//     current version. A refresher renews a pass that has grown old; a
//     module that has changed since it was passed still needs its own quiz.
//
// An attempt already finished takes nothing more (see Accept).
func FinishQuiz(r QuizResult) func(record.History) ([]record.Event, error) {
	return func(h record.History) ([]record.Event, error) {
		finished := record.Event{Member: r.Member, Attempt: r.Attempt, Module: r.Module, ModuleVersion: r.ModuleVersion,
			Score: r.Score.Correct, Total: r.Score.Total, Passed: r.Score.Passed, Mode: r.Mode}
		events := []record.Event{finished}
		switch {
		case r.Module != "":
			events[0].Kind = record.QuizFinished
			if r.Score.Passed {
				done := finished
				done.Kind = record.ModuleCompleted
				events = append(events, done)
			}
		default:
			events[0].Kind = record.RefresherFinished
		}
		if err := attemptOpen(h, events[0]); err != nil {
			return nil, err
		}
		if events[0].Kind == record.RefresherFinished && r.Score.Passed {
			renewed, err := renewals(h, r)
			if err != nil {
				return nil, err
			}
			events = append(events, renewed...)
		}
		return events, nil
	}
}

// renewals are the module completions a passed refresher earns.
func renewals(h record.History, r QuizResult) ([]record.Event, error) {
	history, err := h.Summaries()
	if err != nil {
		return nil, err
	}
	var out []record.Event
	for _, m := range r.Modules {
		if m.Asked == 0 || m.Correct < m.Asked {
			continue
		}
		p := Derive(r.Member, history, CourseInfo{Modules: []ModuleInfo{{ID: m.Module, Version: m.Version}}}, time.Time{})
		if mp := p.Modules[0]; !mp.Passed || mp.PassedVersion != m.Version {
			continue
		}
		out = append(out, record.Event{Kind: record.ModuleCompleted, Member: r.Member, Attempt: r.Attempt, Module: m.Module,
			ModuleVersion: m.Version, Score: m.Correct, Total: m.Asked, Passed: true, Reason: RenewedByRefresher, Mode: r.Mode})
	}
	return out, nil
}

// History tallies a member's answers to each question, from their events,
// for choosing a refresher's questions (quiz.Refresher).
func History(events []record.Event) map[string]quiz.History {
	history := map[string]quiz.History{}
	for _, e := range events {
		if e.Kind != record.QuestionAnswered {
			continue
		}
		h := history[e.Question]
		h.Answered++
		if !e.Correct {
			h.Wrong++
		}
		h.LastCorrect = e.Correct
		history[e.Question] = h
	}
	return history
}

// Unfinished is a member's attempt at a module's quiz that was left part
// way: answers saved, no result yet.
type Unfinished struct {
	Attempt string
	// Answers are the saved answers by question id (the last, if one was
	// answered twice).
	Answers map[string]quiz.Answer
}

// UnfinishedQuiz finds the member's latest attempt at the quiz of module
// (at version) that has answers but no result, from their events. A quiz
// is left part way by quitting, a closed window or a lost connection, and
// carries on from there. An attempt at another version of the module (the
// quiz may have changed) does not count.
func UnfinishedQuiz(events []record.Event, module, version string) (Unfinished, bool) {
	var u Unfinished
	for _, e := range events {
		if e.Module != module || e.Attempt == "" {
			continue
		}
		switch e.Kind {
		case record.QuestionAnswered:
			if e.Attempt != u.Attempt {
				u = Unfinished{Attempt: e.Attempt, Answers: map[string]quiz.Answer{}}
			}
			if e.ModuleVersion != version {
				u = Unfinished{}
				continue
			}
			u.Answers[e.Question] = quiz.Answer{Question: e.Question, Chosen: e.Chosen, Correct: e.Correct}
		case record.QuizFinished:
			if e.Attempt == u.Attempt {
				u = Unfinished{}
			}
		}
	}
	return u, u.Attempt != ""
}

// CompletingEvent is the event with which the member first had a pass in
// every one of modules: the course's completion, which later passes,
// retakes and renewals do not move. ok is false while it has not happened.
func CompletingEvent(events []record.Event, modules []string) (record.Event, bool) {
	need := make(map[string]bool, len(modules))
	for _, m := range modules {
		need[m] = true
	}
	if len(need) == 0 {
		return record.Event{}, false
	}
	for _, e := range events {
		if e.Kind == record.ModuleCompleted && need[e.Module] {
			delete(need, e.Module)
			if len(need) == 0 {
				return e, true
			}
		}
	}
	return record.Event{}, false
}

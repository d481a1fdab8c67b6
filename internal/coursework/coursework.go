// Package coursework holds the rules of taking the course that join its
// content (modules, quiz) to a member's record (progress): a member's
// standing read from the record (Load), where they carry on (Next), one
// attempt at a quiz from start to outcome (Attempt), what a refresher
// asks, what a finished quiz records, the words both courses say alike,
// and every write of taking the course (save.go). The full-screen course
// (internal/ui) and the plain text one (internal/linear) are two views of
// it, so that each rule lives in one place.
//
// It must not import the terminal libraries.
package coursework

import (
	"strings"

	"course/internal/modules"
	"course/internal/progress"
	"course/internal/quiz"
	"course/internal/record"
)

// Records is what taking the course needs from the record file, in the
// full-screen course and the plain text one alike. Events are written
// only through Append, with the course's rules (see save.go).
type Records interface {
	Members() ([]record.Member, error)
	AddMember(record.NewMember) (record.Member, error)
	// Append appends what decide returns from the member's history, in one
	// write transaction (store.Store.Append).
	Append(member string, decide func(record.History) ([]record.Event, error)) ([]record.Event, error)
	MemberEvents(number string) ([]record.Event, error)
	LastMember() (string, error)
	SetLastMember(number string) error
}

// RefresherSize is how many questions a refresher quiz has.
const RefresherSize = 10

// Info is what Derive needs to know about the course.
func Info(c *modules.Course) progress.CourseInfo {
	info := progress.CourseInfo{PassMark: c.PassMark, RefreshMonths: c.RefreshMonths}
	for _, m := range c.Modules {
		info.Modules = append(info.Modules, progress.ModuleInfo{ID: m.ID, Version: m.Version})
	}
	return info
}

// RefresherQuestions are the questions of the modules the member has
// passed: a refresher goes over what was learnt, and answering it must not
// make a module not yet begun look begun.
func RefresherQuestions(c *modules.Course, p progress.Progress) []quiz.Question {
	var qs []quiz.Question
	for i, mp := range p.Modules {
		if mp.Passed && i < len(c.Modules) {
			qs = append(qs, c.Modules[i].Questions...)
		}
	}
	return qs
}

// NextModule is where the member carries on: a quiz they left part way
// (unfinished gives how many answers they left in mod's quiz, or 0), else
// the module they last worked on if it is not passed, else the first
// module they still have to pass, or nil when every module is passed.
func NextModule(c *modules.Course, p progress.Progress, events []record.Event, unfinished func(*modules.Module) int) (*modules.Module, progress.ModuleProgress) {
	for i, mp := range p.Modules {
		if mp.Status != progress.Passed && unfinished(c.Modules[i]) > 0 {
			return c.Modules[i], mp
		}
	}
	for j := len(events) - 1; j >= 0; j-- {
		e := events[j]
		if e.Module == "" {
			continue
		}
		for i, mp := range p.Modules {
			if mp.Module == e.Module && mp.Status == progress.InProgress {
				return c.Modules[i], mp
			}
		}
		break // the last module worked on is passed or no longer here
	}
	for i, mp := range p.Modules {
		if mp.Status != progress.Passed {
			return c.Modules[i], mp
		}
	}
	return nil, progress.ModuleProgress{}
}

// AnswerEvent is the record of an answer to q in an attempt.
func AnswerEvent(c *modules.Course, member, attempt string, q quiz.Question, a quiz.Answer) record.Event {
	return record.Event{
		Kind: record.QuestionAnswered, Member: member,
		Module: q.Module, ModuleVersion: versionOf(c, q.Module), Attempt: attempt,
		Question: a.Question, QuestionVersion: q.Version(), Chosen: a.Chosen, Correct: a.Correct,
	}
}

func versionOf(c *modules.Course, module string) string {
	if mod := c.Module(module); mod != nil {
		return mod.Version
	}
	return ""
}

// Result is a finished quiz for FinishQuiz: mod's quiz, or a refresher when
// mod is nil. answers[i] answers questions[i].
func Result(c *modules.Course, member, attempt string, mod *modules.Module, questions []quiz.Question, answers []quiz.Answer, score quiz.Score) progress.QuizResult {
	r := progress.QuizResult{Member: member, Attempt: attempt, Score: score}
	if mod != nil {
		r.Module, r.ModuleVersion = mod.ID, mod.Version
		return r
	}
	for _, ms := range quiz.ByModule(questions, answers) {
		if m := c.Module(ms.Module); m != nil {
			r.Modules = append(r.Modules, progress.ModuleResult{ModuleScore: ms, Version: m.Version})
		}
	}
	return r
}

// ToReread are the guidance paragraphs behind the questions answered
// wrongly, in the guidance's order, each once. answers[i] answers
// questions[i].
func ToReread(c *modules.Course, questions []quiz.Question, answers []quiz.Answer) []string {
	var ids []string
	for i, a := range answers {
		if !a.Correct && i < len(questions) {
			ids = append(ids, questions[i].Cites...)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return c.InOrder(ids)
}

// PassedBefore says whether the member had passed module before the
// attempt given.
func PassedBefore(events []record.Event, module, attempt string) bool {
	for _, e := range events {
		if e.Kind == record.ModuleCompleted && e.Module == module && e.Attempt != attempt {
			return true
		}
	}
	return false
}

// Renewed are the modules, in the course's order, whose passes the events
// a refresher saved renewed.
func Renewed(c *modules.Course, finished []record.Event) []*modules.Module {
	renewed := map[string]bool{}
	for _, e := range finished {
		if e.Kind == record.ModuleCompleted && e.Reason == progress.RenewedByRefresher {
			renewed[e.Module] = true
		}
	}
	var out []*modules.Module
	for _, mod := range c.Modules {
		if renewed[mod.ID] {
			out = append(out, mod)
		}
	}
	return out
}

// LastAttempt is the attempt id of the member's latest finished quiz for a
// module, or "".
func LastAttempt(events []record.Event, module string) string {
	var attempt string
	for _, e := range events {
		if e.Kind == record.QuizFinished && e.Module == module {
			attempt = e.Attempt
		}
	}
	return attempt
}

// JoinAnd joins words as a sentence lists them: "a", "a and b", "a, b and c".
func JoinAnd(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}

// BasedOn names the guidance paragraphs a question rests on, with their
// topics: "Based on Guidance 3.1 (Secure log-in details)."
func BasedOn(c *modules.Course, ids []string) string {
	var parts []string
	for _, id := range c.InOrder(ids) {
		p, _ := c.Paragraph(id)
		part := c.Cite(id)
		if p.Topic != "" {
			part += " (" + p.Topic + ")"
		}
		parts = append(parts, part)
	}
	return "Based on " + strings.Join(parts, "; ") + "."
}

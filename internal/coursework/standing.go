package coursework

import (
	"fmt"
	"time"

	"course/internal/certificate"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/record"
)

// Standing is a member's record as the course reads it: their events, the
// progress derived from them, and the quizzes they left part way.
// Both courses read it the one way, with Load.
type Standing struct {
	Member   string
	Events   []record.Event
	Progress progress.Progress
	// leftPartWay are the quizzes, by module, left part way.
	leftPartWay map[string]progress.Unfinished
	// refresher is the refresher left part way, if any (see
	// UnfinishedRefresher).
	refresher leftRefresher
}

// Load reads a member's record and works out where they stand.
func Load(r Records, c *modules.Course, member string, now time.Time) (Standing, error) {
	events, err := r.MemberEvents(member)
	if err != nil {
		return Standing{}, fmt.Errorf("your progress could not be read: %w", err)
	}
	return NewStanding(c, member, events, now), nil
}

// NewStanding works out where a member stands from their events.
func NewStanding(c *modules.Course, member string, events []record.Event, now time.Time) Standing {
	s := Standing{Member: member, Events: events, Progress: progress.Derive(member, events, Info(c), now),
		leftPartWay: map[string]progress.Unfinished{}}
	refreshers := refresherAttempts(events)
	quizzes := without(events, refreshers)
	for _, mod := range c.Modules {
		if u, ok := progress.UnfinishedQuiz(quizzes, mod.ID, mod.Version); ok {
			s.leftPartWay[mod.ID] = u
		}
	}
	s.refresher = unfinishedRefresher(c, events, refreshers)
	return s
}

// refresherAttempts are the attempts that are refreshers. A refresher's
// answers name the modules their questions come from, and its end
// (record.RefresherFinished) names none, so that otherwise its answers
// read as those modules' quizzes left part way: carrying one on would add
// to a finished attempt, which the record refuses. A refresher is known by
// its answers' Reason (record.RefresherAnswer), by its end, or, left part
// way before answers were marked, by answers to more than one module's
// questions.
func refresherAttempts(events []record.Event) map[string]bool {
	refresher := map[string]bool{}
	moduleOf := map[string]string{}
	for _, e := range events {
		switch {
		case e.Attempt == "":
		case e.Kind == record.RefresherFinished, e.Reason == record.RefresherAnswer:
			refresher[e.Attempt] = true
		case e.Kind == record.QuestionAnswered:
			if m, ok := moduleOf[e.Attempt]; ok && m != e.Module {
				refresher[e.Attempt] = true
			}
			moduleOf[e.Attempt] = e.Module
		}
	}
	return refresher
}

// without are events without the answers given in attempts.
func without(events []record.Event, attempts map[string]bool) []record.Event {
	if len(attempts) == 0 {
		return events
	}
	out := make([]record.Event, 0, len(events))
	for _, e := range events {
		if e.Kind != record.QuestionAnswered || !attempts[e.Attempt] {
			out = append(out, e)
		}
	}
	return out
}

// Unfinished is the member's attempt at mod's quiz left part way, if any.
func (s Standing) Unfinished(mod *modules.Module) (progress.Unfinished, bool) {
	u, ok := s.leftPartWay[mod.ID]
	return u, ok
}

// Module is the member's progress in the course's module i.
func (s Standing) Module(i int) progress.ModuleProgress {
	if i < len(s.Progress.Modules) {
		return s.Progress.Modules[i]
	}
	return progress.ModuleProgress{}
}

// Complete says every module is passed, and none needs a refresh.
func (s Standing) Complete() bool { return s.Progress.Status == progress.Passed }

// Step is what carrying on means for a member.
type Step int

const (
	// StepCertificate: every module is passed; the certificate is next.
	StepCertificate Step = iota
	// StepResumeQuiz: carry on with a quiz left part way.
	StepResumeQuiz
	// StepResumeRefresher: carry on with a refresher left part way.
	StepResumeRefresher
	// StepRefresh: read again a module whose pass needs a refresh.
	StepRefresh
	// StepQuiz: take the quiz of a module whose lesson is read.
	StepQuiz
	// StepCarryOn: carry on reading a module opened before.
	StepCarryOn
	// StepStart: start a module.
	StepStart
)

// Next is where a member carries on, and how.
type Next struct {
	Step     Step
	Module   *modules.Module // nil for the certificate and a refresher
	Progress progress.ModuleProgress
	// Answered is how many answers the quiz or refresher left part way
	// has, and Of how many questions the refresher asks.
	Answered, Of int
}

// TakesQuiz says carrying on goes to the module's quiz, not its lesson.
func (n Next) TakesQuiz() bool { return n.Step == StepResumeQuiz || n.Step == StepQuiz }

// Next is where the member carries on (see NextModule), a refresher left
// part way coming after a module's quiz left part way. answered gives how
// many answers they left in mod's quiz, or 0.
func (s Standing) Next(c *modules.Course, answered func(*modules.Module) int) Next {
	mod, mp := NextModule(c, s.Progress, s.Events, answered)
	n := Next{Module: mod, Progress: mp}
	switch {
	case mod != nil && answered(mod) > 0:
		n.Step, n.Answered = StepResumeQuiz, answered(mod)
	case s.refresher.Attempt != "":
		n = Next{Step: StepResumeRefresher, Answered: len(s.refresher.Answers),
			Of: max(len(s.refresher.Answers), min(RefresherSize, len(RefresherQuestions(c, s.Progress))))}
	case mod == nil:
		n.Step = StepCertificate
	case mp.Status == progress.NeedsRefresh:
		// A pass that needs a refresh is earned again by reading the
		// lesson again and passing its quiz.
		n.Step = StepRefresh
	case mp.Read:
		n.Step = StepQuiz
	case mp.Opened:
		n.Step = StepCarryOn
	default:
		n.Step = StepStart
	}
	return n
}

// ActiveMembers are the members on the record who have not been erased.
func ActiveMembers(r Records) ([]record.Member, error) {
	all, err := r.Members()
	if err != nil {
		return nil, fmt.Errorf("the list of members could not be read: %w", err)
	}
	var active []record.Member
	for _, m := range all {
		if !m.Erased {
			active = append(active, m)
		}
	}
	return active, nil
}

// CompletedLine says when the member completed the course.
func (s Standing) CompletedLine() string {
	return "You completed the course on " + s.Progress.CompletedAt.Local().Format("2 January 2006") + "."
}

// CertificateDate is the day the certificate names: the member's first
// completion of the course, which the verification code names too.
func (s Standing) CertificateDate(c *modules.Course) string {
	completed := s.Progress.CompletedAt
	if e, ok := progress.CompletingEvent(s.Events, c.ModuleIDs()); ok {
		completed = e.Time
	}
	return completed.Local().Format("Monday 2 January 2006")
}

// VerificationCode is the member's certificate code (see certificate.Code).
func (s Standing) VerificationCode(c *modules.Course) string {
	return certificate.Code(s.Events, c.ModuleIDs())
}

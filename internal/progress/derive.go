package progress

import (
	"fmt"
	"time"

	"course/internal/dates"
	"course/internal/quiz"
	"course/internal/record"
)

// CourseInfo is what Derive needs to know about the course as it is now.
type CourseInfo struct {
	Modules []ModuleInfo
	// PassMark is the percentage needed to pass. Derive does not re-grade:
	// an attempt passed if it passed under the mark in force at the time
	// (Event.Passed); the mark is here for screens that show it.
	PassMark int
	// RefreshMonths is how long a pass lasts; zero means for ever.
	RefreshMonths int
}

// ModuleInfo identifies a module and its current version.
type ModuleInfo struct {
	ID, Version string
}

// Status is how far a member has got with a module or the course.
type Status int

// The statuses, in the order a member normally goes through them.
const (
	NotStarted Status = iota
	InProgress
	Passed
	NeedsRefresh
)

func (s Status) String() string {
	switch s {
	case NotStarted:
		return "not started"
	case InProgress:
		return "in progress"
	case Passed:
		return "passed"
	case NeedsRefresh:
		return "needs refresh"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// ModuleProgress is one member's standing in one module.
type ModuleProgress struct {
	Module        string
	Opened, Read  bool
	Attempts      int // Quizzes finished.
	BestPercent   int
	Passed        bool      // Ever passed.
	PassedAt      time.Time // Latest pass.
	PassedVersion string    // Module version of the latest pass.
	Status        Status
	RefreshReason string // Why Status is NeedsRefresh.
}

// Progress is one member's standing in the course.
type Progress struct {
	Member       string
	Modules      []ModuleProgress // In CourseInfo order.
	Passed       int              // Modules passed and not needing a refresh.
	Status       Status           // Passed here means the course is complete.
	LastActivity time.Time
	CompletedAt  time.Time // When the last module was passed, if all have been (even if some now need a refresh).
}

// StatusText describes the overall status, saying "complete" rather than
// "passed".
func (p Progress) StatusText() string {
	if p.Status == Passed {
		return "complete"
	}
	return p.Status.String()
}

// Derive works out a member's progress from their events (whole, or the
// summaries record.History describes). It is a pure function of its
// arguments, so progress can always be rebuilt from the log.
//
// A module counts as passed by a quiz-finished event with Passed set, or by
// a module-completed event (the formal record, which FinishQuiz adds to
// a passing quiz, and for each module a passing refresher renews; a
// refresher-finished event names no module). A pass needs refreshing when it
// was against another version of the module than the current one, or when
// it is more than RefreshMonths old.
func Derive(member string, events []record.Event, info CourseInfo, now time.Time) Progress {
	p := Progress{Member: member, Modules: make([]ModuleProgress, len(info.Modules))}
	byID := make(map[string]*ModuleProgress, len(info.Modules))
	for i, m := range info.Modules {
		p.Modules[i].Module = m.ID
		byID[m.ID] = &p.Modules[i]
	}
	active := make(map[string]bool)
	for _, e := range events {
		if e.Member != member || e.Module == "" {
			continue
		}
		if e.Time.After(p.LastActivity) {
			p.LastActivity = e.Time
		}
		mp := byID[e.Module]
		if mp == nil {
			continue // A module no longer in the course.
		}
		active[e.Module] = true
		switch e.Kind {
		case record.ModuleOpened:
			mp.Opened = true
		case record.ModuleRead:
			mp.Opened, mp.Read = true, true
		case record.QuizFinished:
			mp.Attempts++
			if e.Total > 0 {
				mp.BestPercent = max(mp.BestPercent, quiz.Percent(e.Score, e.Total))
			}
			if e.Passed {
				mp.pass(e)
			}
		case record.ModuleCompleted:
			mp.pass(e)
		}
	}

	allPassed, refresh := len(info.Modules) > 0, false
	for i, m := range info.Modules {
		mp := &p.Modules[i]
		switch {
		case mp.Passed:
			mp.Status, mp.RefreshReason = Passed, refreshReason(*mp, m, info.RefreshMonths, now)
			if mp.RefreshReason != "" {
				mp.Status, refresh = NeedsRefresh, true
			} else {
				p.Passed++
			}
			if mp.PassedAt.After(p.CompletedAt) {
				p.CompletedAt = mp.PassedAt
			}
		case active[m.ID]:
			mp.Status = InProgress
		}
		allPassed = allPassed && mp.Passed
	}
	switch {
	case allPassed && !refresh:
		p.Status = Passed
	case allPassed:
		p.Status = NeedsRefresh
	case !p.LastActivity.IsZero():
		p.Status = InProgress
	}
	if !allPassed {
		p.CompletedAt = time.Time{}
	}
	return p
}

// pass notes a pass; the latest one wins. Events come in the order they
// were written, which is the order they happened in except for events
// merged from a hand-in, which keep their first times: a pass merged after
// a later one written here does not move it back.
func (mp *ModuleProgress) pass(e record.Event) {
	if mp.Passed && e.Time.Before(mp.PassedAt) {
		return
	}
	mp.Passed, mp.PassedAt, mp.PassedVersion = true, e.Time, e.ModuleVersion
}

// refreshReason says why a pass no longer counts, or "" if it does.
func refreshReason(mp ModuleProgress, m ModuleInfo, months int, now time.Time) string {
	if m.Version != "" && mp.PassedVersion != m.Version {
		return "the module has changed since you passed it"
	}
	if months > 0 && now.After(dates.AddMonths(mp.PassedAt, months)) {
		if months == 1 {
			return "passed more than 1 month ago"
		}
		return fmt.Sprintf("passed more than %d months ago", months)
	}
	return ""
}

// Summaries is what Load reads a member's events from: the record file
// (store.Store) has them.
type Summaries interface {
	Summaries(member string) ([]record.Event, error)
}

// Load derives a member's progress from the summaries of their events.
func Load(from Summaries, member string, info CourseInfo, now time.Time) (Progress, error) {
	events, err := from.Summaries(member)
	if err != nil {
		return Progress{}, err
	}
	return Derive(member, events, info, now), nil
}

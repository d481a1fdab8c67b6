// Package report works out the monitoring officer's report: one row per
// member with their standing in the course (complete, in progress, not
// started, needs refresh or overdue), derived from the records by
// progress.Derive, and writes it as CSV for spreadsheets or as JSON.
//
// It reads the records only through store.Store's methods and writes
// only to an io.Writer. It must not import bbolt (how the records are
// stored is progress's business) nor any terminal library (lipgloss,
// bubbletea, x/term): the report as a table on a screen is cmd/course's.
package report

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"course/internal/dates"
	"course/internal/progress"
	"course/internal/record"
	"course/internal/store"
)

// ErrUnknownStatus means a status was not one of Statuses.
var ErrUnknownStatus = errors.New("unknown status")

// Status is a member's standing in the monitoring officer's report.
type Status string

// The report's statuses.
const (
	Complete     Status = "complete"
	InProgress   Status = "in progress"
	NotStarted   Status = "not started"
	NeedsRefresh Status = "needs refresh"
	Overdue      Status = "overdue"
	// Erased is the status of a member whose details were erased (who has
	// left): no other status, due date or count of statuses includes them.
	Erased Status = "erased"
)

// Statuses lists every status of a member on the council, in the order a
// report explains them; Erased is not among them.
var Statuses = []Status{Complete, InProgress, NotStarted, NeedsRefresh, Overdue}

// ParseStatus reads a status as a person types it: any case, with
// spaces, hyphens or underscores between the words ("not-started").
func ParseStatus(s string) (Status, error) {
	norm := strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_'
	}), " ")
	for _, st := range Statuses {
		if string(st) == norm {
			return st, nil
		}
	}
	return "", fmt.Errorf("%w %q (use complete, in-progress, not-started, needs-refresh or overdue)", ErrUnknownStatus, s)
}

// Info is what a report needs to know about the course.
type Info struct {
	progress.CourseInfo
	// DueMonths is how long a member has, from the date they were elected
	// or co-opted, to complete the course; zero means no deadline.
	DueMonths int
}

// Row is one member's line in the report.
type Row struct {
	Number  string
	Name    string // Empty for an erased member.
	Ward    string // Empty for an erased member.
	Erased  bool
	Role    string
	Elected time.Time // Zero when unknown.
	// Passed counts the modules passed and not needing a refresh, of Modules.
	Passed, Modules int
	LastActivity    time.Time // Zero when the member has done nothing yet.
	CompletedAt     time.Time // When the course was completed; zero if it has not been.
	Status          Status
	Due             time.Time // Elected + DueMonths, a date at midnight UTC; zero when unknown.
	// Passes are the member's latest pass of each module, in Info.Modules
	// order; nil when they have passed none.
	Passes []Pass
	// HandedIn says the member has completed the course (CompletedAt is
	// set) and a pass it rests on was made on their own computer and
	// brought in by a hand-in file (see internal/merge).
	HandedIn bool
	// LastReminded and LastInvited are when the member was last emailed a
	// reminder (their latest reminder-sent event) and an invitation
	// (invitation-sent); zero when never, and for an erased member.
	LastReminded, LastInvited time.Time
	// EmailRefused is when the mail server last refused the member's
	// email address for good, if their details have not changed since
	// (a corrected address is tried again) and no message to them has
	// been sent since; zero otherwise, and for an erased member.
	EmailRefused time.Time
	// DetailsChanged is when the member's details were last changed (a
	// member-updated event, which says which details only in the whole
	// event); zero when never, and for an erased member.
	DetailsChanged time.Time
}

// Pass is a member's latest pass of a module: when (zero if they have not
// passed it), and whether it still counts or needs a refresh.
type Pass struct {
	At           time.Time
	NeedsRefresh bool
}

// row works out a member's row from their events, oldest first.
//
// The status follows Derive, with one addition: a member who has not yet
// completed the course (not started or in progress) and whose due date has
// passed is overdue. A member who completed the course and now needs a
// refresh is "needs refresh", not overdue: the due date is for the first
// completion. A member whose details were erased (who has left) is only
// Erased, with no due date.
func row(m record.Member, events []record.Event, info Info, now time.Time) Row {
	p := progress.Derive(m.Number, events, info.CourseInfo, now)
	r := Row{
		Number: m.Number, Name: m.Name, Ward: m.Ward, Erased: m.Erased, Role: m.Role, Elected: m.Elected,
		Passed: p.Passed, Modules: len(info.Modules), LastActivity: p.LastActivity, CompletedAt: p.CompletedAt,
	}
	if r.Erased {
		r.Name, r.Ward = "", ""
	}
	for i, mp := range p.Modules {
		if mp.Passed {
			if r.Passes == nil {
				r.Passes = make([]Pass, len(p.Modules))
			}
			r.Passes[i] = Pass{At: mp.PassedAt, NeedsRefresh: mp.Status == progress.NeedsRefresh}
		}
	}
	r.HandedIn = !r.CompletedAt.IsZero() && passHandedIn(events, info)
	r.LastReminded, r.LastInvited = lastMailed(events)
	r.EmailRefused = emailRefused(events)
	r.DetailsChanged = record.DetailsChanged(events, "")
	if !m.Elected.IsZero() && info.DueMonths > 0 {
		y, mo, d := m.Elected.Date()
		r.Due = dates.AddMonths(time.Date(y, mo, d, 0, 0, 0, 0, time.UTC), info.DueMonths)
	}
	switch p.Status {
	case progress.Passed:
		r.Status = Complete
	case progress.NeedsRefresh:
		r.Status = NeedsRefresh
	case progress.InProgress:
		r.Status = InProgress
	default:
		r.Status = NotStarted
	}
	// An erased member has left: nobody is to remind them, so no filter
	// of who needs a reminder and no count of statuses may find them.
	if r.Erased {
		r.Status, r.Due = Erased, time.Time{}
		r.LastReminded, r.LastInvited, r.EmailRefused, r.DetailsChanged = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		return r
	}
	if (p.Status == progress.NotStarted || p.Status == progress.InProgress) && !r.Due.IsZero() {
		y, mo, d := now.Date()
		if time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).After(r.Due) {
			r.Status = Overdue
		}
	}
	return r
}

// passHandedIn says whether the latest pass of any of the course's
// modules among a member's events (oldest first, summaries will do) was
// brought in by a hand-in: the events a hand-in brings in follow its
// hand-in-merged event, which counts them in Total.
func passHandedIn(events []record.Event, info Info) bool {
	inCourse := make(map[string]bool, len(info.Modules))
	for _, m := range info.Modules {
		inCourse[m.ID] = true
	}
	latest := make(map[string]bool, len(info.Modules)) // module → its latest pass was handed in
	brought := 0
	for _, e := range events {
		handedIn := brought > 0
		if handedIn {
			brought--
		}
		switch {
		case e.Kind == record.HandInMerged:
			brought = e.Total
		case inCourse[e.Module] && (e.Kind == record.ModuleCompleted || e.Kind == record.QuizFinished && e.Passed):
			latest[e.Module] = handedIn
		}
	}
	for _, handedIn := range latest {
		if handedIn {
			return true
		}
	}
	return false
}

// lastMailed is when a member was last emailed a reminder and an
// invitation, from their events (summaries will do). The latest by time
// wins, as for passes: the log's order is not always the clock's.
func lastMailed(events []record.Event) (reminded, invited time.Time) {
	for _, e := range events {
		switch {
		case e.Kind == record.ReminderSent && e.Time.After(reminded):
			reminded = e.Time
		case e.Kind == record.InvitationSent && e.Time.After(invited):
			invited = e.Time
		}
	}
	return reminded, invited
}

// emailRefused is when the member's email address was last refused for
// good, from their events (summaries will do, oldest first), or zero when
// their details changed after it (a change of address is a member-updated
// event; summaries do not say which details it changed) or a message to
// them was sent since.
func emailRefused(events []record.Event) time.Time {
	var refused time.Time
	for _, e := range events {
		switch e.Kind {
		case record.EmailRefused:
			refused = e.Time
		case record.MemberUpdated, record.ReminderSent, record.InvitationSent:
			refused = time.Time{}
		}
	}
	return refused
}

// Filter picks rows out of a report. Its zero value keeps every row.
type Filter struct {
	Statuses []Status  // Any of these; none means any status.
	Since    time.Time // Last activity on or after this; zero means any.
	Ward     string    // This ward, ignoring case; "" means any.
}

// keeps says whether the filter keeps r.
func (f Filter) keeps(r Row) bool {
	if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, r.Status) {
		return false
	}
	if !f.Since.IsZero() && (r.LastActivity.IsZero() || r.LastActivity.Before(f.Since)) {
		return false
	}
	if f.Ward != "" && !strings.EqualFold(strings.TrimSpace(f.Ward), r.Ward) {
		return false
	}
	return true
}

// Apply returns the rows the filter keeps, in order.
func (f Filter) Apply(rows []Row) []Row {
	var kept []Row
	for _, r := range rows {
		if f.keeps(r) {
			kept = append(kept, r)
		}
	}
	return kept
}

// read builds the report for every member of the store, erased ones
// included, sorted by name (erased members, who have none, last by
// number). It reads one member's event summaries at a time (see
// store.Store.EachMember), so memory stays small however long the log.
func read(recs *store.Store, info Info, now time.Time) ([]Row, error) {
	var rows []Row
	err := recs.EachMember(func(m record.Member, summaries []record.Event) error {
		// row keeps nothing of the events it is given.
		rows = append(rows, row(m, summaries, info, now))
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(rows, func(a, b Row) int {
		return cmp.Or(
			compareBool(a.Erased, b.Erased),
			cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)),
			cmp.Compare(a.Number, b.Number))
	})
	return rows, nil
}

// ReadAt builds the report for every member of the store, erased ones
// included, sorted by name (erased members, who have none, last by
// number), with the chain head and number of events of the records the
// report was read from: read before and after the report, and read again
// if a member saved something in between, so that the head is the
// records' as the report saw them. Memory stays small however long the
// log (see read).
func ReadAt(recs *store.Store, info Info, now time.Time) (rows []Row, head string, events int, err error) {
	for range 5 {
		head, events, err = recs.Head()
		if err != nil {
			return nil, "", 0, err
		}
		if rows, err = read(recs, info, now); err != nil {
			return nil, "", 0, err
		}
		after, n, err := recs.Head()
		if err != nil {
			return nil, "", 0, err
		}
		if after == head && n == events {
			return rows, head, events, nil
		}
	}
	return nil, "", 0, ErrBusy
}

// ErrBusy means the records changed every time they were read.
var ErrBusy = errors.New("the records changed while the report was read, five times over: try again in a moment")

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

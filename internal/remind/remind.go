// Package remind holds the rules of whom the course emails, and what a
// reminder says is left: who needs a reminder (by their standing in the
// report, not reminded lately, with an address to send to), who is new
// and needs an invitation, and the modules left to pass or to take again.
// It sends nothing (internal/mail does) and stores nothing (the caller
// records each message sent as an event, which the report reads back).
package remind

import (
	"slices"
	"time"

	"course/internal/modules"
	"course/internal/record"
	"course/internal/report"
)

// DefaultEvery is how long after a reminder a member is not reminded
// again, unless the officer says otherwise.
const DefaultEvery = 7 * 24 * time.Hour

// Needing are the standings that call for a reminder: every one but
// complete.
var Needing = []report.Status{report.NotStarted, report.InProgress, report.Overdue, report.NeedsRefresh}

// Member is a member with their row in the report.
type Member struct {
	record.Member
	Row report.Row
}

// Plan is whom a run emails, and whom it leaves out and why.
type Plan struct {
	// Send are the members to email, in the report's order.
	Send []Member
	// NoEmail need one but have no email address on the record.
	NoEmail []Member
	// Recent were reminded or invited within the window (see
	// Options.Every), and are left out unless Force.
	Recent []Member
	// Invited already have a live enrolment code (invitations only).
	Invited []Member
	// CannotSignIn need a reminder but cannot sign in to the course's
	// server yet, and are left out (see Options.SignIn).
	CannotSignIn []Member
	// Refused have an email address the mail server refused for good
	// (report.Row.EmailRefused), and are left out until it is corrected,
	// unless Options.Named.
	Refused []Member
}

// Options say whom a run of reminders is for.
type Options struct {
	// Statuses are the standings to remind; none means Needing. Complete
	// is never reminded, whatever is asked.
	Statuses []report.Status
	// Every: a member reminded or invited less than this long ago is left
	// out, unless Force: an invitation is itself a prompt to start. Zero
	// means DefaultEvery.
	Every time.Duration
	Force bool
	// Named says the officer named the members to remind: an address
	// refused before is tried again.
	Named bool
	Now   time.Time
	// EmailChanged, when not nil, says when member's email address was
	// last changed (zero if never): a message sent before then went to
	// an address no longer theirs, and does not count. It is asked only
	// of members whose details changed after they were last emailed.
	EmailChanged func(member string) time.Time
	// SignIn, when not nil, holds the members who can sign in to the
	// course's server with a key, and Codes when each member's enrolment
	// code that still works, if any, was issued: a member holding a key,
	// or a code from a printed letter or emailed to the address they have
	// now, can sign in. Reminders that tell members to connect to it leave
	// out the others, who need their invitation first. Nil reminds members
	// whatever they hold, as a course taken on members' own computers does.
	SignIn map[string]bool
	Codes  map[string]time.Time
}

// Reminders works out whom a run of reminders emails, from the report's
// rows and the members' details. Erased members are never among them.
func Reminders(rows []report.Row, members []record.Member, o Options) Plan {
	statuses := o.Statuses
	if len(statuses) == 0 {
		statuses = Needing
	}
	every := o.Every
	if every <= 0 {
		every = DefaultEvery
	}
	byNumber := numbered(members)
	var p Plan
	for _, r := range rows {
		m, ok := byNumber[r.Number]
		if !ok || m.Erased || r.Erased || r.Status == report.Complete || !slices.Contains(statuses, r.Status) {
			continue
		}
		who := Member{Member: m, Row: r}
		switch {
		case m.Email == "":
			p.NoEmail = append(p.NoEmail, who)
		case !o.Named && !r.EmailRefused.IsZero():
			p.Refused = append(p.Refused, who)
		case o.SignIn != nil && !o.SignIn[m.Number] && !holdsCode(r, o.Codes, o.EmailChanged):
			p.CannotSignIn = append(p.CannotSignIn, who)
		case !o.Force && emailedWithin(r, o.Now, every, o.EmailChanged):
			p.Recent = append(p.Recent, who)
		default:
			p.Send = append(p.Send, who)
		}
	}
	return p
}

// numbered is members by number.
func numbered(members []record.Member) map[string]record.Member {
	by := make(map[string]record.Member, len(members))
	for _, m := range members {
		by[m.Number] = m
	}
	return by
}

// holdsCode says the member holds an enrolment code that still works: one
// in codes, printed in a letter or emailed to the address they have now.
func holdsCode(r report.Row, codes map[string]time.Time, emailChanged func(string) time.Time) bool {
	issued, ok := codes[r.Number]
	return ok && !(codeEmailed(r, issued) && emailedElsewhere(r, r.LastInvited, emailChanged))
}

// codeEmailed says the member's live code, issued then, was emailed:
// their last invitation was sent when it was issued, or since.
func codeEmailed(r report.Row, issued time.Time) bool { return !r.LastInvited.Before(issued) }

// emailedElsewhere says the message sent to the member at was sent to an
// address no longer theirs.
func emailedElsewhere(r report.Row, at time.Time, emailChanged func(string) time.Time) bool {
	return emailChanged != nil && r.DetailsChanged.After(at) && emailChanged(r.Number).After(at)
}

// emailedWithin says the member was last emailed less than every before
// now, at the address they have now (see Options.EmailChanged).
func emailedWithin(r report.Row, now time.Time, every time.Duration, emailChanged func(string) time.Time) bool {
	last := LastEmailed(r)
	return !last.IsZero() && now.Sub(last) < every && !emailedElsewhere(r, last, emailChanged)
}

// LastEmailed is when a member was last emailed a reminder or an
// invitation, or zero.
func LastEmailed(r report.Row) time.Time {
	if r.LastInvited.After(r.LastReminded) {
		return r.LastInvited
	}
	return r.LastReminded
}

// Invitations works out whom a run of invitations to everyone new emails:
// members on the record who cannot sign in yet (no key: their numbers are
// in enrolled), have never completed the course and have not been emailed
// an enrolment code that is still live, in the report's order. Members
// whose address was refused for good are listed in Refused. A member whose live code was emailed is
// listed in Invited; one whose live code was never emailed (printed in a
// letter, or a message that failed) is sent a new one, which replaces it.
//
// live holds when each member's live code, if any, was issued. A code
// emailed to an address the member's was changed from since (see
// Options.EmailChanged, which emailChanged is) is as one never emailed.
func Invitations(rows []report.Row, members []record.Member, enrolled map[string]bool, live map[string]time.Time, emailChanged func(member string) time.Time) Plan {
	byNumber := numbered(members)
	var p Plan
	for _, r := range rows {
		m, ok := byNumber[r.Number]
		// A member who has completed the course (on their own computer,
		// handed in) is not new, key or none.
		if !ok || m.Erased || enrolled[m.Number] || !r.CompletedAt.IsZero() {
			continue
		}
		who := Member{Member: m, Row: r}
		issued, hasCode := live[m.Number]
		switch {
		case hasCode && codeEmailed(r, issued) && !emailedElsewhere(r, r.LastInvited, emailChanged):
			p.Invited = append(p.Invited, who)
		case m.Email == "":
			p.NoEmail = append(p.NoEmail, who)
		case !r.EmailRefused.IsZero():
			p.Refused = append(p.Refused, who)
		default:
			p.Send = append(p.Send, who)
		}
	}
	return p
}

// Reminder is what a member's reminder says: the modules left to pass and
// to take again, and by when the course is due. Connect and Link are the
// caller's.
func Reminder(c *modules.Course, m Member) modules.Reminder {
	r := modules.Reminder{Name: m.Name, Number: m.Number, Status: string(m.Row.Status)}
	for i, mod := range c.Modules {
		var pass report.Pass
		if i < len(m.Row.Passes) {
			pass = m.Row.Passes[i]
		}
		switch {
		case pass.At.IsZero():
			r.Left = append(r.Left, mod)
		case pass.NeedsRefresh:
			r.Refresh = append(r.Refresh, mod)
		}
	}
	switch m.Row.Status {
	case report.Overdue:
		r.Overdue = m.Row.Due
	case report.NotStarted, report.InProgress:
		r.Due = m.Row.Due
	}
	return r
}

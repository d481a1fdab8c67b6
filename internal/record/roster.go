package record

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Roster is a list of members as the store imports it: each row checked
// and tidied, and whether it gives a role (a row without one keeps a
// stored member's role).
type Roster struct {
	Rows      []NewMember
	RoleGiven []bool
}

// rowProblem is one problem with row i (counting from 0) of a list whose
// row holds nm.
func rowProblem(i int, nm NewMember, format string, args ...any) RowProblem {
	return RowProblem{Message: fmt.Sprintf("row %d (%q): ", i+1, nm.Name) + fmt.Sprintf(format, args...)}
}

// CheckRoster checks and tidies rows as the store does before importing
// them (NewMember.CheckAt), and refuses a row that is the same member as
// an earlier one: a *RosterError lists every problem.
func CheckRoster(rows []NewMember, now time.Time) (Roster, error) {
	var problems []RowProblem
	r := Roster{Rows: make([]NewMember, len(rows)), RoleGiven: make([]bool, len(rows))}
	seen := NewMatcher(len(rows))
	for i, nm := range rows {
		r.RoleGiven[i] = strings.TrimSpace(nm.Role) != ""
		c, err := nm.CheckAt(now)
		if err != nil {
			problems = append(problems, rowProblem(i, nm, "%s", Reason(err)))
		} else if j, byEmail := seen.Match(c); j >= 0 {
			problems = append(problems, rowProblem(i, nm, "%s", DuplicateMessage(c, byEmail, fmt.Sprintf("row %d", j+1))))
		}
		seen.Add(i, c)
		r.Rows[i] = c
	}
	if len(problems) > 0 {
		return Roster{}, &RosterError{Problems: problems}
	}
	return r, nil
}

// MatchRoster finds the member of live (those stored and not erased) that
// each row of r is, by its position in live, or -1 for a row that is
// nobody there. A row is the same person as a member when it has the
// member's email (ignoring case); failing that, when it has the member's
// name (ignoring case and extra spaces) and their wards agree (are the
// same, or one is not known). The email comes first so that a new ward
// does not make a new member, and the name second so that a roster that
// gains an email column, or a member whose email has changed, does not
// either. A row that names a member another row already matched, or
// matches more than one member, is a problem: a *RosterError lists them.
func MatchRoster(r Roster, live []Member) ([]int, error) {
	var problems []RowProblem
	index := NewMemberIndex(len(r.Rows)) // A roster is usually about as long as the list stored.
	for i, m := range live {
		index.Add(i, m.Name, m.Email, m.Ward)
	}
	// Match by email first, for every row, so that a member found by
	// email is not also offered to another row by name.
	match := make([]int, len(r.Rows)) // Index into live, or -1 to add.
	claimedBy := make(map[int]int)    // Index into live → row.
	claim := func(row, m int) {
		if other, taken := claimedBy[m]; taken {
			problems = append(problems, rowProblem(row, r.Rows[row], "it is the same member as row %d (%q): each member must be on one row",
				other+1, r.Rows[other].Name))
			return
		}
		claimedBy[m], match[row] = row, m
	}
	resolve := func(i int, candidates []int, hint string) {
		switch len(candidates) {
		case 0:
		case 1:
			claim(i, candidates[0])
		default:
			numbers := make([]string, len(candidates))
			for j, m := range candidates {
				numbers[j] = live[m].Number
			}
			problems = append(problems, rowProblem(i, r.Rows[i], "it could be any of members %s: %s", strings.Join(numbers, ", "), hint))
			match[i] = -2 // Reported: not to be matched again.
		}
	}
	for i, nm := range r.Rows {
		match[i] = -1
		resolve(i, index.SameEmail(nm.Email), "they share this email, so leave it out of this row")
	}
	unclaimed := func(m int) bool { _, taken := claimedBy[m]; return !taken }
	for i, nm := range r.Rows {
		if match[i] == -1 {
			resolve(i, index.WithName(nm.Name, nm.Ward, unclaimed), "give the row the email or ward of the right one")
		}
	}
	if len(problems) > 0 {
		return nil, &RosterError{Problems: problems}
	}
	return match, nil
}

// DetailsChanged is when, among a member's events, their details were
// last changed (by a member-updated event, as MergeRow makes), or zero:
// any of them when field is "" (summaries of the events will do), else
// that field, such as "email".
func DetailsChanged(events []Event, field string) time.Time {
	var changed time.Time
	for _, e := range events {
		if e.Kind == MemberUpdated && (field == "" || slices.Contains(e.Fields, field)) && e.Time.After(changed) {
			changed = e.Time
		}
	}
	return changed
}

// MergeRow applies a roster row to a stored member and returns the member
// as changed and the member-updated event describing the change (no
// Fields if nothing changed). A row's empty cell never removes what is
// stored, nor does an email that differs only in its capitals change it.
// Like every member-updated event, it names the personal fields that
// changed but not their values.
func MergeRow(m Member, nm NewMember, roleGiven bool) (Member, Event) {
	e := Event{Kind: MemberUpdated}
	if m.Name != nm.Name {
		e.Fields = append(e.Fields, "name")
		m.Name = nm.Name
	}
	// Only another address changes it: one whose capitals alone differ
	// is the same address, as rows are matched to members.
	if nm.Email != "" && emailKey(m.Email) != emailKey(nm.Email) {
		e.Fields = append(e.Fields, "email")
		m.Email = nm.Email
	}
	if nm.Ward != "" && m.Ward != nm.Ward {
		e.Fields = append(e.Fields, "ward")
		m.Ward = nm.Ward
	}
	if roleGiven && m.Role != nm.Role {
		e.Fields = append(e.Fields, "role")
		e.Role, m.Role = nm.Role, nm.Role
	}
	if !nm.Elected.IsZero() && !m.Elected.Equal(nm.Elected) {
		e.Fields = append(e.Fields, "elected")
		e.Elected, m.Elected = ElectedDate(nm.Elected), nm.Elected
	}
	return m, e
}

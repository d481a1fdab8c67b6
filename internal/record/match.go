package record

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Whether a roster row is a member already stored, or the same member as
// another row, is decided by two keys (see ImportMembers): the email
// ignoring case, and the name ignoring case and extra spaces, within wards
// that agree. The keys are the only place that says what "the same" means;
// MemberIndex looks them up in maps so that matching a whole roster takes
// time in proportion to its length.

// emailKey is what two emails share when they are the same ignoring case.
func emailKey(email string) string { return foldCase(email) }

// nameKey is what two names (or two wards) share when they are the same
// ignoring case and extra spaces; "" for a blank one.
func nameKey(name string) string { return foldCase(strings.Join(strings.Fields(name), " ")) }

// foldCase returns s with each character replaced by the smallest one that
// strings.EqualFold treats as the same ("k", "K" and the Kelvin sign all
// become "K"), so two strings are equal ignoring case exactly when their
// foldCase is equal.
func foldCase(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(smallestFold(r))
	}
	return b.String()
}

func smallestFold(r rune) rune {
	if r < utf8.RuneSelf {
		if 'a' <= r && r <= 'z' {
			r -= 'a' - 'A'
		}
		return r
	}
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return least
}

// MemberIndex finds members, or roster rows, by their keys. Each is known
// by its position, and every list holds positions in the order they were
// added.
type MemberIndex struct {
	byEmail map[string][]int
	byName  map[nameWard][]int
}

// nameWard is the key of a list of positions with a name: those in one
// ward, those whose ward is not known (ward ""), or all of them (anyWard).
type nameWard struct {
	name, ward string
	anyWard    bool
}

func NewMemberIndex(size int) *MemberIndex {
	return &MemberIndex{byEmail: make(map[string][]int, size), byName: make(map[nameWard][]int, 2*size)}
}

func (x *MemberIndex) Add(pos int, name, email, ward string) {
	if email != "" {
		k := emailKey(email)
		x.byEmail[k] = append(x.byEmail[k], pos)
	}
	n := nameKey(name)
	for _, k := range []nameWard{{name: n, ward: nameKey(ward)}, {name: n, anyWard: true}} {
		x.byName[k] = append(x.byName[k], pos)
	}
}

// SameEmail returns the positions with the email (none for ""). The
// caller must not change the list.
func (x *MemberIndex) SameEmail(email string) []int {
	if email == "" {
		return nil
	}
	return x.byEmail[emailKey(email)]
}

// nameLists returns the keys of the lists that hold the positions with the
// name whose wards agree with ward: are the same, or either is not known.
func nameLists(name, ward string) []nameWard {
	n, w := nameKey(name), nameKey(ward)
	if w == "" {
		return []nameWard{{name: n, anyWard: true}}
	}
	return []nameWard{{name: n, ward: w}, {name: n, ward: ""}}
}

// firstWithName returns the first position with the name whose ward agrees
// with ward, or -1.
func (x *MemberIndex) firstWithName(name, ward string) int {
	found := -1
	for _, k := range nameLists(name, ward) {
		if list := x.byName[k]; len(list) > 0 && (found < 0 || list[0] < found) {
			found = list[0]
		}
	}
	return found
}

// WithName returns, in order, the positions with the name whose wards
// agree with ward and that keep accepts. What keep refuses is dropped from
// the index for good, so it must not accept later what it refused once;
// the lists then stay short however many lookups are made.
func (x *MemberIndex) WithName(name, ward string, keep func(pos int) bool) []int {
	drop := func(pos int) bool { return !keep(pos) }
	lists := nameLists(name, ward)
	var found []int
	for _, k := range lists {
		x.byName[k] = slices.DeleteFunc(x.byName[k], drop)
		found = append(found, x.byName[k]...)
	}
	if len(lists) > 1 {
		slices.Sort(found)
	}
	return found
}

// rosterIndex finds the earlier row that a roster row repeats.
type rosterIndex struct {
	rows            *MemberIndex
	rowsWithNoEmail *MemberIndex
}

func newRosterIndex(size int) *rosterIndex {
	return &rosterIndex{rows: NewMemberIndex(size), rowsWithNoEmail: NewMemberIndex(0)}
}

func (x *rosterIndex) add(pos int, nm NewMember) {
	x.rows.Add(pos, nm.Name, nm.Email, nm.Ward)
	if nm.Email == "" {
		x.rowsWithNoEmail.Add(pos, nm.Name, nm.Email, nm.Ward)
	}
}

// duplicateOf returns the position of the first row added that is the same
// member as nm, or -1; and whether it is the email they share. Two rows are
// the same member when they have the same email, or the same name and wards
// that agree while one of them has no email: two rows with the same name
// and different emails are two people.
func (x *rosterIndex) duplicateOf(nm NewMember) (int, bool) {
	byEmail := -1
	if list := x.rows.SameEmail(nm.Email); len(list) > 0 {
		byEmail = list[0]
	}
	others := x.rows
	if nm.Email != "" {
		others = x.rowsWithNoEmail
	}
	byName := others.firstWithName(nm.Name, nm.Ward)
	switch {
	case byEmail >= 0 && (byName < 0 || byEmail <= byName):
		return byEmail, true
	case byName >= 0:
		return byName, false
	}
	return -1, false
}

// SameMember returns the member in members (erased ones aside) that nm
// would repeat, by the rule two rows of a roster are held to (see
// rosterIndex.duplicateOf); and whether it is the email they share.
func SameMember(members []Member, nm NewMember) (m Member, byEmail, ok bool) {
	x := newRosterIndex(len(members))
	var live []Member
	for _, m := range members {
		if !m.Erased {
			x.add(len(live), NewMember{Name: m.Name, Email: m.Email, Ward: m.Ward})
			live = append(live, m)
		}
	}
	nm.Email, nm.Ward = strings.TrimSpace(nm.Email), strings.TrimSpace(nm.Ward)
	if i, byEmail := x.duplicateOf(nm); i >= 0 {
		return live[i], byEmail, true
	}
	return Member{}, false, false
}

// Matcher finds, among members added to it, the one a new member is the
// same person as, by SameMember's rule: for checking a list of members
// against itself as it is read.
type Matcher struct{ x *rosterIndex }

// NewMatcher returns an empty Matcher with room for size members.
func NewMatcher(size int) *Matcher { return &Matcher{newRosterIndex(size)} }

// Add adds a member (already checked) at position pos.
func (m *Matcher) Add(pos int, nm NewMember) { m.x.add(pos, nm) }

// Match returns the position of the member nm is the same person as, and
// whether the email matched (else the name and ward), or -1.
func (m *Matcher) Match(nm NewMember) (pos int, byEmail bool) { return m.x.duplicateOf(nm) }

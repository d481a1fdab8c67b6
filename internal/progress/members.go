package progress

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"
)

// Roles a member can have.
const (
	RoleCouncillor = "councillor"
	RoleCoopted    = "co-opted"
)

// maxText is the longest name, email or ward accepted, in characters.
const maxText = 200

// NewMember is what a person types in to add or change a member.
type NewMember struct {
	Name    string
	Email   string
	Ward    string
	Role    string    // RoleCouncillor (the default) or RoleCoopted.
	Elected time.Time // Date first elected or co-opted; zero if unknown.
}

// Member is a member as stored.
type Member struct {
	Number  string
	Name    string
	Email   string
	Ward    string
	Role    string
	Elected time.Time // A date at midnight UTC, or zero.
	Added   time.Time
	Erased  bool
}

// memberRecord is a member's value in the members bucket: the only place
// that holds personal data.
type memberRecord struct {
	Name    string    `json:"name,omitempty"`
	Email   string    `json:"email,omitempty"`
	Ward    string    `json:"ward,omitempty"`
	Role    string    `json:"role"`
	Elected time.Time `json:"elected,omitzero"`
	Added   time.Time `json:"added"`
	Erased  bool      `json:"erased,omitempty"`
}

func (r memberRecord) member(number string) Member {
	return Member{Number: number, Name: r.Name, Email: r.Email, Ward: r.Ward,
		Role: r.Role, Elected: r.Elected, Added: r.Added, Erased: r.Erased}
}

// Check checks and tidies what was typed in, as AddMember and
// ImportMembers do before storing: an *InvalidError says what is wrong.
func (m NewMember) Check() (NewMember, error) {
	m.Name = strings.TrimSpace(m.Name)
	m.Email = strings.TrimSpace(m.Email)
	m.Ward = strings.TrimSpace(m.Ward)
	m.Role = strings.ToLower(strings.TrimSpace(m.Role))
	if m.Name == "" {
		return m, invalid("name", "the name is empty")
	}
	for _, f := range []struct{ label, value string }{{"name", m.Name}, {"email", m.Email}, {"ward", m.Ward}} {
		if n := utf8.RuneCountInString(f.value); n > maxText {
			return m, invalid(f.label, "the %s is %d characters long; at most %d are allowed", f.label, n, maxText)
		}
		if !utf8.ValidString(f.value) || strings.IndexFunc(f.value, unicode.IsControl) >= 0 {
			return m, invalid(f.label, "the %s contains a control character or invalid text", f.label)
		}
	}
	if m.Email != "" && !plausibleEmail(m.Email) {
		return m, invalid("email", "the email %q is not a whole address: write it as name@example.gov.uk", m.Email)
	}
	switch m.Role {
	case "":
		m.Role = RoleCouncillor
	case RoleCouncillor, RoleCoopted:
	default:
		return m, invalid("role", "the role must be %q or %q, not %q", RoleCouncillor, RoleCoopted, m.Role)
	}
	if !m.Elected.IsZero() {
		y, mo, d := m.Elected.Date()
		m.Elected = time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	}
	return m, nil
}

// check is Check, and CheckElected by the store's clock.
func (s *Store) check(nm NewMember) (NewMember, error) {
	nm, err := nm.Check()
	if err == nil {
		err = CheckElected(nm.Elected, s.now())
	}
	return nm, err
}

// CheckElected says, as an *InvalidError, that a date elected is after
// today: nobody is elected in the future. No date is no problem.
func CheckElected(elected, now time.Time) error {
	y, m, d := now.Date()
	if !elected.IsZero() && elected.After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
		return invalid("elected", "the date elected, %s, is in the future", elected.Format("2 January 2006"))
	}
	return nil
}

// plausibleEmail says whether s looks like a whole address: one @, with
// something before it and a domain with a dot after it, and no spaces.
func plausibleEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && !strings.ContainsAny(s, " \t") && !strings.Contains(domain, "@") &&
		strings.Contains(strings.Trim(domain, "."), ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// electedDate is how an elected date appears in events.
func electedDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// AddMember stores a new member and logs a member-added event that carries
// the number, role and elected date but no personal data. A member who is
// already on the record (see SameMember) is refused with a
// *DuplicateMemberError. Checking reads every member, which is nothing for
// one registration in a council; add many at once with ImportMembers.
func (s *Store) AddMember(nm NewMember) (Member, error) {
	nm, err := s.check(nm)
	if err != nil {
		return Member{}, err
	}
	var added Member
	err = s.write(func(tx *bolt.Tx) error {
		members := tx.Bucket(bucketMembers)
		all, err := allMembers(members)
		if err != nil {
			return err
		}
		if m, byEmail, ok := SameMember(all, nm); ok {
			return &DuplicateMemberError{Existing: m, ByEmail: byEmail}
		}
		number := newMemberNumbers(members, 1)[0]
		rec := memberRecord{Name: nm.Name, Email: nm.Email, Ward: nm.Ward, Role: nm.Role,
			Elected: nm.Elected, Added: s.now().UTC()}
		if err := putMember(members, number, rec); err != nil {
			return err
		}
		added = rec.member(number)
		_, err = s.appendEvents(tx, []Event{{Kind: MemberAdded, Member: number,
			Role: nm.Role, Elected: electedDate(nm.Elected)}})
		return err
	})
	if err != nil {
		return Member{}, fmt.Errorf("adding a member: %w", err)
	}
	return added, nil
}

// UpdateMember changes a member's details and logs a member-updated event
// naming the fields that changed (not their values). Nothing is logged if
// nothing changed.
func (s *Store) UpdateMember(number string, nm NewMember) (Member, error) {
	nm, err := s.check(nm)
	if err != nil {
		return Member{}, err
	}
	var updated Member
	err = s.write(func(tx *bolt.Tx) error {
		members := tx.Bucket(bucketMembers)
		rec, err := getMember(members, number)
		if err != nil {
			return err
		}
		e := Event{Kind: MemberUpdated, Member: number}
		if rec.Name != nm.Name {
			e.Fields = append(e.Fields, "name")
		}
		if rec.Email != nm.Email {
			e.Fields = append(e.Fields, "email")
		}
		if rec.Ward != nm.Ward {
			e.Fields = append(e.Fields, "ward")
		}
		// Role and elected date are not personal data, so the event keeps
		// their new values and progress can be rebuilt from the log alone.
		if rec.Role != nm.Role {
			e.Fields = append(e.Fields, "role")
			e.Role = nm.Role
		}
		if !rec.Elected.Equal(nm.Elected) {
			e.Fields = append(e.Fields, "elected")
			e.Elected = electedDate(nm.Elected)
		}
		rec.Name, rec.Email, rec.Ward, rec.Role, rec.Elected = nm.Name, nm.Email, nm.Ward, nm.Role, nm.Elected
		updated = rec.member(number)
		if len(e.Fields) == 0 {
			return nil
		}
		if err := putMember(members, number, rec); err != nil {
			return err
		}
		_, err = s.appendEvents(tx, []Event{e})
		return err
	})
	if err != nil {
		return Member{}, fmt.Errorf("updating member %s: %w", number, err)
	}
	return updated, nil
}

// Member returns one member, or an error wrapping ErrNotFound.
func (s *Store) Member(number string) (Member, error) {
	var m Member
	err := s.view(func(tx *bolt.Tx) error {
		rec, err := getMember(tx.Bucket(bucketMembers), number)
		m = rec.member(number)
		return err
	})
	if err != nil {
		return Member{}, err
	}
	return m, nil
}

// Members returns every member, sorted by name (ignoring case), then number.
func (s *Store) Members() ([]Member, error) {
	var list []Member
	err := s.view(func(tx *bolt.Tx) (err error) {
		list, err = allMembers(tx.Bucket(bucketMembers))
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(list, func(a, b Member) int {
		return cmp.Or(
			cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)),
			cmp.Compare(a.Number, b.Number))
	})
	return list, nil
}

// allMembers reads every member in the bucket, in number order.
func allMembers(members *bolt.Bucket) ([]Member, error) {
	var list []Member
	err := members.ForEach(func(k, v []byte) error {
		var rec memberRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			return fmt.Errorf("member %s cannot be read: %w", k, err)
		}
		list = append(list, rec.member(string(k)))
		return nil
	})
	return list, err
}

func getMember(members *bolt.Bucket, number string) (memberRecord, error) {
	var rec memberRecord
	v := members.Get([]byte(number))
	if v == nil {
		return rec, fmt.Errorf("member %s %w", number, ErrNotFound)
	}
	if err := json.Unmarshal(v, &rec); err != nil {
		return rec, fmt.Errorf("member %s cannot be read: %w", number, err)
	}
	return rec, nil
}

func putMember(members *bolt.Bucket, number string, rec memberRecord) error {
	v, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	return members.Put([]byte(number), v)
}

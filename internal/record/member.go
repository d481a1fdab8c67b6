package record

import (
	netmail "net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Roles a member can have.
const (
	RoleCouncillor = "councillor"
	RoleCoopted    = "co-opted"
)

// MaxText is the longest name, email, ward or key comment accepted, in
// characters.
const MaxText = 200

// NewMember is what a person types in to add or change a member.
type NewMember struct {
	Name    string
	Email   string
	Ward    string
	Role    string    // RoleCouncillor (the default) or RoleCoopted.
	Elected time.Time // Date first elected or co-opted; zero if unknown.
}

// Member is a member as stored: the store keeps it as JSON under its
// number, the only place that holds personal data.
type Member struct {
	Number  string    `json:"-"` // The key it is stored under.
	Name    string    `json:"name,omitempty"`
	Email   string    `json:"email,omitempty"`
	Ward    string    `json:"ward,omitempty"`
	Role    string    `json:"role"`
	Elected time.Time `json:"elected,omitzero"` // A date at midnight UTC, or zero.
	Added   time.Time `json:"added"`
	Erased  bool      `json:"erased,omitempty"`
}

// Check checks and tidies what was typed in, as the store does before
// storing a member: an *InvalidError says what is wrong.
func (m NewMember) Check() (NewMember, error) {
	m.Name = strings.TrimSpace(m.Name)
	m.Email = strings.TrimSpace(m.Email)
	m.Ward = strings.TrimSpace(m.Ward)
	m.Role = strings.ToLower(strings.TrimSpace(m.Role))
	if m.Name == "" {
		return m, Invalid("name", "the name is empty")
	}
	for _, f := range []struct{ label, value string }{{"name", m.Name}, {"email", m.Email}, {"ward", m.Ward}} {
		if n := utf8.RuneCountInString(f.value); n > MaxText {
			return m, Invalid(f.label, "the %s is %d characters long; at most %d are allowed", f.label, n, MaxText)
		}
		if !utf8.ValidString(f.value) || strings.IndexFunc(f.value, unicode.IsControl) >= 0 {
			return m, Invalid(f.label, "the %s contains a control character or invalid text", f.label)
		}
	}
	if m.Email != "" && !plausibleEmail(m.Email) {
		return m, Invalid("email", "the email %q is not a whole address: write it as name@example.gov.uk", m.Email)
	}
	switch m.Role {
	case "":
		m.Role = RoleCouncillor
	case RoleCouncillor, RoleCoopted:
	default:
		return m, Invalid("role", "the role must be %q or %q, not %q", RoleCouncillor, RoleCoopted, m.Role)
	}
	if !m.Elected.IsZero() {
		y, mo, d := m.Elected.Date()
		m.Elected = time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
	}
	return m, nil
}

// CheckAt is Check, and CheckElected at now: what the store checks before
// storing a member.
func (m NewMember) CheckAt(now time.Time) (NewMember, error) {
	m, err := m.Check()
	if err == nil {
		err = CheckElected(m.Elected, now)
	}
	return m, err
}

// CheckElected says, as an *InvalidError, that a date elected is after
// today: nobody is elected in the future. No date is no problem.
func CheckElected(elected, now time.Time) error {
	y, m, d := now.Date()
	if !elected.IsZero() && elected.After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
		return Invalid("elected", "the date elected, %s, is in the future", elected.Format("2 January 2006"))
	}
	return nil
}

// plausibleEmail says whether s looks like a whole address a message can
// be sent to: one @, with something before it and a domain with a dot
// after it, no spaces, and an address as RFC 5322 writes one alone (so
// not "a..b@example.org" nor "Name <a@example.org>").
func plausibleEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.ContainsAny(s, " \t") || strings.Contains(domain, "@") ||
		!strings.Contains(strings.Trim(domain, "."), ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return false
	}
	a, err := netmail.ParseAddress(s)
	return err == nil && a.Address == s && a.Name == ""
}

// ElectedDate is how an elected date appears in events.
func ElectedDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// maxReason is the longest erasure reason accepted, in characters.
const maxReason = 500

// CheckErasureReason checks and tidies the reason given for erasing a
// member, which is kept in the log for good: an *InvalidError says what is
// wrong.
func CheckErasureReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return reason, Invalid("reason", "give the reason for the erasure")
	case utf8.RuneCountInString(reason) > maxReason:
		return reason, Invalid("reason", "the reason is longer than %d characters", maxReason)
	case !utf8.ValidString(reason) || strings.IndexFunc(reason, unicode.IsControl) >= 0:
		return reason, Invalid("reason", "the reason contains a control character or invalid text")
	}
	return reason, nil
}

// CheckReasonAbout refuses, as an *InvalidError, an erasure reason that
// holds the member's own details, which the erasure is to remove.
func CheckReasonAbout(reason string, m Member) error {
	if what := personalIn(reason, m); what != "" {
		return Invalid("reason", "the reason contains the member's %s, and it is kept for good, so the details would not be erased. "+
			"Write it without personal details, for example \"left the council May 2025, request 2025/17\"", what)
	}
	return nil
}

// personalIn names the member's detail that reason contains ("name",
// "email", "ward"), or "". Names and wards are matched as whole words,
// ignoring case, and a name also by any part of it of three letters or
// more (a surname alone is still the person).
func personalIn(reason string, m Member) string {
	words := " " + strings.Join(wordsOf(reason), " ") + " "
	has := func(phrase string) bool {
		w := wordsOf(phrase)
		return len(w) > 0 && strings.Contains(words, " "+strings.Join(w, " ")+" ")
	}
	if m.Email != "" && strings.Contains(foldCase(reason), foldCase(m.Email)) {
		return "email"
	}
	if has(m.Name) {
		return "name"
	}
	for _, part := range wordsOf(m.Name) {
		if utf8.RuneCountInString(part) >= 3 && has(part) {
			return "name"
		}
	}
	if m.Ward != "" && has(m.Ward) {
		return "ward"
	}
	return ""
}

// wordsOf splits text into words of letters and digits, folded for
// comparing.
func wordsOf(text string) []string {
	return strings.FieldsFunc(foldCase(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

package progress

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"course/internal/dates"
)

// A roster is the list of members a monitoring officer keeps, saved from a
// spreadsheet as CSV: a header row naming the columns, then one member per
// row. See ParseRoster for what is accepted.

// maxRosterBytes bounds what ParseRoster reads: a council has a few hundred
// members at most, so anything bigger is the wrong file.
const maxRosterBytes = 32 << 20

// rosterColumns maps the headings ParseRoster accepts (lower case, spaces
// collapsed) to the field they fill.
var rosterColumns = map[string]string{
	"name":                     "name",
	"full name":                "name",
	"email":                    "email",
	"e-mail":                   "email",
	"email address":            "email",
	"e-mail address":           "email",
	"ward":                     "ward",
	"division":                 "ward",
	"electoral division":       "ward",
	"role":                     "role",
	"elected":                  "elected",
	"date elected":             "elected",
	"co-opted":                 "elected",
	"date co-opted":            "elected",
	"date elected or co-opted": "elected",
	"date elected/co-opted":    "elected",
}

// rosterRoles maps the role spellings ParseRoster accepts to a Role.
var rosterRoles = map[string]string{
	"":                 "",
	"councillor":       RoleCouncillor,
	"cllr":             RoleCouncillor,
	"co-opted":         RoleCoopted,
	"coopted":          RoleCoopted,
	"co opted":         RoleCoopted,
	"co-opted member":  RoleCoopted,
	"co-opted members": RoleCoopted,
}

// RowProblem is one thing wrong with a roster.
type RowProblem struct {
	Line    int // Line in the file, counting the header as line 1; 0 if it is about the whole file.
	Message string
}

// RosterError lists everything wrong with a roster (or with a list of
// members given to ImportMembers). When it is returned nothing was stored.
type RosterError struct {
	File     string // The name given to ParseRoster; empty from ImportMembers.
	Problems []RowProblem
}

func (e *RosterError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String(e.File)
	}
	return strings.Join(lines, "\n")
}

// Unwrap makes a RosterError match ErrInvalid.
func (e *RosterError) Unwrap() error { return ErrInvalid }

// String formats the problem as "file line N: message".
func (p RowProblem) String(file string) string {
	switch {
	case file == "" && p.Line == 0:
		return p.Message
	case file == "":
		return fmt.Sprintf("line %d: %s", p.Line, p.Message)
	case p.Line == 0:
		return file + ": " + p.Message
	}
	return fmt.Sprintf("%s line %d: %s", file, p.Line, p.Message)
}

// ParseRoster reads a roster in CSV. name is the file's name, used in the
// problems reported.
//
// The first row names the columns, in any order and any case: name (the
// only one required), email, ward, role and the date first elected or
// co-opted ("elected", "date elected", "date elected or co-opted" or
// "co-opted"). Fields are separated by commas, or by semicolons if the
// header uses them (as Excel does in some locales); a leading "sep=" line is
// honoured. The text must be UTF-8, with or without a byte order mark.
// Dates are DD/MM/YYYY or YYYY-MM-DD; the role is "councillor" or
// "co-opted". Empty rows are skipped, and an empty role is returned as ""
// (ImportMembers then keeps a member's role, or uses councillor for a new
// one).
//
// Every row is checked as AddMember would check it, and a member must not
// appear twice. If anything is wrong the error is a *RosterError listing
// every problem by line.
func ParseRoster(r io.Reader, name string) ([]NewMember, error) {
	fail := func(line int, format string, args ...any) error {
		return &RosterError{File: name, Problems: []RowProblem{{line, fmt.Sprintf(format, args...)}}}
	}
	data, err := io.ReadAll(io.LimitReader(r, maxRosterBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	switch {
	case len(data) > maxRosterBytes:
		return nil, fail(0, "it is larger than %d MB, which is far too big for a list of members: is it the right file?", maxRosterBytes>>20)
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return nil, fail(0, `it is saved as UTF-16 ("Unicode text"): save it from the spreadsheet as "CSV UTF-8" instead`)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))

	comma := ','
	firstLine, _, _ := bytes.Cut(data, []byte("\n"))
	firstLine = bytes.TrimSuffix(firstLine, []byte("\r"))
	if sep, ok := bytes.CutPrefix(firstLine, []byte("sep=")); ok && utf8.RuneCount(sep) == 1 {
		comma, _ = utf8.DecodeRune(sep)
		// Blank the line rather than cut it, so that line numbers stay true.
		data = data[len(firstLine):]
	} else if bytes.Count(firstLine, []byte(";")) > bytes.Count(firstLine, []byte(",")) {
		comma = ';'
	}

	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fail(0, "it is empty: the first row must name the columns, for example name,email,ward,role,date elected")
	}
	if err != nil {
		return nil, csvProblem(name, err)
	}
	headerLine, _ := cr.FieldPos(0)
	columns, problems := rosterHeader(header, headerLine)
	if len(problems) > 0 {
		return nil, &RosterError{File: name, Problems: problems}
	}

	var list []NewMember
	var lines []int
	seen := newRosterIndex(0)
	for {
		record, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// After a quoting mistake the rest of the file cannot be read
			// reliably, so stop here.
			problems = append(problems, csvProblem(name, err).Problems...)
			break
		}
		line, _ := cr.FieldPos(0)
		nm, rowProblems := rosterRow(record, columns, header)
		if nm == nil && rowProblems == nil {
			continue // An empty row.
		}
		for _, msg := range rowProblems {
			problems = append(problems, RowProblem{line, msg})
		}
		if nm != nil {
			if i, byEmail := seen.duplicateOf(*nm); i >= 0 {
				problems = append(problems, RowProblem{line, duplicateMessage(*nm, byEmail, fmt.Sprintf("line %d", lines[i]))})
			}
			seen.add(len(list), *nm)
			list = append(list, *nm)
			lines = append(lines, line)
		}
	}
	if len(problems) == 0 && len(list) == 0 {
		problems = append(problems, RowProblem{0, "there are no members in it, only the header row"})
	}
	if len(problems) > 0 {
		return nil, &RosterError{File: name, Problems: problems}
	}
	return list, nil
}

// csvProblem explains an error from encoding/csv.
func csvProblem(name string, err error) *RosterError {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return &RosterError{File: name, Problems: []RowProblem{{0, err.Error()}}}
	}
	msg := pe.Err.Error()
	if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
		msg = `a double quote (") is out of place: a field that contains one must be in quotes, with the quote doubled ("")`
	}
	return &RosterError{File: name, Problems: []RowProblem{{pe.Line, msg + "; nothing after this line was read"}}}
}

// rosterHeader maps each column to a field ("" for a column to ignore).
func rosterHeader(header []string, line int) ([]string, []RowProblem) {
	var problems []RowProblem
	columns := make([]string, len(header))
	seen := make(map[string]string)
	for i, h := range header {
		key := strings.ToLower(strings.Join(strings.Fields(h), " "))
		if key == "" {
			continue // A blank heading: the column must be empty (see rosterRow).
		}
		field, ok := rosterColumns[key]
		if !ok {
			problems = append(problems, RowProblem{line, fmt.Sprintf(
				"the column %q is not one the course uses (name, email, ward, role, date elected): rename or remove it",
				strings.TrimSpace(h))})
			continue
		}
		if first, dup := seen[field]; dup {
			problems = append(problems, RowProblem{line, fmt.Sprintf(
				"the columns %q and %q both give the %s: keep one of them", first, strings.TrimSpace(h), fieldLabel(field))})
			continue
		}
		seen[field] = strings.TrimSpace(h)
		columns[i] = field
	}
	if _, ok := seen["name"]; !ok && len(problems) == 0 {
		problems = append(problems, RowProblem{line,
			"there is no name column: the first row must name the columns, for example name,email,ward,role,date elected"})
	}
	return columns, problems
}

func fieldLabel(field string) string {
	if field == "elected" {
		return "date elected"
	}
	return field
}

// rosterRow reads one row. It returns nil and no problems for an empty row,
// and nil and problems for a row that cannot be read at all.
func rosterRow(record, columns, header []string) (*NewMember, []string) {
	values := make(map[string]string)
	empty := true
	for i, v := range record {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		empty = false
		switch {
		case !utf8.ValidString(v):
			return nil, []string{`it is not UTF-8 text: save the file from the spreadsheet as "CSV UTF-8"`}
		case i >= len(columns):
			return nil, []string{fmt.Sprintf(
				"it has %d fields but the header has %d columns: look for a stray separator or a value that needs quotes",
				len(record), len(header))}
		case columns[i] == "":
			return nil, []string{fmt.Sprintf("%q is in column %d, which has no heading", v, i+1)}
		}
		values[columns[i]] = v
	}
	if empty {
		return nil, nil
	}

	var problems []string
	nm := NewMember{Name: values["name"], Email: values["email"], Ward: values["ward"]}
	role, ok := rosterRoles[strings.ToLower(strings.Join(strings.Fields(values["role"]), " "))]
	if !ok {
		problems = append(problems, fmt.Sprintf("the role %q is not one the course knows: use councillor or co-opted", values["role"]))
	}
	nm.Role = role
	if d := values["elected"]; d != "" {
		elected, err := dates.Parse(d)
		if err != nil {
			problems = append(problems, "date elected "+err.Error())
		}
		nm.Elected = elected
	}
	cleaned, err := nm.clean()
	if err != nil {
		problems = append(problems, Reason(err))
	}
	if len(problems) > 0 {
		return nil, problems
	}
	cleaned.Role = role // Empty stays empty: see ImportMembers.
	return &cleaned, nil
}

// duplicateMessage explains that nm is the same member as the one at where.
func duplicateMessage(nm NewMember, byEmail bool, where string) string {
	if byEmail {
		return fmt.Sprintf("the email %q is also on %s: each member must be on one row", nm.Email, where)
	}
	return fmt.Sprintf("%q is also on %s: each member must be on one row (give both rows an email if they are two people)",
		nm.Name, where)
}

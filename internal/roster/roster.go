// Package roster reads the list of members a monitoring officer keeps,
// saved from a spreadsheet as CSV, into members for the record store
// (store.Store.ImportMembers). It owns the accepted columns, spellings
// of roles, separators and encodings, and says what is wrong with a file
// by line. It must not import bbolt or the terminal libraries: storing the
// members, and deciding who is the same member, are the store's.
package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"course/internal/dates"
	"course/internal/record"
)

// maxBytes bounds what Parse reads: a council has a few hundred
// members at most, so anything bigger is the wrong file.
const maxBytes = 32 << 20

// columnNames maps the headings Parse accepts (lower case, spaces
// collapsed) to the field they fill.
var columnNames = map[string]string{
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

// roleNames maps the role spellings Parse accepts to a Role.
var roleNames = map[string]string{
	"":                 "",
	"councillor":       record.RoleCouncillor,
	"cllr":             record.RoleCouncillor,
	"co-opted":         record.RoleCoopted,
	"coopted":          record.RoleCoopted,
	"co opted":         record.RoleCoopted,
	"co-opted member":  record.RoleCoopted,
	"co-opted members": record.RoleCoopted,
}

// Parse reads a roster in CSV. name is the file's name, used in the
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
// (store.Store.ImportMembers then keeps a member's role, or uses councillor for a new
// one).
//
// Every row is checked as AddMember would check it, and a member must not
// appear twice. If anything is wrong the error is a *record.RosterError listing
// every problem by line.
//
// A column with a heading the course does not use is a problem; see
// ParseWith to ignore such columns instead.
func Parse(r io.Reader, name string) ([]record.NewMember, error) {
	list, _, err := ParseWith(r, name, Options{StrictColumns: true})
	return list, err
}

// Options say how ParseWith reads a roster.
type Options struct {
	// StrictColumns refuses a roster with a column the course does not
	// use; otherwise such columns are ignored, and named.
	StrictColumns bool
}

// ParseWith reads a roster as Parse does, and returns the headings of the
// columns it ignored, as written in the file: columns the course does not
// use (a phone number, say), which a council's spreadsheet often has.
func ParseWith(r io.Reader, name string, opts Options) ([]record.NewMember, []string, error) {
	fail := func(line int, format string, args ...any) ([]record.NewMember, []string, error) {
		return nil, nil, &record.RosterError{File: name, Problems: []record.RowProblem{problem(line, fmt.Sprintf(format, args...))}}
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if what := notCSV(data, name); what != "" {
		return fail(0, "%s", what)
	}
	switch {
	case len(data) > maxBytes:
		return fail(0, "it is larger than %d MB, which is far too big for a list of members: is it the right file?", maxBytes>>20)
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}), bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return fail(0, `it is saved as UTF-16 ("Unicode text"): save it from the spreadsheet as "CSV UTF-8" instead`)
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
		return fail(0, "it is empty: the first row must name the columns, for example name,email,ward,role,date elected")
	}
	if err != nil {
		return nil, nil, csvProblem(name, err)
	}
	headerLine, _ := cr.FieldPos(0)
	columns, ignored, problems := readHeader(header, headerLine, opts.StrictColumns)
	if len(problems) > 0 {
		return nil, nil, &record.RosterError{File: name, Problems: problems}
	}

	var list []record.NewMember
	var lines []int
	seen := record.NewMatcher(0)
	for {
		fields, err := cr.Read()
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
		nm, rowProblems := readRow(fields, columns, header)
		if nm == nil && rowProblems == nil {
			continue // An empty row.
		}
		for _, msg := range rowProblems {
			problems = append(problems, problem(line, msg))
		}
		if nm != nil {
			if i, byEmail := seen.Match(*nm); i >= 0 {
				problems = append(problems, problem(line, record.DuplicateMessage(*nm, byEmail, fmt.Sprintf("line %d", lines[i]))))
			}
			seen.Add(len(list), *nm)
			list = append(list, *nm)
			lines = append(lines, line)
		}
	}
	if len(problems) == 0 && len(list) == 0 {
		problems = append(problems, problem(0, "there are no members in it, only the header row"))
	}
	if len(problems) > 0 {
		return nil, nil, &record.RosterError{File: name, Problems: problems}
	}
	return list, ignored, nil
}

// saveAsCSV says how to save a spreadsheet as the CSV the course reads.
const saveAsCSV = `in Excel choose File › Save As and the type "CSV UTF-8 (Comma delimited)"; ` +
	`in LibreOffice or Google Sheets, save or download it as "Text CSV" or "Comma-separated values"`

// notCSV recognises files that are not CSV text, from their first bytes
// and name, and says what they are and what to do; "" if it looks like
// text.
func notCSV(data []byte, name string) string {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		head := data[:min(len(data), 4096)]
		switch {
		case bytes.Contains(head, []byte("opendocument.spreadsheet")) || ext == ".ods":
			return "this is a LibreOffice or OpenOffice spreadsheet, not a CSV file: " + saveAsCSV + ", then import that file"
		case bytes.Contains(head, []byte("xl/")) || ext == ".xlsx" || ext == ".xlsm":
			return "this is an Excel workbook, not a CSV file: " + saveAsCSV + ", then import that file"
		case ext == ".numbers":
			return `this is a Numbers spreadsheet, not a CSV file: in Numbers choose File › Export To › CSV, then import that file`
		}
		return "this is a zip archive or an office document, not a CSV file: save the list of members from its spreadsheet as CSV: " + saveAsCSV
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return "this is an older Excel workbook (.xls) or another Office file, not a CSV file: " + saveAsCSV + ", then import that file"
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "this is a PDF, which the course cannot read: export the list of members as CSV from the spreadsheet or system it came from"
	case bytes.IndexByte(data[:min(len(data), 4096)], 0) >= 0 && !bytes.HasPrefix(data, []byte{0xff, 0xfe}) && !bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		return "this is not a text file, so not a CSV file: " + saveAsCSV
	}
	return ""
}

// problem is a problem at a line of the file (0: the whole file).
func problem(line int, msg string) record.RowProblem {
	return record.RowProblem{Line: line, Message: msg}
}

// csvProblem explains an error from encoding/csv.
func csvProblem(name string, err error) *record.RosterError {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return &record.RosterError{File: name, Problems: []record.RowProblem{problem(0, err.Error())}}
	}
	msg := pe.Err.Error()
	if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
		msg = `a double quote (") is out of place: a field that contains one must be in quotes, with the quote doubled ("")`
	}
	return &record.RosterError{File: name, Problems: []record.RowProblem{problem(pe.Line, msg+"; nothing after this line was read")}}
}

// ignoredColumn marks a column the course does not use, whose values are
// ignored; a column with no heading ("") must be empty instead.
const ignoredColumn = "-"

// readHeader maps each column to a field ("" for a column with no heading,
// ignoredColumn for one the course does not use), and returns the headings
// of the columns ignored. With strict, a column the course does not use is
// a problem instead.
func readHeader(header []string, line int, strict bool) (columns, ignored []string, problems []record.RowProblem) {
	columns = make([]string, len(header))
	seen := make(map[string]string)
	for i, h := range header {
		key := strings.ToLower(strings.Join(strings.Fields(h), " "))
		if key == "" {
			continue // A blank heading: the column must be empty (see readRow).
		}
		field, ok := columnNames[key]
		if !ok && !strict {
			columns[i] = ignoredColumn
			ignored = append(ignored, strings.TrimSpace(h))
			continue
		}
		if !ok {
			problems = append(problems, problem(line, fmt.Sprintf(
				"the column %q is not one the course uses (name, email, ward, role, date elected): rename or remove it",
				strings.TrimSpace(h))))
			continue
		}
		if first, dup := seen[field]; dup {
			problems = append(problems, problem(line, fmt.Sprintf(
				"the columns %q and %q both give the %s: keep one of them", first, strings.TrimSpace(h), fieldLabel(field))))
			continue
		}
		seen[field] = strings.TrimSpace(h)
		columns[i] = field
	}
	if _, ok := seen["name"]; !ok && len(problems) == 0 {
		problems = append(problems, problem(line,
			"there is no name column: the first row must name the columns, for example name,email,ward,role,date elected"))
	}
	return columns, ignored, problems
}

func fieldLabel(field string) string {
	if field == "elected" {
		return "date elected"
	}
	return field
}

// readRow reads one row. It returns nil and no problems for an empty row,
// and nil and problems for a row that cannot be read at all.
func readRow(fields, columns, header []string) (*record.NewMember, []string) {
	values := make(map[string]string)
	empty := true
	for i, v := range fields {
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
				len(fields), len(header))}
		case columns[i] == "":
			return nil, []string{fmt.Sprintf("%q is in column %d, which has no heading", v, i+1)}
		case columns[i] == ignoredColumn:
			continue
		}
		values[columns[i]] = v
	}
	if empty {
		return nil, nil
	}

	var problems []string
	nm := record.NewMember{Name: values["name"], Email: values["email"], Ward: values["ward"]}
	role, ok := roleNames[strings.ToLower(strings.Join(strings.Fields(values["role"]), " "))]
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
	cleaned, err := nm.Check()
	if err != nil {
		problems = append(problems, record.Reason(err))
	}
	if len(problems) > 0 {
		return nil, problems
	}
	cleaned.Role = role // Empty stays empty: see ImportMembers.
	return &cleaned, nil
}

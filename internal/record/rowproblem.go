package record

import (
	"fmt"
	"strings"
)

// RowProblem is one thing wrong with a list of members (a roster, or the
// rows given to ImportMembers).
type RowProblem struct {
	Line    int // Line in the file, counting the header as line 1; 0 if it is about the whole file.
	Message string
}

// RosterError lists everything wrong with a roster (or with a list of
// members given to ImportMembers). When it is returned nothing was stored.
type RosterError struct {
	File     string // The roster file's name (package roster); empty from ImportMembers.
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

// DuplicateMessage explains that nm is the same member as the one at
// where ("line 3", "row 3"), matched by email or by name and ward.
func DuplicateMessage(nm NewMember, byEmail bool, where string) string {
	if byEmail {
		return fmt.Sprintf("the email %q is also on %s: each member must be on one row", nm.Email, where)
	}
	return fmt.Sprintf("%q is also on %s: each member must be on one row (give both rows an email if they are two people)",
		nm.Name, where)
}

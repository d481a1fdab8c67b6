// Package handin is the hand-in file: one member's records taken from the
// record file on their own computer, for the officer to merge into the
// council's records (course merge).
//
// A hand-in is UTF-8 JSON lines. Line 1 is the header: the format and its
// version, the course the records belong to, the id of the record file it
// was taken from, the member as that file holds them, when it was made, by
// which version of the program, and the number of events in the record
// file's log with the hash of the newest (its head). Then one line for each
// event of that log, event k on line k+1, all from one read: the member's
// own events exactly as stored (sealed, hash last: see
// internal/store/chain), and every other event as a stub holding only its
// number, the hash before it and its own hash, so that a computer shared by
// several members hands in one member's records only and the chain still
// links from the first event to the head.
//
// Read checks all of it: every event of the member matches its hash, every
// link holds, no event of another member is given in full, the file ends at
// the head the header names. What that proves is only that the file was not
// changed after the course wrote it, as far as a chain without a key can
// show: someone who controls the computer could make a file of their own.
package handin

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"course/internal/record"
	"course/internal/userdir"
)

// Format and Version are the header's format and version.
const (
	Format  = "course-hand-in"
	Version = 1
)

// Ext is the hand-in's file name extension.
const Ext = ".course-hand-in"

// Limits on what Read accepts, so that a file cannot make it use memory
// without bound.
const (
	MaxLine   = 1 << 20    // bytes in one line, newline included
	MaxEvents = 50_000_000 // events in the log the file was taken from
)

// File is a hand-in as Read found it, every check passed.
type File struct {
	Course     record.CourseBinding
	Records    string         // id of the record file it was taken from
	Member     record.Member  // as that record file holds them (Number is that file's)
	Made       time.Time      // when it was written, in UTC
	AppVersion string         // the version of the program that wrote it
	Count      int            // events in the source log (N)
	Head       string         // hash of event N
	Events     []record.Event // the member's events, oldest first, Hash as sealed there
	SHA256     string         // lowercase hex SHA-256 of the file's bytes
}

// The reasons Read refuses a file; match them with errors.Is. Read's
// errors are *Error values that wrap one of them.
var (
	// ErrNotHandIn means the file is not a hand-in at all: a record file,
	// a CSV, an empty file.
	ErrNotHandIn = errors.New("this is not a hand-in file")
	// ErrEdited means an event does not match its hash, a link of the
	// chain is broken, an event of another member is given in full, or the
	// header holds what the course never writes.
	ErrEdited = errors.New("the hand-in was changed after the course wrote it")
	// ErrTruncated means the file holds fewer events than its header
	// says, or does not end at the head it names.
	ErrTruncated = errors.New("the hand-in is incomplete")
	// ErrNewer means the file was written by a version of the program
	// newer than this one, in a form this one does not know.
	ErrNewer = errors.New("the hand-in was written by a newer version of the course")
)

// Error is why Read refused a file, in words for a person: the reason (one
// of the Err values, which it wraps), the line, what is wrong there and
// what to do.
type Error struct {
	Reason  error
	Line    int    // 1 is the header
	Problem string // what is wrong on that line
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s (line %d: %s). %s", e.Reason, e.Line, e.Problem, advice(e.Reason))
}

func (e *Error) Unwrap() error { return e.Reason }

// advice is what to do about a file refused for reason.
func advice(reason error) string {
	switch reason {
	case ErrNotHandIn:
		return "Ask the member for the file that “course hand-in” wrote; its name ends in " + Ext + "."
	case ErrTruncated:
		return "It may have been cut short when it was copied or sent: ask the member to hand in again."
	case ErrNewer:
		return "Update the course program here, then merge it again."
	}
	return "Ask the member to hand in again."
}

// FileName is the name of m's hand-in made on day: "Hand-in", the
// member's name and the date, safe as a file name on Windows and Unix
// (letters, digits, hyphens and apostrophes; anything else becomes a
// space), ending in Ext.
func FileName(m record.Member, day time.Time) string {
	var b strings.Builder
	space := false
	for _, r := range m.Name {
		if utf8.RuneCountInString(b.String()) >= 60 {
			break
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '\'':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		default:
			space = true
		}
	}
	name := b.String()
	if name == "" {
		name = m.Number
	}
	return "Hand-in " + name + " " + day.Format(time.DateOnly) + Ext
}

// Folder is where a member's hand-in is saved, as their certificate is:
// their Documents folder, or else Downloads, or else their home folder.
func Folder() (string, error) { return userdir.Documents() }

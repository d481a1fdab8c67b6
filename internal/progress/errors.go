package progress

import (
	"errors"
	"fmt"
)

// Sentinel errors; match them with errors.Is.
var (
	// ErrLocked means another process has the record file open.
	ErrLocked = errors.New("records are open in another course window")
	// ErrDamaged means the record file cannot be trusted and was left alone.
	ErrDamaged = errors.New("the record file is damaged")
	// ErrNotFound means no member has the given number.
	ErrNotFound = errors.New("not found")
	// ErrNewerSchema means the file was written by a newer program.
	ErrNewerSchema = errors.New("the record file was written by a newer version of the course")
	// ErrTampered means an event no longer matches its hash chain.
	ErrTampered = errors.New("the records have been altered")
	// ErrInvalid means the caller passed details that cannot be stored.
	ErrInvalid = errors.New("invalid details")
	// ErrDuplicateMember means a new member is someone already on the record.
	ErrDuplicateMember = errors.New("already on the record")
)

// InvalidError says which detail cannot be stored and why, in words for a
// person. It matches ErrInvalid.
type InvalidError struct {
	Field  string // "name", "email", "reason", …
	Reason string // for example "the name is empty"
}

func (e *InvalidError) Error() string { return ErrInvalid.Error() + ": " + e.Reason }
func (e *InvalidError) Unwrap() error { return ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &InvalidError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// Reason is what is wrong, in words for a person: an InvalidError's
// reason, or err's text.
func Reason(err error) string {
	if ie, ok := errors.AsType[*InvalidError](err); ok {
		return ie.Reason
	}
	return err.Error()
}

// DuplicateMemberError says that a new member is someone already on the
// record, and who. It matches ErrDuplicateMember.
type DuplicateMemberError struct {
	Existing Member
	ByEmail  bool // matched by email; otherwise by name and ward
}

func (e *DuplicateMemberError) Error() string {
	return fmt.Sprintf("member %s is %s with this %s", e.Existing.Number, ErrDuplicateMember, e.How())
}

// How says what matched: "email" or "name and ward".
func (e *DuplicateMemberError) How() string {
	if e.ByEmail {
		return "email"
	}
	return "name and ward"
}

func (e *DuplicateMemberError) Unwrap() error { return ErrDuplicateMember }

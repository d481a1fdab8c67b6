package record

import (
	"errors"
	"fmt"
)

// Errors about members and their details; match them with errors.Is.
var (
	// ErrNotFound means no member has the given number.
	ErrNotFound = errors.New("not found")
	// ErrInvalid means the caller passed details that cannot be stored.
	ErrInvalid = errors.New("invalid details")
	// ErrDuplicateMember means a new member is someone already on the record.
	ErrDuplicateMember = errors.New("already on the record")
	// ErrAlreadyErased means the member's personal data was erased before.
	ErrAlreadyErased = errors.New("has already been erased")
)

// InvalidError says which detail cannot be stored and why, in words for a
// person. It matches ErrInvalid.
type InvalidError struct {
	Field  string // "name", "email", "reason", …
	Reason string // for example "the name is empty"
}

func (e *InvalidError) Error() string { return ErrInvalid.Error() + ": " + e.Reason }
func (e *InvalidError) Unwrap() error { return ErrInvalid }

// Invalid returns an *InvalidError about field, its reason formatted as
// fmt.Sprintf does.
func Invalid(field, format string, args ...any) error {
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

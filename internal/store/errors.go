package store

import "errors"

// Sentinel errors of the record file; match them with errors.Is. Errors
// about members and their details are record's (record.ErrNotFound …).
var (
	// ErrLocked means another process has the record file open.
	ErrLocked = errors.New("records are open in another course window")
	// ErrDamaged means the record file cannot be trusted and was left alone.
	ErrDamaged = errors.New("the record file is damaged")
	// ErrNewerSchema means the file was written by a newer program.
	ErrNewerSchema = errors.New("the record file was written by a newer version of the course")
	// ErrTampered means an event no longer matches its hash chain.
	ErrTampered = errors.New("the records have been altered")
)

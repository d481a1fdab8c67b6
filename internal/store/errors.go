package store

import (
	"errors"

	"course/internal/store/chain"
)

// Sentinel errors of the record file; match them with errors.Is. Errors
// about members and their details are record's (record.ErrNotFound …).
var (
	// ErrLocked means another process has the record file open.
	ErrLocked = errors.New("the record file is locked by another process")
	// ErrDamaged means the record file cannot be trusted and was left alone.
	ErrDamaged = chain.ErrDamaged
	// ErrNewerSchema means the file was written by a newer program.
	ErrNewerSchema = errors.New("the record file was written by a newer version of the course")
	// ErrTampered means an event no longer matches its hash chain.
	ErrTampered = chain.ErrTampered
)

// VerifyReport is what a check of the chain found (see VerifyHead).
type VerifyReport = chain.Report

// TamperedError says that the records failed their checks. It matches
// ErrTampered.
type TamperedError = chain.TamperedError

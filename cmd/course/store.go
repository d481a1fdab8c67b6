package main

import (
	"errors"
	"fmt"
	"os"

	"course/internal/progress"
	"course/internal/version"
)

// recordPath is the record file to use: --db, then $COURSE_DB, then the
// per-user default.
func recordPath(opts *options) (string, error) {
	if opts.db != "" {
		return opts.db, nil
	}
	if p := os.Getenv("COURSE_DB"); p != "" {
		return p, nil
	}
	return progress.DefaultPath()
}

// openStore opens the record file, turning its failures into one clear line.
func openStore(opts *options, readOnly bool) (*progress.Store, error) {
	path, err := recordPath(opts)
	if err != nil {
		return nil, err
	}
	s, err := progress.Open(path, progress.Options{ReadOnly: readOnly, AppVersion: version.Short()})
	switch {
	case err == nil:
		return s, nil
	case errors.Is(err, progress.ErrLocked):
		return nil, &exitError{code: exitFailure, msg: fmt.Sprintf("course: the records are open in another course window (%s). Close that window and try again.", path)}
	case errors.Is(err, progress.ErrDamaged), errors.Is(err, progress.ErrNewerSchema):
		return nil, &exitError{code: exitFailure, msg: "course: " + err.Error()}
	}
	return nil, fmt.Errorf("opening the record file %s: %w", path, err)
}

package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"

	"course/internal/safetext"
	"course/internal/store"
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
	return store.DefaultPath()
}

// openStore opens the record file, turning its failures into one clear line.
func openStore(opts *options, readOnly bool) (*store.Store, error) {
	return openStoreWith(opts, store.Options{ReadOnly: readOnly})
}

// openCourseStore opens the record file for the course: held only while
// it reads or writes, so that the officer's commands and other windows
// can use the file while a member has the course open.
func openCourseStore(opts *options) (*store.Store, error) {
	return openStoreWith(opts, store.Options{Brief: true})
}

func openStoreWith(opts *options, o store.Options) (*store.Store, error) {
	if opts.served != nil {
		return opts.served.store.Share(), nil
	}
	path, err := recordPath(opts)
	if err != nil {
		return nil, err
	}
	o.AppVersion = version.Short()
	s, err := store.Open(path, o)
	if err != nil {
		return nil, storeFailure(opts, path, o.ReadOnly, err)
	}
	return s, nil
}

// storeFailure is the one clear line for a record file at path that
// could not be opened with opts.
func storeFailure(opts *options, path string, readOnly bool, err error) error {
	var te *store.TamperedError
	switch {
	case errors.As(err, &te):
		return &exitError{code: exitFailure, msg: alteredMessage(opts, te)}
	case errors.Is(err, store.ErrLocked):
		return &exitError{code: exitFailure, msg: fmt.Sprintf("course: the records are in use by another course program (%s): a course window, or 'course serve'. Close that window and try again; while 'course serve' runs, run the officer's commands over SSH instead.", path)}
	case errors.Is(err, store.ErrDamaged), errors.Is(err, store.ErrNewerSchema):
		return &exitError{code: exitFailure, msg: "course: " + err.Error()}
	case readOnly && errors.Is(err, fs.ErrNotExist):
		return &exitError{code: exitFailure, msg: fmt.Sprintf(
			"course: there is no record file at %s yet. Import the members with '%s', or use --db to name another file.",
			safetext.Inert(path), typedImport(opts))}
	case errors.Is(err, fs.ErrPermission) && readOnly:
		return &exitError{code: exitFailure, msg: fmt.Sprintf(
			"course: the record file %s cannot be read with your account's permissions. Ask whoever looks after the course for access, or use --db to name a copy you can read.",
			safetext.Inert(path))}
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return &exitError{code: exitFailure, msg: fmt.Sprintf(
			"course: the record file %s is read-only for you (or its folder is), so nothing can be saved to it. "+
				"Reports, exports and verify can still read it. To write, ask whoever looks after the course, or use --db to name a copy you can write to.",
			safetext.Inert(path))}
	}
	return fmt.Errorf("opening the record file %s: %w", safetext.Inert(path), err)
}

// alteredMessage explains records that failed their checks and what to do
// about them: verify says it, and so does every command refused for it.
func alteredMessage(opts *options, te *store.TamperedError) string {
	r, path := te.Report, safetext.Inert(te.Path)
	what := safetext.Inert(r.Problem) + "."
	if r.FirstBad > 0 {
		what = fmt.Sprintf("event %d is missing or does not match the record: %s", r.FirstBad, what)
		if r.FirstBad > 1 {
			what += fmt.Sprintf(" Events 1 to %d are intact.", r.FirstBad-1)
		}
	}
	msg := fmt.Sprintf("course: the records in %s have been altered or damaged: %s", path, what) +
		"\nNothing has been written to them. Keep the file unchanged as evidence (copy it somewhere safe), " +
		"then restore the records from a backup made before the change, and tell whoever looks after the course."
	switch {
	case r.AtEnd:
		msg += fmt.Sprintf("\nIf you put this file back from a backup on purpose, put back %[1]s.id from the same backup too, "+
			"or delete %[1]s.id to accept the records as they are.", path)
	case r.Sidecar:
		msg += fmt.Sprintf("\nPut %[1]s.id back from a backup made with the record file, or delete %[1]s.id "+
			"to accept the records as they are; then run '%[2]s'.", path, typed(opts, "verify"))
	}
	return msg
}

// failedVerification says where records that failed their checks on
// opening went wrong ("from event 3 (…)" or "(…)"), or "" for records that
// passed.
func failedVerification(s *store.Store) string {
	var te *store.TamperedError
	if !errors.As(s.Problem(), &te) {
		return ""
	}
	if te.Report.FirstBad == 0 {
		return safetext.Inert("(" + te.Report.Problem + ")")
	}
	return safetext.Inert(fmt.Sprintf("from event %d (%s)", te.Report.FirstBad, te.Report.Problem))
}

// alteredWarning is what a report or export of records that failed their
// checks says on standard error, or "" for records that passed.
func alteredWarning(opts *options, s *store.Store) string {
	where := failedVerification(s)
	if where == "" {
		return ""
	}
	return "course: warning: these records failed verification " + where +
		": what follows may include altered records. Run '" + typed(opts, "verify") + "' for details."
}

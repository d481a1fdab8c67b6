package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"course/internal/modules"
	"course/internal/progress"
	"course/internal/safetext"
)

// A record file belongs to the course first taken with it: the course
// notes its id, title, guidance version and content folder in the file.
// Every command that reads the records against a course (the course
// itself, report, export) goes through courseFor, so that a record file is
// never reported against another council's course by accident, and the
// officer need not give --content when the file was made with a council's
// own folder.

// readRecords opens the record file read-only with its course (see
// courseFor), for the officer's commands that read it against the course,
// and warns on w when the records failed their checks. The caller closes
// the store.
func readRecords(opts *options, w io.Writer) (*progress.Store, *modules.Course, error) {
	store, err := openStore(opts, true)
	if err != nil {
		return nil, nil, err
	}
	c, err := courseFor(opts, store)
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	if warning := alteredWarning(store); warning != "" {
		fmt.Fprintln(w, warning)
	}
	return store, c, nil
}

// courseFor loads the course for the records in store: the --content
// folder if one was given, else the folder the record file was made with,
// else the built-in course. A course other than the one the records
// belong to is refused, unless --any-course was given.
func courseFor(opts *options, store *progress.Store) (*modules.Course, error) {
	c, _, err := courseAndFolderFor(opts, store)
	return c, err
}

// courseAndFolderFor is courseFor, with the content folder the course was
// loaded from ("" for the built-in course).
func courseAndFolderFor(opts *options, store *progress.Store) (*modules.Course, string, error) {
	if opts.served != nil {
		return opts.served.course, opts.served.folder, nil
	}
	bound, ok, err := store.Course()
	if err != nil {
		return nil, "", err
	}
	dir := opts.contentDir
	if dir == "" && ok && bound.Content != "" {
		if _, err := os.Stat(bound.Content); errors.Is(err, fs.ErrNotExist) {
			return nil, "", &exitError{code: exitFailure, msg: fmt.Sprintf(
				"course: the record file %s was made with the course content in %s, which is not there any more. Give the content folder with --content FOLDER.",
				safetext.Inert(store.Path()), safetext.Inert(bound.Content))}
		}
		dir = bound.Content
	}
	c, err := loadCourse(dir)
	if err != nil {
		return nil, "", err
	}
	if ok && bound.ID != c.ID && !opts.anyCourse {
		return nil, "", &exitError{code: exitFailure, msg: otherCourseMessage(store.Path(), bound, c)}
	}
	return c, dir, nil
}

// bindCourse notes in the record file the course being taken with it, the
// first time, and its current version and content folder after that.
func bindCourse(opts *options, store *progress.Store, c *modules.Course) error {
	b := progress.CourseBinding{ID: c.ID, Title: courseTitle(c), GuidanceVersion: c.GuidanceVersion}
	if opts.contentDir != "" {
		abs, err := filepath.Abs(opts.contentDir)
		if err != nil {
			return err
		}
		b.Content = abs
	}
	if was, ok, err := store.Course(); err != nil || (ok && (was == b || was.ID != b.ID)) {
		return err // Unchanged, or another course taken with --any-course: leave it.
	}
	return store.BindCourse(b)
}

func courseTitle(c *modules.Course) string {
	return c.Council + " · " + c.GuidanceTitle
}

// otherCourseMessage explains records of one course met with another.
func otherCourseMessage(path string, bound progress.CourseBinding, c *modules.Course) string {
	where := "the course built into this program"
	fix := "run without --content"
	if bound.Content != "" {
		where = "the content in " + bound.Content
		fix = "give --content " + bound.Content
	}
	return safetext.Inert(fmt.Sprintf(
		"course: the record file %s belongs to another course: %s (guidance version %s), taken with %s. "+
			"The course in use is %s (guidance version %s).", path, bound.Title, bound.GuidanceVersion, where,
		courseTitle(c), c.GuidanceVersion)) +
		"\nTo use the records' own course, " + safetext.Inert(fix) + "; to use this course's records, give their file with --db. " +
		"To go on anyway, add --any-course."
}

package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"course/internal/modules"
	"course/internal/record"
	"course/internal/safetext"
	"course/internal/store"
	"course/internal/version"
)

// A record file belongs to the course first taken with it: the course
// notes its id, title, guidance version and content folder in the file.
// chooseCourse alone decides which course a command uses, so that every
// command (the course, report, export, search, --help …) shows the same
// one: the --content folder if one was given, else the folder the record
// file remembers, else the built-in course. A record file is never
// reported against another council's course by accident, and the officer
// need not give --content when the file was made with a council's own
// folder.
//
// The folder is remembered until a --content folder of the same course is
// given: a run that names no folder uses the remembered one and keeps it.
// A course other than the records' own is used only with --any-course, and
// never changes what the record file remembers.

// courseChoice is the course a command uses, with what the record file
// says of the course it belongs to.
type courseChoice struct {
	course *modules.Course
	// folder is the content folder the course was loaded from, as an
	// absolute path; "" for the built-in course.
	folder string
	// given says the folder was given with --content.
	given bool
	// bound is the course the record file belongs to, when isBound.
	bound   record.CourseBinding
	isBound bool
}

// own says the course is the one the records belong to, or that they
// belong to none yet.
func (ch courseChoice) own() bool {
	return !ch.isBound || ch.bound.ID == ch.course.ID
}

// binding is what the record file is to say of its course after this run.
func (ch courseChoice) binding() record.CourseBinding {
	return record.CourseBinding{ID: ch.course.ID, Title: courseTitle(ch.course), GuidanceVersion: ch.course.GuidanceVersion, Content: ch.folder}
}

// movesFolder says the records' own course was given with --content from
// another folder than the one the record file remembers: the file is to
// remember this one from now on.
func (ch courseChoice) movesFolder() bool {
	return ch.given && ch.isBound && ch.own() && ch.bound.Content != ch.folder
}

// chooseCourse loads the course for the records in store (nil when there
// is no record file): the --content folder if one was given, else the
// folder the record file remembers, else the built-in course. A course
// other than the one the records belong to is refused, unless
// --any-course was given.
func chooseCourse(opts *options, recs *store.Store) (courseChoice, error) {
	if opts.served != nil {
		return courseChoice{course: opts.served.course, folder: opts.served.folder}, nil
	}
	var ch courseChoice
	if recs != nil {
		var err error
		if ch.bound, ch.isBound, err = recs.Course(); err != nil {
			return ch, err
		}
	}
	remembered := ch.isBound && ch.bound.Content != ""
	var err error
	switch {
	case opts.contentDir != "":
		if ch.folder, err = filepath.Abs(opts.contentDir); err != nil {
			return ch, err
		}
		ch.given = true
		ch.course, err = loadCourse(opts.contentDir)
	case remembered:
		if _, statErr := os.Stat(ch.bound.Content); statErr != nil {
			return ch, &exitError{code: exitFailure, msg: folderGoneMessage(recs.Path(), ch.bound, statErr)}
		}
		ch.folder = ch.bound.Content
		ch.course, err = loadCourse(ch.folder)
	default:
		ch.course, err = loadCourse("")
	}
	if err != nil {
		return ch, err
	}
	if !ch.own() && !opts.anyCourse {
		return ch, &exitError{code: exitFailure, msg: otherCourseMessage(recs.Path(), ch)}
	}
	return ch, nil
}

// courseFor is the course of choiceFor.
func courseFor(opts *options, recs *store.Store) (*modules.Course, error) {
	ch, err := choiceFor(opts, recs)
	return ch.course, err
}

// choiceFor is chooseCourse for a command that has the record file open
// for writing: a --content folder of the records' own course, or of the
// first course used with a record file that has none yet, is remembered
// from now on.
func choiceFor(opts *options, recs *store.Store) (courseChoice, error) {
	ch, err := chooseCourse(opts, recs)
	if err == nil && (ch.movesFolder() || ch.given && !ch.isBound) {
		err = recs.BindCourse(ch.binding())
	}
	return ch, err
}

// rememberContent is for a command that needs no course but may be the
// first given the council's content folder, such as the roster's import
// after an election: the record file remembers the folder, as choiceFor
// makes it, so that the commands after it use the council's course.
func rememberContent(opts *options, recs *store.Store) error {
	if opts.contentDir == "" || opts.served != nil {
		return nil
	}
	_, err := choiceFor(opts, recs)
	return err
}

// bindCourse notes in the record file the course being taken with it: the
// first time, and its title, guidance version and content folder when
// they change after that. A course taken with --any-course leaves the
// record file's own course as it was.
func bindCourse(recs *store.Store, ch courseChoice) error {
	if !ch.own() || (ch.isBound && ch.bound == ch.binding()) {
		return nil
	}
	return recs.BindCourse(ch.binding())
}

// readRecords opens the record file read-only with its course (see
// chooseCourse), for the officer's commands that read it against the
// course, and warns on w when the records failed their checks. A
// --content folder of the records' own course is remembered from now on,
// as it is by every command. The caller closes the store.
func readRecords(opts *options, w io.Writer) (*store.Store, *modules.Course, error) {
	recs, ch, err := readCourse(opts, w)
	if err != nil {
		return nil, nil, err
	}
	if warning := alteredWarning(opts, recs); warning != "" {
		fmt.Fprintln(w, warning)
	}
	return recs, ch.course, nil
}

// readCourse opens the record file read-only and chooses its course (see
// rememberGiven). The caller closes the store.
func readCourse(opts *options, w io.Writer) (*store.Store, courseChoice, error) {
	recs, err := openStore(opts, true)
	if err != nil {
		return nil, courseChoice{}, err
	}
	return rememberGiven(opts, recs, w)
}

// rememberGiven chooses the course for the records in store, open
// read-only, and has the record file remember a --content folder of the
// records' own course: for that the file is opened for writing a moment,
// and store is closed and opened again. What could not be remembered is
// said on w. The store is closed on failure.
func rememberGiven(opts *options, recs *store.Store, w io.Writer) (*store.Store, courseChoice, error) {
	ch, err := chooseCourse(opts, recs)
	if err != nil {
		recs.Close()
		return nil, ch, err
	}
	if !ch.movesFolder() || recs.Problem() != nil {
		// Records that failed their checks are written to by nothing.
		return recs, ch, nil
	}
	recs.Close()
	if err := rememberFolder(opts, ch); err != nil {
		fmt.Fprintf(w, "course: note: the record file still names %s as its course's content, as it could not be changed: %s Give --content %s again next time.\n",
			safetext.Inert(orBuiltIn(ch.bound.Content)), safetext.Inert(messageOf(err)), safetext.Inert(opts.contentDir))
	}
	if recs, err = openStore(opts, true); err != nil {
		return nil, ch, err
	}
	return recs, ch, nil
}

// rememberFolder notes the folder of ch in the record file.
func rememberFolder(opts *options, ch courseChoice) error {
	recs, err := openCourseStore(opts)
	if err != nil {
		return err
	}
	defer recs.Close()
	return recs.BindCourse(ch.binding())
}

// shownCourse is the course for a command that shows the course but reads
// no records, such as search and --help: the course every other command
// would choose (see chooseCourse), or the --content folder's or built-in
// one when there is no record file. When remember is set, a --content
// folder of the records' own course is remembered, and what could not be
// is said on w; --help leaves the record file alone.
func shownCourse(opts *options, w io.Writer, remember bool) (*modules.Course, error) {
	if opts.served != nil {
		ch, err := chooseCourse(opts, nil)
		return ch.course, err
	}
	path, err := recordPath(opts)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		ch, err := chooseCourse(opts, nil) // No records yet: the course they would get.
		return ch.course, err
	}
	recs, err := store.Open(path, store.Options{ReadOnly: true, AppVersion: version.Short()})
	switch {
	case errors.Is(err, store.ErrLocked) && opts.contentDir != "":
		// The folder given is shown: it cannot be checked against the records now.
		ch, err := chooseCourse(opts, nil)
		return ch.course, err
	case errors.Is(err, store.ErrLocked):
		return nil, &exitError{code: exitFailure, msg: fmt.Sprintf(
			"course: the record file %s, which says which course is in use, is held by another course program (such as 'course serve'). "+
				"Try again when it has finished, or give the course's content folder with --content FOLDER.", safetext.Inert(path))}
	case err != nil:
		return nil, storeFailure(opts, path, true, err)
	}
	var ch courseChoice
	if remember {
		recs, ch, err = rememberGiven(opts, recs, w)
	} else {
		ch, err = chooseCourse(opts, recs)
	}
	if recs != nil {
		recs.Close()
	}
	if err != nil {
		return nil, err
	}
	return ch.course, nil
}

func courseTitle(c *modules.Course) string {
	return c.Council + " · " + c.GuidanceTitle
}

// orBuiltIn names a remembered content folder, "" being the built-in course.
func orBuiltIn(folder string) string {
	if folder == "" {
		return "the course built into this program"
	}
	return folder
}

// messageOf is an error's message as a sentence.
func messageOf(err error) string {
	var ee *exitError
	msg := err.Error()
	if errors.As(err, &ee) {
		msg = ee.msg
	}
	msg = strings.TrimPrefix(msg, "course: ")
	if msg != "" && msg[len(msg)-1] != '.' {
		msg += "."
	}
	return msg
}

// folderGoneMessage explains a remembered content folder that cannot be
// found or used.
func folderGoneMessage(path string, bound record.CourseBinding, statErr error) string {
	what := "which is not there any more"
	if !errors.Is(statErr, fs.ErrNotExist) {
		what = "which cannot be read: " + errors.Unwrap(statErr).Error()
	}
	return safetext.Inert(fmt.Sprintf(
		"course: the record file %s belongs to the course %s (guidance version %s), whose content was in %s, %s. "+
			"If the folder has moved, give its new place with --content FOLDER: the record file will remember it.",
		path, bound.Title, bound.GuidanceVersion, bound.Content, what))
}

// otherCourseMessage explains records of one course met with another:
// what each is, and how to reach the records' own.
func otherCourseMessage(path string, ch courseChoice) string {
	bound, c := ch.bound, ch.course
	records := fmt.Sprintf("%s (guidance version %s)", bound.Title, bound.GuidanceVersion)
	this := fmt.Sprintf("%s (guidance version %s)", courseTitle(c), c.GuidanceVersion)
	var msg, own string
	switch {
	case ch.folder != "" && ch.folder == bound.Content:
		// The remembered folder now holds another course.
		msg = fmt.Sprintf("course: the record file %s belongs to %s, whose content was in %s, but that folder now holds another course: %s.",
			path, records, ch.folder, this)
		own = "give the folder that now holds it with --content FOLDER: the record file will remember it"
	case ch.given:
		// The folder given holds another course.
		where, reach := ownCourse(bound)
		msg = fmt.Sprintf("course: the record file %s belongs to another course: %s, %s. The content in %s is %s.",
			path, records, where, ch.folder, this)
		own = reach
	default:
		// The record file names no folder, and the built-in course is another.
		msg = fmt.Sprintf("course: the record file %s belongs to %s, which is not the course built into this program, and it does not say which folder holds that course's content.",
			path, records)
		own = "give that folder with --content FOLDER: the record file will remember it"
	}
	use := "the built-in course"
	if ch.folder != "" {
		use = "the course in " + ch.folder
	}
	return safetext.Inert(msg) + "\nTo use the records' own course, " + safetext.Inert(own) + ". " +
		"For records of " + safetext.Inert(use) + ", give their own record file with --db; to use it with these records anyway, add --any-course."
}

// ownCourse says where the records' own course is, and how to use it
// instead of a folder given with --content.
func ownCourse(bound record.CourseBinding) (where, reach string) {
	if bound.Content == "" {
		if c, err := loadCourse(""); err == nil && c.ID == bound.ID {
			return "the course built into this program", "leave out --content"
		}
		return "whose content folder the record file does not name", "give its folder with --content instead: the record file will remember it"
	}
	switch _, err := os.Stat(bound.Content); {
	case errors.Is(err, fs.ErrNotExist):
		return "whose content was in " + bound.Content + ", which is not there any more",
			"give the folder's new place with --content instead: the record file will remember it"
	case err != nil:
		return "whose content is in " + bound.Content + ", which cannot be read now", "give --content with a copy of it you can read"
	}
	return "whose content is in " + bound.Content, "leave out --content: the record file remembers its folder"
}

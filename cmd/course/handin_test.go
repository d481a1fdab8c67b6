package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"course/internal/certificate"
	"course/internal/handin"
	"course/internal/merge"
	"course/internal/store"
)

// documentsHome makes a home folder with a Documents folder for the test,
// where hand-ins go by default, and returns that Documents folder.
func documentsHome(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("USERPROFILE", home)
	docs := filepath.Join(home, "Documents")
	if err := os.Mkdir(docs, 0o700); err != nil {
		t.Fatal(err)
	}
	return docs
}

// TestHandInCommand: the hand-in of one member among several lands in
// Documents, named for them, holds their records only and reads back; the
// command says where it is, what it holds and whom to send it to.
func TestHandInCommand(t *testing.T) {
	docs := documentsHome(t)
	f := newRecordsFixture(t)
	ann := f.members["Ann"]
	out := mustRun(t, "--db", f.path, "hand-in", "Ann Adams")
	path := filepath.Join(docs, handin.FileName(ann, time.Now()))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no hand-in at %s: %v\n%s", path, err, out)
	}
	file, err := handin.Read(bytes.NewReader(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	events := storedEvents(t, f.path, ann.Number)
	if file.Member.Number != ann.Number || len(file.Events) != len(events) || file.Course.ID != f.course.ID {
		t.Errorf("the hand-in is of %s with %d events of %q; want %s with %d of %q",
			file.Member.Number, len(file.Events), file.Course.ID, ann.Number, len(events), f.course.ID)
	}
	for _, other := range []string{"Ben Brown", f.members["Ben"].Number, f.members["Dan"].Number} {
		if bytes.Contains(data, []byte(other)) {
			t.Errorf("Ann's hand-in holds %q", other)
		}
	}
	cert, err := certificate.New(ann, events, f.course, time.Local)
	if err != nil {
		t.Fatal(err)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{
		"Saved the hand-in of Ann Adams (member " + ann.Number + ") to: " + path,
		"It holds " + count(merge.CountBrought(events), "record", "records"),
		"verification code is " + cert.Code,
		"Send this file to your council's monitoring officer",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("hand-in said:\n%s\nwant %q", out, want)
		}
	}
	if st, err := os.Stat(path); err != nil || (runtime.GOOS != "windows" && st.Mode().Perm() != 0o600) {
		t.Errorf("the hand-in's mode is %v (%v); want 0600, like every output file", st.Mode().Perm(), err)
	}
}

// TestHandInChoosesTheMember: with several members and none given, the
// one who used the course last, saying so; without one, a list to choose
// from.
func TestHandInChoosesTheMember(t *testing.T) {
	documentsHome(t)
	f := newRecordsFixture(t)
	_, err := execute(t, "--db", f.path, "hand-in")
	if msg := wantExit(t, err, exitUsage); !strings.Contains(msg, "6 members use the course on this computer") || !strings.Contains(msg, "Ben Brown") {
		t.Errorf("hand-in without a member said: %s", msg)
	}
	s, err := store.Open(f.path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = s.SetLastMember(f.members["Eve"].Number)
	s.Close()
	if err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, "--db", f.path, "hand-in")
	if flat := strings.Join(strings.Fields(out), " "); !strings.Contains(flat, "this is the hand-in of Eve Evans, who used it last") ||
		!strings.Contains(flat, "The course is not complete yet: 1 of 7 modules passed") {
		t.Errorf("hand-in said:\n%s", out)
	}
	_, err = execute(t, "--db", f.path, "hand-in", f.members["Fay"].Number)
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "erased") {
		t.Errorf("hand-in of an erased member said: %s", msg)
	}
}

// TestHandInOutput: --out names a file or a folder, and never the records
// or a device; the record file is unchanged by any of it.
func TestHandInOutput(t *testing.T) {
	documentsHome(t)
	f := newRecordsFixture(t)
	ann := f.members["Ann"].Number
	mustRun(t, "--db", f.path, "hand-in", ann) // binds the file to its course, as taking the course does
	before, _ := os.ReadFile(f.path)
	refused := []string{f.path, f.path + ".id", filepath.Dir(f.path) + "/../" + filepath.Base(filepath.Dir(f.path)) + "/records.db"}
	if runtime.GOOS != "windows" {
		refused = append(refused, os.DevNull)
	}
	for _, out := range refused {
		_, err := execute(t, "--db", f.path, "hand-in", ann, "--out", out)
		if msg := wantExit(t, err, exitUsage); !strings.Contains(msg, "--out") {
			t.Errorf("--out %s: %s", out, msg)
		}
	}
	if after, _ := os.ReadFile(f.path); !bytes.Equal(before, after) {
		t.Error("the record file changed")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "mine.course-hand-in")
	mustRun(t, "--db", f.path, "hand-in", ann, "--out", file)
	mustRun(t, "--db", f.path, "hand-in", ann, "--out", dir)
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	want := []string{file, filepath.Join(dir, handin.FileName(f.members["Ann"], time.Now()))}
	if slices.Sort(want); !slices.Equal(names, want) {
		t.Errorf("--out wrote %v, want %v", names, want)
	}
}

// TestHandInNeedsRecords: on a computer where the course was never taken
// it says so, and makes no record file.
func TestHandInNeedsRecords(t *testing.T) {
	documentsHome(t)
	path := filepath.Join(t.TempDir(), "records.db")
	_, err := execute(t, "--db", path, "hand-in")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "take the course first") {
		t.Errorf("hand-in without records said: %s", msg)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("hand-in made a record file: %v", err)
	}
}

// TestHandInIsNotServed: 'course serve' never offers it; the records
// there are the council's already.
func TestHandInIsNotServed(t *testing.T) {
	if names := servedCommands(newRootCmd()); slices.Contains(names, "hand-in") {
		t.Errorf("hand-in runs over SSH: %v", names)
	}
}

// TestHandInFromTheCourse: the courses' own hand-in (the h key, or typing
// hand in) says what the file holds as the command does: the certificate's
// code once the course is complete, how far the member has got before.
func TestHandInFromTheCourse(t *testing.T) {
	docs := documentsHome(t)
	f := newRecordsFixture(t)
	s, err := store.Open(f.path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// As the course binds its records when it starts.
	if err := bindCourse(s, courseChoice{course: f.course}); err != nil {
		t.Fatal(err)
	}
	save := handInTo(s, f.course)
	ann := f.members["Ann"]
	done, err := save(ann.Number)
	if err != nil {
		t.Fatal(err)
	}
	events, err := s.MemberEvents(ann.Number)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := certificate.New(ann, events, f.course, time.Local)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(done.Path) != docs || !strings.Contains(done.Holds, "It holds "+count(merge.CountBrought(events), "record", "records")) ||
		!strings.Contains(done.Holds, "verification code is "+cert.Code) {
		t.Errorf("Ann's hand-in from the course: %+v", done)
	}
	done, err = save(f.members["Ben"].Number)
	if err != nil || !strings.Contains(done.Holds, "The course is not complete yet") {
		t.Errorf("Ben's hand-in from the course (%v): %+v", err, done)
	}
}

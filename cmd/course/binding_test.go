package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"course/internal/progress"
	"course/internal/quiz"
)

// packDir and builtInDir are the made-up council's content pack the tests
// use and the built-in course's folder, as absolute paths (the tests
// change folder).
var packDir, builtInDir = func() (string, string) {
	pack, _ := filepath.Abs(filepath.Join("..", "..", "testdata", "dyffryn-teg"))
	builtIn, _ := filepath.Abs(filepath.Join("..", "..", "content"))
	return pack, builtIn
}()

// boundRecords makes a record file as taking the course with the pack
// does: bound to the pack's course and folder, with one member.
func boundRecords(t *testing.T) string {
	t.Helper()
	db := recordsIn(t)
	opts := &options{db: db, contentDir: packDir}
	store, err := openStore(opts, false)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	c, err := courseFor(opts, store)
	if err != nil {
		t.Fatal(err)
	}
	if err := bindCourse(opts, store, c); err != nil {
		t.Fatal(err)
	}
	m, err := store.AddMember(progress.NewMember{Name: "Rhian Evans"})
	if err != nil {
		t.Fatal(err)
	}
	first := c.Modules[0]
	if _, err := store.Record(progress.Event{Kind: progress.ModuleRead, Member: m.Number, Module: first.ID, ModuleVersion: first.Version}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.FinishQuiz(progress.QuizResult{Member: m.Number, Attempt: progress.NewAttemptID(), Module: first.ID,
		ModuleVersion: first.Version, Score: quiz.Score{Correct: 5, Total: 5, Passed: true}}); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestRecordsKnowTheirCourse: a record file made with a council's own
// content is reported and exported against that content without
// --content, and refused against another course unless --any-course.
func TestRecordsKnowTheirCourse(t *testing.T) {
	db := boundRecords(t)

	out := mustRun(t, "--db", db, "report")
	if !strings.Contains(out, "1 of 5") || !strings.Contains(out, "Rhian Evans") {
		t.Errorf("the report is not of the pack's five modules:\n%s", out)
	}
	mustRun(t, "--db", db, "export", "--format", "xapi", "--out", "statements.json")
	data, err := os.ReadFile("statements.json")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "https://www.dyffrynteg.example/learning/online-conduct") || strings.Contains(string(data), "gedling") {
		t.Errorf("the statements are not under the pack's address:\n%.400s", data)
	}

	// The built-in course, asked for explicitly, is another course.
	builtIn := builtInDir
	for _, args := range [][]string{{"report"}, {"export", "--out", "x.csv"}, {"verify"}} {
		_, err := execute(t, append([]string{"--db", db, "--content", builtIn}, args...)...)
		msg := wantExit(t, err, exitFailure)
		for _, want := range []string{"belongs to another course", "Dyffryn Teg", "Gedling Borough Council", "give --content", "--any-course"} {
			if !strings.Contains(msg, want) {
				t.Errorf("course %s with another course said:\n%s\nwant %q", args[0], msg, want)
			}
		}
	}
	if out := mustRun(t, "--db", db, "--content", builtIn, "--any-course", "report"); !strings.Contains(out, "of 7") {
		t.Errorf("--any-course did not report against the course given:\n%s", out)
	}
}

// TestRememberedContentGone: a record file whose content folder has gone
// says so, and how to go on.
func TestRememberedContentGone(t *testing.T) {
	db := recordsIn(t)
	pack := t.TempDir()
	if err := os.CopyFS(pack, os.DirFS(packDir)); err != nil {
		t.Fatal(err)
	}
	opts := &options{db: db, contentDir: pack}
	store, err := openStore(opts, false)
	if err != nil {
		t.Fatal(err)
	}
	c, err := courseFor(opts, store)
	if err == nil {
		err = bindCourse(opts, store, c)
	}
	store.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(pack); err != nil {
		t.Fatal(err)
	}
	_, err = execute(t, "--db", db, "report")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "which is not there any more") || !strings.Contains(msg, "--content") {
		t.Errorf("report said:\n%s", msg)
	}
}

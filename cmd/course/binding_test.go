package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/progress/progresstest"
	"course/internal/quiz"
	"course/internal/record"
	"course/internal/store"
	"course/internal/ui"
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
	recs, err := openStore(opts, false)
	if err != nil {
		t.Fatal(err)
	}
	defer recs.Close()
	ch, err := chooseCourse(opts, recs)
	if err != nil {
		t.Fatal(err)
	}
	if err := bindCourse(recs, ch); err != nil {
		t.Fatal(err)
	}
	c := ch.course
	m, err := recs.AddMember(record.NewMember{Name: "Rhian Evans"})
	if err != nil {
		t.Fatal(err)
	}
	first := c.Modules[0]
	if _, err := progresstest.Save(recs, record.Event{Kind: record.ModuleRead, Member: m.Number, Module: first.ID, ModuleVersion: first.Version}); err != nil {
		t.Fatal(err)
	}
	if _, err := coursework.FinishQuiz(recs, progress.QuizResult{Member: m.Number, Attempt: record.NewAttemptID(), Module: first.ID,
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
		for _, want := range []string{"belongs to another course", "Dyffryn Teg", "Gedling Borough Council", "leave out --content", "--any-course"} {
			if !strings.Contains(msg, want) {
				t.Errorf("course %s with another course said:\n%s\nwant %q", args[0], msg, want)
			}
		}
	}
	if out := mustRun(t, "--db", db, "--content", builtIn, "--any-course", "report"); !strings.Contains(out, "of 7") {
		t.Errorf("--any-course did not report against the course given:\n%s", out)
	}
	// --any-course uses the course given for that run only.
	if out := mustRun(t, "--db", db, "report"); !strings.Contains(out, "1 of 5") {
		t.Errorf("after --any-course, the records are not reported against their own course:\n%s", out)
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
	recs, err := openStore(opts, false)
	if err != nil {
		t.Fatal(err)
	}
	ch, err := chooseCourse(opts, recs)
	if err == nil {
		err = bindCourse(recs, ch)
	}
	recs.Close()
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

// copyPack copies the made-up council's pack to a folder of the test's own.
func copyPack(t *testing.T) string {
	t.Helper()
	pack := filepath.Join(t.TempDir(), "pack")
	if err := os.CopyFS(pack, os.DirFS(packDir)); err != nil {
		t.Fatal(err)
	}
	return pack
}

// loadedCourses are the pack's course and the built-in one, as the
// program loads them.
func loadedCourses(t *testing.T, pack string) (own, builtIn *modules.Course) {
	t.Helper()
	own, err := loadCourse(pack)
	if err != nil {
		t.Fatal(err)
	}
	if builtIn, err = loadCourse(""); err != nil {
		t.Fatal(err)
	}
	if own.ID == builtIn.ID || own.Council == builtIn.Council {
		t.Fatal("the pack is not another council's course")
	}
	return own, builtIn
}

// rememberedFolder is the content folder the record file remembers.
func rememberedFolder(t *testing.T, db string) string {
	t.Helper()
	recs, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer recs.Close()
	b, _, err := recs.Course()
	if err != nil {
		t.Fatal(err)
	}
	return b.Content
}

// TestRunsWithoutContentKeepTheFolder: a record file made with a council's
// pack keeps its folder through runs that name none, and every command
// after them uses the pack's course.
func TestRunsWithoutContentKeepTheFolder(t *testing.T) {
	db := recordsIn(t)
	pack := copyPack(t)
	own, builtIn := loadedCourses(t, pack)

	out, err := executeWithInput(t, "Rhian Evans\n\n\n\n\nquit\n", "--db", db, "--content", pack, "--accessible")
	if err != nil || !strings.Contains(out, "Registered.") {
		t.Fatalf("registering with the pack: %v\n%s", err, out)
	}
	// The course again, naming no folder: the remembered one is used and kept.
	out, err = executeWithInput(t, "quit\n", "--db", db, "--accessible")
	if err != nil || !strings.Contains(out, own.Welcome.Heading) || !strings.Contains(out, "Rhian Evans") {
		t.Fatalf("the course without --content: %v\n%s", err, out)
	}
	if got := rememberedFolder(t, db); got != pack {
		t.Fatalf("after a run without --content the record file remembers %q, want %q", got, pack)
	}
	readFirstModule(t, db, own)

	seen := []string{out}
	seen = append(seen, mustRun(t, "--db", db, "report"))
	if !strings.Contains(seen[len(seen)-1], "0 of "+strconv.Itoa(len(own.Modules))) {
		t.Errorf("the report is not of the pack's modules:\n%s", seen[len(seen)-1])
	}
	mustRun(t, "--db", db, "export", "--format", "xapi", "--out", "statements.json")
	data, err := os.ReadFile("statements.json")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), own.XAPI.ActivityBase) {
		t.Errorf("the statements are not under the pack's address:\n%.400s", data)
	}
	out, err = executeWithInput(t, "quit\n", "--db", db, "--accessible")
	if err != nil || !strings.Contains(out, own.Welcome.Heading) {
		t.Errorf("the accessible course after the report: %v\n%s", err, out)
	}
	seen = append(seen, out)
	// The full-screen course opens the same way.
	recs, c, err := openCourse(&options{db: db})
	if err != nil {
		t.Fatal(err)
	}
	title := ui.New(ui.Options{Course: c, Store: recs, Dark: true}).View().WindowTitle
	recs.Close()
	if c.ID != own.ID || title != own.Title {
		t.Errorf("the course opens %q with the window title %q, want the pack's %q", c.Title, title, own.Title)
	}
	if got := rememberedFolder(t, db); got != pack {
		t.Errorf("at the end the record file remembers %q, want %q", got, pack)
	}
	for _, s := range seen {
		if strings.Contains(s, builtIn.Council) {
			t.Errorf("a run of the pack's course names the built-in course's council:\n%s", s)
		}
	}
}

// readFirstModule records that the first member read the course's first
// module, as the course does.
func readFirstModule(t *testing.T, db string, c *modules.Course) {
	t.Helper()
	recs, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer recs.Close()
	members, err := recs.Members()
	if err != nil || len(members) == 0 {
		t.Fatalf("members %v: %v", members, err)
	}
	first := c.Modules[0]
	if _, err := progresstest.Save(recs, record.Event{Kind: record.ModuleRead, Member: members[0].Number, Module: first.ID, ModuleVersion: first.Version}); err != nil {
		t.Fatal(err)
	}
}

// TestGivenFolderIsRemembered: a record file that names no folder for its
// council's course (as one run without --content used to leave it) says
// so truly, names no other council, and its advice, given once to any
// command, mends it.
func TestGivenFolderIsRemembered(t *testing.T) {
	db := recordsIn(t)
	pack := copyPack(t)
	own, builtIn := loadedCourses(t, pack)
	recs, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = recs.BindCourse(record.CourseBinding{ID: own.ID, Title: courseTitle(own), GuidanceVersion: own.GuidanceVersion})
	recs.Close()
	if err != nil {
		t.Fatal(err)
	}

	for _, args := range [][]string{{"report"}, {"export", "--out", "x.csv"}, {"search", "password"}, {"--accessible"}} {
		_, err := executeWithInput(t, "quit\n", append([]string{"--db", db}, args...)...)
		msg := wantExit(t, err, exitFailure)
		for _, want := range []string{courseTitle(own), "not the course built into this program", "does not say which folder", "--content FOLDER", "will remember it"} {
			if !strings.Contains(msg, want) {
				t.Errorf("course %s said:\n%s\nwant %q", args[0], msg, want)
			}
		}
		for _, wrong := range []string{builtIn.Council, "run without --content", "leave out --content"} {
			if strings.Contains(msg, wrong) {
				t.Errorf("course %s said:\n%s\nwhich has %q", args[0], msg, wrong)
			}
		}
	}
	if out, err := execute(t, "--db", db, "--help"); err != nil || strings.Contains(out, builtIn.Council) {
		t.Errorf("--help names the built-in course's council: %v\n%s", err, out)
	}

	// The advice, given once to a command that only reads the records.
	mustRun(t, "--db", db, "--content", pack, "report")
	if got := rememberedFolder(t, db); got != pack {
		t.Fatalf("report --content left the record file remembering %q, want %q", got, pack)
	}
	mustRun(t, "--db", db, "report")
	mustRun(t, "--db", db, "export", "--out", "x.csv")
	if out, err := executeWithInput(t, "quit\n", "--db", db, "--accessible"); err != nil || !strings.Contains(out, own.Welcome.Heading) {
		t.Errorf("the course after the folder was given: %v\n%s", err, out)
	}
}

// TestMovedFolder: a record file whose folder has moved names the folder
// and how to point to the new place, and remembers the new place once
// given.
func TestMovedFolder(t *testing.T) {
	db := recordsIn(t)
	pack := copyPack(t)
	own, builtIn := loadedCourses(t, pack)
	if out, err := executeWithInput(t, "", "--db", db, "--content", pack, "--accessible"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	moved := filepath.Join(t.TempDir(), "moved")
	if err := os.Rename(pack, moved); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"report"}, {"search", "password"}, {"--accessible"}} {
		_, err := executeWithInput(t, "quit\n", append([]string{"--db", db}, args...)...)
		msg := wantExit(t, err, exitFailure)
		for _, want := range []string{courseTitle(own), pack + ", which is not there any more", "If the folder has moved, give its new place with --content FOLDER", "will remember it"} {
			if !strings.Contains(msg, want) {
				t.Errorf("course %s said:\n%s\nwant %q", args[0], msg, want)
			}
		}
		if strings.Contains(msg, builtIn.Council) {
			t.Errorf("course %s names the built-in course's council:\n%s", args[0], msg)
		}
	}
	// Given once, to search, the new place is remembered for every command.
	if out := mustRun(t, "--db", db, "--content", moved, "search", "password"); !strings.Contains(out, own.Cite(own.Modules[1].Teaches[0])) {
		t.Errorf("search in the moved pack:\n%s", out)
	}
	if got := rememberedFolder(t, db); got != moved {
		t.Fatalf("the record file remembers %q, want %q", got, moved)
	}
	mustRun(t, "--db", db, "report")
	if out, err := executeWithInput(t, "quit\n", "--db", db, "--accessible"); err != nil || !strings.Contains(out, own.Welcome.Heading) {
		t.Errorf("the course from the moved pack: %v\n%s", err, out)
	}
}

// TestSearchAndHelpUseTheRecordsCourse: with a record file of a council's
// pack, search and --help show that course, as the course itself does.
func TestSearchAndHelpUseTheRecordsCourse(t *testing.T) {
	db := boundRecords(t)
	own, builtIn := loadedCourses(t, packDir)
	out := mustRun(t, "--db", db, "search", "password")
	if !strings.Contains(out, "Module 2 (section B), Staying safe · "+own.Cite("B1")) {
		t.Errorf("search did not search the pack:\n%s", out)
	}
	out = mustRun(t, "--db", db, "--help")
	if !strings.HasPrefix(out, own.Title+"\n"+own.Subtitle()+"\n") || strings.Contains(out, builtIn.Council) {
		t.Errorf("--help does not name the pack's course:\n%s", out)
	}
	// $COURSE_DB names the record file as --db does.
	t.Setenv("COURSE_DB", db)
	if out := mustRun(t, "--help"); !strings.HasPrefix(out, own.Title+"\n") {
		t.Errorf("--help with $COURSE_DB:\n%s", out)
	}
	// No record file yet: the built-in course, and none is made.
	none := filepath.Join(t.TempDir(), "none.db")
	if out := mustRun(t, "--db", none, "--help"); !strings.HasPrefix(out, builtIn.Title+"\n") {
		t.Errorf("--help with no record file:\n%s", out)
	}
	if _, err := os.Stat(none); !os.IsNotExist(err) {
		t.Errorf("--help made a record file: %v", err)
	}
}

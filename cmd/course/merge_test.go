package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"course/content/contenttest"
	"course/internal/certificate"
	"course/internal/handin"
	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/store"
	"course/internal/store/chain"
)

// ownComputer is a record file on a member's own computer, shared with
// another member, on which Dee Jones has taken the first n modules of the
// built-in course.
type ownComputer struct {
	path, dee string
}

func newOwnComputer(t *testing.T, n int, course record.CourseBinding) ownComputer {
	t.Helper()
	c := contenttest.Course(t)
	path := filepath.Join(t.TempDir(), "own.db")
	s, err := store.Open(path, store.Options{AppVersion: "0.9"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if course.ID == "" {
		course = record.CourseBinding{ID: c.ID, Title: courseTitle(c), GuidanceVersion: c.GuidanceVersion}
	}
	if err := s.BindCourse(course); err != nil {
		t.Fatal(err)
	}
	dee, err := s.AddMember(record.NewMember{Name: "Dee Jones", Email: "dee.jones@example.gov.uk", Ward: "Abbey"})
	if err != nil {
		t.Fatal(err)
	}
	other := progresstest.AddMember(t, s, "Flo Green")
	for _, m := range c.Modules[:n] {
		a := record.NewAttemptID()
		ev := func(member string, kind record.Kind) record.Event {
			return record.Event{Kind: kind, Member: member, Module: m.ID, ModuleVersion: m.Version, Attempt: a, Score: 1, Total: 1, Passed: true}
		}
		progresstest.Record(t, s, ev(other.Number, record.ModuleRead), ev(dee.Number, record.QuizFinished), ev(dee.Number, record.ModuleCompleted))
	}
	return ownComputer{path: path, dee: dee.Number}
}

// handIn writes Dee's hand-in from the computer's records.
func (o ownComputer) handIn(t *testing.T) string {
	t.Helper()
	s, err := store.Open(o.path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var b bytes.Buffer
	if err := s.ReadLog(func(lr *store.LogReader) error { return handin.Write(&b, lr, o.dee, time.Now()) }); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "Hand-in Dee Jones.course-hand-in")
	if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// code is Dee's certificate code on their own computer.
func (o ownComputer) code(t *testing.T) string {
	t.Helper()
	return certificate.Code(storedEvents(t, o.path, o.dee), contenttest.Course(t).ModuleIDs())
}

// recordBytes are the record file and its sidecar.
func recordBytes(t *testing.T, db string) string {
	t.Helper()
	var all []byte
	for _, p := range []string{db, chain.SidecarPath(db)} {
		b, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(append(all, b...), 0)
	}
	return string(all)
}

func TestMergeAHandIn(t *testing.T) {
	c := contenttest.Course(t)
	own := newOwnComputer(t, len(c.Modules), record.CourseBinding{})
	file := own.handIn(t)
	code := own.code(t)
	db := recordsIn(t)
	mustRun(t, "--db", db, "members", "add", "--name", "Ed Fox")

	out := mustRun(t, "--db", db, "merge", file)
	for _, want := range []string{"Dee Jones is new to these records, added as member " + own.dee, "brought in",
		"their certificate " + code + " now verifies here"} {
		if !strings.Contains(out, want) {
			t.Errorf("merge said:\n%s\nwant %q", out, want)
		}
	}
	verified := mustRun(t, "--db", db, "verify", "--certificate", code)
	if !strings.Contains(verified, "verified: it belongs to Dee Jones (member "+own.dee+")") ||
		!regexp.MustCompile(`handed in: the hand-in file \(SHA-256 [0-9a-f]{64}\) was merged into these records on .* by user `).MatchString(verified) {
		t.Errorf("verify --certificate said:\n%s", verified)
	}
	report := mustRun(t, "--db", db, "report")
	if !regexp.MustCompile(`Dee Jones .*complete\*`).MatchString(report) || !strings.Contains(report, handedInLegend) || strings.Contains(report, "Ed Fox  .*\\*") {
		t.Errorf("the report does not mark the completion handed in:\n%s", report)
	}
	csv := mustRun(t, "--db", db, "report", "--format", "csv")
	if !strings.Contains(csv, ",handed_in,email_refused,last_invited\r\n") || !regexp.MustCompile(`Dee Jones,Abbey,false,.*,complete,,,true,,\r\n`).MatchString(csv) {
		t.Errorf("the CSV report:\n%s", csv)
	}

	// Again: nothing is new, and nothing is written.
	before := recordBytes(t, db)
	if out := mustRun(t, "--db", db, "merge", file); !regexp.MustCompile(`nothing new, all \d+ records were already here\.`).MatchString(out) {
		t.Errorf("merging again said:\n%s", out)
	}
	if recordBytes(t, db) != before {
		t.Error("merging the same file again changed the records")
	}
	mustRun(t, "--db", db, "verify")
}

func TestMergeRefusesWithItsReason(t *testing.T) {
	own := newOwnComputer(t, 2, record.CourseBinding{})
	good := own.handIn(t)
	data, _ := os.ReadFile(good)
	lines := strings.SplitAfter(string(data), "\n")
	write := func(name, text string) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	edited := strings.Replace(string(data), `"score":1,`, `"score":9,`, 1)
	if edited == string(data) {
		t.Fatal("no score to change")
	}
	other := newOwnComputer(t, 1, record.CourseBinding{ID: "other-council", Title: "Another council's guidance"})
	refused := map[string]struct{ file, reason string }{
		"edited":       {write("edited", edited), "changed after the course wrote it"},
		"truncated":    {write("truncated", strings.Join(lines[:len(lines)-2], "")), "incomplete"},
		"a CSV":        {write("roster.csv", "name,email\nDee Jones,dee@example.org\n"), "not a hand-in file"},
		"a record":     {own.path, "not a hand-in file"},
		"other course": {other.handIn(t), "Another council's guidance"},
	}
	db := recordsIn(t)
	mustRun(t, "--db", db, "members", "add", "--name", "Ed Fox")
	for name, tc := range refused {
		before := recordBytes(t, db)
		_, errOut, err := executeApart(t, "--db", db, "merge", tc.file)
		msg := wantExit(t, err, exitFailure)
		if !strings.Contains(errOut, "was refused, and nothing was merged from it") || !strings.Contains(errOut, tc.reason) ||
			!strings.Contains(msg, "1 of 1 files refused") {
			t.Errorf("%s: said %q, %q; want the reason %q", name, errOut, msg, tc.reason)
		}
		if recordBytes(t, db) != before {
			t.Errorf("%s: the records changed", name)
		}
	}

	// A good file among bad ones is still merged; the run fails.
	out, errOut, err := executeApart(t, "--db", db, "merge", refused["edited"].file, good)
	wantExit(t, err, exitFailure)
	if !strings.Contains(out, "added as member "+own.dee) || !strings.Contains(errOut, "edited was refused") {
		t.Errorf("merging a good and a bad file: %q, %q", out, errOut)
	}

	// Erased here, the member is not brought back by a later hand-in.
	mustRun(t, "--db", db, "members", "erase", own.dee, "--reason", "left the council, request 2026/3", "--yes")
	before := recordBytes(t, db)
	_, errOut, err = executeApart(t, "--db", db, "merge", good)
	wantExit(t, err, exitFailure)
	if !strings.Contains(errOut, own.dee+" was erased from these records on ") || !strings.Contains(errOut, "a hand-in does not bring them back") {
		t.Errorf("merging an erased member's file: %q", errOut)
	}
	if recordBytes(t, db) != before {
		t.Error("the records changed")
	}
}

func TestMergeOverSSH(t *testing.T) {
	c := contenttest.Course(t)
	own := newOwnComputer(t, len(c.Modules), record.CourseBinding{})
	data, err := os.ReadFile(own.handIn(t))
	if err != nil {
		t.Fatal(err)
	}
	db := recordsIn(t)
	mustRun(t, "--db", db, "members", "add", "--name", "Dee Jones", "--email", "DEE.JONES@example.gov.uk")
	f := startServe(t, db)

	out, errOut, status := f.run(f.officer, bytes.NewReader(data), "merge -")
	if status != 0 || !strings.Contains(out, "Dee Jones is member ") || !strings.Contains(out, "(the same email)") {
		t.Fatalf("merge over SSH: status %d, %q, %q", status, out, errOut)
	}
	_, errOut, status = f.run(f.officer, bytes.NewReader(data), "merge "+own.path)
	if status != exitUsage || !strings.Contains(errOut, "give - in its place") {
		t.Errorf("a file named over SSH: status %d, %q", status, errOut)
	}
	out, _, status = f.run(f.officer, nil, "verify --certificate "+own.code(t))
	if status != 0 || !strings.Contains(out, "by officer key SHA256:") {
		t.Errorf("verify over SSH: status %d, %q", status, out)
	}
}

func TestStandardInputIsCapped(t *testing.T) {
	r := &cappedReader{r: strings.NewReader("0123456789"), left: 4}
	b := make([]byte, 10)
	n, err := r.Read(b)
	if n != 4 || err != nil {
		t.Fatalf("read %d, %v", n, err)
	}
	if _, err := r.Read(b); err != errTooBig || !isOver(r) {
		t.Errorf("past the cap: %v", err)
	}
}

// A hand-in merged into records that do not exist yet makes them, of the
// file's course, with the member in them.
func TestMergeIntoNewRecords(t *testing.T) {
	own := newOwnComputer(t, 1, record.CourseBinding{})
	db := recordsIn(t)
	out := mustRun(t, "--db", db, "merge", own.handIn(t))
	if !strings.Contains(out, "added as member "+own.dee+": 2 records brought in.") {
		t.Errorf("merge said:\n%s", out)
	}
	if list := mustRun(t, "--db", db, "members", "list"); !strings.Contains(list, own.dee+"\tDee Jones\tdee.jones@example.gov.uk\tAbbey") {
		t.Errorf("members list:\n%s", list)
	}
	s := openRecords(t, db)
	if b, ok, err := s.Course(); err != nil || !ok || b.ID != contenttest.Course(t).ID {
		t.Errorf("the records belong to %+v (%v, %v), want the built-in course", b, ok, err)
	}
}

// The whole road: a member hands in on their own computer, the officer
// merges the file, the report marks the completion handed in, and the code
// the member holds verifies in the council's records.
func TestHandInThenMerge(t *testing.T) {
	c := contenttest.Course(t)
	own := newOwnComputer(t, len(c.Modules), record.CourseBinding{})
	folder := t.TempDir()
	said := mustRun(t, "--db", own.path, "hand-in", own.dee, "--out", folder)
	code := own.code(t)
	if !strings.Contains(said, code) {
		t.Errorf("hand-in does not give the certificate code %s:\n%s", code, said)
	}
	files, err := filepath.Glob(filepath.Join(folder, "*.course-hand-in"))
	if err != nil || len(files) != 1 {
		t.Fatalf("hand-in wrote %v (%v)", files, err)
	}
	db := recordsIn(t)
	mustRun(t, "--db", db, "members", "import", writeRosterFile(t, "name,email,ward\nDee Jones,dee.jones@example.gov.uk,Abbey\nEd Fox,,\n"))
	if out := mustRun(t, "--db", db, "merge", files[0]); !strings.Contains(out, "(the same email)") {
		t.Errorf("merge said:\n%s", out)
	}
	if report := mustRun(t, "--db", db, "report"); !regexp.MustCompile(`Dee Jones .*complete\*`).MatchString(report) {
		t.Errorf("report:\n%s", report)
	}
	if out := mustRun(t, "--db", db, "verify", "--certificate", code); !strings.Contains(out, "it belongs to Dee Jones") || !strings.Contains(out, "handed in") {
		t.Errorf("verify --certificate:\n%s", out)
	}
}

func writeRosterFile(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "roster.csv")
	writeRoster(t, p, text)
	return p
}

// What a hand-in says it holds is what its merge into records that hold
// none of it says it brought in: the member's details are not counted by
// either.
func TestHandInAndMergeCountAlike(t *testing.T) {
	own := newOwnComputer(t, 2, record.CourseBinding{})
	file := filepath.Join(t.TempDir(), "dee.course-hand-in")
	said := strings.Join(strings.Fields(mustRun(t, "--db", own.path, "hand-in", own.dee, "--out", file)), " ")
	var holds int
	if _, err := fmt.Sscanf(said[strings.Index(said, "It holds "):], "It holds %d record", &holds); err != nil {
		t.Fatalf("hand-in said %q: %v", said, err)
	}
	merged := mustRun(t, "--db", recordsIn(t), "merge", file)
	if want := fmt.Sprintf("added as member %s: %d records brought in.", own.dee, holds); holds != 4 || !strings.Contains(merged, want) {
		t.Errorf("hand-in said %q, merge said %q; want %q, of Dee's 4 records", said, merged, want)
	}
}

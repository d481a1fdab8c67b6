package main

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/progress/progresstest"
	"course/internal/quiz"
	"course/internal/record"
	"course/internal/report"
	"course/internal/stats"
	"course/internal/store"
)

// answersFixture is a record file of the built-in course in which members
// each finish one attempt at module 1's quiz, saved as the course saves
// answers; member i gets the first i%4 questions wrong.
func answersFixture(t *testing.T, members int) (string, *modules.Course) {
	t.Helper()
	c, err := loadCourse("")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "records.db")
	at := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	s, err := store.Open(path, store.Options{Now: func() time.Time { at = at.Add(time.Second); return at }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mod := c.Modules[0]
	for i := range members {
		m, err := s.AddMember(record.NewMember{Name: "Secret Name " + string(rune('A'+i))})
		if err != nil {
			t.Fatal(err)
		}
		attempt := record.NewAttemptID()
		score := 0
		for j, q := range mod.Questions {
			chosen := q.CorrectOptions()
			if j < i%4 {
				chosen = []int{slices.IndexFunc(q.Options, func(o quiz.Option) bool { return !o.Correct })}
			}
			a, err := quiz.Grade(q, chosen)
			if err != nil {
				t.Fatal(err)
			}
			if a.Correct {
				score++
			}
			progresstest.Record(t, s, coursework.AnswerEvent(c, m.Number, attempt, q, a))
		}
		progresstest.Record(t, s, record.Event{Kind: record.QuizFinished, Member: m.Number, Module: mod.ID, ModuleVersion: mod.Version,
			Attempt: attempt, Score: score, Total: len(mod.Questions)})
	}
	return path, c
}

// TestReportQuestions: the table, CSV, JSON and workbook of question
// statistics name no member, and say "too few" below the group size.
func TestReportQuestions(t *testing.T) {
	path, c := answersFixture(t, 6)
	mod := c.Modules[0]
	out, err := execute(t, "--db", path, "report", "--questions")
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{"Module 1: " + mod.Title, mod.Questions[0].ID, "chosen: ", "Paragraphs of the guidance", "from 6 members"} {
		if !strings.Contains(out, want) {
			t.Errorf("the table has no %q:\n%s", want, out)
		}
	}
	if testing.Verbose() {
		t.Log("\n" + out)
	}
	if strings.Contains(out, "Secret Name") {
		t.Error("a member is named")
	}
	// Module 2 was never answered.
	if !strings.Contains(out, c.Modules[1].Questions[0].ID) || !strings.Contains(out, stats.TooFew) {
		t.Errorf("module 2's questions do not say %q:\n%s", stats.TooFew, out)
	}

	out, err = execute(t, "--db", path, "report", "--questions", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(c.Questions()) || rows[1][1] != mod.Questions[0].ID || rows[1][3] != "6" {
		t.Errorf("CSV rows %q", rows[:2])
	}

	out, err = execute(t, "--db", path, "report", "--questions", "--all-attempts", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		AllAttempts bool `json:"all_attempts"`
		Paragraphs  []struct {
			Paragraph string `json:"paragraph"`
		} `json:"paragraphs"`
	}
	if err := json.Unmarshal([]byte(out), &back); err != nil || !back.AllAttempts || len(back.Paragraphs) != len(c.Paragraphs) {
		t.Errorf("JSON %v: %+v", err, back)
	}

	xlsx := filepath.Join(t.TempDir(), "committee.xlsx")
	if out, err := execute(t, "--db", path, "report", "--questions", "--out", xlsx); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Contains(got, report.QuestionsSheet) || !slices.Contains(got, report.ParagraphsSheet) {
		t.Errorf("sheets %q", got)
	}
}

// TestReportQuestionsPrivacy: with fewer members than the group size,
// every row says there are too few answers to show.
func TestReportQuestionsPrivacy(t *testing.T) {
	path, c := answersFixture(t, 4)
	out, err := execute(t, "--db", path, "report", "--questions", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out, `"note": "`+stats.TooFew+`"`); n != len(c.Questions())+len(c.Paragraphs) {
		t.Errorf("%d rows say %q, want every one of %d:\n%s", n, stats.TooFew, len(c.Questions())+len(c.Paragraphs), out)
	}
}

func TestReportQuestionsFlags(t *testing.T) {
	path, _ := answersFixture(t, 1)
	for _, args := range [][]string{{"--all-attempts"}, {"--questions", "--ward", "Abbey"}} {
		_, err := execute(t, append([]string{"--db", path, "report"}, args...)...)
		wantExit(t, err, exitUsage)
	}
}

// TestValidateAnswers: validate --answers lists the questions to look at
// with their file and line.
func TestValidateAnswers(t *testing.T) {
	path, c := answersFixture(t, 8)
	out, err := execute(t, "validate", "--answers", path)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if testing.Verbose() {
		t.Log("\n" + out)
	}
	mod := c.Modules[0]
	// Everybody got the last questions right: they are too easy.
	last := mod.Questions[len(mod.Questions)-1]
	want := filepath.ToSlash(filepath.Join("content", mod.QuizFile)) + ":"
	found := false
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, want) && strings.Contains(l, "question "+last.ID+": too easy") {
			found = true
		}
	}
	if !found || !strings.Contains(out, "judged to look at (warnings only).") {
		t.Errorf("validate --answers does not flag %s as too easy:\n%s", last.ID, out)
	}
	if out, err := execute(t, "validate", "--answers", filepath.Join(t.TempDir(), "none.db")); err == nil || !strings.Contains(err.Error()+out, "no such file") {
		t.Errorf("a missing record file: %v\n%s", err, out)
	}
}

// TestReportQuestionsOverSSH: the officer gets the question statistics
// over SSH as on the server, and the workbook too.
func TestReportQuestionsOverSSH(t *testing.T) {
	path, _ := answersFixture(t, 5)
	want := mustRun(t, "--db", path, "report", "--questions", "--format", "json")
	f := startServe(t, path)
	out, errOut, status := f.run(f.officer, nil, "report --questions --format json")
	if status != 0 || out != want {
		t.Errorf("report --questions over SSH: status %d, %q\n%s\nwant the same as on the server:\n%s", status, errOut, out, want)
	}
	out, errOut, status = f.run(f.officer, nil, "report --questions --format xlsx")
	if status != 0 {
		t.Fatalf("the workbook over SSH: status %d, %q", status, errOut)
	}
	book, err := excelize.OpenReader(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	if !slices.Contains(book.GetSheetList(), report.ParagraphsSheet) {
		t.Errorf("the workbook over SSH has sheets %q", book.GetSheetList())
	}
}

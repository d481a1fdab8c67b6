package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"course/content"
	"course/internal/modules"
)

// execute runs the course command line with args and returns its output.
func execute(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := newRootCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), err
}

func TestValidateBuiltIn(t *testing.T) {
	out, err := execute(t, "validate")
	if err != nil {
		t.Fatalf("validate failed: %v\n%s", err, out)
	}
	for _, want := range []string{"Para  Taught by", "1.1   purpose", "5.6   code-of-conduct", "7     advice", "7 modules,", "35 guidance paragraphs", "Every paragraph is taught and tested.", "Answer clues are within the limits."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "NOT TAUGHT") || strings.Contains(out, "NOT TESTED") {
		t.Error("a paragraph is not covered")
	}
}

// copyContent writes the built-in content to a temporary folder.
func copyContent(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(content.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(content.FS, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestValidateDirectory(t *testing.T) {
	dir := copyContent(t)
	if out, err := execute(t, "validate", dir); err != nil {
		t.Fatalf("a faithful copy fails: %v\n%s", err, out)
	}
	quizFile := filepath.Join(dir, "modules", "3-keeping-safe.quiz.yaml")
	data, err := os.ReadFile(quizFile)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(data), "    type: ", "    tip: look closely\n    type: ", 1)
	line := strings.Count(broken[:strings.Index(broken, "    tip:")], "\n") + 1
	if err := os.WriteFile(quizFile, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := execute(t, "validate", dir)
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != exitFailure {
		t.Fatalf("validate of broken content: err = %v, want exit %d", err, exitFailure)
	}
	want := filepath.ToSlash(quizFile) + ":" + strconv.Itoa(line) + `: unknown field "tip"`
	if !strings.Contains(filepath.ToSlash(out), want) {
		t.Errorf("output lacks %q:\n%s", want, out)
	}
	if !strings.Contains(ee.msg, "1 problem") {
		t.Errorf("summary = %q", ee.msg)
	}
}

func TestValidateMissingFolder(t *testing.T) {
	_, err := execute(t, "validate", filepath.Join(t.TempDir(), "nowhere"))
	if err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("err = %v", err)
	}
}

// TestValidateClues checks that answer clues are warnings unless --strict.
func TestValidateClues(t *testing.T) {
	dir := copyContent(t)
	quizFile := filepath.Join(dir, "modules", "1-purpose.quiz.yaml")
	data, err := os.ReadFile(quizFile)
	if err != nil {
		t.Fatal(err)
	}
	// Cite, in the first feedback, a paragraph the question does not test.
	clued := strings.Replace(string(data), "feedback: >", "feedback: >\n          See also Guidance 6.1.", 1)
	if clued == string(data) {
		t.Fatal("found no feedback to change")
	}
	if err := os.WriteFile(quizFile, []byte(clued), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := execute(t, "validate", dir)
	if err != nil {
		t.Fatalf("clues alone fail without --strict: %v\n%s", err, out)
	}
	for _, want := range []string{"Answer clues:", "feedback cites 6.1", "warnings only"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, err = execute(t, "validate", "--strict", dir)
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != exitFailure || !strings.Contains(ee.msg, "over the answer-clue limits") {
		t.Fatalf("--strict: err = %v, want exit %d over the limits\n%s", err, exitFailure, out)
	}
}

// otherPack is a made-up council's course, numbered A1, B2(a), C1.1.
const otherPack = "../../testdata/dyffryn-teg"

func TestValidateAnotherCouncilsPack(t *testing.T) {
	out, err := execute(t, "validate", "--strict", otherPack)
	// Its quizzes are two questions each, too short for any pass mark to
	// mean something: that is the one limit it is over.
	var ee *exitError
	if !errors.As(err, &ee) || ee.msg != otherPack+" is over the answer-clue limits:\n  pass mark: 5 of 5 module quizzes are too short for a pass mark of 70%" {
		t.Fatalf("validate: err = %v, want the pass mark alone over its limit\n%s", err, out)
	}
	for _, want := range []string{"B2(a) safe", "C1.1  conduct", "E1    cymorth", "5 modules, 10 questions, 10 guidance paragraphs", "modules/b-safe.quiz.yaml: module 2 (safe) asks 2 questions"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestValidateSpeaksPlainly: tabs and a missing quiz are named for what
// they are, every one of them, in one run.
func TestValidateSpeaksPlainly(t *testing.T) {
	dir := copyContent(t)
	settings := filepath.Join(dir, "course.yaml")
	data, err := os.ReadFile(settings)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	var tabbed []int
	for i, l := range lines {
		if strings.HasPrefix(l, "    topic: ") && len(tabbed) < 3 {
			lines[i] = "\t" + strings.TrimPrefix(l, "    ")
			tabbed = append(tabbed, i+1)
		}
	}
	if err := os.WriteFile(settings, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "modules", "4-responsibilities.quiz.yaml")); err != nil {
		t.Fatal(err)
	}
	out, err := execute(t, "validate", dir)
	var ee *exitError
	if !errors.As(err, &ee) || !strings.Contains(ee.msg, "4 problems") {
		t.Fatalf("err = %v, want 4 problems\n%s", err, out)
	}
	want := []string{"4-responsibilities.quiz.yaml: file not found: every lesson 4-responsibilities.md needs a quiz 4-responsibilities.quiz.yaml beside it"}
	for _, n := range tabbed {
		want = append(want, "course.yaml:"+strconv.Itoa(n)+": line "+strconv.Itoa(n)+" starts with a tab: YAML needs spaces for indenting")
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "cannot start any token") || strings.Contains(out, "violates indentation") {
		t.Errorf("output gives the YAML reader's own words:\n%s", out)
	}
}

// TestHelpNamesTheCourse: --help names the course in use in its own words.
func TestHelpNamesTheCourse(t *testing.T) {
	out, err := execute(t, "--help")
	if err != nil || !strings.HasPrefix(out, "Social Media Guidance course\nGedling Borough Council · Social Media Guidance for Members, version 1.0\n") {
		t.Errorf("course --help: %v\n%s", err, out)
	}
	out, err = execute(t, "--content", otherPack, "--help")
	if err != nil || !strings.HasPrefix(out, "Online Conduct course\nDyffryn Teg County Borough Council · Protocol on Councillors' Use of Social Media, version 2.3\n") || strings.Contains(out, "Gedling") {
		t.Errorf("course --content … --help: %v\n%s", err, out)
	}
}

func TestSearchAnotherCouncilsPack(t *testing.T) {
	out, err := execute(t, "--content", otherPack, "search", "password")
	if err != nil {
		t.Fatalf("search: %v\n%s", err, out)
	}
	if !strings.Contains(out, "Module 2 (section B), Staying safe · Protocol B1\n") {
		t.Errorf("search output:\n%s", out)
	}
}

// TestValidateWording: a pack with no title, and feedback that opens with
// its verdict, is warned about at the file and line of each, with what
// the certificate will read; the warnings fail only with --strict.
func TestValidateWording(t *testing.T) {
	dir := copyContent(t)
	settings := filepath.Join(dir, "course.yaml")
	data, err := os.ReadFile(settings)
	if err != nil {
		t.Fatal(err)
	}
	untitled := regexp.MustCompile(`(?m)^title:.*\n`).ReplaceAllString(string(data), "")
	if untitled == string(data) {
		t.Fatal("course.yaml has no title to take out")
	}
	if err := os.WriteFile(settings, []byte(untitled), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := modules.Load(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	first := c.Modules[0]
	quizFile := filepath.Join(dir, filepath.FromSlash(first.QuizFile))
	data, err = os.ReadFile(quizFile)
	if err != nil {
		t.Fatal(err)
	}
	// The first feedback, written plain or folded (">", ">-"), opens with a
	// verdict.
	at := strings.Index(string(data), "feedback:")
	line := strings.Count(string(data[:at]), "\n") + 1
	verdict := string(data[:at]) + regexp.MustCompile(`^feedback: *(>-?\n\s+)?`).ReplaceAllString(string(data[at:]), "${0}Correct. ")
	if err := os.WriteFile(quizFile, []byte(verdict), 0o644); err != nil {
		t.Fatal(err)
	}

	out, err := execute(t, "validate", dir)
	if err != nil {
		t.Fatalf("wording warnings fail without --strict: %v\n%s", err, out)
	}
	out = filepath.ToSlash(out)
	for _, want := range []string{
		"Wording:\n" + filepath.ToSlash(settings) + ":1: the course has no title, so it is named after its guidance, " + strconv.Quote(c.GuidanceTitle),
		"the certificate will be headed " + strconv.Quote(c.GuidanceTitle) + " and read " +
			strconv.Quote(strings.ReplaceAll(c.Certificate("[date]", nil), "\n", " / ")),
		"give the course a name of its own with title:",
		filepath.ToSlash(quizFile) + ":" + strconv.Itoa(line) + `: question "` + first.Questions[0].ID + `" option 1: feedback starts with a verdict, "Correct", which the course has already given`,
		"The wording has 2 warnings (warnings only; --strict makes them fail).",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	_, err = execute(t, "validate", "--strict", dir)
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "has 2 wording warnings (listed above under Wording)") {
		t.Errorf("--strict said %q", msg)
	}
}

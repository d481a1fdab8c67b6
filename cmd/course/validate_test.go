package main

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"course/content"
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

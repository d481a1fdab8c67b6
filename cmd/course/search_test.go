package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSearchLeavesOutQuizAnswers: course search, which knows of no
// member's quizzes, finds the lessons but not a quiz's answers or why
// each is right or wrong, and says so.
func TestSearchLeavesOutQuizAnswers(t *testing.T) {
	out := mustRun(t, "--db", filepath.Join(t.TempDir(), "records.db"), "search", "trolls")
	if !strings.Contains(out, "Module 3") {
		t.Fatalf("search trolls found no lesson:\n%s", out)
	}
	for _, part := range []string{"a right answer", "a wrong answer", "why an answer is"} {
		if strings.Contains(out, part) {
			t.Errorf("search shows %q of a quiz:\n%s", part, out)
		}
	}
	if !strings.Contains(out, "Quiz answers are left out") {
		t.Errorf("search does not say it leaves quiz answers out:\n%s", out)
	}
}

// TestSearchTellsAScreenReaderUserHowToOpen: with --accessible, course
// search says how to open the places in the plain text course, which has
// no / key.
func TestSearchTellsAScreenReaderUserHowToOpen(t *testing.T) {
	out := mustRun(t, "--db", filepath.Join(t.TempDir(), "records.db"), "--accessible", "search", "trolls")
	if strings.Contains(out, "press /") || !strings.Contains(out, "type search trolls") {
		t.Errorf("course --accessible search does not say how to open the places in the plain text course:\n%s", out)
	}
}

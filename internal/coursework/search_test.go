package coursework

import (
	"strings"
	"testing"

	"course/internal/modules"
	"course/internal/modules/modulestest"
	"course/internal/progress"
)

// TestSearchShowsAQuizsAnswersOnceTaken: a quiz's options and why each is
// right or wrong are found only once the member has finished that quiz,
// or for everyone when course.yaml sets answers_in_search; its scenario
// is found all along.
func TestSearchShowsAQuizsAnswersOnceTaken(t *testing.T) {
	load := func(extra string) *modules.Course {
		t.Helper()
		fsys := modulestest.ValidFS()
		fsys["course.yaml"].Data = []byte(modulestest.Settings + extra)
		c, err := modules.Load(fsys, ".")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := load("")
	found := func(c *modules.Course, p progress.Progress, query string) bool {
		return len(Search(c, p, query)) > 0
	}
	none := progress.Progress{}
	if found(c, none, "politely") || found(c, none, "wrong") {
		t.Error("search finds the options and feedback of a quiz not taken")
	}
	if !found(c, none, "resident") {
		t.Error("search does not find a quiz's scenario")
	}
	if !found(c, none, "kind") {
		t.Error("search does not find the lesson")
	}
	taken := progress.Progress{Modules: []progress.ModuleProgress{{Module: "one", Attempts: 1}, {Module: "two"}}}
	if !found(c, taken, "politely") || !found(c, taken, "wrong") {
		t.Error("search does not find the answers of a quiz taken")
	}
	if found(c, taken, "that") {
		t.Error("search finds the answers of module two, whose quiz is not taken")
	}
	if AnswersHidden(c) == "" {
		t.Error("search does not say it leaves answers out")
	}
	always := load("answers_in_search: true\n")
	if !always.AnswersInSearch || !found(always, none, "politely") || AnswersHidden(always) != "" {
		t.Error("answers_in_search: true does not show every quiz's answers")
	}
	fsys := modulestest.ValidFS()
	fsys["course.yaml"].Data = []byte(modulestest.Settings + "answers_in_search: sometimes\n")
	if _, err := modules.Load(fsys, "."); err == nil || !strings.Contains(err.Error(), "course.yaml") {
		t.Errorf("answers_in_search: sometimes was taken, or its error does not name the file: %v", err)
	}
}

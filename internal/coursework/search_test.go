package coursework

import (
	"strings"
	"testing"

	"course/content/contenttest"
	"course/internal/modules"
	"course/internal/modules/modulestest"
	"course/internal/progress"
	"course/internal/progress/progresstest"
	"course/internal/record"
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

// TestSearchLeavesQuizzesOutDuringOne: while a member has a quiz under
// way, on screen or left part way (a module's or a refresher), search
// finds only the lessons, answers_in_search or not, and says why; without
// one it finds the quizzes as before.
func TestSearchLeavesQuizzesOutDuringOne(t *testing.T) {
	c := contenttest.Course(t)
	mod := c.Modules[0]
	passed := record.Event{Kind: record.QuizFinished, Member: "M1", Module: mod.ID, ModuleVersion: mod.Version, Attempt: "a1", Score: 6, Total: 6, Passed: true, Time: progresstest.Start}
	answer := func(attempt, reason string) record.Event {
		return record.Event{Kind: record.QuestionAnswered, Member: "M1", Module: mod.ID, ModuleVersion: mod.Version,
			Attempt: attempt, Question: mod.Questions[0].ID, Chosen: []int{0}, Reason: reason}
	}
	quizzes := func(ms []modules.Match) (n int) {
		for _, m := range ms {
			if m.Question != "" {
				n++
			}
		}
		return n
	}
	const word = "facebook"
	for _, answersInSearch := range []bool{false, true} {
		c.AnswersInSearch = answersInSearch
		free := NewStanding(c, "M1", []record.Event{passed}, progresstest.Start)
		if !free.SearchesQuizzes(false) || quizzes(free.Search(c, word, false)) == 0 || free.SearchLeavesOut(c, false) == QuizzesHidden {
			t.Fatalf("answers_in_search %v: with no quiz under way, search leaves the quizzes out", answersInSearch)
		}
		for name, st := range map[string]Standing{
			"a quiz on screen":          free,
			"a retake left part way":    NewStanding(c, "M1", []record.Event{passed, answer("a2", "")}, progresstest.Start),
			"a refresher left part way": NewStanding(c, "M1", []record.Event{passed, answer("r1", record.RefresherAnswer)}, progresstest.Start),
		} {
			onScreen := name == "a quiz on screen"
			found := st.Search(c, word, onScreen)
			if st.SearchesQuizzes(onScreen) || quizzes(found) > 0 || len(found) == 0 || st.SearchLeavesOut(c, onScreen) != QuizzesHidden {
				t.Errorf("answers_in_search %v, %s: search finds %d places, %d in quizzes; says %q", answersInSearch, name, len(found), quizzes(found), st.SearchLeavesOut(c, onScreen))
			}
		}
	}
}

package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"course/content"
	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/record"
	"course/internal/store"
)

func TestSearchOpensTheLessonAtTheMatch(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("/")
	h.typeText("friend request")
	h.contains("Search: friend request", fmt.Sprintf("Found in %d places", len(h.root().search().Results())), "Guidance 4.5")
	// The first result from a lesson (quiz results may come before it).
	for i, m := range h.root().search().Results() {
		if m.Part == modules.LessonText {
			for h.root().search().Index() < i {
				h.press("down")
			}
			break
		}
	}
	h.press("enter")
	r := h.root().reader()
	first, hits := r.Match()
	if h.root().state != stateReader || r.Module().ID != "responsibilities" || hits == 0 {
		t.Fatalf("state %v, %d hits", h.root().state, hits)
	}
	h.contains("Match ", "for “friend request”")
	if !strings.Contains(h.lesson(), "friend") {
		t.Errorf("the match is not on screen:\n%s", h.screen())
	}
	h.press("n")
	if at, _ := h.root().reader().Match(); at == first {
		t.Error("n did not move to the next match")
	}
	h.press("N")
	if at, _ := h.root().reader().Match(); at != first {
		t.Error("N did not move back")
	}
	h.press("esc")
	if h.root().state != stateSearch {
		t.Fatalf("esc from a search result went to %v", h.root().state)
	}
	h.press("esc")
	if h.root().state != stateHome {
		t.Fatalf("esc from search went to %v", h.root().state)
	}
}

func TestSearchFromTheQuizAndBack(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("1", "t", "/")
	h.typeText("zebra")
	// A quiz under way leaves the quizzes out of search.
	h.contains("Nothing in the lessons has all of those words")
	h.press("esc")
	if h.root().state != stateQuiz || h.root().quiz().phase != phaseAnswer {
		t.Fatalf("not back in the quiz: %v", h.root().state)
	}
}

func TestOutlineJumps(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("3", "o")
	h.contains("Part 1:", "Guidance 3.1:")
	items, _ := h.root().reader().Outline()
	last := len(items) - 1
	for range last {
		h.press("down")
	}
	h.contains("› Guidance 3.10:")
	h.press("enter")
	r := h.root().reader()
	if r.OutlineOpen() {
		t.Fatal("outline still open")
	}
	if y := r.YOffset(); y == 0 || y > items[last].Line {
		t.Errorf("jumped to line %d, want near %d", y, items[last].Line)
	}
}

func TestRefresherPutsMissedQuestionsFirst(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	// Module 3 passed with every answer right; module 2 failed, then
	// passed: its questions were missed once, so they come first.
	h.press("3", "t")
	h.answerAll(true)
	h.press("esc", "2", "t")
	h.answerAll(false)
	h.press("r")
	h.answerAll(true)
	h.press("esc", "r")
	q := h.root().quiz()
	if h.root().state != stateQuiz || q.attempt.Module != nil || len(q.attempt.Questions) != coursework.RefresherSize {
		t.Fatalf("no refresher: state %v, %d questions", h.root().state, len(q.attempt.Questions))
	}
	missed := len(h.course.Module("what-is-social-media").Questions)
	for i, s := range q.attempt.Questions {
		if (i < missed) != (s.Question.Module == "what-is-social-media") {
			t.Fatalf("question %d is from %s: missed questions must come first", i, s.Question.Module)
		}
	}
	h.answerAll(true)
	h.contains("Refresher quiz", "10 of 10")
	h.press("v")
	h.contains("Review · refresher quiz", "You chose")
	events, err := h.store.MemberEvents(h.root().c.member.Number)
	if err != nil {
		t.Fatal(err)
	}
	var finished record.Event
	for _, e := range events {
		if e.Kind == record.RefresherFinished {
			finished = e
		}
	}
	if finished.Score != 10 || !finished.Passed {
		t.Errorf("refresher-finished event = %+v", finished)
	}
}

func TestReviewFromHome(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("6", "t")
	h.answerAll(false)
	h.press("esc", "v") // the home screen keeps module 6 selected
	first := h.course.Module("general").Questions[0]
	right := "The right answer:"
	if len(first.CorrectOptions()) > 1 {
		right = "The right answers:"
	}
	h.contains("Review · module 6 quiz", "✗ Not quite. You chose:", right, "Why:")
	// The question is shown with its scenario, and every choice whole, at
	// 60 columns too: nothing is cut at the window's edge.
	h.send(tea.WindowSizeMsg{Width: 60, Height: 200})
	h.contains("Based on Guidance 6.1")
	screen := strings.Join(strings.Fields(h.screen()), " ")
	for _, want := range []string{strings.Join(strings.Fields(first.Scenario), " "), strings.Join(strings.Fields(first.Options[first.CorrectOptions()[0]].Text), " ")} {
		if !strings.Contains(screen, want) {
			t.Errorf("the review lacks %q", want)
		}
	}
	h.press("esc")
	if h.root().state != stateHome {
		t.Fatalf("esc from review went to %v", h.root().state)
	}
}

// TestOnlyChangedModulesNeedRefresh passes two modules, changes the text of
// one of them in a council's content folder, and starts again: only that
// module needs a refresh, and the home screen says why and how long.
func TestOnlyChangedModulesNeedRefresh(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, content.FS); err != nil {
		t.Fatal(err)
	}
	recs := openStore(t, filepath.Join(t.TempDir(), "records.db"))
	defer recs.Close()
	h := startHarness(t, recs, 80, 24)
	h.register("Robin Hart")
	for _, n := range []string{"1", "2"} {
		h.press(n, "t")
		h.answerAll(true)
		h.press("enter")
	}
	h.contains("2 of 7 passed")

	lesson := filepath.Join(dir, "modules", "2-what-is-social-media.md")
	data, err := os.ReadFile(lesson)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(lesson, append(data, []byte("\nA new paragraph (Guidance 2.4).\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	changed, err := modules.Load(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	h2 := startWith(t, recs, changed, 80, 24)
	h2.press("enter") // the member is remembered
	h2.contains("1 of 7 passed", "1 module needs a refresh, about "+modules.Duration(changed.Modules[1].Minutes), "(the module has changed since you passed it)")
	mods := h2.root().c.standing.Progress.Modules
	if mods[0].Status != progress.Passed || mods[1].Status != progress.NeedsRefresh {
		t.Errorf("statuses = %v, %v", mods[0].Status, mods[1].Status)
	}
	h2.contains("! needs refresh", "Refresh module 2")
}

// TestRefreshOpensTheLesson: a module read and passed whose pass needs a
// refresh is carried on by reading its lesson again, as the plain text
// course does, not by going straight to its quiz.
func TestRefreshOpensTheLesson(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	longAgo := testNow.AddDate(-1, -1, 0)
	old, err := store.Open(path, store.Options{Now: func() time.Time { return longAgo }, AppVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	h := startHarness(t, old, 80, 24)
	h.register("Robin Hart")
	h.press("1", "end", "enter") // read to the end, then the quiz
	h.answerAll(true)
	h.press("esc")
	if mp := h.root().c.standing.Module(0); !mp.Read || !mp.Passed {
		t.Fatalf("module 1 read %v, passed %v", mp.Read, mp.Passed)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	recs := openStore(t, path)
	t.Cleanup(func() { recs.Close() })
	h = startHarness(t, recs, 80, 24)
	h.press("enter") // continue as Robin Hart
	h.contains("Refresh module 1")
	h.press("enter")
	if h.root().state != stateReader {
		t.Errorf("carrying on a module that needs a refresh went to %v, want its lesson", h.root().state)
	}
}

// TestRefresherRenewsOldPasses drives the course: a member passes every
// module, a year and more goes by, and a refresher answered rightly renews
// the passes of the modules it asked about, and only those.
func TestRefresherRenewsOldPasses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	longAgo := testNow.AddDate(-1, -1, 0)
	old, err := store.Open(path, store.Options{Now: func() time.Time { return longAgo }, AppVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	h := startHarness(t, old, 80, 24)
	h.register("Robin Hart")
	for i := range h.course.Modules {
		h.press(strconv.Itoa(i+1), "t")
		h.answerAll(true)
		h.press("esc")
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	recs := openStore(t, path)
	t.Cleanup(func() { recs.Close() })
	h = startHarness(t, recs, 80, 24)
	h.press("enter") // continue as Robin Hart
	h.contains("need a refresh")
	if p := h.root().c.standing.Progress; p.Status != progress.NeedsRefresh || p.Passed != 0 {
		t.Fatalf("a year on: status %v, %d passed", p.Status, p.Passed)
	}
	h.press("r")
	asked := map[string]bool{}
	for _, q := range h.root().quiz().attempt.Questions {
		asked[q.Question.Module] = true
	}
	h.answerAll(true)
	h.contains("renewed")
	h.press("esc")
	p := h.root().c.standing.Progress
	for _, mp := range p.Modules {
		if want := asked[mp.Module]; (mp.Status == progress.Passed) != want {
			t.Errorf("module %s: %v after a refresher that asked about it: %v", mp.Module, mp.Status, want)
		}
	}
	if len(asked) == 0 || len(asked) == len(p.Modules) {
		t.Fatalf("the refresher asked about %d modules; the test needs some but not all", len(asked))
	}
	if p.Passed != len(asked) {
		t.Errorf("%d modules passed, want the %d the refresher renewed", p.Passed, len(asked))
	}
}

// TestNoRefresherBeforeAPass: a member who has passed nothing is told what
// the refresher is for, and no module is touched.
func TestNoRefresherBeforeAPass(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	before := len(onlyMembersEvents(t, h.store))
	h.press("r")
	if h.root().state != stateHome {
		t.Fatalf("r went to %v", h.root().state)
	}
	h.contains("The refresher goes over the modules you have passed")
	if n := len(onlyMembersEvents(t, h.store)); n != before {
		t.Errorf("%d events recorded", n-before)
	}
	h.press("down")
	h.contains("Why this guidance exists")
	if strings.Contains(h.screen(), "The refresher goes over") {
		t.Error("the notice stayed after another key")
	}
}

// TestResultsSayMoreOnlyWhenThereIsMore: results that fit say nothing of
// more below, and the key line offers no PgDn.
func TestResultsSayMoreOnlyWhenThereIsMore(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("3", "t")
	h.answerAll(false)
	h.contains("Not passed this time")
	if s := h.screen(); strings.Contains(s, "more below") || strings.Contains(s, "PgDn more") {
		t.Errorf("the results fit, yet the screen says there is more:\n%s", s)
	}
}

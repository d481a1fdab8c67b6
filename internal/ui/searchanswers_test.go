package ui

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/quiz"

	tea "charm.land/bubbletea/v2"
)

// TestSearchHidesAnswersOfQuizzesNotTaken: before a member has taken a
// module's quiz, search finds nothing of its options or why each is right
// or wrong, and says so; once they have taken it, even without passing,
// it does.
func TestSearchHidesAnswersOfQuizzesNotTaken(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("/")
	if !strings.Contains(strings.Join(strings.Fields(h.screen()), " "), coursework.AnswersHidden(h.course)) {
		t.Errorf("the search does not say it leaves answers out:\n%s", h.screen())
	}
	h.typeText("trolls")
	for _, m := range h.root().search().Results() {
		if m.Question != "" && m.Part != modules.Scenario && m.Part != modules.Prompt {
			t.Fatalf("search shows %s of a quiz not taken: %q", m.Part, m.Text)
		}
	}
	if len(h.root().search().Results()) == 0 {
		t.Fatal("search found nothing of trolls, so this shows nothing")
	}
	h.press("esc")
	var troll *modules.Module
	for _, m := range h.course.Search("trolls") {
		if m.Part == modules.RightFeedback || m.Part == modules.WrongFeedback {
			troll = m.Module
			break
		}
	}
	if troll == nil {
		t.Fatal("no quiz explains trolls, so this shows nothing")
	}
	h.press(string(rune('0'+troll.Number)), "t")
	h.answerAll(false)
	h.press("esc") // from the results to the modules
	h.press("/")
	h.typeText("trolls")
	h.contains("quiz: why an answer is")
}

// TestRefresherLeftPartWay: while a refresher is under way, on screen or
// left part way, search finds only the lessons and says why; the home
// screen offers to carry it on, and r carries it on with its answer
// standing and its next question unchanged.
func TestRefresherLeftPartWay(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("1", "t")
	h.answerAll(true)
	h.press("esc")
	h.press("r")
	h.answer(true, 1)
	h.press("enter")
	next := h.root().quiz().current().Question.ID

	// A word in module 1's quiz explanations, which search found before.
	word := "facebook"
	if !slices.ContainsFunc(coursework.Search(h.course, h.root().c.standing.Progress, word), func(m modules.Match) bool {
		return m.Question != "" && m.Part != modules.Scenario && m.Part != modules.Prompt
	}) {
		t.Fatalf("no explanation in a quiz taken has %q, so this shows nothing", word)
	}
	onlyLessons := func(where string) {
		t.Helper()
		h.press("/")
		h.typeText(word)
		for _, m := range h.root().search().Results() {
			if m.Question != "" {
				t.Fatalf("%s, search shows a quiz's %s: %q", where, m.Part, m.Text)
			}
		}
		h.contains("in the lessons only until your quiz is finished")
		h.press("esc")
	}
	onlyLessons("during the refresher")
	if h.root().state != stateQuiz || h.root().quiz().current().Question.ID != next {
		t.Fatalf("not back at the refresher's question: %v", h.root().state)
	}
	h.press("esc")
	h.contains("Continue the refresher quiz (1 of ")
	onlyLessons("with the refresher left part way")

	h.press("r")
	h.contains("Carrying on where you left off: your saved answer stands.", "Question 2 of")
	if got := h.root().quiz().current().Question.ID; got != next {
		t.Errorf("carried on, the refresher asks %s, was to ask %s", got, next)
	}
	h.answerAll(true)
	h.press("esc", "/")
	h.typeText(word)
	if !slices.ContainsFunc(h.root().search().Results(), func(m modules.Match) bool { return m.Question != "" }) {
		t.Error("with the refresher finished, search still leaves out the quizzes")
	}
}

// TestAnotherRefresherWaitsForTheResult: r on a refresher's results,
// pressed before its result is read back, starts the next refresher only
// once it is, so that it is drawn anew rather than as the one just
// answered.
func TestAnotherRefresherWaitsForTheResult(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.register("Robin Hart")
	h.press("1", "t")
	h.answerAll(true)
	h.press("esc", "r")
	first := h.root().quiz().attempt
	h.answer(true, len(first.Questions)-1)
	h.press("enter")
	q := h.root().quiz().current()
	for pos := range q.Order {
		if q.Option(pos).Correct {
			h.press(strconv.Itoa(pos + 1))
		}
	}
	h.press("enter") // the last answer, saved
	// The result saved, and r pressed before the record is read back.
	var cmd tea.Cmd
	h.m, cmd = h.m.Update(keyMsg("enter"))
	h.m, cmd = h.m.Update(h.wait(cmd))
	if h.root().quiz().phase != phaseResults {
		t.Fatalf("not on the results: phase %v", h.root().quiz().phase)
	}
	var early tea.Cmd
	h.m, early = h.m.Update(keyMsg("r"))
	h.run(tea.Batch(cmd, early))

	next := h.root().quiz().attempt
	st, err := coursework.Load(h.store, h.course, h.root().c.member.Number, testNow)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := coursework.NewRefresher(h.course, h.root().c.member.Number, "", st, rand.New(rand.NewPCG(1, 2)))
	if next.ID == first.ID || !slices.Equal(ids(next.Asked()), ids(want.Asked())) {
		t.Errorf("another refresher asks %v, want %v drawn from the record with the last one's result", ids(next.Asked()), ids(want.Asked()))
	}
}

func ids(qs []quiz.Question) []string {
	var out []string
	for _, q := range qs {
		out = append(out, q.ID)
	}
	return out
}

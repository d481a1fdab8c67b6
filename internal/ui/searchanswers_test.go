package ui

import (
	"strings"
	"testing"

	"course/internal/coursework"
	"course/internal/modules"
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

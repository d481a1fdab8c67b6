package ui

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"course/content/contenttest"
	"course/internal/modules"
)

// TestSearchResultsSayWhatMatchedAndOpenAtTheTeaching: a quiz result says
// which part of the question matched; opening it shows the lesson where
// it teaches the question's paragraph; a long list says there is more.
func TestSearchResultsSayWhatMatchedAndOpenAtTheTeaching(t *testing.T) {
	h := newHarnessShowingAnswers(t)
	h.register("Robin Hart")
	h.press("/")
	h.typeText("guidance")
	if !regexp.MustCompile(`\n  ↓ \d+ more\n`).MatchString(h.screen()) {
		t.Errorf("the results do not say how many more there are:\n%s", h.screen())
	}
	h.press("esc")
	h.press("/")
	h.typeText("trolls")
	m := h.chooseQuizResult()
	h.contains(m.Part.String() + " · Guidance " + strings.Join(m.Paragraphs, ", "))
	h.press("enter")
	top := strings.Join(strings.Split(h.lesson(), "\n")[:4], "\n")
	if !strings.Contains(top, "Guidance "+m.Paragraphs[0]) {
		t.Errorf("the quiz result opened the lesson at:\n%s\nwant where it teaches %s", top, m.Paragraphs[0])
	}
}

// newHarnessShowingAnswers is the built-in course at 80 by 24, set to show
// every quiz's answers in search (as a course used as a refresher is), so
// that searching finds quiz explanations before any quiz is taken.
func newHarnessShowingAnswers(t *testing.T) *harness {
	c := contenttest.Course(t)
	c.AnswersInSearch = true
	recs := openStore(t, filepath.Join(t.TempDir(), "records.db"))
	t.Cleanup(func() { recs.Close() })
	return startWith(t, recs, c, 80, 24)
}

// chooseQuizResult moves the search's choice down to its first result from a
// quiz question's explanations, and returns it. The results come from the
// built-in course, so the test finds one rather than knowing where it is.
func (h *harness) chooseQuizResult() modules.Match {
	h.t.Helper()
	for i, m := range h.root().search().Results() {
		if m.Part != modules.RightFeedback && m.Part != modules.WrongFeedback {
			continue
		}
		for h.root().search().Index() < i {
			h.press("down")
		}
		return m
	}
	h.t.Fatalf("no result from a quiz's explanations:\n%s", h.screen())
	return modules.Match{}
}

// TestSearchFromALessonGoesBackHome: esc from a lesson a search opened goes
// to the results, and from there to where the search began — never round
// again to the lesson (which replaced the one the search began in).
// Looking something up records nothing.
func TestSearchFromALessonGoesBackHome(t *testing.T) {
	h := newHarnessShowingAnswers(t)
	h.register("Robin Hart")
	before := len(onlyMembersEvents(t, h.store))
	h.press("1", "esc") // open module 1 and come back, to see it recorded
	opened := len(onlyMembersEvents(t, h.store))
	if opened == before {
		t.Fatal("opening a module recorded nothing")
	}
	h.press("1", "/")
	h.typeText("trolls")
	h.press("enter")
	h.contains("esc results")
	h.press("/") // search again from the lesson the search opened
	h.press("enter", "esc", "esc")
	if got := h.root().state; got != stateHome {
		t.Fatalf("esc, esc from a search result went to %v, want home", got)
	}
	h.press("/")
	h.typeText("trolls")
	m := h.chooseQuizResult()
	h.press("enter")
	h.contains("Where the lesson teaches Guidance " + m.Paragraphs[0])
	if n := len(onlyMembersEvents(t, h.store)); n != opened+1 { // module 1 opened again
		t.Errorf("looking things up recorded %d events", n-opened-1)
	}
}

// TestOutlineOpensThePartAboutAParagraph: at 80 and 120 columns, a
// paragraph's entry opens the part that teaches it, heading first, not a
// part that mentions it in passing or the summary.
func TestOutlineOpensThePartAboutAParagraph(t *testing.T) {
	for _, width := range []int{80, 120} {
		h := newHarness(t, width, 40)
		h.register("Robin Hart")
		h.press("3", "o")
		items, _ := h.root().reader().Outline()
		for i, item := range items {
			for id, heading := range map[string]string{"Guidance 3.3:": "Privacy settings", "Guidance 3.5:": "Posts last"} {
				if !strings.HasPrefix(item.Label, id) {
					continue
				}
				for _, at := h.root().reader().Outline(); at != i; _, at = h.root().reader().Outline() {
					if at < i {
						h.press("down")
					} else {
						h.press("up")
					}
				}
				h.press("enter")
				var top string // the first line with something on it
				for _, l := range strings.Split(h.lesson(), "\n") {
					if top = strings.TrimSpace(l); top != "" {
						break
					}
				}
				if top != heading {
					t.Errorf("%d columns: %s opened at %q, want the part %q", width, id, top, heading)
				}
				h.press("o")
			}
		}
	}
}

package ui

import (
	tea "charm.land/bubbletea/v2"

	"course/internal/modules"

	"course/internal/ui/search"
	"course/internal/ui/widgets"
)

// searchModel is the search of the whole course on the course's screen.
type searchModel struct {
	search.Model
	c    *common
	back state // the screen to return to
}

func newSearch(c *common) searchModel { return searchIn(c, false) }

// searchIn is the search; inQuiz says it is opened from a quiz under way.
func searchIn(c *common, inQuiz bool) searchModel {
	keys := c.keys.ForSearch()
	input := widgets.NewTextInput("Search: ", "a word or two, e.g. friend request", 80)
	// The record is read at each search, so that it is the member's latest.
	find := func(query string) []modules.Match {
		return c.standing.Finished(c.finishedAttempts).Search(c.course, query, inQuiz)
	}
	st := c.standing.Finished(c.finishedAttempts)
	m := search.New(c.course, find, st.SearchLeavesOut(c.course, inQuiz), keys, input)
	if !st.SearchesQuizzes(inQuiz) {
		m = m.LessonsOnly()
	}
	return searchModel{c: c, Model: m}
}

// toSearch opens the search. From a lesson opened by a search, it starts
// with that search's words.
func toSearch(root Model) (Model, tea.Cmd) {
	back := root.state
	if r, ok := root.screens[root.state].(readerModel); ok && r.FromSearch() && root.state == stateReader {
		// From a lesson a search opened, going back goes where that
		// search came from, not round again to the lesson.
		back = stateHome
		if prev, ok := root.screens[stateSearch].(searchModel); ok {
			back = prev.back
		}
	}
	q, ok := root.screens[stateQuiz].(quizModel)
	s := searchIn(root.c, back == stateQuiz && ok && q.phase != phaseResults)
	s.back = back
	if r, ok := root.screens[root.state].(readerModel); ok && r.Query() != "" {
		s.Model = s.SetQuery(r.Query())
	}
	focus := s.Focus()
	root, _ = root.open(stateSearch, s)
	return root, focus
}

func (m searchModel) update(msg tea.Msg) (screen, transition, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "esc":
			return m, backTo(m.back), nil
		case "enter":
			if match, ok := m.Chosen(); ok {
				return m, toReaderAt(match, m.Query()), nil
			}
			return m, nil, nil
		}
	}
	var cmd tea.Cmd
	m.Model, cmd = m.Model.Update(msg)
	return m, nil, cmd
}

func (m searchModel) resize() (screen, tea.Cmd) {
	s := m.c.styles
	m.Model = m.SetSize(m.c.width, m.c.bodyHeight(), search.Styles{Title: s.title, Subtle: s.subtle, Highlight: s.highlight, List: s.list()})
	return m, nil
}

func (m searchModel) globals() globalKeys { return typing }

func (m searchModel) view() string { return m.View() }

func (m searchModel) bindings() bindings { return bindings{short: m.ShortHelp()} }

package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"course/internal/modules"
	"course/internal/safetext"
)

// searchModel searches the whole course: lessons and quiz explanations.
type searchModel struct {
	c       *common
	input   textinput.Model
	results []modules.Match
	list    listCursor
	back    state // the screen to return to
}

func newSearch(c *common) searchModel {
	return searchModel{c: c, input: newTextInput("Search: ", "a word or two, e.g. friend request", 80)}
}

// Search runs as the member types: the course is small enough that every
// keystroke searches all of it in about half a millisecond (BenchmarkSearch).
// From a lesson opened by a search, it starts with that search's words.
func toSearch(root Model) (Model, tea.Cmd) {
	s := newSearch(root.c)
	s.back = root.state
	if r, ok := root.screens[root.state].(readerModel); ok && r.query != "" {
		s.input.SetValue(r.query)
		s = s.run()
	}
	if r, ok := root.screens[root.state].(readerModel); ok && r.fromSearch && root.state == stateReader {
		// From a lesson a search opened, going back goes where that
		// search came from, not round again to the lesson.
		s.back = stateHome
		if prev, ok := root.screens[stateSearch].(searchModel); ok {
			s.back = prev.back
		}
	}
	focus := s.input.Focus()
	root, _ = root.open(stateSearch, s)
	return root, focus
}

func (m searchModel) run() searchModel {
	m.results = m.c.course.Search(m.input.Value())
	m.list = newList(len(m.results), 0)
	m.list.fit(m.resultLines(), 2)
	return m
}

func (m searchModel) update(msg tea.Msg) (screen, transition, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "esc":
			return m, backTo(m.back), nil
		case "enter":
			if len(m.results) == 0 {
				return m, nil, nil
			}
			return m, toReaderAt(m.results[m.list.at], m.input.Value()), nil
		}
		if m.list.update(k, typedListKeys) {
			return m, nil, nil
		}
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() != before {
		m = m.run()
	}
	return m, nil, cmd
}

// resultLines is the lines the results have, two to a result: the
// screen but for the search words above them.
func (m searchModel) resultLines() int {
	return m.c.bodyHeight() - 5
}

// snippet is text cut to width around its first match of words, with "…"
// where it was cut, so that the words searched for are on screen.
func snippet(text string, words []string, width int) string {
	if ansi.StringWidth(text) <= width {
		return text
	}
	spans := modules.FoldedSpans(text, words)
	if len(spans) == 0 || ansi.StringWidth(text[:spans[0][1]]) <= width-1 {
		return truncate(text, width)
	}
	// Start a little before the match, at a word.
	start := max(spans[0][0]-width/3, 0)
	if sp := strings.LastIndex(text[:start], " "); sp >= 0 {
		start = sp + 1
	}
	return truncate("…"+text[start:], width)
}

func (m searchModel) resize() (screen, tea.Cmd) {
	m.input.SetWidth(max(min(m.c.width, 80)-10, 10))
	m.list.fit(m.resultLines(), 2)
	return m, nil
}

func (m searchModel) globals() globalKeys { return typing }

func (m searchModel) view() string {
	c := m.c
	s := c.styles
	w := c.textWidth()
	var b strings.Builder
	b.WriteString(s.title.Render("Search the course") + "\n\n")
	b.WriteString(m.input.View() + "\n\n")
	switch {
	case strings.TrimSpace(m.input.Value()) == "":
		b.WriteString(s.subtle.Render(wrap("Type words to find them in every lesson and quiz explanation. Results show the module and the guidance paragraph.", w)))
		return b.String()
	case len(m.results) == 0:
		b.WriteString(s.subtle.Render(wrap("Nothing in the course has all of those words. Try fewer or other words.", w)))
		return b.String()
	}
	noun := "places"
	if len(m.results) == 1 {
		noun = "place"
	}
	b.WriteString(s.subtle.Render(fmt.Sprintf("Found in %d %s:", len(m.results), noun)) + "\n")
	words := modules.SearchWords(m.input.Value())
	b.WriteString(m.list.view(s, func(i int, chosen bool) string {
		r := m.results[i]
		where := safetext.Inert(r.Module.Section) + " " + safetext.Inert(r.Module.Title)
		if r.Question != "" {
			where += " · " + r.Part.String()
		}
		if len(r.Paragraphs) > 0 {
			where += " · " + safetext.Inert(m.c.course.Cite(r.Paragraphs...))
		}
		line := truncate(where, w-2)
		text, _ := highlight(snippet(safetext.Inert(r.Text), words, w-6), words, s.highlight)
		return s.row(line, chosen) + "\n    " + text
	}))
	return b.String()
}

func (m searchModel) bindings() bindings {
	k := m.c.keys
	list := m.list.help(typedListKeys, "choose")
	open := withHelp(k.Choose, "enter", "open")
	open.SetEnabled(len(m.results) > 0)
	back := withHelp(k.Back, "esc", "back")
	quit := withHelp(k.Quit, "ctrl+c", "quit")
	return bindings{short: []key.Binding{list.move, open, back, list.jump, quit}}
}

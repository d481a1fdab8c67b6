package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"course/internal/modules"
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
	m.list = newList(len(m.results), m.rows())
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
		if m.list.update(k, searchListKeys) {
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

// rows is how many results fit on the screen (two lines each), with a
// line left for saying there are more.
func (m searchModel) rows() int {
	return max((m.c.height-9)/2, 1)
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

// searchListKeys move through the results: only keys that are not typed,
// and not home and end, which move in the search words.
var searchListKeys = listKeys{
	up:       key.NewBinding(key.WithKeys("up")),
	down:     key.NewBinding(key.WithKeys("down")),
	pageUp:   key.NewBinding(key.WithKeys("pgup")),
	pageDown: key.NewBinding(key.WithKeys("pgdown")),
}

func (m searchModel) resize() (screen, tea.Cmd) {
	m.input.SetWidth(max(min(m.c.width, 80)-10, 10))
	m.list.resize(m.rows())
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
	from, to := m.list.shown()
	for i := from; i < to; i++ {
		r := m.results[i]
		where := inert(r.Module.Section) + " " + inert(r.Module.Title)
		if r.Question != "" {
			where += " · " + r.Part.String()
		}
		if len(r.Paragraphs) > 0 {
			where += " · " + inert(m.c.course.Cite(r.Paragraphs...))
		}
		line := truncate(where, w-2)
		words := modules.SearchWords(m.input.Value())
		text, _ := highlight(snippet(inert(r.Text), words, w-6), words, s.highlight)
		text = "    " + text
		b.WriteString(s.row(line, i == m.list.at) + "\n" + text + "\n")
	}
	b.WriteString(m.list.more(s))
	return b.String()
}

func (m searchModel) bindings() bindings {
	k := m.c.keys
	move := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "choose"))
	open := withHelp(k.Choose, "enter", "open")
	back := withHelp(k.Back, "esc", "back")
	quit := withHelp(k.Quit, "ctrl+c", "quit")
	return bindings{short: []key.Binding{move, open, back, quit}}
}

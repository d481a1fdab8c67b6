// Package search is the search of the whole course, lessons and quiz
// explanations, as the member types: a field for the words and the list
// of the places that hold them all, each with the words highlighted. The
// screen that holds it opens the chosen place and goes back on esc.
package search

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"course/internal/modules"
	"course/internal/safetext"
	"course/internal/ui/cells"
	"course/internal/ui/list"
	"course/internal/ui/reader"
)

// Styles are how the search draws.
type Styles struct {
	Title     lipgloss.Style
	Subtle    lipgloss.Style
	Highlight lipgloss.Style
	List      list.Styles
}

// KeyMap is the keys the search names in its help: the screen around it
// opens a result (Choose), goes back (Back) and quits (Quit).
type KeyMap struct {
	Choose, Back, Quit key.Binding
}

// Model searches the whole course: lessons and quiz explanations.
type Model struct {
	course  *modules.Course
	find    func(query string) []modules.Match
	hidden  string // what find leaves out, or ""
	keys    KeyMap
	styles  Styles
	width   int
	height  int
	input   textinput.Model
	results []modules.Match
	list    list.Model

	// lessonsOnly says find leaves out every quiz for now; hidden says
	// why.
	lessonsOnly bool
}

// New is an empty search of course, which find searches (see
// coursework.Standing.Search); hidden says what find leaves out, or is
// "". input is the field the words are typed in.
func New(course *modules.Course, find func(query string) []modules.Match, hidden string, keys KeyMap, input textinput.Model) Model {
	return Model{course: course, find: find, hidden: hidden, keys: keys, input: input}
}

// LessonsOnly says find leaves out every quiz for now, as hidden says.
func (m Model) LessonsOnly() Model {
	m.lessonsOnly = true
	return m
}

// SetQuery types words into the search, as a member would.
func (m Model) SetQuery(words string) Model {
	m.input.SetValue(words)
	return m.run()
}

// Focus puts the cursor in the search field.
func (m *Model) Focus() tea.Cmd { return m.input.Focus() }

// Query is the words typed.
func (m Model) Query() string { return m.input.Value() }

// Results is every place that has all the words, in order.
func (m Model) Results() []modules.Match { return m.results }

// Index is the result chosen.
func (m Model) Index() int { return m.list.Index() }

// Chosen is the result chosen, if there are any.
func (m Model) Chosen() (modules.Match, bool) {
	if len(m.results) == 0 {
		return modules.Match{}, false
	}
	return m.results[m.list.Index()], true
}

// Search runs as the member types: the course is small enough that every
// keystroke searches all of it in about half a millisecond (BenchmarkSearch).
func (m Model) run() Model {
	m.results = m.find(m.input.Value())
	m.list = list.New(len(m.results), 0)
	m.list.Fit(m.resultLines(), 2)
	return m
}

// Update moves among the results and takes what is typed.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && m.list.Update(k, list.TypedKeys) {
		return m, nil
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() != before {
		m = m.run()
	}
	return m, cmd
}

// resultLines is the lines the results have, two to a result: the
// screen but for the search words above them.
func (m Model) resultLines() int {
	return m.height - 5
}

// snippet is text cut to width around its first match of words, with "…"
// where it was cut, so that the words searched for are on screen.
func snippet(text string, words []string, width int) string {
	if ansi.StringWidth(text) <= width {
		return text
	}
	spans := modules.FoldedSpans(text, words)
	if len(spans) == 0 || ansi.StringWidth(text[:spans[0][1]]) <= width-1 {
		return cells.Truncate(text, width)
	}
	// Start a little before the match, at a word.
	start := max(spans[0][0]-width/3, 0)
	if sp := strings.LastIndex(text[:start], " "); sp >= 0 {
		start = sp + 1
	}
	return cells.Truncate("…"+text[start:], width)
}

// SetSize fits the search to the lines it has, width by height, and its
// colours.
func (m Model) SetSize(width, height int, s Styles) Model {
	m.width, m.height, m.styles = width, height, s
	m.input.SetWidth(max(min(width, 80)-10, 10))
	m.list.Fit(m.resultLines(), 2)
	return m
}

// View draws the search field and the results, or what to type.
func (m Model) View() string {
	s := m.styles
	w := min(m.width, 100)
	inert := safetext.Inert
	var b strings.Builder
	b.WriteString(s.Title.Render("Search the course") + "\n\n")
	b.WriteString(m.input.View() + "\n\n")
	switch {
	case strings.TrimSpace(m.input.Value()) == "":
		hint := "Type words to find them in every lesson and quiz explanation. Results show the module and the guidance paragraph."
		switch {
		case m.lessonsOnly:
			hint = "Type words to find them in the lessons. Results show the module and the guidance paragraph. " + m.hidden
		case m.hidden != "":
			hint = "Type words to find them in the lessons and quizzes. Results show the module and the guidance paragraph. " + m.hidden
		}
		b.WriteString(s.Subtle.Render(cells.Wrap(hint, w)))
		return b.String()
	case len(m.results) == 0 && m.lessonsOnly:
		b.WriteString(s.Subtle.Render(cells.Wrap("Nothing in the lessons has all of those words. Try fewer or other words. "+m.hidden, w)))
		return b.String()
	case len(m.results) == 0:
		b.WriteString(s.Subtle.Render(cells.Wrap("Nothing in the course has all of those words. Try fewer or other words.", w)))
		return b.String()
	}
	noun := "places"
	if len(m.results) == 1 {
		noun = "place"
	}
	found := fmt.Sprintf("Found in %d %s:", len(m.results), noun)
	if m.lessonsOnly {
		// One line, so that the results keep their room.
		found = cells.Truncate(fmt.Sprintf("Found in %d %s, in the lessons only until your quiz is finished:", len(m.results), noun), w)
	}
	b.WriteString(s.Subtle.Render(found) + "\n")
	words := modules.SearchWords(m.input.Value())
	b.WriteString(m.list.View(s.List, func(i int, chosen bool) string {
		r := m.results[i]
		where := inert(r.Module.Section) + " " + inert(r.Module.Title)
		if r.Question != "" {
			where += " · " + r.Part.String()
		}
		if len(r.Paragraphs) > 0 {
			where += " · " + inert(m.course.Cite(r.Paragraphs...))
		}
		line := cells.Truncate(where, w-2)
		text, _ := reader.Highlight(snippet(inert(r.Text), words, w-6), words, s.Highlight)
		return s.List.Row(line, chosen) + "\n    " + text
	}))
	return b.String()
}

// ShortHelp is the search's keys for the help line.
func (m Model) ShortHelp() []key.Binding {
	k := m.keys
	list := m.list.Help(list.TypedKeys, "choose")
	open := k.Choose
	open.SetHelp("enter", "open")
	open.SetEnabled(len(m.results) > 0)
	back, quit := k.Back, k.Quit
	back.SetHelp("esc", "back")
	quit.SetHelp("ctrl+c", "quit")
	return []key.Binding{list.Move, open, back, list.Jump, quit}
}

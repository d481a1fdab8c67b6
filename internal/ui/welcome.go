package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"course/internal/modules"
	"course/internal/progress"
	"course/internal/record"
)

// welcomeModel asks who is taking the course and explains how it works.
// Members find their name by moving in the list or by typing part of it;
// the list scrolls, so that the chosen row, the one enter opens, is always
// on screen.
type welcomeModel struct {
	c       *common
	loaded  bool
	members []record.Member
	labels  []string // each member's name and ward, made safe to show
	finder  finder
	last    int // the member who used the course last, or -1
	// find is what has been typed to find a name; found are the members
	// it finds (see finder), by index in members.
	find  textinput.Model
	found []int
	list  listCursor // row len(found) is "register"
	// choosing says enter was pressed on a member, who is being
	// remembered: no other key counts until they are.
	choosing bool
	// intro is how much of the introduction shows (see layout), and
	// listLines the lines left under it for the list.
	intro     int
	listLines int
}

func newWelcome(c *common) welcomeModel {
	return welcomeModel{c: c, last: -1, find: newTextInput("Find: ", "(type part of your name)", 60)}
}

// withMembers lists the members, the last one to use the course chosen.
func (m welcomeModel) withMembers(msg membersMsg) welcomeModel {
	m.loaded, m.members, m.last = true, msg.members, -1
	m.labels = make([]string, len(m.members))
	for i, mem := range m.members {
		m.labels[i] = inert(mem.Name)
		if mem.Ward != "" {
			m.labels[i] += " · " + inert(mem.Ward)
		}
		if mem.Number == msg.last {
			m.last = i
		}
	}
	m.finder = newFinder(m.labels)
	m.find.SetValue("")
	m.find.Focus()
	m.found = m.finder.find("")
	m = m.layout()
	m.list.set(len(m.found))
	if m.last >= 0 {
		m.list.set(m.last)
	}
	return m
}

// finding says the member can type to find their name: there are names.
func (m welcomeModel) finding() bool { return m.loaded && len(m.members) > 0 }

// refind lists the members found by what is typed, the first of them
// chosen, or "register" when none is; or, when keep is set, the member
// chosen before if they are still found.
func (m welcomeModel) refind(keep bool) welcomeModel {
	before := -1
	if m.list.at < len(m.found) {
		before = m.found[m.list.at]
	}
	m.found = m.finder.find(m.find.Value())
	m.list = newList(len(m.found)+1, 0)
	m.list.fit(m.listLines, 1)
	if i := slices.Index(m.found, before); keep && i >= 0 {
		m.list.set(i)
	}
	return m
}

func (m welcomeModel) update(msg tea.Msg) (screen, transition, tea.Cmd) {
	switch msg := msg.(type) {
	case membersMsg:
		return m.withMembers(msg), nil, nil
	case memberChosenMsg:
		return m, toHome(msg.member), nil
	case tea.KeyPressMsg:
		if !m.loaded || m.choosing {
			return m, nil, nil
		}
		k := m.c.keys
		switch {
		case m.list.update(msg, typedListKeys):
			return m, nil, nil
		case key.Matches(msg, k.Choose):
			if m.list.at >= len(m.found) {
				return m, toRegister, nil
			}
			m.choosing = true
			return m, nil, chooseMember(m.c.store, m.members[m.found[m.list.at]])
		case key.Matches(msg, k.Back) && m.find.Value() != "":
			m.find.SetValue("")
			return m.refind(true), nil, nil
		}
		return m.typed(msg)
	case tea.PasteMsg:
		if m.choosing {
			return m, nil, nil
		}
		return m.typed(msg)
	}
	return m, nil, nil
}

// typed takes what is typed into the words that find a name.
func (m welcomeModel) typed(msg tea.Msg) (screen, transition, tea.Cmd) {
	if !m.finding() {
		return m, nil, nil
	}
	before := m.find.Value()
	var cmd tea.Cmd
	m.find, cmd = m.find.Update(msg)
	if m.find.Value() != before {
		m = m.refind(false)
	}
	return m, nil, cmd
}

func toRegister(root Model) (Model, tea.Cmd) {
	r := newRegister(root.c)
	focus := r.focus()
	root, _ = root.open(stateRegister, r)
	return root, focus
}

// toHome makes member the one taking the course and shows their modules.
func toHome(member record.Member) transition {
	return func(root Model) (Model, tea.Cmd) {
		c := root.c
		if c.member.Number != member.Number {
			c.setEvents(progress.Progress{}, nil)
		}
		c.member = member
		root, _ = root.open(stateHome, newHome(c))
		return root, loadProgress(c)
	}
}

// minWelcomeRows is how many rows of the list the welcome screen keeps
// room for, leaving out parts of the introduction in a small window.
const minWelcomeRows = 5

// introduction is the welcome's words above the list: the heading, then
// as parts allows the course's name, the golden rule and how the course
// works, the last left out first.
func (m welcomeModel) introduction(parts int) string {
	c := m.c
	s := c.styles
	w := c.textWidth()
	words := c.course.Welcome
	top := s.title.Render(breakLines(inert(words.Heading), w))
	if parts >= 1 {
		top += "\n" + s.subtle.Render(breakLines(inert(c.course.Subtitle()), w))
	}
	blocks := []string{top}
	if parts >= 3 {
		blocks = append(blocks, wrap(inertLines(words.Text), w))
	}
	if parts >= 2 && words.Rule != "" {
		blocks = append(blocks, s.quote.Render(wrap(inertLines(words.Rule), w-3)))
	}
	return strings.Join(blocks, "\n\n")
}

// introParts is how many parts the introduction can have; see
// introduction.
const introParts = 3

// layout keeps as much of the introduction as leaves room for the list,
// and fits the list in what is left.
func (m welcomeModel) layout() welcomeModel {
	if !m.loaded {
		return m
	}
	heading := 1 // who is taking the course?
	if m.last >= 0 {
		heading++ // last here
	}
	if m.finding() {
		heading++ // the words to find a name
	}
	rows := len(m.members) + 1
	for m.intro = introParts; ; m.intro-- {
		m.listLines = m.c.bodyHeight() - lipgloss.Height(m.introduction(m.intro)) - 1 - heading
		if m.intro == 0 || rowsIn(m.listLines, rows, 1) >= min(rows, minWelcomeRows) {
			break
		}
	}
	m.list.n = len(m.found) + 1
	m.list.fit(m.listLines, 1)
	return m
}

func (m welcomeModel) view() string {
	c := m.c
	s := c.styles
	w := c.textWidth()
	var b strings.Builder
	if !m.loaded {
		b.WriteString(m.introduction(introParts) + "\n\n")
		b.WriteString(s.subtle.Render("Reading the record file…"))
		return b.String()
	}
	b.WriteString(m.introduction(m.intro) + "\n\n")
	heading := s.heading.Render("Who is taking the course?")
	switch {
	case m.find.Value() == "":
	case len(m.found) == 0:
		heading += s.subtle.Render(" None found: esc to clear.")
	default:
		heading += s.subtle.Render(fmt.Sprintf(" %d of %d found.", len(m.found), len(m.members)))
	}
	b.WriteString(truncate(heading, c.width) + "\n")
	if m.last >= 0 {
		b.WriteString(truncate("Last here: "+m.labels[m.last], c.width) + "\n")
	}
	if m.finding() {
		b.WriteString(m.find.View() + "\n")
	}
	b.WriteString(m.list.view(s, func(i int, chosen bool) string {
		if i == len(m.found) {
			return s.row(m.registerLabel(), chosen)
		}
		return s.row(truncate(m.row(m.found[i]), w-2), chosen)
	}))
	return b.String()
}

// row is member i's row in the list: their name, and their ward, which is
// less prominent.
func (m welcomeModel) row(i int) string {
	mem := m.members[i]
	if mem.Ward == "" {
		return inert(mem.Name)
	}
	return inert(mem.Name) + m.c.styles.subtle.Render(" · "+inert(mem.Ward))
}

func (m welcomeModel) registerLabel() string {
	if len(m.members) > 0 {
		return "Someone else: register"
	}
	return "I am new here: register"
}

func (m welcomeModel) resize() (screen, tea.Cmd) {
	m.find.SetWidth(max(min(m.c.textWidth(), 60)-10, 10))
	return m.layout(), nil
}

func (m welcomeModel) globals() globalKeys {
	if m.finding() {
		return typingNames
	}
	return noSearch
}

func (m welcomeModel) bindings() bindings {
	k := m.c.keys
	list := m.list.help(typedListKeys, "choose")
	choose := withHelp(k.Choose, "enter", "continue")
	find := key.NewBinding(key.WithKeys("a"), key.WithHelp("type a name", "find it"))
	find.SetEnabled(m.finding())
	clear := withHelp(k.Back, "esc", "clear")
	clear.SetEnabled(m.find.Value() != "")
	quit := k.Quit
	if m.finding() {
		quit = withHelp(k.Quit, "ctrl+c", "quit") // q is typed
	}
	return bindings{
		short: []key.Binding{list.move, choose, list.jump, clear, find, k.Help, quit},
		full:  [][]key.Binding{{list.move, list.page, list.ends}, {find, clear, choose}, {k.Help, quit}},
	}
}

// adviceLine names whom members can ask for advice, or is "" when
// course.yaml names nobody.
func adviceLine(c *modules.Course) string {
	if len(c.Advice) == 0 {
		return ""
	}
	return "Ask for advice: " + inert(c.AdviceList()) + "."
}

package enrol

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"course/internal/find"
	"course/internal/modules"
	"course/internal/record"
	"course/internal/safetext"
	"course/internal/ui/cells"
	"course/internal/ui/list"
)

// Welcome asks who is taking the course and explains how it works.
// Members find their name by moving in the list or by typing part of it;
// the list scrolls, so that the chosen row, the one enter opens, is always
// on screen.
type Welcome struct {
	course *modules.Course
	keys   KeyMap
	styles Styles
	width  int
	height int
	store  Records

	loaded  bool
	members []record.Member
	labels  []string // each member's name and ward, made safe to show
	finder  find.Finder
	last    int // the member who used the course last, or -1
	// find is what has been typed to find a name; found are the members
	// it finds (see find.Finder), by index in members.
	find  textinput.Model
	found []int
	list  list.Model // row len(found) is "register"
	// choosing says enter was pressed on a member, who is being
	// remembered: no other key counts until they are.
	choosing bool
	// intro is how much of the introduction shows (see layout), and
	// listLines the lines left under it for the list.
	intro     int
	listLines int
}

// NewWelcome is the welcome to course, before the members are read (see
// LoadMembers). The member chosen is remembered in store as the last to
// use the course.
func NewWelcome(course *modules.Course, keys KeyMap, input NewInput, store Records) Welcome {
	return Welcome{course: course, keys: keys, store: store, last: -1, find: input("Find: ", "(type part of your name)", 60)}
}

// WithMembers lists the members, the last one to use the course chosen.
func (m Welcome) WithMembers(msg MembersMsg) Welcome {
	members, last := msg.Members, msg.Last
	m.loaded, m.members, m.last = true, members, -1
	m.labels = make([]string, len(m.members))
	for i, mem := range m.members {
		m.labels[i] = safetext.Inert(mem.Name)
		if mem.Ward != "" {
			m.labels[i] += " · " + safetext.Inert(mem.Ward)
		}
		if mem.Number == last {
			m.last = i
		}
	}
	m.finder = find.New(m.labels)
	m.find.SetValue("")
	m.find.Focus()
	m.found = m.finder.Find("")
	m = m.layout()
	m.list.Select(len(m.found))
	if m.last >= 0 {
		m.list.Select(m.last)
	}
	return m
}

// Loaded says the members have been read.
func (m Welcome) Loaded() bool { return m.loaded }

// Finding says the member can type to find their name: there are names.
func (m Welcome) Finding() bool { return m.loaded && len(m.members) > 0 }

// Typed is what has been typed to find a name.
func (m Welcome) Typed() string { return m.find.Value() }

// Found is how many members what is typed finds.
func (m Welcome) Found() int { return len(m.found) }

// List is the list of members found and "register" after them.
func (m Welcome) List() list.Model { return m.list }

// Registering says enter goes to the form for a new member: the cursor is
// on the row below the members.
func (m Welcome) Registering() bool {
	return m.loaded && !m.choosing && m.list.Index() >= len(m.found)
}

// refind lists the members found by what is typed, the first of them
// chosen, or "register" when none is; or, when keep is set, the member
// chosen before if they are still found.
func (m Welcome) refind(keep bool) Welcome {
	before := -1
	if m.list.Index() < len(m.found) {
		before = m.found[m.list.Index()]
	}
	m.found = m.finder.Find(m.find.Value())
	m.list = list.New(len(m.found)+1, 0)
	m.list.Fit(m.listLines, 1)
	if i := slices.Index(m.found, before); keep && i >= 0 {
		m.list.Select(i)
	}
	return m
}

// Update lists the members once read, moves in the list, finds names as
// they are typed, and on enter chooses the member under the cursor (see
// ChosenMsg); enter on "register" is the screen's (see Registering).
func (m Welcome) Update(msg tea.Msg) (Welcome, tea.Cmd) {
	switch msg := msg.(type) {
	case MembersMsg:
		return m.WithMembers(msg), nil
	case tea.KeyPressMsg:
		if !m.loaded || m.choosing {
			return m, nil
		}
		k := m.keys
		switch {
		case m.list.Update(msg, list.TypedKeys):
			return m, nil
		case key.Matches(msg, k.Choose) && m.list.Index() < len(m.found):
			m.choosing = true
			return m, chooseMember(m.store, m.members[m.found[m.list.Index()]])
		case key.Matches(msg, k.Back) && m.find.Value() != "":
			m.find.SetValue("")
			return m.refind(true), nil
		}
		return m.typed(msg)
	case tea.PasteMsg:
		if m.choosing {
			return m, nil
		}
		return m.typed(msg)
	}
	return m, nil
}

// typed takes what is typed into the words that find a name.
func (m Welcome) typed(msg tea.Msg) (Welcome, tea.Cmd) {
	if !m.Finding() {
		return m, nil
	}
	before := m.find.Value()
	var cmd tea.Cmd
	m.find, cmd = m.find.Update(msg)
	if m.find.Value() != before {
		m = m.refind(false)
	}
	return m, cmd
}

// minWelcomeRows is how many rows of the list the welcome screen keeps
// room for, leaving out parts of the introduction in a small window.
const minWelcomeRows = 5

// introduction is the welcome's words above the list: the heading, then
// as parts allows the course's name, the golden rule and how the course
// works, the last left out first.
func (m Welcome) introduction(parts int) string {
	s, inert, wrap := m.styles, safetext.Inert, cells.Wrap
	w := min(m.width, 100)
	words := m.course.Welcome
	top := s.Title.Render(cells.BreakLines(inert(words.Heading), w))
	if parts >= 1 {
		top += "\n" + s.Subtle.Render(cells.BreakLines(inert(m.course.Subtitle()), w))
	}
	blocks := []string{top}
	if parts >= 3 {
		blocks = append(blocks, wrap(safetext.InertLines(words.Text), w))
	}
	if parts >= 2 && words.Rule != "" {
		blocks = append(blocks, s.Quote.Render(wrap(safetext.InertLines(words.Rule), w-3)))
	}
	return strings.Join(blocks, "\n\n")
}

// introParts is how many parts the introduction can have; see
// introduction.
const introParts = 3

// layout keeps as much of the introduction as leaves room for the list,
// and fits the list in what is left.
func (m Welcome) layout() Welcome {
	if !m.loaded {
		return m
	}
	heading := 1 // who is taking the course?
	if m.last >= 0 {
		heading++ // last here
	}
	if m.Finding() {
		heading++ // the words to find a name
	}
	rows := len(m.members) + 1
	for m.intro = introParts; ; m.intro-- {
		m.listLines = m.height - lipgloss.Height(m.introduction(m.intro)) - 1 - heading
		if m.intro == 0 || list.RowsIn(m.listLines, rows, 1) >= min(rows, minWelcomeRows) {
			break
		}
	}
	m.list.SetLen(len(m.found) + 1)
	m.list.Fit(m.listLines, 1)
	return m
}

// View draws the introduction and the list of members.
func (m Welcome) View() string {
	s, truncate := m.styles, cells.Truncate
	w := min(m.width, 100)
	var b strings.Builder
	if !m.loaded {
		b.WriteString(m.introduction(introParts) + "\n\n")
		b.WriteString(s.Subtle.Render("Reading the record file…"))
		return b.String()
	}
	b.WriteString(m.introduction(m.intro) + "\n\n")
	heading := s.Heading.Render("Who is taking the course?")
	switch {
	case m.find.Value() == "":
	case len(m.found) == 0:
		heading += s.Subtle.Render(" None found: esc to clear.")
	default:
		heading += s.Subtle.Render(fmt.Sprintf(" %d of %d found.", len(m.found), len(m.members)))
	}
	b.WriteString(truncate(heading, m.width) + "\n")
	if m.last >= 0 {
		b.WriteString(truncate("Last here: "+m.labels[m.last], m.width) + "\n")
	}
	if m.Finding() {
		b.WriteString(m.find.View() + "\n")
	}
	b.WriteString(m.list.View(s.List, func(i int, chosen bool) string {
		if i == len(m.found) {
			return s.List.Row(m.registerLabel(), chosen)
		}
		return s.List.Row(truncate(m.row(m.found[i]), w-2), chosen)
	}))
	return b.String()
}

// row is member i's row in the list: their name, and their ward, which is
// less prominent.
func (m Welcome) row(i int) string {
	mem := m.members[i]
	if mem.Ward == "" {
		return safetext.Inert(mem.Name)
	}
	return safetext.Inert(mem.Name) + m.styles.Subtle.Render(" · "+safetext.Inert(mem.Ward))
}

func (m Welcome) registerLabel() string {
	if len(m.members) > 0 {
		return "Someone else: register"
	}
	return "I am new here: register"
}

// SetSize fits the welcome to the lines it has, width by height, and its
// colours.
func (m Welcome) SetSize(width, height int, s Styles) Welcome {
	m.width, m.height, m.styles = width, height, s
	m.find.SetWidth(max(min(width, 60)-10, 10))
	return m.layout()
}

// Help is the welcome's keys: the help line's, in order of importance,
// and the list of every key, a group to a line.
func (m Welcome) Help() (short []key.Binding, full [][]key.Binding) {
	k := m.keys
	list := m.list.Help(list.TypedKeys, "choose")
	choose := withHelp(k.Choose, "enter", "continue")
	find := key.NewBinding(key.WithKeys("a"), key.WithHelp("type", "a name to find it"))
	find.SetEnabled(m.Finding())
	clear := withHelp(k.Back, "esc", "clear")
	clear.SetEnabled(m.find.Value() != "")
	quit := k.Quit
	if m.Finding() {
		quit = withHelp(k.Quit, "ctrl+c", "quit") // q is typed
	}
	return []key.Binding{list.Move, choose, list.Jump, clear, find, k.Help, quit},
		[][]key.Binding{{list.Move, list.Page, list.Ends}, {find, clear, choose}, {k.Help, quit}}
}

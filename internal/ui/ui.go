package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/record"
)

// Records is what the screens need from the record file.
type Records interface {
	coursework.Records
	Place(member, module string) (int, error)
	SetPlace(member, module string, offset int) error
}

// Options configure a course session.
type Options struct {
	Course *modules.Course
	Store  Records
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Dark sets the starting colour scheme until the terminal reports its
	// background (a terminal that never answers keeps this).
	Dark bool
	// Rand orders quiz options; nil means a new random order every run.
	Rand *rand.Rand
	// StartRefresher goes to a refresher quiz once the member is chosen.
	StartRefresher bool
	// Member, when set, is the member taking the course, already known
	// (a server knows them by their key): the course opens on their modules
	// and offers no way to change member.
	Member *record.Member
	// Pages caches rendered lessons; sessions of one server share one.
	// Nil gives the session a cache of its own.
	Pages *Pages
	// CertificateFolder says where the certificate screen saves a PDF of
	// the certificate (see certificate.Folder). nil turns that key off, as
	// where the file would not reach the member (over SSH, on the server).
	CertificateFolder func() (string, error)
}

// Smallest usable terminal.
const (
	minWidth  = 50
	minHeight = 14
)

// common is the state every screen shares. Only the root's Update changes it.
type common struct {
	course *modules.Course
	store  Records
	now    func() time.Time
	width  int
	height int
	styles styles
	keys   keyMap
	member record.Member
	// progress is the current member's progress, rebuilt after every save.
	progress progress.Progress
	events   []record.Event
	pages    map[pageKey]string
	// shared renders lessons, and keeps them for other sessions.
	shared *Pages
	// fixedMember says the member was given (Options.Member) and cannot
	// be changed.
	fixedMember bool
	// prerendering says a lesson is being rendered in the background.
	prerendering bool
	// leftPartWay are the quizzes, by module, left part way (see setEvents).
	leftPartWay map[string]progress.Unfinished
	// finishedAttempts are the quiz attempts finished in this session.
	finishedAttempts map[string]bool
	// rand orders quiz options and draws refresher questions.
	rand *rand.Rand
	// certificateFolder is Options.CertificateFolder.
	certificateFolder func() (string, error)
}

// Model is the root of the course's screens.
type Model struct {
	c *common
	// screens holds one of each screen, by state; state is the one shown.
	screens  [stateCount]screen
	state    state
	showHelp bool
	help     help.Model
	// startRefresher is pending until the chosen member's progress arrives.
	startRefresher bool
	// start is what Init runs besides asking for the background colour.
	start tea.Cmd
}

// New builds the course's root model.
func New(opts Options) Model {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	rng := opts.Rand
	if rng == nil {
		rng = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	c := &common{
		course: opts.Course,
		store:  opts.Store,
		now:    now,
		styles: newStyles(opts.Dark),
		keys:   defaultKeyMap(),
		pages:  map[pageKey]string{},
		shared: opts.Pages,
		rand:   rng,

		certificateFolder: opts.CertificateFolder,
	}
	if c.shared == nil {
		c.shared = NewPages(opts.Course)
	}
	h := help.New()
	h.Styles = c.styles.help
	m := Model{c: c, help: h, startRefresher: opts.StartRefresher}
	for s, entry := range screenTable {
		m.screens[s] = entry.make(c)
	}
	if opts.Member != nil {
		c.fixedMember = true
		m, m.start = toHome(*opts.Member)(m)
		return m
	}
	// The list of members is small and read before the program starts, so
	// that the first frame already asks who is taking the course.
	if msg, ok := loadMembers(opts.Store)().(membersMsg); ok {
		m.screens[stateWelcome] = newWelcome(c).withMembers(msg)
	} else {
		m.start = loadMembers(opts.Store)
	}
	return m
}

// Init asks the terminal for its background colour (answered later, or
// never: nothing waits for it), and loads what New could not: the list of
// members, or the given member's progress.
func (m Model) Init() tea.Cmd {
	return tea.Batch(tea.RequestBackgroundColor, m.start)
}

func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.c.width, m.c.height = msg.Width, msg.Height
		return m.resize()
	case tea.BackgroundColorMsg:
		if msg.IsDark() != m.c.styles.isDark {
			m.c.styles = newStyles(msg.IsDark())
			m.help.Styles = m.c.styles.help
			clear(m.c.pages)
			return m.resize()
		}
		return m, nil
	case errMsg:
		return m.fail(msg.err), nil
	case savedMsg:
		if msg.purpose == purposeLog {
			if msg.err != nil {
				m = m.fail(fmt.Errorf("your progress could not be saved: %w", msg.err))
			}
			return m, nil
		}
	case renderedMsg:
		m.c.pages[msg.key] = msg.content
		cmd := m.tellWatchers(msg)
		var next tea.Cmd
		if msg.background {
			m.c.prerendering = false
			next = prerender(m.c)
		}
		return m, tea.Batch(cmd, next)
	case progressMsg:
		if msg.member != m.c.member.Number {
			return m, nil
		}
		m.c.setEvents(msg.progress, msg.events)
		cmd := m.tellWatchers(msg)
		if m.startRefresher && m.state == stateHome {
			m.startRefresher = false
			if len(refresherQuestions(m.c)) == 0 {
				if h, ok := m.screens[stateHome].(homeModel); ok {
					h.notice = noRefresherYet
					m.screens[stateHome] = h
				}
				return m, cmd
			}
			var next tea.Cmd
			m, next = toRefresher(m)
			return m, tea.Batch(cmd, next)
		}
		return m, cmd
	case tea.KeyPressMsg:
		if m.c.tooSmall() {
			// Nothing the member cannot see may change: only quitting works.
			if msg.String() == "ctrl+c" || key.Matches(msg, m.c.keys.Quit) {
				return m, tea.Quit
			}
			return m, nil
		}
		if cmd, handled := m.globalKey(msg); handled {
			return m, cmd
		}
	case tea.MouseMsg:
		if m.c.tooSmall() {
			return m, nil
		}
	}
	return m.updateScreen(msg)
}

// tellWatchers passes news of what the screens share to every screen that
// keeps something built from it.
func (m *Model) tellWatchers(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for s, sc := range m.screens {
		if w, ok := sc.(watcher); ok {
			var cmd tea.Cmd
			m.screens[s], cmd = w.changed(msg)
			cmds = append(cmds, cmd)
		}
	}
	return tea.Batch(cmds...)
}

// globalKey handles quit, help and search, which work on every screen
// that lets them through (see globalKeys).
func (m *Model) globalKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	let := m.screens[m.state].globals()
	switch {
	case msg.String() == "ctrl+c":
		return tea.Quit, true
	case let == typing:
		return nil, false
	case let == typingNames && !key.Matches(msg, m.c.keys.Help, m.c.keys.Back):
		return nil, false
	case key.Matches(msg, m.c.keys.Search) && let == allGlobals && m.c.member.Number != "":
		mm, cmd := toSearch(*m)
		*m = mm
		return cmd, true
	case key.Matches(msg, m.c.keys.Quit):
		return tea.Quit, true
	case key.Matches(msg, m.c.keys.Help):
		m.showHelp = !m.showHelp
		return nil, true
	case m.showHelp && key.Matches(msg, m.c.keys.Back):
		m.showHelp = false
		return nil, true
	}
	return nil, false
}

func (m Model) updateScreen(msg tea.Msg) (tea.Model, tea.Cmd) {
	sc, next, cmd := m.screens[m.state].update(msg)
	m.screens[m.state] = sc
	if next == nil {
		return m, cmd
	}
	mm, cmd2 := next(m)
	return mm, tea.Batch(cmd, cmd2)
}

// resize fits every screen to the window and its colours, and renders the
// lessons for them in the background.
func (m Model) resize() (Model, tea.Cmd) {
	var cmds []tea.Cmd
	for s, sc := range m.screens {
		var cmd tea.Cmd
		m.screens[s], cmd = sc.resize()
		cmds = append(cmds, cmd)
	}
	if m.c.width > 0 {
		cmds = append(cmds, prerender(m.c))
	}
	return m, tea.Batch(cmds...)
}

// View draws the current screen with its help line.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = inert(m.c.course.Title)
	return v
}

func (m Model) render() string {
	c := m.c
	if c.width == 0 {
		return ""
	}
	if c.tooSmall() {
		return m.tooSmall()
	}
	current := m.screens[m.state]
	body, keys := current.view(), current.bindings()
	if keys.full == nil {
		keys.full = [][]key.Binding{keys.short}
	}
	var footer string
	if m.showHelp {
		footer = c.styles.subtle.Render("All keys (? or esc to close):") + "\n" + m.fullHelp(keys.full)
		if advice := adviceLine(c.course); advice != "" && m.state != stateComplete { // the certificate shows it already
			footer = c.styles.subtle.Render(breakLines(advice, c.width)) + "\n\n" + footer
		}
	} else {
		footer = m.shortHelp(keys.short)
	}
	bodyHeight := c.height - lipgloss.Height(footer) - 1
	body = fit(body, c.width, bodyHeight)
	return body + "\n\n" + footer
}

// shortHelp is the help line: the screen's keys, as many as fit, always
// followed by how to see every key and how to quit.
func (m Model) shortHelp(short []key.Binding) string {
	tail := []key.Binding{m.c.keys.Help, m.c.keys.Quit}
	var body []key.Binding
	for _, b := range short {
		switch {
		case b.Help().Desc == "quit":
			tail[1] = b
		case b.Help().Key != "?":
			body = append(body, b)
		}
	}
	if m.screens[m.state].globals() == typing {
		tail = tail[1:] // ? is typed into the form there.
	}
	// As many of the screen's keys as fit, in its order of importance:
	// the rest are in the ? panel.
	var line string
	for n := len(body); n >= 0; n-- {
		line = m.help.ShortHelpView(append(slices.Clone(body[:n]), tail...))
		if lipgloss.Width(line) <= m.c.width {
			break
		}
	}
	return line
}

// fullHelp lists every key of the screen, a group to a line, wrapped to
// the window so that none is cut off.
func (m Model) fullHelp(groups [][]key.Binding) string {
	var lines []string
	for _, g := range groups {
		lines = append(lines, m.helpLines(g)...)
	}
	return strings.Join(lines, "\n")
}

// helpLines lays keys out as help lines no wider than the window.
func (m Model) helpLines(keys []key.Binding) []string {
	var lines []string
	var line []key.Binding
	for _, k := range keys {
		if !k.Enabled() || k.Help().Key == "" {
			continue
		}
		if len(line) > 0 && lipgloss.Width(m.help.ShortHelpView(append(slices.Clone(line), k))) > m.c.width {
			lines = append(lines, m.help.ShortHelpView(line))
			line = nil
		}
		line = append(line, k)
	}
	if len(line) > 0 {
		lines = append(lines, m.help.ShortHelpView(line))
	}
	return lines
}

// withHelp returns a copy of b with other help text.
func withHelp(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}

// setEvents takes the member's progress and events as read back, and works
// out once the quizzes left part way, which screens ask after on every
// frame.
func (c *common) setEvents(p progress.Progress, events []record.Event) {
	c.progress, c.events = p, events
	c.leftPartWay = map[string]progress.Unfinished{}
	for _, mod := range c.course.Modules {
		if u, ok := progress.UnfinishedQuiz(events, mod.ID, mod.Version); ok {
			c.leftPartWay[mod.ID] = u
		}
	}
}

// unfinished is the member's attempt at mod's quiz left part way, if any.
// An attempt finished in this session does not count, even before the
// events that say so have been read back.
func (c *common) unfinished(mod *modules.Module) (progress.Unfinished, bool) {
	u, ok := c.leftPartWay[mod.ID]
	return u, ok && !c.finishedAttempts[u.Attempt]
}

// bodyHeight is the lines a screen has: the window but the help line and
// the blank line above it.
func (c *common) bodyHeight() int { return c.height - 2 }

// tooSmall says the window is too small to show a screen.
func (c *common) tooSmall() bool { return c.width < minWidth || c.height < minHeight }

func (m Model) tooSmall() string {
	c := m.c
	msg := lipgloss.NewStyle().Width(max(c.width, 10)).Render(
		"Window too small.\nPress q to quit: your answers are saved.\n\n" +
			"The course needs " + itoa(minWidth) + " columns by " + itoa(minHeight) + " rows; this window is " +
			itoa(c.width) + " by " + itoa(c.height) + ". Make it larger or the text smaller.")
	return fit(msg, c.width, c.height)
}

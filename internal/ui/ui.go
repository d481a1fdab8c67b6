// Package ui is the course in the terminal: welcome and registration, the
// home screen, the lesson reader, the scenario quizzes and the completion
// certificate.
//
// One root Model owns the current screen and the shared state (common).
// Nothing slow happens in Update or View: reading and writing the record
// file and rendering Markdown happen in commands that report back with
// typed messages. Answers are saved when submitted, so quitting at any
// moment loses nothing.
package ui

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"course/internal/modules"
	"course/internal/progress"
)

// Records is what the screens need from the record file.
type Records interface {
	Members() ([]progress.Member, error)
	AddMember(progress.NewMember) (progress.Member, error)
	Record(progress.Event) (progress.Event, error)
	FinishQuiz(progress.QuizResult) ([]progress.Event, error)
	MemberEvents(number string) ([]progress.Event, error)
	LastMember() (string, error)
	SetLastMember(number string) error
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
}

// Smallest usable terminal.
const (
	minWidth  = 50
	minHeight = 14
)

type state int

const (
	stateWelcome state = iota
	stateRegister
	stateHome
	stateReader
	stateQuiz
	stateComplete
	stateSearch
	stateReview
	stateError
)

func (s state) String() string {
	return [...]string{"welcome", "register", "home", "reader", "quiz", "complete", "search", "review", "error"}[s]
}

// common is the state every screen shares. Only the root's Update changes it.
type common struct {
	course *modules.Course
	store  Records
	now    func() time.Time
	width  int
	height int
	styles styles
	keys   keyMap
	member progress.Member
	// progress is the current member's progress, rebuilt after every save.
	progress progress.Progress
	events   []progress.Event
	pages    map[pageKey]string
	// prerendering says a lesson is being rendered in the background.
	prerendering bool
}

func (c *common) info() progress.CourseInfo {
	info := progress.CourseInfo{PassMark: c.course.PassMark, RefreshMonths: c.course.RefreshMonths}
	for _, m := range c.course.Modules {
		info.Modules = append(info.Modules, progress.ModuleInfo{ID: m.ID, Version: m.Version})
	}
	return info
}

// Model is the root of the course's screens.
type Model struct {
	c        *common
	state    state
	previous state
	showHelp bool
	help     help.Model
	// startRefresher is pending until the chosen member's progress arrives.
	startRefresher bool
	err            error

	welcome  welcomeModel
	register registerModel
	home     homeModel
	reader   readerModel
	quiz     quizModel
	complete completeModel
	search   searchModel
	review   reviewModel
}

// New builds the course's root model.
func New(opts Options) Model {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	c := &common{
		course: opts.Course,
		store:  opts.Store,
		now:    now,
		styles: newStyles(opts.Dark),
		keys:   defaultKeyMap(),
		pages:  map[pageKey]string{},
	}
	h := help.New()
	h.Styles = c.styles.help
	// The list of members is small and read before the program starts, so
	// that the first frame already asks who is taking the course.
	welcome := newWelcome(c)
	if msg, ok := loadMembers(opts.Store)().(membersMsg); ok {
		welcome, _, _ = welcome.update(msg)
	}
	return Model{
		c:              c,
		help:           h,
		startRefresher: opts.StartRefresher,
		welcome:        welcome,
		register:       newRegister(c),
		home:           newHome(c),
		reader:         newReader(c),
		quiz:           newQuiz(c, opts.Rand),
		complete:       completeModel{c: c},
	}
}

// Init asks the terminal for its background colour (answered later, or
// never: nothing waits for it), and loads the list of members if New could
// not.
func (m Model) Init() tea.Cmd {
	if m.welcome.loaded {
		return tea.RequestBackgroundColor
	}
	return tea.Batch(tea.RequestBackgroundColor, loadMembers(m.c.store))
}

// errMsg reports a failure that stops the current screen.
type errMsg struct{ err error }

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
		m.err, m.previous, m.state = msg.err, m.state, stateError
		return m, nil
	case savedMsg:
		if msg.purpose == purposeLog {
			if msg.err != nil {
				m.err, m.previous, m.state = fmt.Errorf("your progress could not be saved: %w", msg.err), m.state, stateError
			}
			return m, nil
		}
	case renderedMsg:
		m.c.pages[msg.key] = msg.content
		var cmd, next tea.Cmd
		m.reader, cmd = m.reader.update(msg)
		if msg.background {
			m.c.prerendering = false
			next = prerender(m.c)
		}
		return m, tea.Batch(cmd, next)
	case progressMsg:
		if msg.member != m.c.member.Number {
			return m, nil
		}
		m.c.progress, m.c.events = msg.progress, msg.events
		m.quiz = m.quiz.refresh() // results depend on the course being complete
		if m.startRefresher && m.state == stateHome {
			m.startRefresher = false
			return toRefresher(m)
		}
		return m, nil
	case tea.KeyPressMsg:
		if cmd, handled := m.globalKey(msg); handled {
			return m, cmd
		}
	}
	return m.updateScreen(msg)
}

// globalKey handles quit and help, which work on every screen. While a
// member is typing in a form, only ctrl+c quits, so q and ? can be typed.
func (m *Model) globalKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	typing := m.state == stateRegister || m.state == stateSearch
	switch {
	case msg.String() == "ctrl+c":
		return tea.Quit, true
	case typing:
		return nil, false
	case key.Matches(msg, m.c.keys.Search) && m.canSearch():
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
	case m.state == stateError:
		if key.Matches(msg, m.c.keys.Back, m.c.keys.Choose) {
			m.state, m.err = m.previous, nil
			if m.state == stateError || m.state == stateWelcome {
				m.state = stateWelcome
				return loadMembers(m.c.store), true
			}
		}
		return nil, true
	}
	return nil, false
}

// canSearch says whether / may leave the current screen for a search:
// not before a member is chosen, nor while an answer is being saved.
func (m Model) canSearch() bool {
	switch m.state {
	case stateWelcome, stateRegister, stateError:
		return false
	case stateQuiz:
		return m.quiz.phase != phaseSaving && m.quiz.phase != phaseFinishing
	}
	return m.c.member.Number != ""
}

func (m Model) updateScreen(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	var next transition
	switch m.state {
	case stateWelcome:
		m.welcome, next, cmd = m.welcome.update(msg)
	case stateRegister:
		m.register, next, cmd = m.register.update(msg)
	case stateHome:
		m.home, next, cmd = m.home.update(msg)
	case stateReader:
		m.reader, next, cmd = m.reader.update2(msg)
	case stateQuiz:
		m.quiz, next, cmd = m.quiz.update(msg)
	case stateComplete:
		m.complete, next, cmd = m.complete.update(msg)
	case stateSearch:
		m.search, next, cmd = m.search.update(msg)
	case stateReview:
		m.review, next, cmd = m.review.update(msg)
	}
	if next == nil {
		return m, cmd
	}
	mm, cmd2 := next(m)
	return mm, tea.Batch(cmd, cmd2)
}

// transition moves the root to another screen.
type transition func(Model) (Model, tea.Cmd)

func (m Model) resize() (Model, tea.Cmd) {
	var cmds []tea.Cmd
	var cmd tea.Cmd
	m.reader, cmd = m.reader.resize()
	cmds = append(cmds, cmd)
	m.quiz = m.quiz.resize()
	m.register = m.register.resize()
	m.review = m.review.resize()
	m.search = m.search.resize()
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
	v.WindowTitle = "Social Media Guidance course"
	return v
}

func (m Model) render() string {
	c := m.c
	if c.width == 0 {
		return ""
	}
	if c.width < minWidth || c.height < minHeight {
		return m.tooSmall()
	}
	var body string
	var keys bindings
	switch m.state {
	case stateWelcome:
		body, keys = m.welcome.view(), m.welcome.bindings()
	case stateRegister:
		body, keys = m.register.view(), m.register.bindings()
	case stateHome:
		body, keys = m.home.view(), m.home.bindings()
	case stateReader:
		body, keys = m.reader.view(), m.reader.bindings()
	case stateQuiz:
		body, keys = m.quiz.view(), m.quiz.bindings()
	case stateComplete:
		body, keys = m.complete.view(), m.complete.bindings()
	case stateSearch:
		body, keys = m.search.view(), m.search.bindings()
	case stateReview:
		body, keys = m.review.view(), m.review.bindings()
	case stateError:
		body, keys = m.errorView(), bindings{short: []key.Binding{withHelp(c.keys.Back, "esc/enter", "go back"), c.keys.Quit}}
	}
	if keys.full == nil {
		keys.full = [][]key.Binding{keys.short}
	}
	var footer string
	if m.showHelp {
		m.help.ShowAll = true
		footer = c.styles.subtle.Render("All keys (? or esc to close):") + "\n" + m.help.View(keys)
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
	if m.state == stateRegister || m.state == stateSearch {
		tail = tail[1:] // ? is typed into the form there.
	}
	var line string
	for n := len(body); n >= 0; n-- {
		line = m.help.ShortHelpView(append(slices.Clone(body[:n]), tail...))
		if lipgloss.Width(line) <= m.c.width {
			break
		}
	}
	return line
}

// withHelp returns a copy of b with other help text.
func withHelp(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}

func (m Model) tooSmall() string {
	c := m.c
	msg := lipgloss.NewStyle().Width(max(c.width, 10)).Render(
		"Window too small.\nPress q to quit: your answers are saved.\n\n" +
			"The course needs " + itoa(minWidth) + " columns by " + itoa(minHeight) + " rows; this window is " +
			itoa(c.width) + " by " + itoa(c.height) + ". Make it larger or the text smaller.")
	return fit(msg, c.width, c.height)
}

func (m Model) errorView() string {
	c := m.c
	w := min(c.width, 80) - 4
	text := c.styles.bad.Render("Something went wrong") + "\n\n" + inert(m.err.Error()) +
		"\n\nEverything saved before this is still on your record. Press esc to go back, or q to quit."
	return c.styles.errorBox.Width(w).Render(text)
}

package ui

import (
	"fmt"
	"math/rand/v2"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/record"
	"course/internal/safetext"
	"course/internal/ui/enrol"
	"course/internal/ui/frame"
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
	// HandIn saves the member's hand-in, a file of their records for the
	// council, and returns where it is (see internal/handin). nil turns
	// that key off, as where the records are the council's already (over
	// SSH, on the server).
	HandIn func(member string) (coursework.HandedIn, error)
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
	// standing is the current member's record, read again after every
	// save.
	standing coursework.Standing
	pages    map[pageKey]string
	// shared renders lessons, and keeps them for other sessions.
	shared *Pages
	// fixedMember says the member was given (Options.Member) and cannot
	// be changed.
	fixedMember bool
	// prerendering says a lesson is being rendered in the background.
	prerendering bool
	// finishedAttempts are the quiz attempts finished in this session.
	finishedAttempts map[string]bool
	// rand orders quiz options; a refresher's questions come from the record.
	rand *rand.Rand
	// certificateFolder is Options.CertificateFolder.
	certificateFolder func() (string, error)
	// handIn is Options.HandIn.
	handIn func(member string) (coursework.HandedIn, error)
}

// Model is the root of the course's screens.
type Model struct {
	c *common
	// screens holds one of each screen, by state; state is the one shown.
	screens  [stateCount]screen
	state    state
	showHelp bool
	frame    frame.Model
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
		handIn:            opts.HandIn,
	}
	if c.shared == nil {
		c.shared = NewPages(opts.Course)
	}
	f := frame.New(c.keys.Help, c.keys.Quit, minWidth, minHeight, c.styles.frame())
	m := Model{c: c, frame: f, startRefresher: opts.StartRefresher}
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
	if msg := enrol.LoadMembers(opts.Store)().(enrol.MembersMsg); msg.Err == nil {
		w := newWelcome(c)
		w.Welcome = w.WithMembers(msg)
		m.screens[stateWelcome] = w
	} else {
		m.start = enrol.LoadMembers(opts.Store)
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
			m.frame = m.frame.SetStyles(m.c.styles.frame())
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
		m.c.pages[msg.Key] = msg.Content
		cmd := m.tellWatchers(msg)
		var next tea.Cmd
		if msg.Background {
			m.c.prerendering = false
			next = prerender(m.c)
		}
		return m, tea.Batch(cmd, next)
	case progressMsg:
		if msg.member != m.c.member.Number {
			return m, nil
		}
		m.c.standing = msg.standing
		cmd := m.tellWatchers(msg)
		if m.startRefresher && m.state == stateHome {
			m.startRefresher = false
			if len(refresherQuestions(m.c)) == 0 {
				if h, ok := m.screens[stateHome].(homeModel); ok {
					h.notice = coursework.NoRefresherYet
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
	v.WindowTitle = safetext.Inert(m.c.course.Title)
	return v
}

func (m Model) render() string {
	c := m.c
	current := m.screens[m.state]
	if c.width == 0 || c.tooSmall() {
		return m.frame.View(c.width, c.height, "", frame.Keys{})
	}
	b := current.bindings()
	keys := frame.Keys{Short: b.short, Full: b.full, Typing: current.globals() == typing, All: m.showHelp}
	if m.state != stateComplete { // the certificate shows the advice already
		keys.Advice = coursework.AdviceLine(c.course)
	}
	return m.frame.View(c.width, c.height, current.view(), keys)
}

// withHelp returns a copy of b with other help text.
func withHelp(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}

// unfinished is the member's attempt at mod's quiz left part way, if any.
// An attempt finished in this session does not count, even before the
// events that say so have been read back.
func (c *common) unfinished(mod *modules.Module) (progress.Unfinished, bool) {
	u, ok := c.standing.Unfinished(mod)
	return u, ok && !c.finishedAttempts[u.Attempt]
}

// bodyHeight is the lines a screen has: the window but the help line and
// the blank line above it.
func (c *common) bodyHeight() int { return c.height - 2 }

// tooSmall says the window is too small to show a screen.
func (c *common) tooSmall() bool { return c.width < minWidth || c.height < minHeight }

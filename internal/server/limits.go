package server

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Why a session ends, other than the member quitting.
type ending int

const (
	notEnding ending = iota
	endIdle
	endMaxTime
	endClosing
	endTakenOver
	endKeyRemoved
)

// endMsg tells a session to end, and why: the server is closing, the member
// opened the course again elsewhere, their key was removed, or a limit was
// reached.
type endMsg struct{ why ending }

// noticeMsg shows a notice over the top of a session's screen: idle says
// it is the warning that goes when the member presses a key.
type noticeMsg struct {
	text string
	idle bool
}

// limited wraps a session's screens with the notices the server's clock
// sends (see liveSession.checkClock) and ends them when the server says.
// Every answer is saved when it is given, so ending a session loses
// nothing.
type limited struct {
	inner  tea.Model
	limits Limits
	// pressed notes a key press for the server's clock: only the
	// member's own keys count, not a terminal's answers to questions.
	pressed    func()
	width      int
	idleNotice string
	maxNotice  string
	ending     ending
}

func newLimited(inner tea.Model, limits Limits, pressed func()) *limited {
	return &limited{inner: inner, limits: limits, pressed: pressed}
}

func (m *limited) Init() tea.Cmd { return m.inner.Init() }

func (m *limited) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case noticeMsg:
		if m.ending == notEnding {
			if msg.idle {
				m.idleNotice = msg.text
			} else {
				m.maxNotice = msg.text
			}
		}
		return m, nil
	case endMsg:
		if m.ending != notEnding {
			return m, nil
		}
		m.ending = msg.why
		if msg.why != endClosing {
			return m, tea.Quit
		}
		m.idleNotice, m.maxNotice = "", "The course is closing for maintenance. Your answers are saved: connect again later to carry on."
		// A moment to read the notice before the window goes back.
		return m, tea.Tick(3*time.Second, func(time.Time) tea.Msg { return tea.QuitMsg{} })
	case tea.WindowSizeMsg:
		m.width = msg.Width
	case tea.KeyPressMsg, tea.MouseClickMsg, tea.PasteMsg:
		m.idleNotice = ""
		m.pressed()
	}
	var cmd tea.Cmd
	m.inner, cmd = m.inner.Update(msg)
	return m, cmd
}

// View shows the session's screen with any notice over its top lines.
func (m *limited) View() tea.View {
	v := m.inner.View()
	text := m.idleNotice
	if text == "" {
		text = m.maxNotice
	}
	if text == "" || m.width == 0 {
		return v
	}
	notice := lipgloss.NewStyle().Reverse(true).Bold(true).Render(ansi.Wrap(text, m.width, ""))
	top := strings.Split(notice, "\n")
	lines := strings.Split(v.Content, "\n")
	if len(top) >= len(lines) {
		v.SetContent(notice)
		return v
	}
	v.SetContent(strings.Join(append(top, lines[len(top):]...), "\n"))
	return v
}

// farewell is what the member reads in their own window after the session
// ends, or "" when they quit.
func (m *limited) farewell() string { return farewell(m.ending, m.limits) }

// farewell says why a session ended, or "" when the member quit.
func farewell(why ending, l Limits) string {
	switch why {
	case endIdle:
		return "The course closed after " + duration(l.Idle) + " without a key press. Your answers are saved: connect again to carry on."
	case endMaxTime:
		return "The course closed: sessions last at most " + duration(l.MaxTime) + ". Your answers are saved: connect again to carry on."
	case endClosing:
		return "The course has closed for maintenance. Your answers are saved: connect again later to carry on."
	case endTakenOver:
		return "The course was opened in another window, so it has closed here. Your answers are saved: carry on in the other window."
	case endKeyRemoved:
		return "This computer's key has been removed from the course, so the session has closed. Your answers are saved. Ask the monitoring officer if this is a surprise."
	}
	return ""
}

// idleWarning, typedIdleWarning (for the plain text course) and
// maxTimeWarning are said a minute before a session closes.
const (
	idleWarning      = "No key has been pressed for a while: this session closes in a minute unless you press a key. Your answers are saved."
	typedIdleWarning = "No answer has been typed for a while: this session closes in a minute unless you type something. Your answers are saved."
)

func maxTimeWarning(l Limits) string {
	return "This session closes in a minute: sessions last at most " + duration(l.MaxTime) + ". Your answers are saved: connect again to carry on."
}

// duration says d in words: "30 minutes", "4 hours", "1 hour 30 minutes".
func duration(d time.Duration) string {
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	var parts []string
	if h > 0 {
		parts = append(parts, plural(h, "hour"))
	}
	if m > 0 || h == 0 {
		parts = append(parts, plural(m, "minute"))
	}
	return strings.Join(parts, " ")
}

func plural(n int, unit string) string {
	s := itoa(n) + " " + unit
	if n != 1 {
		s += "s"
	}
	return s
}

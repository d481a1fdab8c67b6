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
// opened the course again elsewhere, or their key was removed.
type endMsg struct{ why ending }

// checkMsg asks a session to look at its clock. The server sends it to
// every session from one ticker, so that a session keeps no timer of its
// own.
type checkMsg struct{}

// limited wraps a session's screens with its time limits: a notice a
// minute before the session closes for being idle or for lasting too long,
// and the server's closing notice. Every answer is saved when it is given,
// so ending a session loses nothing.
type limited struct {
	inner   tea.Model
	limits  Limits
	now     func() time.Time
	started time.Time
	lastKey time.Time
	width   int
	notice  string
	ending  ending
}

func newLimited(inner tea.Model, limits Limits, now func() time.Time) *limited {
	t := now()
	return &limited{inner: inner, limits: limits, now: now, started: t, lastKey: t}
}

func (m *limited) Init() tea.Cmd { return m.inner.Init() }

func (m *limited) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case checkMsg:
		if m.ending != notEnding {
			return m, nil
		}
		return m, m.check()
	case endMsg:
		if m.ending != notEnding {
			return m, nil
		}
		m.ending = msg.why
		if msg.why != endClosing {
			return m, tea.Quit
		}
		m.notice = "The course is closing for maintenance. Your answers are saved: connect again later to carry on."
		// A moment to read the notice before the window goes back.
		return m, tea.Tick(3*time.Second, func(time.Time) tea.Msg { return tea.QuitMsg{} })
	case tea.WindowSizeMsg:
		m.width = msg.Width
	case tea.KeyPressMsg, tea.MouseClickMsg, tea.PasteMsg:
		m.lastKey = m.now()
		if m.ending == notEnding {
			m.notice = m.maxTimeNotice()
		}
	}
	var cmd tea.Cmd
	m.inner, cmd = m.inner.Update(msg)
	return m, cmd
}

// check ends the session or warns of its end, by the clock.
func (m *limited) check() tea.Cmd {
	now := m.now()
	l := m.limits
	switch {
	case l.Idle > 0 && now.Sub(m.lastKey) >= l.Idle:
		m.ending = endIdle
		return tea.Quit
	case l.MaxTime > 0 && now.Sub(m.started) >= l.MaxTime:
		m.ending = endMaxTime
		return tea.Quit
	case l.Idle > 0 && now.Sub(m.lastKey) >= l.Idle-l.Warning:
		m.notice = idleWarning
	default:
		m.notice = m.maxTimeNotice()
	}
	return nil
}

func (m *limited) maxTimeNotice() string {
	if m.limits.MaxTime > 0 && m.now().Sub(m.started) >= m.limits.MaxTime-m.limits.Warning {
		return maxTimeWarning(m.limits)
	}
	return ""
}

// View shows the session's screen with any notice over its top lines.
func (m *limited) View() tea.View {
	v := m.inner.View()
	if m.notice == "" || m.width == 0 {
		return v
	}
	notice := lipgloss.NewStyle().Reverse(true).Bold(true).Render(ansi.Wrap(m.notice, m.width, ""))
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

// idleWarning and maxTimeWarning are said a minute before a session closes.
const idleWarning = "No key has been pressed for a while: this session closes in a minute unless you press a key. Your answers are saved."

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

package live

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// endMsg tells a session to end, and why: the server is closing, the member
// opened the course again elsewhere, their key was removed, or a limit was
// reached.
type endMsg struct{ why Ending }

// noticeMsg shows a notice over the top of a session's screen: idle says
// it is the warning that goes when the member presses a key.
type noticeMsg struct {
	text string
	idle bool
}

// limited wraps a session's screens with the notices the hub's clock
// sends (see Session.checkClock) and ends them when the hub says.
// Every answer is saved when it is given, so ending a session loses
// nothing.
type limited struct {
	inner  tea.Model
	limits Limits
	// pressed notes a key press for the hub's clock: only the member's
	// own keys count, not a terminal's answers to questions.
	pressed    func()
	width      int
	idleNotice string
	maxNotice  string
	ending     Ending
}

func newLimited(inner tea.Model, limits Limits, pressed func()) *limited {
	return &limited{inner: inner, limits: limits, pressed: pressed}
}

func (m *limited) Init() tea.Cmd { return m.inner.Init() }

func (m *limited) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case noticeMsg:
		if m.ending == NotEnding {
			if msg.idle {
				m.idleNotice = msg.text
			} else {
				m.maxNotice = msg.text
			}
		}
		return m, nil
	case endMsg:
		if m.ending != NotEnding {
			return m, nil
		}
		m.ending = msg.why
		if msg.why != EndClosing {
			return m, tea.Quit
		}
		m.idleNotice, m.maxNotice = "", closingNotice
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

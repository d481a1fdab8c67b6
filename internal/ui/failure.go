package ui

import (
	"course/internal/safetext"
	"course/internal/ui/enrol"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// errorScreen says what went wrong and goes back to the screen it
// interrupted.
type errorScreen struct {
	c        *common
	err      error
	previous state
}

func newErrorScreen(c *common) errorScreen { return errorScreen{c: c} }

// errMsg reports a failure that stops the current screen.
type errMsg struct{ err error }

// fail shows err in place of the current screen.
func (m Model) fail(err error) Model {
	m, _ = m.open(stateError, errorScreen{c: m.c, err: err, previous: m.state})
	return m
}

func (m errorScreen) update(msg tea.Msg) (screen, transition, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok || !key.Matches(k, m.c.keys.Back, m.c.keys.Choose) {
		return m, nil, nil
	}
	if m.previous == stateError || m.previous == stateWelcome {
		return m, backTo(stateWelcome), enrol.LoadMembers(m.c.store)
	}
	return m, backTo(m.previous), nil
}

func (m errorScreen) view() string {
	c := m.c
	w := min(c.width, 80) - 4
	text := c.styles.bad.Render("Something went wrong") + "\n\n" + safetext.Inert(m.err.Error()) +
		"\n\nEverything saved before this is still on your record. Press esc to go back, or q to quit."
	return c.styles.errorBox.Width(w).Render(text)
}

func (m errorScreen) bindings() bindings {
	k := m.c.keys
	return bindings{short: []key.Binding{withHelp(k.Back, "esc/enter", "go back"), k.Quit}}
}

func (m errorScreen) resize() (screen, tea.Cmd) { return m, nil }
func (m errorScreen) globals() globalKeys       { return noSearch }

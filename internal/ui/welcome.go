package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"course/internal/coursework"
	"course/internal/record"
	"course/internal/ui/enrol"
	"course/internal/ui/widgets"
)

// welcomeModel asks who is taking the course (see enrol.Welcome).
type welcomeModel struct {
	enrol.Welcome
	c *common
}

func newWelcome(c *common) welcomeModel {
	return welcomeModel{c: c, Welcome: enrol.NewWelcome(c.course, c.keys.ForEnrol(), widgets.NewTextInput, c.store)}
}

func (m welcomeModel) update(msg tea.Msg) (screen, transition, tea.Cmd) {
	switch msg := msg.(type) {
	case enrol.MembersMsg:
		if msg.Err != nil {
			return m, func(root Model) (Model, tea.Cmd) { return root.fail(msg.Err), nil }, nil
		}
	case enrol.ChosenMsg:
		return m, toHome(msg.Member), nil
	case tea.KeyPressMsg:
		if key.Matches(msg, m.c.keys.Choose) && m.Registering() {
			return m, toRegister, nil
		}
	}
	var cmd tea.Cmd
	m.Welcome, cmd = m.Welcome.Update(msg)
	return m, nil, cmd
}

func toWelcome(root Model) (Model, tea.Cmd) {
	root, _ = root.open(stateWelcome, newWelcome(root.c))
	return root, enrol.LoadMembers(root.c.store)
}

func toRegister(root Model) (Model, tea.Cmd) {
	r := newRegister(root.c)
	focus := r.Focus()
	root, _ = root.open(stateRegister, r)
	return root, focus
}

// toHome makes member the one taking the course and shows their modules.
func toHome(member record.Member) transition {
	return func(root Model) (Model, tea.Cmd) {
		c := root.c
		if c.member.Number != member.Number {
			c.standing = coursework.Standing{}
		}
		c.member = member
		root, _ = root.open(stateHome, newHome(c))
		return root, loadProgress(c)
	}
}

func (m welcomeModel) resize() (screen, tea.Cmd) {
	m.Welcome = m.SetSize(m.c.width, m.c.bodyHeight(), m.c.styles.enrol())
	return m, nil
}

func (m welcomeModel) globals() globalKeys {
	if m.Finding() {
		return typingNames
	}
	return noSearch
}

func (m welcomeModel) view() string { return m.View() }

func (m welcomeModel) bindings() bindings {
	short, full := m.Help()
	return bindings{short: short, full: full}
}

// registerModel is the form for a new member (see enrol.Register).
type registerModel struct {
	enrol.Register
	c *common
}

func newRegister(c *common) registerModel {
	return registerModel{c: c, Register: enrol.NewRegister(c.keys.ForEnrol(), widgets.NewTextInput, c.now, c.store)}
}

func (m registerModel) update(msg tea.Msg) (screen, transition, tea.Cmd) {
	switch msg := msg.(type) {
	case enrol.ChosenMsg:
		return m, toHome(msg.Member), nil
	case tea.KeyPressMsg:
		if msg.String() == "esc" && !m.Busy() {
			return m, toWelcome, nil
		}
	}
	var cmd tea.Cmd
	m.Register, cmd = m.Register.Update(msg)
	return m, nil, cmd
}

func (m registerModel) resize() (screen, tea.Cmd) {
	m.Register = m.SetSize(m.c.width, m.c.styles.enrol())
	return m, nil
}

func (m registerModel) globals() globalKeys { return typing }

func (m registerModel) view() string { return m.View() }

func (m registerModel) bindings() bindings {
	short, full := m.Help()
	return bindings{short: short, full: full}
}

package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"course/internal/modules"
	"course/internal/progress"
)

// welcomeModel asks who is taking the course and explains how it works.
type welcomeModel struct {
	c       *common
	loaded  bool
	members []progress.Member
	list    listCursor // row len(members) is "register"
}

func newWelcome(c *common) welcomeModel { return welcomeModel{c: c} }

// withMembers lists the members, the last one to use the course chosen.
func (m welcomeModel) withMembers(msg membersMsg) welcomeModel {
	m.loaded, m.members = true, msg.members
	m.list = newList(len(msg.members)+1, 0)
	m.list.set(len(msg.members))
	for i, mem := range msg.members {
		if mem.Number == msg.last {
			m.list.set(i)
		}
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
		if !m.loaded {
			return m, nil, nil
		}
		k := m.c.keys
		switch {
		case m.list.update(msg, listKeys{up: k.Up, down: k.Down}):
		case key.Matches(msg, k.Choose):
			if m.list.at == len(m.members) {
				return m, toRegister, nil
			}
			return m, nil, chooseMember(m.c.store, m.members[m.list.at])
		}
	}
	return m, nil, nil
}

func toRegister(root Model) (Model, tea.Cmd) {
	r := newRegister(root.c)
	focus := r.focus()
	root, _ = root.open(stateRegister, r)
	return root, focus
}

// toHome makes member the one taking the course and shows their modules.
func toHome(member progress.Member) transition {
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

func (m welcomeModel) view() string {
	c := m.c
	s := c.styles
	w := c.textWidth()
	var b strings.Builder
	words := c.course.Welcome
	b.WriteString(s.title.Render(breakLines(inert(words.Heading), w)) + "\n")
	b.WriteString(s.subtle.Render(breakLines(inert(c.course.Subtitle()), w)) + "\n\n")
	b.WriteString(wrap(inertLines(words.Text), w) + "\n\n")
	if words.Rule != "" {
		b.WriteString(s.quote.Render(wrap(inertLines(words.Rule), w-3)) + "\n\n")
	}
	if !m.loaded {
		b.WriteString(s.subtle.Render("Reading the record file…"))
		return b.String()
	}
	b.WriteString(s.heading.Render("Who is taking the course?") + "\n")
	for i, mem := range m.members {
		label := inert(mem.Name)
		if mem.Ward != "" {
			label += s.subtle.Render(" · " + inert(mem.Ward))
		}
		b.WriteString(m.item(i, label) + "\n")
	}
	newLabel := "I am new here: register"
	if len(m.members) > 0 {
		newLabel = "Someone else: register"
	}
	b.WriteString(m.item(len(m.members), newLabel))
	return b.String()
}

func (m welcomeModel) item(i int, label string) string {
	return m.c.styles.row(label, i == m.list.at)
}

func (m welcomeModel) resize() (screen, tea.Cmd) { return m, nil }
func (m welcomeModel) globals() globalKeys       { return noSearch }

func (m welcomeModel) bindings() bindings {
	k := m.c.keys
	choose := withHelp(k.Choose, "enter", "continue")
	return bindings{
		short: []key.Binding{k.Up, k.Down, choose, k.Help, k.Quit},
		full:  [][]key.Binding{{k.Up, k.Down, choose}, {k.Help, k.Quit}},
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

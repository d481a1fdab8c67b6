package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

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
			c.progress, c.events = progress.Progress{}, nil
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
	b.WriteString(s.title.Render("Welcome to the Social Media Guidance course") + "\n")
	b.WriteString(s.subtle.Render(inert(c.course.Council)+" · "+inert(c.course.GuidanceTitle)+", version "+inert(c.course.GuidanceVersion)) + "\n\n")
	intro := fmt.Sprintf("The course has %d short modules, one for each section of the guidance, "+
		"and takes about %s. Each module ends with a quiz of real situations; you pass with %d%%. "+
		"Your answers are saved as you go, so you can stop at any time and carry on later.",
		len(c.course.Modules), duration(c.course.Minutes()), c.course.PassMark)
	b.WriteString(wrap(intro, w) + "\n\n")
	rule := "The golden rule (Guidance 4.1): \u201cif you are unsure about posting something, " +
		"stop and ask for advice first before doing anything else.\u201d"
	b.WriteString(s.quote.Render(wrap(rule, w-3)) + "\n\n")
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

// duration says how long something takes, for people.
func duration(minutes int) string {
	switch {
	case minutes < 60:
		return fmt.Sprintf("%d minutes", minutes)
	case minutes%60 == 0 && minutes == 60:
		return "an hour"
	case minutes%60 == 0:
		return fmt.Sprintf("%d hours", minutes/60)
	}
	h, m := minutes/60, minutes%60
	hours := "1 hour"
	if h > 1 {
		hours = fmt.Sprintf("%d hours", h)
	}
	return fmt.Sprintf("%s %d minutes", hours, m)
}

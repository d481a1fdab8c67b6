package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/progress"
)

// completeModel is the course-complete certificate.
type completeModel struct {
	c *common
}

func newComplete(c *common) completeModel { return completeModel{c: c} }

func toComplete(root Model) (Model, tea.Cmd) {
	root.state = stateComplete
	return root, loadProgress(root.c)
}

func (m completeModel) update(msg tea.Msg) (screen, transition, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.c.keys.Back, m.c.keys.Choose) {
		return m, toHomeAgain, nil
	}
	return m, nil, nil
}

// verificationCode is the certificate's code (see coursework.VerificationCode).
func verificationCode(events []progress.Event, c *modules.Course) string {
	return coursework.VerificationCode(c, events)
}

func (m completeModel) view() string {
	c := m.c
	s := c.styles
	p := c.progress
	if p.Status != progress.Passed {
		return s.title.Render("Course not complete yet") + "\n\n" +
			wrap("Pass every module's quiz to complete the course. Press esc to see your modules.", c.textWidth())
	}
	w := min(c.width-4, 64)
	inner := w - s.box.GetHorizontalFrameSize()
	// A name or title that fits on a line is kept on one.
	hold := func(v string) string {
		if ansi.StringWidth(v) <= inner {
			return strings.ReplaceAll(v, " ", nbsp)
		}
		return v
	}
	completed := p.CompletedAt
	if e, ok := progress.CompletingEvent(c.events, coursework.ModuleIDs(c.course)); ok {
		completed = e.Time // the first completion, which the code names too
	}
	wording := inertLines(c.course.Certificate(completed.Local().Format("Monday 2 January 2006"), hold))
	lines := []string{
		s.good.Render("✓ Course complete"),
		"",
		s.heading.Render(inert(c.member.Name)),
		wording,
		"",
		"Verification code: " + s.title.Render(verificationCode(c.events, c.course)),
	}
	card := lipgloss.NewStyle().Width(inner).Render(strings.Join(lines, "\n"))
	card = s.box.Width(w).Render(strings.ReplaceAll(card, nbsp, " "))
	note := "The verification code lets the monitoring officer confirm this certificate against the council's records. " +
		"Your record is kept; you can come back to any module at any time."
	if advice := adviceLine(c.course); advice != "" {
		note += "\n\n" + advice
	}
	return card + "\n\n" + s.subtle.Render(wrap(note, c.textWidth()))
}

func (m completeModel) resize() (screen, tea.Cmd) { return m, nil }
func (m completeModel) globals() globalKeys       { return allGlobals }

func (m completeModel) bindings() bindings {
	k := m.c.keys
	back := withHelp(k.Back, "esc/enter", "modules")
	return bindings{short: []key.Binding{back, k.Help, k.Quit}}
}

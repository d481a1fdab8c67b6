package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"course/internal/coursework"
	"course/internal/ui/cells"
)

// resultsKey takes a key on the results: try again, review or go on.
func (m quizModel) resultsKey(msg tea.KeyPressMsg) (quizModel, transition, tea.Cmd) {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.Retry) && m.attempt.Module == nil && !m.readBack():
		// Drawn from a record without this result, it would ask the
		// same questions again.
		m.another = true
		return m, nil, nil
	case key.Matches(msg, k.Retry) && m.attempt.Module == nil:
		return m.startRefresher(), nil, nil
	case key.Matches(msg, k.Retry):
		return m.start(m.attempt.Module), nil, nil
	case key.Matches(msg, k.Review):
		return m, toReview(m.attempt.Module, m.attempt.ID), nil
	case key.Matches(msg, k.Choose):
		if m.attempt.Module != nil && m.c.standing.Complete() {
			return m, toComplete, nil
		}
		return m, toHomeAgain, nil
	}
	return m, nil, nil
}

func (m quizModel) resultsBody() string {
	c := m.c
	s := c.styles
	w := c.textWidth() - 2
	out := m.attempt.Outcome(m.finished, c.standing.Events)
	sc := out.Score
	var b strings.Builder
	b.WriteString(cells.Wrap(out.ScoreLine, w) + "\n\n")
	verdict, kept := coursework.ResultWords(sc.Passed)
	switch {
	case m.phase == phaseFinishing && m.saveErr == nil:
		b.WriteString(s.subtle.Render("Saving your result…") + "\n")
		return b.String()
	case m.phase == phaseFinishing:
		return b.String()
	case sc.Passed:
		b.WriteString(cells.Wrap(s.good.Render("✓ "+verdict)+" "+kept, w) + "\n")
	default:
		b.WriteString(cells.Wrap(s.bad.Render("✗ "+verdict)+" "+kept, w) + "\n")
	}
	if renewed := out.RenewedLine(); renewed != "" {
		b.WriteString("\n" + cells.Wrap(renewed, w) + "\n")
	}
	if len(out.Reread) > 0 {
		b.WriteString("\n" + s.heading.Render("Worth re-reading") + "\n")
		for _, r := range out.Reread {
			b.WriteString(cells.Wrap("• "+r, w) + "\n")
		}
	}
	if earlier := out.EarlierPassLine(); earlier != "" {
		b.WriteString("\n" + cells.Wrap(earlier, w) + "\n")
	}
	b.WriteString("\n")
	complete := m.attempt.Module != nil && c.standing.Complete()
	enter := "enter to go back to the modules"
	if complete {
		enter = "enter to see your certificate"
	}
	switch {
	case m.attempt.Module == nil:
		b.WriteString(cells.Wrap("Press v to go through your answers, r for another refresher, or "+enter+".", w) + "\n")
	case sc.Passed && complete:
		done := "You have now passed every module."
		if out.PassedBefore {
			done = "You have passed every module."
		}
		b.WriteString(s.good.Render(cells.Wrap(done+" Press v to go through your answers, or "+enter+".", w)) + "\n")
	case sc.Passed:
		b.WriteString(cells.Wrap("Press v to go through your answers, or "+enter+".", w) + "\n")
	default:
		b.WriteString(cells.Wrap("Press v to go through your answers, r to try again (the answers come in a new order), or "+enter+".", w) + "\n")
	}
	return b.String()
}

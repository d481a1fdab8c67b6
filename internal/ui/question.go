package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"course/internal/coursework"
	"course/internal/quiz"
	"course/internal/safetext"
	"course/internal/ui/cells"
	"course/internal/ui/list"
)

// answerKey takes a key while the member chooses an answer.
func (m quizModel) answerKey(msg tea.KeyPressMsg) (quizModel, tea.Cmd) {
	k := m.c.keys
	q := m.current()
	n := len(q.Order)
	switch {
	case m.options.Update(msg, list.KeyMap{Up: k.Up, Down: k.Down}):
		m.ensureVisible()
	case key.Matches(msg, k.Toggle):
		m.toggle(m.options.Index())
	case key.Matches(msg, k.Choose):
		if q.Question.Kind == quiz.Single && !slices.Contains(m.chosen, true) {
			m.toggle(m.options.Index())
		}
		return m.submit()
	default:
		// A number does what space does on that answer (tickRule).
		if i, ok := digit(msg); ok && i <= n {
			m.options.Select(i - 1)
			m.toggle(m.options.Index())
		}
	}
	return m, nil
}

// toggle chooses the option at screen position i (one answer) or turns it
// on or off (select all that apply).
func (m *quizModel) toggle(i int) {
	if m.current().Question.Kind == quiz.Single {
		for j := range m.chosen {
			m.chosen[j] = j == i
		}
		return
	}
	m.chosen[i] = !m.chosen[i]
}

func (m quizModel) submit() (quizModel, tea.Cmd) {
	var positions []int
	for i, on := range m.chosen {
		if on {
			positions = append(positions, i)
		}
	}
	v, err := m.attempt.Answer(positions)
	if err != nil {
		m.notice = "Tick at least one answer first: press its number, or space on it."
		if errors.Is(err, quiz.ErrTooManyChoice) {
			m.notice = "This question has one answer: choose only one."
		}
		return m, nil
	}
	m.pending = v
	m.phase = phaseSaving
	return m, m.saveAnswer()
}

// feedbackKey goes on from an answer's feedback: to the next question, or,
// after the last, to saving the result.
func (m quizModel) feedbackKey(msg tea.KeyPressMsg) (quizModel, transition, tea.Cmd) {
	if !key.Matches(msg, m.c.keys.Choose) {
		return m, nil, nil
	}
	if m.index+1 < len(m.attempt.Questions) {
		m.index++
		m.phase = phaseAnswer
		return m.newQuestion(), nil, nil
	}
	m.phase = phaseFinishing
	m.vp.GotoTop()
	return m, nil, finishQuiz(m.c.store, m.attempt.Result())
}

// ensureVisible scrolls so that the option under the cursor is in view.
func (m *quizModel) ensureVisible() {
	m.vp.SetContent(m.questionBody())
	if m.options.Index() >= len(m.optLines) {
		return
	}
	line := m.optLines[m.options.Index()]
	switch {
	case line < m.vp.YOffset():
		m.vp.SetYOffset(line)
	case line >= m.vp.YOffset()+m.vp.Height()-1:
		m.vp.SetYOffset(line - m.vp.Height() + 2)
	}
}

func (m *quizModel) questionBody() string {
	c := m.c
	s := c.styles
	w := c.textWidth() - 2
	q := m.current()
	var b strings.Builder
	if q.Question.Scenario != "" {
		b.WriteString(cells.Wrap(safetext.Inert(q.Question.Scenario), w) + "\n\n")
	}
	b.WriteString(s.heading.Render(cells.Wrap(safetext.Inert(q.Question.Prompt), w)) + "\n")
	feedback := m.phase == phaseFeedback
	var verdict coursework.Verdict
	if feedback {
		verdict = m.attempt.VerdictOn(m.index)
	}
	marked := " The right answer is marked ✓; read why below."
	if len(q.Question.CorrectOptions()) > 1 {
		marked = " The right answers are marked ✓; read why below."
	}
	m.verdictLine = strings.Count(b.String(), "\n")
	switch {
	case feedback && verdict.Answer.Correct:
		b.WriteString(cells.BreakLines(s.good.Render("✓ Correct.")+marked, w) + "\n")
	case feedback:
		b.WriteString(cells.BreakLines(s.bad.Render("✗ Not quite.")+marked, w) + "\n")
	case coursework.HowToAnswer(q.Question) != "":
		b.WriteString(s.accent.Render(coursework.HowToAnswer(q.Question)) + "\n")
	}
	m.verdictEnd = strings.Count(b.String(), "\n")
	b.WriteString("\n")
	m.optLines = m.optLines[:0]
	for i := range q.Order {
		o := q.Option(i)
		m.optLines = append(m.optLines, strings.Count(b.String(), "\n"))
		box := "( )"
		if q.Question.Kind == quiz.Multiple {
			box = "[ ]"
		}
		if m.chosen[i] {
			box = "(•)"
			if q.Question.Kind == quiz.Multiple {
				box = "[x]"
			}
		}
		pointer := "  "
		if i == m.options.Index() && m.phase == phaseAnswer {
			pointer = s.selected.Render("› ")
		}
		label := fmt.Sprintf("%s %d. ", box, i+1)
		indent := ansi.StringWidth(label) + 2 // (•) is one cell in three bytes
		text := cells.Wrap(safetext.Inert(o.Text), w-indent)
		text = cells.IndentAfterFirst(text, indent)
		line := pointer + label + text
		if i == m.options.Index() && m.phase == phaseAnswer {
			line = pointer + s.selected.Render(label+text)
		}
		if feedback {
			mark := "  "
			switch {
			case o.Correct:
				mark = s.good.Render("✓ ")
			case verdict.Options[i].Chosen:
				mark = s.bad.Render("✗ ")
			}
			line = mark + label + text
		}
		b.WriteString(line + "\n")
		if why := verdict.Options; feedback && why[i].Why != "" {
			// The verdict is the course's to say: the feedback explains, and
			// a right option's is read by those who missed it too.
			fb := cells.Wrap(why[i].Why+". "+safetext.Inert(o.Feedback), w-indent-2)
			b.WriteString(s.subtle.Render(cells.IndentAll(fb, indent+2)) + "\n")
		}
	}
	if feedback {
		if slices.ContainsFunc(verdict.Options, func(o coursework.OptionVerdict) bool { return o.Why == "" }) {
			b.WriteString("\n" + s.subtle.Render(cells.Wrap(coursework.ReviewExplainsTheRest, w)) + "\n")
		}
		b.WriteString("\n" + s.cite.Render(cells.Wrap(verdict.BasedOn, w)) + "\n")
	}
	return b.String()
}

package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"course/internal/coursework"
	"course/internal/progress"
	"course/internal/quiz"
)

// result is the finished quiz for the record file.
func (m quizModel) result() progress.QuizResult {
	return coursework.Result(m.c.course, m.c.member.Number, m.attempt, m.module, m.asked(), m.answers, m.score)
}

// asked are the quiz's questions, in the order asked.
func (m quizModel) asked() []quiz.Question {
	questions := make([]quiz.Question, len(m.questions))
	for i, q := range m.questions {
		questions[i] = q.Question
	}
	return questions
}

// resultsKey takes a key on the results: try again, review or go on.
func (m quizModel) resultsKey(msg tea.KeyPressMsg) (quizModel, transition, tea.Cmd) {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.Retry) && m.module == nil:
		return m.startRefresher(), nil, nil
	case key.Matches(msg, k.Retry):
		return m.start(m.module), nil, nil
	case key.Matches(msg, k.Review):
		return m, toReview(m.module, m.attempt), nil
	case key.Matches(msg, k.Choose):
		if m.module != nil && m.c.progress.Status == progress.Passed {
			return m, toComplete, nil
		}
		return m, toHomeAgain, nil
	}
	return m, nil, nil
}

// passedBefore says whether the member had passed this quiz's module
// before this attempt.
func (m quizModel) passedBefore() bool {
	return coursework.PassedBefore(m.c.events, m.module.ID, m.attempt)
}

// renewed names the modules whose passes this quiz renewed.
func (m quizModel) renewed() []string {
	var names []string
	for _, mod := range coursework.Renewed(m.c.course, m.finished) {
		names = append(names, fmt.Sprintf("module %d (%s)", mod.Number, inert(mod.Title)))
	}
	return names
}

func (m quizModel) resultsBody() string {
	c := m.c
	s := c.styles
	w := c.textWidth() - 2
	sc := m.score
	var b strings.Builder
	b.WriteString(wrap(fmt.Sprintf("You answered %d of %d questions correctly (%s). The pass mark is %d%%.",
		sc.Correct, sc.Total, sc.PercentText(c.course.PassMark), c.course.PassMark), w) + "\n\n")
	switch {
	case m.phase == phaseFinishing && m.saveErr == nil:
		b.WriteString(s.subtle.Render("Saving your result…") + "\n")
		return b.String()
	case m.phase == phaseFinishing:
		return b.String()
	case sc.Passed:
		b.WriteString(wrap(s.good.Render("✓ Passed.")+" Your result is saved on your record.", w) + "\n")
	default:
		b.WriteString(wrap(s.bad.Render("✗ Not passed this time.")+" Your result is saved; you can try again now or later.", w) + "\n")
	}
	if renewed := m.renewed(); len(renewed) > 0 {
		b.WriteString("\n" + wrap("This refresher renewed your pass in "+coursework.JoinAnd(renewed)+".", w) + "\n")
	}
	if wrong := coursework.ToReread(c.course, m.asked(), m.answers); len(wrong) > 0 {
		b.WriteString("\n" + s.heading.Render("Worth re-reading") + "\n")
		for _, id := range wrong {
			p, _ := c.course.Paragraph(id)
			b.WriteString(wrap("• "+inert(c.course.Cite(id))+": "+inert(p.Topic), w) + "\n")
		}
	}
	if m.module != nil && !sc.Passed && m.passedBefore() {
		b.WriteString("\n" + wrap("Your earlier pass of this module still stands.", w) + "\n")
	}
	b.WriteString("\n")
	enter := "enter to go back to the modules"
	if m.module != nil && c.progress.Status == progress.Passed {
		enter = "enter to see your certificate"
	}
	switch {
	case m.module == nil:
		b.WriteString(wrap("Press v to go through your answers, r for another refresher, or "+enter+".", w) + "\n")
	case sc.Passed && c.progress.Status == progress.Passed:
		done := "You have now passed every module."
		if m.passedBefore() {
			done = "You have passed every module."
		}
		b.WriteString(s.good.Render(wrap(done+" Press v to go through your answers, or "+enter+".", w)) + "\n")
	case sc.Passed:
		b.WriteString(wrap("Press v to go through your answers, or "+enter+".", w) + "\n")
	default:
		b.WriteString(wrap("Press v to go through your answers, r to try again (the answers come in a new order), or "+enter+".", w) + "\n")
	}
	return b.String()
}

package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"course/internal/progress"
	"course/internal/quiz"
)

// result is the finished quiz for the record file.
func (m quizModel) result() progress.QuizResult {
	r := progress.QuizResult{Member: m.c.member.Number, Attempt: m.attempt, Score: m.score}
	if m.module != nil {
		r.Module, r.ModuleVersion = m.module.ID, m.module.Version
		return r
	}
	questions := make([]quiz.Question, len(m.questions))
	for i, q := range m.questions {
		questions[i] = q.Question
	}
	for _, ms := range quiz.ByModule(questions, m.answers) {
		if mod := m.c.course.Module(ms.Module); mod != nil {
			r.Modules = append(r.Modules, progress.ModuleResult{ModuleScore: ms, Version: mod.Version})
		}
	}
	return r
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
	for _, e := range m.c.events {
		if e.Kind == progress.ModuleCompleted && e.Module == m.module.ID && e.Attempt != m.attempt {
			return true
		}
	}
	return false
}

// renewed names the modules whose passes this quiz renewed.
func (m quizModel) renewed() []string {
	renewed := map[string]bool{}
	for _, e := range m.finished {
		if e.Kind == progress.ModuleCompleted && e.Reason == progress.RenewedByRefresher {
			renewed[e.Module] = true
		}
	}
	var names []string
	for _, mod := range m.c.course.Modules { // in the course's order
		if renewed[mod.ID] {
			names = append(names, fmt.Sprintf("module %d (%s)", mod.Number, inert(mod.Title)))
		}
	}
	return names
}

// joinAnd joins words as a sentence lists them: "a", "a and b", "a, b and c".
func joinAnd(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
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
		b.WriteString("\n" + wrap("This refresher renewed your pass in "+joinAnd(renewed)+".", w) + "\n")
	}
	var wrong []string
	seen := map[string]bool{}
	for i, a := range m.answers {
		if a.Correct {
			continue
		}
		for _, id := range m.questions[i].Question.Cites {
			if !seen[id] {
				seen[id] = true
				wrong = append(wrong, id)
			}
		}
	}
	if len(wrong) > 0 {
		b.WriteString("\n" + s.heading.Render("Worth re-reading") + "\n")
		for _, id := range c.course.InOrder(wrong) {
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

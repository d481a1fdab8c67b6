package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/quiz"
	"course/internal/record"
)

// reviewModel goes through one quiz attempt: each question, what the member
// chose, the right answer and why.
type reviewModel struct {
	c       *common
	title   string
	vp      viewport.Model
	back    state
	module  *modules.Module // nil for a refresher
	attempt string
}

func newReview(c *common) reviewModel {
	return reviewModel{c: c, vp: newViewport()}
}

// toReview shows an attempt; mod is nil for a refresher.
func toReview(mod *modules.Module, attempt string) transition {
	return func(root Model) (Model, tea.Cmd) {
		c := root.c
		title := "Review · refresher quiz"
		if mod != nil {
			title = fmt.Sprintf("Review · module %d quiz · %s", mod.Number, inert(mod.Title))
		}
		r := newReview(c)
		r.title, r.back, r.module, r.attempt = title, root.state, mod, attempt
		return root.open(stateReview, r)
	}
}

// resize fits the review to the window, wrapping it anew for its width.
func (m reviewModel) resize() (screen, tea.Cmd) {
	m.vp.SetWidth(m.c.width)
	m.vp.SetHeight(max(m.c.height-quizChrome-1, 1))
	m.vp.SetContent(m.body(m.module, m.attempt))
	return m, nil
}

func (m reviewModel) globals() globalKeys { return allGlobals }

func (m reviewModel) body(mod *modules.Module, attempt string) string {
	c := m.c
	s := c.styles
	w := c.textWidth() - 2
	questions := map[string]quiz.Question{}
	for _, q := range c.course.Questions() {
		questions[q.ID] = q
	}
	var b strings.Builder
	n, changed := 0, false
	for _, e := range c.events {
		if e.Kind != record.QuestionAnswered || e.Attempt != attempt || attempt == "" {
			continue
		}
		n++
		q, ok := questions[e.Question]
		if !ok {
			fmt.Fprintf(&b, "%d. %s\n\n", n, s.subtle.Render("This question is no longer in the course."))
			continue
		}
		if cur := c.course.Module(q.Module); cur != nil && e.ModuleVersion != cur.Version {
			changed = true
		}
		mark := s.good.Render("✓ Right.")
		if !e.Correct {
			mark = s.bad.Render("✗ Not quite.")
		}
		b.WriteString(s.heading.Render(fmt.Sprintf("Question %d", n)) + "\n")
		if q.Scenario != "" {
			b.WriteString(indentAll(wrap(inert(q.Scenario), w-3), 3) + "\n\n")
		}
		b.WriteString(indentAll(wrap(inert(q.Prompt), w-3), 3) + "\n")
		b.WriteString(indentAll(mark+" You chose:", 3) + "\n")
		b.WriteString(optionList(q, e.Chosen, w) + "\n")
		if !e.Correct {
			right := "The right answer:"
			if len(q.CorrectOptions()) > 1 {
				right = "The right answers:"
			}
			b.WriteString(indentAll(right, 3) + "\n" + optionList(q, q.CorrectOptions(), w) + "\n")
		}
		for _, i := range q.CorrectOptions() {
			b.WriteString(s.subtle.Render(indentAll(wrap("Why: "+inert(q.Options[i].Feedback), w-3), 3)) + "\n")
		}
		for _, i := range e.Chosen {
			if i >= 0 && i < len(q.Options) && !q.Options[i].Correct {
				b.WriteString(s.subtle.Render(indentAll(wrap("Why not “"+inert(q.Options[i].Text)+"”: "+inert(q.Options[i].Feedback), w-3), 3)) + "\n")
			}
		}
		b.WriteString(s.cite.Render(indentAll(wrap(citeLine(c.course, q.Cites), w-3), 3)) + "\n\n")
	}
	if n == 0 {
		return wrap("There is no finished attempt to review yet. Take the quiz first.", w)
	}
	if changed {
		return s.warn.Render(wrap("This module has changed since this attempt: the questions are shown as they read now.", w)) + "\n\n" + b.String()
	}
	return b.String()
}

// optionList lists options by their authored numbers, each as a bullet
// wrapped under its text, so that every one of them shows whole.
func optionList(q quiz.Question, options []int, w int) string {
	var lines []string
	for _, i := range options {
		if i >= 0 && i < len(q.Options) {
			lines = append(lines, hangingIndent("• ", inert(q.Options[i].Text), w-5, 5))
		}
	}
	if len(lines) == 0 {
		return indentAll("• nothing", 5)
	}
	return strings.Join(lines, "\n")
}

func (m reviewModel) update(msg tea.Msg) (screen, transition, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.c.keys.Back, m.c.keys.Choose) {
		return m, backTo(m.back), nil
	}
	var cmd tea.Cmd
	m.vp, cmd = m.vp.Update(msg)
	return m, nil, cmd
}

func (m reviewModel) view() string {
	s := m.c.styles
	return s.title.Render(truncate(m.title, m.c.width)) + "\n\n" + m.vp.View() + "\n" + moreBelow(m.vp, s)
}

func (m reviewModel) bindings() bindings {
	k := m.c.keys
	scroll := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "scroll"))
	page := withHelp(k.PageDown, "space/PgDn", "next screen")
	back := withHelp(k.Back, "esc", "back")
	return bindings{short: []key.Binding{scroll, page, back}}
}

// citeLine names the guidance paragraphs a question rests on.
func citeLine(c *modules.Course, ids []string) string {
	return inert(coursework.BasedOn(c, ids))
}

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
	"course/internal/safetext"
	"course/internal/ui/cells"
	"course/internal/ui/widgets"
)

// reviewModel goes through one quiz attempt: each question, what the member
// chose, the right answer and why.
type reviewModel struct {
	c       *common
	title   string
	vp      viewport.Model
	back    state
	attempt string
}

func newReview(c *common) reviewModel {
	return reviewModel{c: c, vp: widgets.NewViewport()}
}

// toReview shows an attempt; mod is nil for a refresher.
func toReview(mod *modules.Module, attempt string) transition {
	return func(root Model) (Model, tea.Cmd) {
		c := root.c
		title := "Review · refresher quiz"
		if mod != nil {
			title = fmt.Sprintf("Review · module %d quiz · %s", mod.Number, safetext.Inert(mod.Title))
		}
		r := newReview(c)
		r.title, r.back, r.attempt = title, root.state, attempt
		return root.open(stateReview, r)
	}
}

// resize fits the review to the window, wrapping it anew for its width.
func (m reviewModel) resize() (screen, tea.Cmd) {
	m.vp.SetWidth(m.c.width)
	m.vp.SetHeight(max(m.c.height-quizChrome-1, 1))
	m.vp.SetContent(m.body(m.attempt))
	return m, nil
}

func (m reviewModel) globals() globalKeys { return allGlobals }

func (m reviewModel) body(attempt string) string {
	c := m.c
	s := c.styles
	w := c.textWidth() - 2
	var b strings.Builder
	answered := coursework.Review(c.course, c.standing.Events, attempt)
	changed := false
	for n, r := range answered {
		q := r.Question
		if q == nil {
			fmt.Fprintf(&b, "%d. %s\n\n", n+1, s.subtle.Render(coursework.QuestionGone))
			continue
		}
		changed = changed || r.Changed
		mark := s.good.Render("✓ Right.")
		if !r.Answer.Correct {
			mark = s.bad.Render("✗ Not quite.")
		}
		b.WriteString(s.heading.Render(fmt.Sprintf("Question %d", n+1)) + "\n")
		if q.Scenario != "" {
			b.WriteString(cells.IndentAll(cells.Wrap(safetext.Inert(q.Scenario), w-3), 3) + "\n\n")
		}
		b.WriteString(cells.IndentAll(cells.Wrap(safetext.Inert(q.Prompt), w-3), 3) + "\n")
		b.WriteString(cells.IndentAll(mark+" You chose:", 3) + "\n")
		b.WriteString(optionList(r.Chosen(), w) + "\n")
		if !r.Answer.Correct {
			right := coursework.Plural(len(r.Right()), "The right answer:", "The right answers:")
			b.WriteString(cells.IndentAll(right, 3) + "\n" + optionList(r.Right(), w) + "\n")
		}
		for _, o := range r.Right() {
			b.WriteString(s.subtle.Render(cells.IndentAll(cells.Wrap("Why: "+safetext.Inert(o.Feedback), w-3), 3)) + "\n")
		}
		for _, o := range append(r.WronglyChosen(), r.Unchosen()...) {
			b.WriteString(s.subtle.Render(cells.IndentAll(cells.Wrap("Why not “"+safetext.Inert(o.Text)+"”: "+safetext.Inert(o.Feedback), w-3), 3)) + "\n")
		}
		b.WriteString(s.cite.Render(cells.IndentAll(cells.Wrap(coursework.CiteLine(c.course, q.Cites), w-3), 3)) + "\n\n")
	}
	if len(answered) == 0 {
		return cells.Wrap(coursework.NothingToReview, w)
	}
	if changed {
		return s.warn.Render(cells.Wrap("This module has changed since this attempt: the questions are shown as they read now.", w)) + "\n\n" + b.String()
	}
	return b.String()
}

// optionList lists options, each as a bullet wrapped under its text, so
// that every one of them shows whole.
func optionList(options []quiz.Option, w int) string {
	var lines []string
	for _, o := range options {
		lines = append(lines, cells.HangingIndent("• ", safetext.Inert(o.Text), w-5, 5))
	}
	if len(lines) == 0 {
		return cells.IndentAll("• nothing", 5)
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
	return s.title.Render(cells.Truncate(m.title, m.c.width)) + "\n\n" + m.vp.View() + "\n" + moreToScroll(m.vp, s)
}

func (m reviewModel) bindings() bindings {
	k := m.c.keys
	scroll := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "scroll"))
	page := withHelp(k.PageDown, "space/PgDn", "page down")
	back := withHelp(k.Back, "esc/enter", "back")
	return bindings{short: []key.Binding{back, scroll, page, k.Search}}
}

package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/quiz"
	"course/internal/record"
	"course/internal/safetext"
	"course/internal/ui/cells"
	"course/internal/ui/list"
	"course/internal/ui/widgets"
)

type quizPhase int

const (
	phaseAnswer    quizPhase = iota
	phaseSaving              // the answer is being written
	phaseFeedback            // the answer is saved; feedback is shown
	phaseFinishing           // the result is being written
	phaseResults
)

// tickRule is the one rule of a select-all question, said wherever the
// question is: a number and space do the same.
const tickRule = "Tick or untick an answer with its number, or space on it"

// tickRuleShort is tickRule with how to submit, for a window too narrow
// for the whole sentence: cut off, it would lose how to submit.
const tickRuleShort = "Number or space ticks or unticks; enter submits."

// fitHint is the hint that fits the width: the long one, or the short one
// that still says how to answer.
func fitHint(width int, long, short string) string {
	if ansi.StringWidth(long) <= width {
		return long
	}
	return short
}

// Lines the quiz uses around its scrolling body.
const quizChrome = 4

// quizModel shows one attempt at a quiz (see coursework.Attempt).
type quizModel struct {
	c       *common
	title   string
	attempt coursework.Attempt
	// pending is the answer being saved, kept by the attempt once it is.
	pending  coursework.Verdict
	index    int        // the question shown
	options  list.Model // the option under the cursor, by screen position
	chosen   []bool     // by screen position
	phase    quizPhase
	notice   string // a short message about the last key, e.g. "choose an answer"
	saveErr  error
	finished []record.Event // result events already saved
	vp       viewport.Model
	optLines []int // body lines where each option starts
	// verdictLine is the body line that says whether the answer was
	// right, which the feedback scrolls to when it is below.
	verdictLine int
	// verdictEnd is the body line after the verdict.
	verdictEnd int
	// another says r asked for another refresher before this one's
	// result was read back: it starts when it is, drawn from the record
	// with that result.
	another bool
}

func newQuiz(c *common) quizModel {
	vp := widgets.NewViewport()
	vp.KeyMap = viewport.KeyMap{
		PageDown: c.keys.PageDown,
		PageUp:   c.keys.PageUp,
	}
	vp.KeyMap.PageDown.SetKeys("pgdown")
	return quizModel{c: c, vp: vp}
}

// toQuiz starts a new attempt at mod's quiz, options in a new order.
func toQuiz(mod *modules.Module) transition {
	return func(root Model) (Model, tea.Cmd) {
		q := newQuiz(root.c).start(mod)
		root, cmd := root.open(stateQuiz, q)
		if q.phase == phaseFinishing {
			// Resumed with every answer saved: the result is still to save.
			cmd = tea.Batch(cmd, finishQuiz(root.c.store, q.attempt.Result()))
		}
		return root, cmd
	}
}

// toRefresher starts a refresher quiz over the modules passed, or
// carries on one left part way.
func toRefresher(root Model) (Model, tea.Cmd) {
	q := newQuiz(root.c).startRefresher()
	root, cmd := root.open(stateQuiz, q)
	if q.phase == phaseFinishing {
		cmd = tea.Batch(cmd, finishQuiz(root.c.store, q.attempt.Result()))
	}
	return root, cmd
}

// refresherQuestions are the questions a refresher draws from.
func refresherQuestions(c *common) []quiz.Question {
	return coursework.RefresherQuestions(c.course, c.standing.Progress)
}

func (m quizModel) start(mod *modules.Module) quizModel {
	m.title = fmt.Sprintf("Module %d quiz · %s", mod.Number, safetext.Inert(mod.Title))
	m = m.begin(coursework.NewQuiz(m.c.course, m.c.member.Number, "", mod, m.c.rand))
	if u, ok := m.c.unfinished(mod); ok {
		m = m.resume(u)
	}
	return m
}

// resume carries on an attempt left part way: its saved answers stand, in
// question order, and the quiz goes on at the first question not answered.
func (m quizModel) resume(u progress.Unfinished) quizModel {
	m.attempt.Resume(u)
	return m.carryOn()
}

// carryOn goes on at the first question the attempt has no answer to.
func (m quizModel) carryOn() quizModel {
	m.index = len(m.attempt.Answers)
	if m.attempt.Done() {
		// Every answer was saved, but not the result: show it now.
		m.index = len(m.attempt.Questions) - 1
		m.phase = phaseFinishing
		return m.layout()
	}
	m = m.newQuestion()
	m.notice = m.attempt.ResumedNote()
	return m.layout()
}

// startRefresher draws a refresher, questions the member missed last time
// first and those they always get right last, or carries on one left part
// way.
// Callers check there is a refresher to take (refresherQuestions).
func (m quizModel) startRefresher() quizModel {
	m.title = "Refresher quiz · the modules you have passed"
	a, _ := coursework.NewRefresher(m.c.course, m.c.member.Number, "", m.c.standing.Finished(m.c.finishedAttempts), m.c.rand)
	m = m.begin(a)
	if a.Resumed > 0 {
		m = m.carryOn()
	}
	return m
}

func (m quizModel) begin(a coursework.Attempt) quizModel {
	m.attempt = a
	m.index, m.finished, m.phase = 0, nil, phaseAnswer
	m = m.newQuestion()
	return m.layout()
}

func (m quizModel) newQuestion() quizModel {
	m.notice, m.saveErr = "", nil
	m.options = list.NewWrapping(len(m.current().Order))
	m.chosen = make([]bool, len(m.current().Order))
	m.vp.GotoTop()
	return m
}

func (m quizModel) current() quiz.Shuffled { return m.attempt.Questions[m.index] }

func (m quizModel) resize() (screen, tea.Cmd) { return m.layout(), nil }

// layout fits the body to the window.
func (m quizModel) layout() quizModel {
	m.vp.SetWidth(m.c.width)
	m.vp.SetHeight(max(m.c.height-quizChrome-2, 1))
	return m.refresh()
}

// changed rebuilds the results when the member's progress arrives: they
// say whether the whole course is now complete.
func (m quizModel) changed(msg tea.Msg) (screen, tea.Cmd) {
	if _, ok := msg.(progressMsg); ok {
		if m.another && m.readBack() {
			m.another = false
			return m.startRefresher(), nil
		}
		return m.refresh(), nil
	}
	return m, nil
}

// readBack says the member's record as last read has this attempt's
// result.
func (m quizModel) readBack() bool {
	return slices.ContainsFunc(m.c.standing.Events, func(e record.Event) bool {
		return e.Attempt == m.attempt.ID && (e.Kind == record.RefresherFinished || e.Kind == record.QuizFinished)
	})
}

// saving says an answer or the result is being written: the member stays
// on the quiz until it is.
func (m quizModel) saving() bool {
	return m.phase == phaseSaving || m.phase == phaseFinishing
}

func (m quizModel) globals() globalKeys {
	if m.saving() {
		return noSearch
	}
	return allGlobals
}

// refresh rebuilds the body after any change. Building text is cheap; it
// is done here so that View only lays out what is ready.
func (m quizModel) refresh() quizModel {
	if len(m.attempt.Questions) == 0 {
		return m
	}
	var body string
	if m.phase == phaseResults || m.phase == phaseFinishing {
		body = m.resultsBody()
	} else {
		body = m.questionBody()
	}
	m.vp.SetContent(strings.TrimRight(body, "\n")) // a last newline would read as one more line below
	return m
}

func (m quizModel) update(msg tea.Msg) (screen, transition, tea.Cmd) {
	switch msg := msg.(type) {
	case savedMsg:
		return m.saved(msg)
	case finishedMsg:
		return m.finishedSaving(msg)
	case tea.KeyPressMsg:
		m.notice = ""
		var t transition
		var cmd tea.Cmd
		switch m.phase {
		case phaseAnswer:
			m, cmd = m.answerKey(msg)
		case phaseFeedback:
			m, t, cmd = m.feedbackKey(msg)
		case phaseResults:
			m, t, cmd = m.resultsKey(msg)
		case phaseSaving, phaseFinishing:
			if key.Matches(msg, m.c.keys.Choose) && m.saveErr != nil {
				m, cmd = m.retrySave()
			}
		}
		if t == nil && key.Matches(msg, m.c.keys.Back) && !m.saving() {
			t = toHomeAgain
		}
		m = m.refresh()
		if t == nil && (m.phase == phaseFeedback || m.phase == phaseResults) {
			// The arrows move between answers only while answering;
			// after, they scroll the feedback or the results.
			switch {
			case key.Matches(msg, m.c.keys.Up):
				m.vp.ScrollUp(1)
			case key.Matches(msg, m.c.keys.Down):
				m.vp.ScrollDown(1)
			}
		}
		if t == nil {
			var vcmd tea.Cmd
			m.vp, vcmd = m.vp.Update(msg)
			cmd = tea.Batch(cmd, vcmd)
		}
		return m, t, cmd
	case tea.MouseWheelMsg:
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return m, nil, cmd
	}
	return m, nil, nil
}

func (m quizModel) saveAnswer() tea.Cmd {
	return saveAnswer(m.c.store, m.pending.Event)
}

// saved moves on once the record file has the answer or the result.
func (m quizModel) saved(msg savedMsg) (quizModel, transition, tea.Cmd) {
	if errors.Is(msg.err, progress.ErrAttemptFinished) {
		return m, finishedElsewhere, nil
	}
	if msg.err != nil {
		m.saveErr = msg.err
		return m.refresh(), nil, nil
	}
	m.saveErr = nil
	if msg.purpose == purposeAnswer && m.phase == phaseSaving {
		m.attempt.Accept(m.pending)
		m.phase = phaseFeedback
		m = m.refresh()
		if m.verdictEnd > m.vp.YOffset()+m.vp.Height() {
			// In a small window the question fills the screen: the
			// verdict, and the feedback under it, are what is new.
			m.vp.SetYOffset(m.verdictLine)
		}
		return m, nil, nil
	}
	return m.refresh(), nil, nil
}

// finishedSaving shows the results once the record file has the quiz's
// result and the completions it earned.
func (m quizModel) finishedSaving(msg finishedMsg) (quizModel, transition, tea.Cmd) {
	if m.phase != phaseFinishing {
		return m, nil, nil
	}
	if errors.Is(msg.err, progress.ErrAttemptFinished) {
		return m, finishedElsewhere, nil
	}
	if msg.err != nil {
		m.saveErr = msg.err
		return m.refresh(), nil, nil
	}
	m.saveErr, m.finished, m.phase = nil, msg.events, phaseResults
	if m.c.finishedAttempts == nil {
		m.c.finishedAttempts = map[string]bool{}
	}
	m.c.finishedAttempts[m.attempt.ID] = true
	m = m.refresh()
	return m, nil, loadProgress(m.c)
}

// finishedElsewhere leaves a quiz that another window finished, for the
// modules, which show its result.
func finishedElsewhere(root Model) (Model, tea.Cmd) {
	h := newHome(root.c)
	h.notice = "That quiz was finished in another window, so nothing more is added to it: the module's line above shows its result. Open the module to take the quiz again."
	root, _ = root.open(stateHome, h)
	return root, loadProgress(root.c)
}

func (m quizModel) retrySave() (quizModel, tea.Cmd) {
	m.saveErr = nil
	if m.phase == phaseSaving {
		return m, m.saveAnswer()
	}
	return m, finishQuiz(m.c.store, m.attempt.Result())
}

func (m quizModel) view() string {
	c := m.c
	s := c.styles
	title := m.title
	var sub string
	switch m.phase {
	case phaseResults, phaseFinishing:
		sub = "Results"
	default:
		sub = fmt.Sprintf("Question %d of %d", m.index+1, len(m.attempt.Questions))
	}
	header := s.title.Render(cells.Truncate(title, c.width-ansi.StringWidth(sub)-3)) + s.subtle.Render(" · "+sub)
	var status string
	switch {
	case errors.Is(m.saveErr, coursework.ErrLeft):
		status = s.bad.Render(cells.Truncate("Not saved: your details were removed from the course. Press q to quit.", c.width))
	case m.saveErr != nil:
		status = s.bad.Render(cells.Truncate("Not saved: "+safetext.Inert(m.saveErr.Error())+". Press enter to try again.", c.width))
	case m.notice != "":
		status = s.warn.Render(cells.Truncate(m.notice, c.width))
	case m.phase == phaseSaving:
		status = s.subtle.Render("Saving your answer…")
	case m.phase == phaseFeedback:
		next := "Press enter for the next question."
		if m.index+1 == len(m.attempt.Questions) {
			next = "Press enter to see your result."
		}
		status = s.subtle.Render("Answer saved. ") + next
	case m.phase == phaseAnswer && m.current().Question.Kind == quiz.Multiple:
		status = s.subtle.Render(fitHint(c.width, tickRule+"; enter submits.", tickRuleShort))
	case m.phase == phaseAnswer:
		status = s.subtle.Render(fitHint(c.width, "Move to your answer, or press its number, then press enter.", "Press an answer's number, then enter."))
	}
	return header + "\n\n" + m.vp.View() + "\n" + moreToScroll(m.vp, s) + "\n" + status
}

func (m quizModel) bindings() bindings {
	k := m.c.keys
	back := withHelp(k.Back, "esc", "leave")
	scroll := key.NewBinding(key.WithKeys("pgup", "pgdown"), key.WithHelp("PgUp/PgDn", "scroll"))
	var short []key.Binding
	switch m.phase {
	case phaseAnswer:
		move := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move"))
		submit := withHelp(k.Choose, "enter", "submit")
		if n := len(m.current().Order); m.current().Question.Kind == quiz.Multiple {
			// A number and space do the same: each ticks an answer, or
			// unticks it when it is ticked (tickRule).
			tick := withHelp(k.Toggle, fmt.Sprintf("1–%d/space", n), "tick or untick")
			short = []key.Binding{submit, tick, move}
		} else {
			number := key.NewBinding(key.WithKeys("1"), key.WithHelp(fmt.Sprintf("1–%d", n), "choose"))
			short = []key.Binding{withHelp(k.Choose, "enter", "submit"), number, move}
		}
	case phaseFeedback:
		short = []key.Binding{withHelp(k.Choose, "enter", "next")}
	case phaseResults:
		short = []key.Binding{withHelp(k.Choose, "enter", "continue"), k.Review}
		switch {
		case m.attempt.Module == nil:
			short = append(short, withHelp(k.Retry, "r", "another refresher"))
		case !m.attempt.Score().Passed:
			short = append(short, k.Retry)
		default:
			short = append(short, withHelp(k.Retry, "r", "take it again"))
		}
	default:
		if m.saveErr != nil {
			short = []key.Binding{withHelp(k.Choose, "enter", "try saving again")}
		}
	}
	more := withHelp(k.PageDown, "PgDn", "more")
	if m.phase == phaseFeedback || m.phase == phaseResults {
		scroll = key.NewBinding(key.WithKeys("up", "down", "pgup", "pgdown"), key.WithHelp("↑/↓/PgUp/PgDn", "scroll"))
		more = withHelp(more, "↓/PgDn", "more")
	}
	full := [][]key.Binding{short, {scroll, back, k.Help, k.Quit}}
	switch {
	case !m.vp.AtBottom() && m.phase == phaseAnswer && len(short) > 0:
		// In a small window the answers can be below: scrolling to
		// them comes after how to answer.
		short = append([]key.Binding{short[0], more}, short[1:]...)
	case !m.vp.AtBottom():
		// In a small window the feedback or the results can be below.
		short = append([]key.Binding{more}, short...)
	case !m.vp.AtTop() && m.phase != phaseAnswer:
		short = append([]key.Binding{withHelp(k.PageUp, "↑/PgUp", "back up")}, short...)
	}
	short = append(short, back, k.Help, k.Quit)
	return bindings{short: short, full: full}
}

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

	"course/internal/modules"
	"course/internal/progress"
	"course/internal/quiz"
)

type quizPhase int

const (
	phaseAnswer    quizPhase = iota
	phaseSaving              // the answer is being written
	phaseFeedback            // the answer is saved; feedback is shown
	phaseFinishing           // the result is being written
	phaseResults
)

// Lines the quiz uses around its scrolling body.
const quizChrome = 4

// quizModel runs one attempt at a module's quiz.
type quizModel struct {
	c *common
	// module is the module whose quiz this is; nil for a refresher quiz.
	module    *modules.Module
	title     string
	attempt   string
	questions []quiz.Shuffled
	index     int
	options   listCursor // the option under the cursor, by screen position
	chosen    []bool     // by screen position
	answers   []quiz.Answer
	phase     quizPhase
	notice    string // a short message about the last key, e.g. "choose an answer"
	saveErr   error
	finished  []progress.Event // result events already saved
	score     quiz.Score
	vp        viewport.Model
	optLines  []int // body lines where each option starts
}

func newQuiz(c *common) quizModel {
	vp := viewport.New()
	vp.MouseWheelEnabled = true
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
		return root.open(stateQuiz, newQuiz(root.c).start(mod))
	}
}

// RefresherSize is how many questions a refresher quiz has.
const RefresherSize = 10

// toRefresher starts a refresher quiz drawn from every module.
func toRefresher(root Model) (Model, tea.Cmd) {
	return root.open(stateQuiz, newQuiz(root.c).startRefresher())
}

func (m quizModel) start(mod *modules.Module) quizModel {
	m.module = mod
	m.title = fmt.Sprintf("Module %d quiz · %s", mod.Section, inert(mod.Title))
	return m.begin(mod.Questions)
}

// startRefresher draws a refresher: questions the member missed last time
// first, those they always get right last.
func (m quizModel) startRefresher() quizModel {
	m.module = nil
	m.title = "Refresher quiz · all modules"
	return m.begin(quiz.Refresher(m.c.course.Questions(), progress.History(m.c.events), RefresherSize, m.c.rand))
}

func (m quizModel) begin(questions []quiz.Question) quizModel {
	m.attempt = progress.NewAttemptID()
	m.questions = make([]quiz.Shuffled, len(questions))
	for i, q := range questions {
		m.questions[i] = quiz.Shuffle(q, m.c.rand)
	}
	m.index, m.answers, m.finished, m.phase = 0, nil, nil, phaseAnswer
	m.score = quiz.Score{}
	m = m.newQuestion()
	return m.layout()
}

func (m quizModel) newQuestion() quizModel {
	m.notice, m.saveErr = "", nil
	m.options = listCursor{n: len(m.current().Order), wrap: true}
	m.chosen = make([]bool, len(m.current().Order))
	m.vp.GotoTop()
	return m
}

func (m quizModel) current() quiz.Shuffled { return m.questions[m.index] }

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
		return m.refresh(), nil
	}
	return m, nil
}

// globals keeps the member on the quiz while an answer or the result is
// being saved.
func (m quizModel) globals() globalKeys {
	if m.phase == phaseSaving || m.phase == phaseFinishing {
		return noSearch
	}
	return allGlobals
}

// refresh rebuilds the body after any change. Building text is cheap; it
// is done here so that View only lays out what is ready.
func (m quizModel) refresh() quizModel {
	if len(m.questions) == 0 {
		return m
	}
	var body string
	if m.phase == phaseResults || m.phase == phaseFinishing {
		body = m.resultsBody()
	} else {
		body = m.questionBody()
	}
	m.vp.SetContent(body)
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
		if t == nil && key.Matches(msg, m.c.keys.Back) && m.phase != phaseSaving && m.phase != phaseFinishing {
			t = toHomeAgain
		}
		m = m.refresh()
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

func (m quizModel) answerKey(msg tea.KeyPressMsg) (quizModel, tea.Cmd) {
	k := m.c.keys
	q := m.current()
	n := len(q.Order)
	switch {
	case m.options.update(msg, listKeys{up: k.Up, down: k.Down}):
		m.ensureVisible()
	case key.Matches(msg, k.Toggle):
		m.toggle(m.options.at)
	case key.Matches(msg, k.Choose):
		if q.Question.Kind == quiz.Single && !slices.Contains(m.chosen, true) {
			m.toggle(m.options.at)
		}
		return m.submit()
	default:
		if s := msg.String(); len(s) == 1 && s[0] >= '1' && int(s[0]-'1') < n {
			m.options.set(int(s[0] - '1'))
			m.toggle(m.options.at)
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
	answer, err := m.current().Grade(positions)
	if err != nil {
		m.notice = "Choose an answer first: move with ↑/↓ and press space to select."
		if errors.Is(err, quiz.ErrTooManyChoice) {
			m.notice = "This question has one answer: choose only one."
		}
		return m, nil
	}
	m.answers = append(m.answers, answer)
	m.phase = phaseSaving
	return m, m.saveAnswer()
}

func (m quizModel) answerEvent() progress.Event {
	a := m.answers[len(m.answers)-1]
	q := m.current().Question
	return progress.Event{
		Kind: progress.QuestionAnswered, Member: m.c.member.Number,
		Module: q.Module, ModuleVersion: m.versionOf(q.Module), Attempt: m.attempt,
		Question: a.Question, Chosen: a.Chosen, Correct: a.Correct,
	}
}

func (m quizModel) versionOf(module string) string {
	if mod := m.c.course.Module(module); mod != nil {
		return mod.Version
	}
	return ""
}

func (m quizModel) saveAnswer() tea.Cmd {
	return recordFor(m.c.store, m.answerEvent(), purposeAnswer)
}

// saved moves on once the record file has the answer or the result.
func (m quizModel) saved(msg savedMsg) (quizModel, transition, tea.Cmd) {
	if msg.err != nil {
		m.saveErr = msg.err
		return m.refresh(), nil, nil
	}
	m.saveErr = nil
	if msg.purpose == purposeAnswer && m.phase == phaseSaving {
		m.phase = phaseFeedback
	}
	return m.refresh(), nil, nil
}

// finishedSaving shows the results once the record file has the quiz's
// result and the completions it earned.
func (m quizModel) finishedSaving(msg finishedMsg) (quizModel, transition, tea.Cmd) {
	if m.phase != phaseFinishing {
		return m, nil, nil
	}
	if msg.err != nil {
		m.saveErr = msg.err
		return m.refresh(), nil, nil
	}
	m.saveErr, m.finished, m.phase = nil, msg.events, phaseResults
	m = m.refresh()
	return m, nil, loadProgress(m.c)
}

func (m quizModel) retrySave() (quizModel, tea.Cmd) {
	m.saveErr = nil
	if m.phase == phaseSaving {
		return m, m.saveAnswer()
	}
	return m, finishQuiz(m.c.store, m.result())
}

func (m quizModel) feedbackKey(msg tea.KeyPressMsg) (quizModel, transition, tea.Cmd) {
	if !key.Matches(msg, m.c.keys.Choose) {
		return m, nil, nil
	}
	if m.index+1 < len(m.questions) {
		m.index++
		m.phase = phaseAnswer
		return m.newQuestion(), nil, nil
	}
	m.score = quiz.ScoreOf(m.answers, m.c.course.PassMark)
	m.phase = phaseFinishing
	m.vp.GotoTop()
	return m, nil, finishQuiz(m.c.store, m.result())
}

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

// ensureVisible scrolls so that the option under the cursor is in view.
func (m *quizModel) ensureVisible() {
	m.vp.SetContent(m.questionBody())
	if m.options.at >= len(m.optLines) {
		return
	}
	line := m.optLines[m.options.at]
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
		b.WriteString(wrap(inert(q.Question.Scenario), w) + "\n\n")
	}
	b.WriteString(s.heading.Render(wrap(inert(q.Question.Prompt), w)) + "\n")
	feedback := m.phase == phaseFeedback
	var answer quiz.Answer
	if feedback || m.phase == phaseSaving {
		answer = m.answers[len(m.answers)-1]
	}
	marked := " The right answer is marked ✓; read why below.\n"
	if len(q.Question.CorrectOptions()) > 1 {
		marked = " The right answers are marked ✓; read why below.\n"
	}
	switch {
	case feedback && answer.Correct:
		b.WriteString(s.good.Render("✓ Correct.") + marked)
	case feedback:
		b.WriteString(s.bad.Render("✗ Not quite.") + marked)
	case strings.Contains(strings.ToLower(q.Question.Prompt), "select all"):
	case q.Question.Kind == quiz.Multiple:
		b.WriteString(s.accent.Render("Select all that apply.") + "\n")
	default:
		b.WriteString(s.accent.Render("Choose one answer.") + "\n")
	}
	b.WriteString("\n")
	m.optLines = m.optLines[:0]
	for i := range q.Order {
		o := q.Option(i)
		authored := q.Order[i]
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
		if i == m.options.at && m.phase == phaseAnswer {
			pointer = s.selected.Render("› ")
		}
		label := fmt.Sprintf("%s %d. ", box, i+1)
		indent := ansi.StringWidth(label) + 2 // (•) is one cell in three bytes
		text := wrap(inert(o.Text), w-indent)
		text = indentAfterFirst(text, indent)
		line := pointer + label + text
		if i == m.options.at && m.phase == phaseAnswer {
			line = pointer + s.selected.Render(label+text)
		}
		if feedback {
			mark := "  "
			switch {
			case o.Correct:
				mark = s.good.Render("✓ ")
			case slices.Contains(answer.Chosen, authored):
				mark = s.bad.Render("✗ ")
			}
			line = mark + label + text
		}
		b.WriteString(line + "\n")
		if feedback && (o.Correct || slices.Contains(answer.Chosen, authored)) {
			why := "Your choice. "
			switch {
			case o.Correct && !slices.Contains(answer.Chosen, authored):
				why = "You missed this one. "
			case !slices.Contains(answer.Chosen, authored):
				why = ""
			}
			fb := wrap(why+inert(o.Feedback), w-indent-2)
			b.WriteString(s.subtle.Render(indentAll(fb, indent+2)) + "\n")
		}
	}
	if feedback {
		b.WriteString("\n" + s.cite.Render(wrap(citeLine(m.c.course, q.Question.Cites), w)) + "\n")
	}
	return b.String()
}

// renewed names the modules whose passes this quiz renewed.
func (m quizModel) renewed() []string {
	var names []string
	for _, e := range m.finished {
		if e.Kind == progress.ModuleCompleted && e.Reason == progress.RenewedByRefresher {
			if mod := m.c.course.Module(e.Module); mod != nil {
				names = append(names, fmt.Sprintf("module %d (%s)", mod.Section, inert(mod.Title)))
			}
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
	b.WriteString(wrap(fmt.Sprintf("You answered %d of %d questions correctly (%d%%). The pass mark is %d%%.",
		sc.Correct, sc.Total, sc.Percent(), c.course.PassMark), w) + "\n\n")
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
		for _, id := range wrong {
			p, _ := c.course.Paragraph(id)
			b.WriteString(wrap("• Guidance "+id+": "+inert(p.Topic), w) + "\n")
		}
	}
	b.WriteString("\n")
	switch {
	case m.module == nil:
		b.WriteString(wrap("Press v to go through your answers, r for another refresher, or enter to go back to the modules.", w) + "\n")
	case sc.Passed && c.progress.Status == progress.Passed:
		b.WriteString(s.good.Render(wrap("You have now passed every module. Press enter to see your certificate.", w)) + "\n")
	case sc.Passed:
		b.WriteString(wrap("Press v to go through your answers, or enter to go back to the modules.", w) + "\n")
	default:
		b.WriteString(wrap("Press v to go through your answers, r to try again (the answers come in a new order), or enter to go back to the modules.", w) + "\n")
	}
	return b.String()
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
		sub = fmt.Sprintf("Question %d of %d", m.index+1, len(m.questions))
	}
	header := s.title.Render(truncate(title, c.width-ansi.StringWidth(sub)-3)) + s.subtle.Render(" · "+sub)
	var status string
	switch {
	case m.saveErr != nil:
		status = s.bad.Render(truncate("Not saved: "+inert(m.saveErr.Error())+". Press enter to try again.", c.width))
	case m.notice != "":
		status = s.warn.Render(truncate(m.notice, c.width))
	case m.phase == phaseSaving:
		status = s.subtle.Render("Saving your answer…")
	case m.phase == phaseFeedback:
		next := "Press enter for the next question."
		if m.index+1 == len(m.questions) {
			next = "Press enter to see your result."
		}
		status = s.good.Render("✓ Answer saved. ") + next
	case m.phase == phaseAnswer && m.current().Question.Kind == quiz.Multiple:
		status = s.subtle.Render("Press space to select each answer that applies, then enter to submit.")
	case m.phase == phaseAnswer:
		status = s.subtle.Render("Move to your answer and press enter, or press its number.")
	}
	more := ""
	if !m.vp.AtBottom() {
		more = s.subtle.Render("  ↓ more below (PgDn)")
	}
	return header + "\n\n" + m.vp.View() + "\n" + more + "\n" + status
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
		if m.current().Question.Kind == quiz.Multiple {
			short = []key.Binding{move, withHelp(k.Toggle, "space", "select"), submit}
		} else {
			short = []key.Binding{move, withHelp(k.Choose, "enter", "choose")}
		}
	case phaseFeedback:
		short = []key.Binding{withHelp(k.Choose, "enter", "next")}
	case phaseResults:
		short = []key.Binding{withHelp(k.Choose, "enter", "continue"), k.Review}
		if !m.score.Passed || m.module == nil {
			short = append(short, k.Retry)
		} else {
			short = append(short, withHelp(k.Retry, "r", "take it again"))
		}
	default:
		if m.saveErr != nil {
			short = []key.Binding{withHelp(k.Choose, "enter", "try saving again")}
		}
	}
	full := [][]key.Binding{short, {scroll, back, k.Help, k.Quit}}
	short = append(short, back, k.Help, k.Quit)
	return bindings{short: short, full: full}
}

func indentAfterFirst(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}

func indentAll(s string, n int) string {
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

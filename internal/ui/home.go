package ui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	bprogress "charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/safetext"
	"course/internal/ui/cells"
	"course/internal/ui/list"
)

// homeModel lists the modules with the member's standing in each.
type homeModel struct {
	c      *common
	list   list.Model // row 0 is "continue"; row i is module i
	notice string     // a word about the last key, such as why r did nothing
	handIn handInResult
}

func newHome(c *common) homeModel {
	return homeModel{c: c, list: list.New(len(c.course.Modules)+1, 0)}
}

// next is where the member carries on (see coursework.Standing.Next).
func (m homeModel) next() coursework.Next {
	return m.c.standing.Finished(m.c.finishedAttempts).Next(m.c.course, m.unfinished)
}

func (m homeModel) update(msg tea.Msg) (screen, transition, tea.Cmd) {
	if r, ok := msg.(handInResult); ok {
		m.handIn = r
		return m, nil, nil
	}
	msg2, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return m, nil, nil
	}
	k := m.c.keys
	n := len(m.c.course.Modules)
	m.notice, m.handIn = "", handInResult{}
	switch {
	case m.list.Update(msg2, k.ForList()):
	case key.Matches(msg2, k.Back) && !m.c.fixedMember:
		return m, toWelcome, nil
	case key.Matches(msg2, k.Choose):
		return m, m.open(m.list.Index()), nil
	case key.Matches(msg2, k.Refresh):
		if len(refresherQuestions(m.c)) == 0 {
			m.notice = coursework.NoRefresherYet
			return m, nil, nil
		}
		return m, toRefresher, nil
	case key.Matches(msg2, k.HandIn) && m.c.handIn != nil:
		return m, nil, handIn(m.c)
	case key.Matches(msg2, k.Review) && m.list.Index() > 0:
		mod := m.c.course.Modules[m.list.Index()-1]
		return m, toReview(mod, coursework.LastAttempt(m.c.standing.Events, mod.ID)), nil
	default:
		if i, ok := digit(msg2); ok && i <= n {
			m.list.Select(i)
			return m, m.open(i), nil
		}
	}
	return m, nil, nil
}

// unfinished is how many answers the member left in a quiz of mod's that
// they did not finish, or 0.
func (m homeModel) unfinished(mod *modules.Module) int {
	u, ok := m.c.unfinished(mod)
	if !ok {
		return 0
	}
	return len(u.Answers)
}

// open starts the item at cursor position i.
func (m homeModel) open(i int) transition {
	if i > 0 {
		return toReader(m.c.course.Modules[i-1])
	}
	n := m.next()
	switch {
	case n.Step == coursework.StepResumeRefresher:
		return toRefresher
	case n.Module == nil:
		return toComplete
	case n.TakesQuiz():
		return toQuiz(n.Module)
	}
	return toReader(n.Module)
}

func (m homeModel) view() string {
	c := m.c
	s := c.styles
	w := c.textWidth()
	p := c.standing.Progress
	n := len(c.course.Modules)
	var b strings.Builder
	b.WriteString(s.title.Render(safetext.Inert(c.course.GuidanceTitle)) + s.subtle.Render(" · "+safetext.Inert(c.member.Name)) + "\n")
	bar := bprogress.New(bprogress.WithoutPercentage(), bprogress.WithWidth(min(w, 60)-18), bprogress.WithColors(s.accent.GetForeground()))
	b.WriteString(bar.ViewAs(float64(p.Passed)/float64(max(n, 1))) + fmt.Sprintf("  %d of %d passed", p.Passed, n) + "\n\n")

	next := m.next()
	mod := next.Module
	var cont string
	switch next.Step {
	case coursework.StepCertificate:
		cont = "Course complete: see your certificate"
	case coursework.StepResumeQuiz:
		cont = fmt.Sprintf("Continue the quiz for module %d, %s (%d of %d answered)", mod.Number, mod.Title, next.Answered, len(mod.Questions))
	case coursework.StepResumeRefresher:
		cont = fmt.Sprintf("Continue the refresher quiz (%d of %d answered)", next.Answered, next.Of)
	case coursework.StepRefresh:
		cont = fmt.Sprintf("Refresh module %d: %s", mod.Number, mod.Title)
	case coursework.StepQuiz:
		cont = fmt.Sprintf("Continue: take the quiz for module %d, %s", mod.Number, mod.Title)
	case coursework.StepCarryOn:
		cont = fmt.Sprintf("Continue where you left off: module %d, %s", mod.Number, mod.Title)
	default:
		cont = fmt.Sprintf("Start module %d: %s", mod.Number, mod.Title)
	}
	statusWidth := 22
	titleWidth := max(w-statusWidth-6, 10)
	labelWidth := 0
	if !c.course.SectionsNumbered() {
		// The number is the key to press; the label is the guidance's.
		for _, mod := range c.course.Modules {
			labelWidth = max(labelWidth, ansi.StringWidth(safetext.Inert(mod.Section))+2)
		}
	}
	numberWidth := len(strconv.Itoa(n))
	b.WriteString(m.list.View(s.list(), func(i int, chosen bool) string {
		if i == 0 {
			if m.list.Scrolls() {
				return s.row(safetext.Inert(cont), chosen)
			}
			return s.row(safetext.Inert(cont), chosen) + "\n" // set apart from the modules when there is room
		}
		mod := c.course.Modules[i-1]
		mp := m.c.standing.Module(i - 1)
		label := ""
		if labelWidth > 0 {
			label = cells.PadRight(safetext.Inert(mod.Section), labelWidth)
		}
		// A space is left after the longest title, so that every status
		// starts in the same column, titles cut short or not.
		title := cells.Truncate(safetext.Inert(mod.Title), titleWidth-labelWidth-numberWidth)
		line := cells.PadRight(fmt.Sprintf("%*d  %s%s", numberWidth, mod.Number, label, title), titleWidth+3)
		return s.row(line, chosen) + " " + m.status(mp)
	}))
	b.WriteString("\n\n")
	b.WriteString(m.detail())
	return b.String()
}

// status is a module's standing as a symbol and words: never colour alone.
func (m homeModel) status(mp progress.ModuleProgress) string {
	s := m.c.styles
	words := coursework.StatusWords(mp, false)
	switch mp.Status {
	case progress.Passed:
		return s.good.Render("✓ " + words)
	case progress.NeedsRefresh:
		return s.warn.Render("! " + words)
	case progress.InProgress:
		return s.accent.Render("… " + words)
	}
	return s.subtle.Render("· " + words)
}

// detail describes the selected item under the list.
func (m homeModel) detail() string {
	c := m.c
	s := c.styles
	w := c.textWidth()
	if m.notice != "" {
		return s.warn.Render(cells.Wrap(m.notice, w))
	}
	if m.handIn.Path != "" || m.handIn.err != nil {
		return m.handIn.view(c, "")
	}
	if m.list.Index() == 0 {
		if redo := m.refreshSummary(); redo != "" {
			return s.warn.Render(cells.Wrap(redo, w))
		}
		if c.standing.Complete() {
			return cells.Wrap(s.good.Render("✓ ")+c.standing.CompletedLine(), w)
		}
		var todo, minutes int
		for i, mp := range c.standing.Progress.Modules {
			if mp.Status != progress.Passed {
				todo++
				minutes += c.course.Modules[i].Minutes
			}
		}
		return s.subtle.Render(cells.Wrap(fmt.Sprintf("%d %s to go, about %s. Press enter to carry on, or choose any module above.", todo, coursework.Plural(todo, "module", "modules"), modules.Duration(minutes)), w))
	}
	mod := c.course.Modules[m.list.Index()-1]
	mp := m.c.standing.Module(m.list.Index() - 1)
	text := safetext.Inert(mod.Summary)
	if text == "" {
		text = safetext.Inert(mod.Title)
	}
	text += fmt.Sprintf(" About %d minutes.", mod.Minutes)
	if mp.Attempts > 0 {
		text += " Press v to review your last attempt."
	}
	if mp.Status == progress.NeedsRefresh && mp.RefreshReason != "" {
		text += " Needs refresh: " + mp.RefreshReason + "."
	}
	return s.subtle.Render(cells.Wrap(text, w))
}

// refreshSummary says which modules need redoing, why, and how long it
// takes, or "" when none do.
func (m homeModel) refreshSummary() string {
	var names []string
	minutes := 0
	for i, mp := range m.c.standing.Progress.Modules {
		if mp.Status == progress.NeedsRefresh {
			mod := m.c.course.Modules[i]
			names = append(names, fmt.Sprintf("%d %s (%s)", mod.Number, mod.Title, mp.RefreshReason))
			minutes += mod.Minutes
		}
	}
	if len(names) == 0 {
		return ""
	}
	head := "1 module needs a refresh"
	if len(names) > 1 {
		head = fmt.Sprintf("%d modules need a refresh", len(names))
	}
	return fmt.Sprintf("%s, about %s: %s. Read it again and pass its quiz.", head, modules.Duration(minutes), safetext.Inert(strings.Join(names, "; ")))
}

// homeHeader is the lines above the list: the title, the progress bar
// and a blank line.
const homeHeader = 3

// resize shows every row of the list, the first set apart by a blank
// line, with at least a line of the detail under them; or, when they do
// not all fit, as many rows as leave two lines for the detail.
func (m homeModel) resize() (screen, tea.Cmd) {
	lines := m.c.bodyHeight() - homeHeader - 1 // less the blank line above the detail
	if m.list.Len()+2 <= lines {
		m.list.SetHeight(0)
	} else {
		m.list.Fit(lines-2, 1)
	}
	return m, nil
}

func (m homeModel) globals() globalKeys { return allGlobals }

func (m homeModel) bindings() bindings {
	k := m.c.keys
	open := withHelp(k.Choose, "enter", "open")
	number := key.NewBinding(key.WithKeys("1"), key.WithHelp("1-"+strconv.Itoa(len(m.c.course.Modules)), "module"))
	back := withHelp(k.Back, "esc", "change member")
	back.SetEnabled(!m.c.fixedMember)
	refresher := withHelp(k.Refresh, "r", "refresher")
	review := withHelp(k.Review, "v", "review")
	handIn := k.HandIn
	handIn.SetEnabled(m.c.handIn != nil)
	list := m.list.Help(k.ForList(), "move")
	// Every key that works here, most important first: the help line
	// keeps as many as the window has room for, and ? lists them all.
	short := []key.Binding{list.Move, open, number, refresher, k.Search, handIn, back, list.Jump}
	if m.list.Index() > 0 && m.c.standing.Module(m.list.Index()-1).Attempts > 0 {
		short = []key.Binding{list.Move, open, review, k.Search, number, refresher, handIn, back, list.Jump}
	}
	return bindings{
		short: short,
		full:  [][]key.Binding{{list.Move, list.Page, list.Ends}, {open, number}, {refresher, review, k.Search, handIn}, {back, k.Help, k.Quit}},
	}
}

package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	bprogress "charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/ui/list"
)

// homeModel lists the modules with the member's standing in each.
type homeModel struct {
	c      *common
	list   list.Model // row 0 is "continue"; row i is module i
	notice string     // a word about the last key, such as why r did nothing
}

// noRefresherYet says why there is no refresher for a member who has
// passed nothing.
const noRefresherYet = "The refresher goes over the modules you have passed: pass a module's quiz first."

func newHome(c *common) homeModel {
	return homeModel{c: c, list: list.New(len(c.course.Modules)+1, 0)}
}

// nextModule is where the member carries on: a quiz they left part way,
// else the module they last worked on if it is not passed, else the first
// module they still have to pass, or nil.
func (m homeModel) nextModule() (*modules.Module, progress.ModuleProgress) {
	return coursework.NextModule(m.c.course, m.c.progress, m.c.events, m.unfinished)
}

func (m homeModel) moduleProgress(i int) progress.ModuleProgress {
	if i < len(m.c.progress.Modules) {
		return m.c.progress.Modules[i]
	}
	return progress.ModuleProgress{}
}

func (m homeModel) update(msg tea.Msg) (screen, transition, tea.Cmd) {
	msg2, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return m, nil, nil
	}
	k := m.c.keys
	n := len(m.c.course.Modules)
	m.notice = ""
	switch {
	case m.list.Update(msg2, k.ForList()):
	case key.Matches(msg2, k.Back) && !m.c.fixedMember:
		return m, toWelcome, nil
	case key.Matches(msg2, k.Choose):
		return m, m.open(m.list.Index()), nil
	case key.Matches(msg2, k.Refresh):
		if len(refresherQuestions(m.c)) == 0 {
			m.notice = noRefresherYet
			return m, nil, nil
		}
		return m, toRefresher, nil
	case key.Matches(msg2, k.Review) && m.list.Index() > 0:
		mod := m.c.course.Modules[m.list.Index()-1]
		return m, toReview(mod, coursework.LastAttempt(m.c.events, mod.ID)), nil
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
	mod, mp := m.nextModule()
	switch {
	case mod == nil:
		return toComplete
	case mp.Read || m.unfinished(mod) > 0:
		return toQuiz(mod)
	}
	return toReader(mod)
}

func (m homeModel) view() string {
	c := m.c
	s := c.styles
	w := c.textWidth()
	p := c.progress
	n := len(c.course.Modules)
	var b strings.Builder
	b.WriteString(s.title.Render(inert(c.course.GuidanceTitle)) + s.subtle.Render(" · "+inert(c.member.Name)) + "\n")
	bar := bprogress.New(bprogress.WithoutPercentage(), bprogress.WithWidth(min(w, 60)-18), bprogress.WithColors(s.accent.GetForeground()))
	b.WriteString(bar.ViewAs(float64(p.Passed)/float64(max(n, 1))) + fmt.Sprintf("  %d of %d passed", p.Passed, n) + "\n\n")

	mod, mp := m.nextModule()
	var cont string
	switch {
	case mod == nil:
		cont = "Course complete: see your certificate"
	case m.unfinished(mod) > 0:
		cont = fmt.Sprintf("Continue the quiz for module %d, %s (%d of %d answered)", mod.Number, mod.Title, m.unfinished(mod), len(mod.Questions))
	case mp.Status == progress.NeedsRefresh:
		cont = fmt.Sprintf("Refresh module %d: %s", mod.Number, mod.Title)
	case mp.Read:
		cont = fmt.Sprintf("Continue: take the quiz for module %d, %s", mod.Number, mod.Title)
	case mp.Opened:
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
			labelWidth = max(labelWidth, ansi.StringWidth(inert(mod.Section))+2)
		}
	}
	numberWidth := len(itoa(n))
	b.WriteString(m.list.View(s.list(), func(i int, chosen bool) string {
		if i == 0 {
			if m.list.Scrolls() {
				return s.row(inert(cont), chosen)
			}
			return s.row(inert(cont), chosen) + "\n" // set apart from the modules when there is room
		}
		mod := c.course.Modules[i-1]
		mp := m.moduleProgress(i - 1)
		label := ""
		if labelWidth > 0 {
			label = padRight(inert(mod.Section), labelWidth)
		}
		// A space is left after the longest title, so that every status
		// starts in the same column, titles cut short or not.
		title := truncate(inert(mod.Title), titleWidth-labelWidth-numberWidth)
		line := padRight(fmt.Sprintf("%*d  %s%s", numberWidth, mod.Number, label, title), titleWidth+3)
		return s.row(line, chosen) + " " + m.status(mp)
	}))
	b.WriteString("\n\n")
	b.WriteString(m.detail())
	return b.String()
}

// status is a module's standing as a symbol and words: never colour alone.
func (m homeModel) status(mp progress.ModuleProgress) string {
	s := m.c.styles
	switch mp.Status {
	case progress.Passed:
		return s.good.Render(fmt.Sprintf("✓ passed (%d%%)", mp.BestPercent))
	case progress.NeedsRefresh:
		return s.warn.Render("! needs refresh")
	case progress.InProgress:
		switch {
		case mp.Attempts > 0:
			return s.accent.Render(fmt.Sprintf("… not passed yet (%d%%)", mp.BestPercent))
		case mp.Read:
			return s.accent.Render("… read, quiz next")
		}
		return s.accent.Render("… in progress")
	}
	return s.subtle.Render("· not started")
}

// detail describes the selected item under the list.
func (m homeModel) detail() string {
	c := m.c
	s := c.styles
	w := c.textWidth()
	if m.notice != "" {
		return s.warn.Render(wrap(m.notice, w))
	}
	if m.list.Index() == 0 {
		if redo := m.refreshSummary(); redo != "" {
			return s.warn.Render(wrap(redo, w))
		}
		if c.progress.Status == progress.Passed {
			return wrap(s.good.Render("✓ ")+"You completed the course on "+c.progress.CompletedAt.Local().Format("2 January 2006")+".", w)
		}
		var todo, minutes int
		for i, mp := range c.progress.Modules {
			if mp.Status != progress.Passed {
				todo++
				minutes += c.course.Modules[i].Minutes
			}
		}
		return s.subtle.Render(wrap(fmt.Sprintf("%d %s to go, about %s. Press enter to carry on, or choose any module above.", todo, plural(todo, "module", "modules"), modules.Duration(minutes)), w))
	}
	mod := c.course.Modules[m.list.Index()-1]
	mp := m.moduleProgress(m.list.Index() - 1)
	text := inert(mod.Summary)
	if text == "" {
		text = inert(mod.Title)
	}
	text += fmt.Sprintf(" About %d minutes.", mod.Minutes)
	if mp.Attempts > 0 {
		text += " Press v to review your last attempt."
	}
	if mp.Status == progress.NeedsRefresh && mp.RefreshReason != "" {
		text += " Needs refresh: " + mp.RefreshReason + "."
	}
	return s.subtle.Render(wrap(text, w))
}

// refreshSummary says which modules need redoing, why, and how long it
// takes, or "" when none do.
func (m homeModel) refreshSummary() string {
	var names []string
	minutes := 0
	for i, mp := range m.c.progress.Modules {
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
	return fmt.Sprintf("%s, about %s: %s. Read it again and pass its quiz.", head, modules.Duration(minutes), inert(strings.Join(names, "; ")))
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
	number := key.NewBinding(key.WithKeys("1"), key.WithHelp("1-"+itoa(len(m.c.course.Modules)), "module"))
	back := withHelp(k.Back, "esc", "change member")
	back.SetEnabled(!m.c.fixedMember)
	refresher := withHelp(k.Refresh, "r", "refresher")
	review := withHelp(k.Review, "v", "review")
	list := m.list.Help(k.ForList(), "move")
	short := []key.Binding{list.Move, open, number, refresher, k.Search, list.Jump}
	if m.list.Index() > 0 && m.moduleProgress(m.list.Index()-1).Attempts > 0 {
		short = []key.Binding{list.Move, open, review, k.Search, number, refresher, list.Jump}
	}
	return bindings{
		short: short,
		full:  [][]key.Binding{{list.Move, list.Page, list.Ends}, {open, number}, {refresher, review, k.Search}, {back, k.Help, k.Quit}},
	}
}

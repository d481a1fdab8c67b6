package reader

import (
	"course/internal/safetext"
	"course/internal/ui/cells"
	"course/internal/ui/list"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// OutlineItem is a place in a lesson to jump to: choosing it in the
// outline scrolls the lesson there.
type OutlineItem struct {
	Label string
	Line  int
}

// Outline is the outline's items and the one chosen, while it is open.
func (m Model) Outline() ([]OutlineItem, int) { return m.outlineItems, m.outlineList.Index() }

// outline lists the lesson's pages and the guidance paragraphs it teaches.
func (m Model) outline(rendered string) []OutlineItem {
	var items []OutlineItem
	for i, h := range m.module.Headings() {
		if i < len(m.pages) {
			items = append(items, OutlineItem{Label: "Part " + strconv.Itoa(i+1) + ": " + safetext.Inert(h.Title), Line: m.pages[i]})
		}
	}
	for _, id := range m.module.Teaches {
		if line, ok := m.partAbout(rendered, id); ok {
			p, _ := m.course.Paragraph(id)
			items = append(items, OutlineItem{Label: safetext.Inert(m.course.Cite(id)) + ": " + safetext.Inert(p.Topic), Line: line})
		}
	}
	return items
}

// partAbout is where the part that teaches paragraph id begins: the part
// that cites it most (the first of them if several do as often), not the
// first that mentions it in passing. The summary, the last part, counts
// only when no other part cites it.
func (m Model) partAbout(rendered, id string) (int, bool) {
	counts := map[int]int{}
	for _, l := range citingLines(m.course, rendered, id) {
		counts[m.partStart(l)]++
	}
	best, most := -1, 0
	for i, start := range m.pages {
		n := counts[start]
		if i == len(m.pages)-1 && most > 0 {
			break // the summary repeats what the parts taught
		}
		if n > most {
			best, most = start, n
		}
	}
	if best < 0 && len(counts) > 0 {
		for start := range counts { // no part heading: the lesson's start
			best = start
		}
	}
	return best, best >= 0
}

// partStart is where the part of the lesson holding line begins: a
// paragraph of the guidance opens at the top of the part that teaches it,
// heading and all, not at the middle of a sentence that cites it.
func (m Model) partStart(line int) int {
	start := 0
	for _, p := range m.pages {
		if p <= line {
			start = p
		}
	}
	return start
}

// currentPart is the index of the part on screen.
func (m Model) currentPart() int {
	part := 0
	for i, p := range m.pages {
		if p <= m.vp.YOffset()+3 {
			part = i
		}
	}
	return part
}

// openOutline shows the outline of the lesson on screen.
func (m Model) openOutline() Model {
	m.outlineOpen = true
	m.outlineItems = m.outline(m.page)
	m.outlineList = list.New(len(m.outlineItems), 0)
	m.outlineList.Fit(m.vp.Height(), 1)
	if part := m.currentPart(); part < len(m.module.Headings()) && part < len(m.outlineItems) {
		m.outlineList.Select(part) // the cursor starts on the part being read
	}
	return m
}

// outlineKey takes a key while the outline is open.
func (m Model) outlineKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Back, k.Outline):
		m.outlineOpen = false
	case m.outlineList.Update(msg, m.listKeys()):
	case key.Matches(msg, k.Choose) && len(m.outlineItems) > 0:
		m.outlineOpen = false
		m.vp.SetYOffset(max(m.outlineItems[m.outlineList.Index()].Line-1, 0))
		return m.moved()
	}
	return m, nil
}

// outlineView draws the rows of the outline in view, in the lesson's place.
func (m Model) outlineView() string {
	s := m.styles.List
	rows := m.outlineList.View(s, func(i int, chosen bool) string {
		return s.Row(cells.Truncate(m.outlineItems[i].Label, m.width-4), chosen)
	})
	return cells.Fit(rows, m.width, max(m.vp.Height(), 1))
}

func (m Model) outlineHelp() (short []key.Binding, full [][]key.Binding) {
	k := m.keys
	list := m.outlineList.Help(m.listKeys(), "choose")
	short = []key.Binding{list.Move, withHelp(k.Choose, "enter", "go there"), withHelp(k.Back, "esc", "close"), list.Jump}
	return short, [][]key.Binding{
		{list.Move, list.Page, list.Ends},
		append(short[1:3:3], k.Help, k.Quit),
	}
}

// listKeys move the cursor of the outline.
func (m Model) listKeys() list.KeyMap {
	k := m.keys
	return list.KeyMap{Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown, Top: k.Top, Bottom: k.Bottom}
}

package ui

import (
	"course/internal/safetext"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// outlineItem is a place in a lesson to jump to: choosing it in the
// outline scrolls the lesson there.
type outlineItem struct {
	label string
	line  int
}

// outline lists the lesson's pages and the guidance paragraphs it teaches.
func (m readerModel) outline(rendered string) []outlineItem {
	var items []outlineItem
	for i, h := range m.module.Headings() {
		if i < len(m.pages) {
			items = append(items, outlineItem{label: "Part " + itoa(i+1) + ": " + safetext.Inert(h.Title), line: m.pages[i]})
		}
	}
	for _, id := range m.module.Teaches {
		if line, ok := m.partAbout(rendered, id); ok {
			p, _ := m.c.course.Paragraph(id)
			items = append(items, outlineItem{label: safetext.Inert(m.c.course.Cite(id)) + ": " + safetext.Inert(p.Topic), line: line})
		}
	}
	return items
}

// partAbout is where the part that teaches paragraph id begins: the part
// that cites it most (the first of them if several do as often), not the
// first that mentions it in passing. The summary, the last part, counts
// only when no other part cites it.
func (m readerModel) partAbout(rendered, id string) (int, bool) {
	counts := map[int]int{}
	for _, l := range citingLines(m.c.course, rendered, id) {
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
func (m readerModel) partStart(line int) int {
	start := 0
	for _, p := range m.pages {
		if p <= line {
			start = p
		}
	}
	return start
}

// currentPart is the index of the part on screen.
func (m readerModel) currentPart() int {
	part := 0
	for i, p := range m.pages {
		if p <= m.vp.YOffset()+3 {
			part = i
		}
	}
	return part
}

// openOutline shows the outline of the lesson on screen.
func (m readerModel) openOutline() readerModel {
	m.outlineOpen = true
	m.outlineItems = m.outline(m.c.pages[m.shown])
	m.outlineList = newList(len(m.outlineItems), 0)
	m.outlineList.fit(m.vp.Height(), 1)
	if part := m.currentPart(); part < len(m.module.Headings()) && part < len(m.outlineItems) {
		m.outlineList.set(part) // the cursor starts on the part being read
	}
	return m
}

// outlineKey takes a key while the outline is open.
func (m readerModel) outlineKey(msg tea.KeyPressMsg) (readerModel, transition, tea.Cmd) {
	k := m.c.keys
	switch {
	case key.Matches(msg, k.Back, k.Outline):
		m.outlineOpen = false
	case m.outlineList.update(msg, k.allListKeys()):
	case key.Matches(msg, k.Choose) && len(m.outlineItems) > 0:
		m.outlineOpen = false
		m.vp.SetYOffset(max(m.outlineItems[m.outlineList.at].line-1, 0))
		return m.scrolled()
	}
	return m, nil, nil
}

// outlineView draws the rows of the outline in view, in the lesson's place.
func (m readerModel) outlineView() string {
	s := m.c.styles
	rows := m.outlineList.view(s, func(i int, chosen bool) string {
		return s.row(truncate(m.outlineItems[i].label, m.c.width-4), chosen)
	})
	return fit(rows, m.c.width, max(m.vp.Height(), 1))
}

func (m readerModel) outlineBindings() bindings {
	k := m.c.keys
	list := m.outlineList.help(k.allListKeys(), "choose")
	short := []key.Binding{list.move, withHelp(k.Choose, "enter", "go there"), withHelp(k.Back, "esc", "close"), list.jump}
	return bindings{short: short, full: [][]key.Binding{
		{list.move, list.page, list.ends},
		append(short[1:3:3], k.Help, k.Quit),
	}}
}

package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"course/internal/modules"
	"course/internal/record"
)

// Lines the reader uses around the lesson text.
const readerChrome = 6

// readerModel shows a rendered lesson in a scrolling viewport.
type readerModel struct {
	c      *common
	module *modules.Module
	vp     viewport.Model
	shown  pageKey // which rendering is in the viewport
	pages  []int   // viewport lines where "## " pages start
	// place is where to open the lesson (see placeScale), once known.
	place       int
	placeLoaded bool
	readSent    bool
	placeSeq    int

	// A search that opened the lesson: its words are highlighted and n/N
	// move between the lines that hold them.
	query      string
	target     *modules.Match // where to open, until the lesson is shown
	fromSearch bool
	// onTeaching is the paragraph a quiz result opened the lesson at, until
	// the member moves to a match.
	onTeaching string
	hits       []int
	hit        int

	outlineOpen  bool
	outlineItems []outlineItem
	outlineList  listCursor
}

func newReader(c *common) readerModel {
	return readerModel{c: c, vp: newViewport()}
}

// toReader opens a lesson at the place the member left it.
func toReader(mod *modules.Module) transition {
	return openReader(mod, nil, "")
}

// toReaderAt opens the lesson of a search result with the query's words
// highlighted, at the place that matched.
func toReaderAt(match modules.Match, query string) transition {
	return openReader(match.Module, &match, query)
}

func openReader(mod *modules.Module, target *modules.Match, query string) transition {
	return func(root Model) (Model, tea.Cmd) {
		c := root.c
		r := newReader(c)
		r.module, r.target, r.query, r.fromSearch = mod, target, query, target != nil
		if r.fromSearch {
			// The search goes back where it came from, never to this
			// lesson, which replaces any lesson it came from; and looking
			// something up is not reading: no place, no opening, no
			// reading to the end is recorded.
			if sm, ok := root.screens[stateSearch].(searchModel); ok && sm.back == stateReader {
				sm.back = stateHome
				root.screens[stateSearch] = sm
			}
			root, render := root.open(stateReader, r)
			return root, render
		}
		root, render := root.open(stateReader, r)
		return root, tea.Batch(
			loadPlace(c.store, c.member.Number, mod.ID),
			recordAndReload(c, record.Event{Kind: record.ModuleOpened, Member: c.member.Number, Module: mod.ID, ModuleVersion: mod.Version}),
			render,
		)
	}
}

// want is the rendering the reader needs for the current window.
func (m readerModel) want() pageKey {
	if m.module == nil {
		return pageKey{}
	}
	return pageKey{m.module.ID, renderWidth(m.c.width), m.c.styles.isDark}
}

// resize fits the viewport to the window and asks for a new rendering.
func (m readerModel) resize() (screen, tea.Cmd) {
	m.vp.SetWidth(m.c.width)
	m.vp.SetHeight(max(m.c.height-readerChrome, 1))
	m.outlineList.fit(m.vp.Height(), 1)
	if m.module == nil {
		return m, nil
	}
	m = m.show()
	if _, ok := m.c.pages[m.want()]; !ok {
		return m, renderModule(m.c.shared, m.module, m.want().width, m.want().dark)
	}
	return m, nil
}

// show puts the wanted rendering in the viewport if it is ready, keeping
// the reader at the same point of the lesson.
func (m readerModel) show() readerModel {
	want := m.want()
	content, ok := m.c.pages[want]
	if !ok || m.shown == want {
		return m
	}
	at := m.placeNow()
	first := m.shown == pageKey{}
	m.pages = pageStarts(content, m.module.Headings())
	m.hits = nil
	if m.query != "" {
		content, m.hits = highlight(content, modules.SearchWords(m.query), m.c.styles.highlight)
	}
	m.vp.SetContent(content)
	m.shown = want
	if first {
		at = m.place
	}
	m.goToPlace(at)
	if m.target != nil {
		m.goToTarget(content)
	}
	return m
}

// goToTarget shows the search result the lesson was opened for: the
// highlighted line nearest to where it matched, or for a quiz question,
// the first line citing its paragraph.
func (m *readerModel) goToTarget(content string) {
	t := m.target
	m.target = nil
	line := -1
	switch {
	case t.Question != "" && len(t.Paragraphs) > 0 && citingLine(m.c.course, content, t.Paragraphs[0]) >= 0:
		// A quiz's text is not in the lesson: show where the lesson
		// teaches what the question rests on.
		line = citingLine(m.c.course, content, t.Paragraphs[0])
		// The question's words are not here: the status says where the
		// lesson was opened, and n goes to the nearest match from there.
		m.onTeaching = t.Paragraphs[0]
		if len(m.hits) > 0 {
			m.hit = nearest(m.hits, line) - 1
		}
	case len(m.hits) > 0:
		// Rendered lines roughly follow the source: aim in proportion.
		total := max(strings.Count(m.module.Body, "\n"), 1)
		m.hit = nearest(m.hits, t.Line*m.vp.TotalLineCount()/total)
		line = m.hits[m.hit]
	case len(t.Paragraphs) > 0:
		line = citingLine(m.c.course, content, t.Paragraphs[0])
	}
	if line >= 0 {
		m.showLine(line)
	}
}

// showLine scrolls to a line, with two lines above it for context.
func (m *readerModel) showLine(line int) {
	m.vp.SetYOffset(max(line-2, 0))
}

// toHit shows match i, counting round from the last to the first.
func (m readerModel) toHit(i int) (readerModel, transition, tea.Cmd) {
	m.hit = (i + len(m.hits)) % len(m.hits)
	m.onTeaching = ""
	m.showLine(m.hits[m.hit])
	return m.scrolled()
}

// pageStarts finds the lines of a rendering where each heading appears.
func pageStarts(rendered string, headings []modules.Heading) []int {
	var starts []int
	lines := strings.Split(rendered, "\n")
	next := 0
	for i, l := range lines {
		if next >= len(headings) {
			break
		}
		if strings.Contains(ansi.Strip(l), headings[next].Title) {
			starts = append(starts, i)
			next++
		}
	}
	return starts
}

// placeScale is the resolution of a saved reading place: a place is how
// far through the lesson the top line is, in ten-thousandths, so that it
// survives a change of window width. Rounding both ways makes the round
// trip exact for lessons of under 10,000 lines.
const placeScale = 10000

func (m readerModel) placeNow() int {
	maxOffset := m.vp.TotalLineCount() - m.vp.Height()
	if maxOffset <= 0 {
		return 0
	}
	return (m.vp.YOffset()*placeScale + maxOffset/2) / maxOffset
}

func (m *readerModel) goToPlace(p int) {
	maxOffset := max(m.vp.TotalLineCount()-m.vp.Height(), 0)
	m.vp.SetYOffset((p*maxOffset + placeScale/2) / placeScale)
}

// changed shows a rendering of the lesson as soon as it is ready, even
// behind a search or an error, so that going back finds it.
func (m readerModel) changed(msg tea.Msg) (screen, tea.Cmd) {
	if msg, ok := msg.(renderedMsg); ok && msg.key == m.want() {
		m = m.show()
		return m, m.checkEnd()
	}
	return m, nil
}

func (m readerModel) update(msg tea.Msg) (screen, transition, tea.Cmd) {
	switch msg := msg.(type) {
	case placeMsg:
		if m.module != nil && msg.module == m.module.ID && !m.placeLoaded {
			m.place, m.placeLoaded = msg.place, true
			if m.shown != (pageKey{}) && m.vp.YOffset() == 0 && !m.fromSearch {
				m.goToPlace(msg.place)
			}
		}
		return m, nil, nil
	case placeTickMsg:
		if msg.seq == m.placeSeq && m.module != nil {
			return m, nil, m.saveNow()
		}
		return m, nil, nil
	case tea.KeyPressMsg:
		k := m.c.keys
		if m.outlineOpen {
			return m.outlineKey(msg)
		}
		switch {
		case key.Matches(msg, k.Back) && m.fromSearch:
			return m, backTo(stateSearch), m.saveNow()
		case key.Matches(msg, k.Back):
			return m, toHomeAgain, m.saveNow()
		case key.Matches(msg, k.Outline) && m.shown != (pageKey{}):
			return m.openOutline(), nil, nil
		case key.Matches(msg, k.NextHit) && len(m.hits) > 0:
			return m.toHit(m.hit + 1)
		case key.Matches(msg, k.PrevHit) && len(m.hits) > 0:
			return m.toHit(m.hit - 1)
		case key.Matches(msg, k.Quiz), key.Matches(msg, k.Choose) && m.atEnd():
			return m, toQuiz(m.module), m.saveNow()
		case key.Matches(msg, k.Top):
			m.vp.GotoTop()
			return m.scrolled()
		case key.Matches(msg, k.Bottom):
			m.vp.GotoBottom()
			return m.scrolled()
		case key.Matches(msg, k.Choose):
			m.vp.PageDown()
			return m.scrolled()
		}
	}
	before := m.vp.YOffset()
	var cmd tea.Cmd
	m.vp, cmd = m.vp.Update(msg)
	if m.vp.YOffset() != before {
		m2, t, cmd2 := m.scrolled()
		return m2, t, tea.Batch(cmd, cmd2)
	}
	return m, nil, cmd
}

// scrolled notes a move: the place is saved once scrolling stops, and
// reaching the end is recorded as reading the module.
func (m readerModel) scrolled() (readerModel, transition, tea.Cmd) {
	m.placeSeq++
	m.onTeaching = "" // the status no longer describes where a result opened
	return m, nil, tea.Batch(placeTick(m.placeSeq), m.checkEnd())
}

// checkEnd records that the module was read to the end, once.
func (m *readerModel) checkEnd() tea.Cmd {
	if m.fromSearch {
		return nil // Looking something up is not reading.
	}
	if m.module == nil || m.readSent || !m.atEnd() {
		return nil
	}
	m.readSent = true
	c := m.c
	return recordAndReload(c, record.Event{Kind: record.ModuleRead, Member: c.member.Number, Module: m.module.ID, ModuleVersion: m.module.Version})
}

// atEnd says the member has the end of the lesson on screen.
func (m readerModel) atEnd() bool {
	return m.shown != (pageKey{}) && m.vp.AtBottom()
}

func (m readerModel) saveNow() tea.Cmd {
	if m.fromSearch {
		return nil
	}
	if m.module == nil || m.shown == (pageKey{}) {
		return nil
	}
	return savePlace(m.c.store, m.c.member.Number, m.module.ID, m.placeNow())
}

func toHomeAgain(root Model) (Model, tea.Cmd) {
	root.state = stateHome
	return root, loadProgress(root.c)
}

func (m readerModel) globals() globalKeys { return allGlobals }

func (m readerModel) view() string {
	c := m.c
	s := c.styles
	mod := m.module
	header := s.title.Render(fmt.Sprintf("Module %d of %d · %s", mod.Number, len(c.course.Modules), inert(mod.Title))) +
		s.subtle.Render(fmt.Sprintf(" · about %d min", mod.Minutes))
	if m.shown == (pageKey{}) {
		return header + "\n\n" + s.subtle.Render("Preparing the lesson…")
	}
	page := 0
	for i, start := range m.pages {
		// A page is current once its heading is near the top of the view.
		if start <= m.vp.YOffset()+3 {
			page = i
		}
	}
	if m.vp.AtBottom() && len(m.pages) > 0 {
		page = len(m.pages) - 1
	}
	status := fmt.Sprintf("%d%%", int(m.vp.ScrollPercent()*100))
	if hs := mod.Headings(); len(hs) > 0 {
		status = fmt.Sprintf("Part %d of %d: %s · %s", page+1, len(hs), inert(hs[page].Title), status)
	}
	switch {
	case len(m.hits) > 0 && m.onTeaching != "":
		status = fmt.Sprintf("Where the lesson teaches Guidance %s · n for “%s” (%d in the lesson) · %s", inert(m.onTeaching), inert(m.query), len(m.hits), status)
	case len(m.hits) > 0:
		status = fmt.Sprintf("Match %d of %d for “%s” · n next, N previous · %s", m.hit+1, len(m.hits), inert(m.query), status)
	case m.query != "":
		status = fmt.Sprintf("“%s” is not in the lesson itself · %s", inert(m.query), status)
	}
	if m.outlineOpen {
		return header + "\n\n" + m.outlineView() + "\n\n" + s.subtle.Render("Outline: choose a part or a guidance paragraph.")
	}
	var end string
	if m.atEnd() {
		end = s.good.Render("End of the module. Press enter or t to take the quiz.")
	} else {
		end = s.subtle.Render(status)
	}
	return header + "\n\n" + m.vp.View() + "\n\n" + end
}

// backTo names where esc goes from the lesson.
func (m readerModel) backTo() string {
	if m.fromSearch {
		return "the search results"
	}
	return "the modules"
}

func (m readerModel) bindings() bindings {
	k := m.c.keys
	scroll := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "scroll"))
	quiz := withHelp(k.Quiz, "t", "quiz")
	if m.atEnd() {
		quiz.SetHelp("enter", "quiz")
	}
	back := withHelp(k.Back, "esc", "back")
	if m.fromSearch {
		back.SetHelp("esc", "results")
	}
	if m.outlineOpen {
		return m.outlineBindings()
	}
	move := key.NewBinding(key.WithKeys("up", "down", "space"), key.WithHelp("↑/↓/space", "scroll"))
	short := []key.Binding{move, quiz, back, k.Outline, k.Search}
	if m.atEnd() {
		short = []key.Binding{scroll, quiz, back, k.Outline, k.Search} // space does nothing at the end
	}
	if len(m.hits) > 0 {
		short = []key.Binding{k.NextHit, back, move, quiz, k.Outline, k.Search}
	}
	return bindings{
		short: short,
		full: [][]key.Binding{
			{scroll, withHelp(k.PageDown, "space/PgDn/enter", "next screen"), withHelp(k.PageUp, "PgUp/b", "previous screen")},
			{withHelp(k.Top, "g/home", "start"), withHelp(k.Bottom, "G/end", "end"), key.NewBinding(key.WithKeys("mouse"), key.WithHelp("wheel", "scroll"))},
			{k.Outline, k.Search, k.NextHit},
			{withHelp(k.Quiz, "t", "take the quiz"), withHelp(back, "esc", "back to "+m.backTo()), k.Help, k.Quit},
		},
	}
}

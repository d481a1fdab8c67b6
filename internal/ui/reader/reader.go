// Package reader is the lesson reader of the course's screens: it lays a
// module's Markdown out for the window (Render), keeps renderings that
// sessions share (Pages), and shows one in a scrolling view (Model) with
// an outline to jump from and the words of a search highlighted.
//
// The reader is told everything it shows: the course and the module, the
// window's size, its styles and keys, each rendering once it is ready,
// and where members left off (Places), which it reads and saves in
// commands. The screen that holds it records what the member opened and
// read to the end, which the reader reports through Moves and AtEnd.
package reader

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"course/internal/modules"
	"course/internal/safetext"
	"course/internal/ui/list"
	"course/internal/ui/widgets"
)

// Lines the reader uses around the lesson text.
const chrome = 6

// Styles are how the reader draws.
type Styles struct {
	// Dark says the colours are for a dark background: lessons are
	// rendered for it.
	Dark      bool
	Title     lipgloss.Style
	Subtle    lipgloss.Style
	Good      lipgloss.Style
	Highlight lipgloss.Style
	List      list.Styles
}

// KeyMap is the keys the reader answers to, and those it names in its
// help that the screen around it answers to: Quiz, Back, Search, Help and
// Quit.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Choose, Quiz, Back, Outline, Search     key.Binding
	NextHit, PrevHit, Help, Quit            key.Binding
}

// Model shows a rendered lesson in a scrolling viewport.
type Model struct {
	course *modules.Course
	places Places
	// delay is how long scrolling must stop before the place is saved.
	delay  time.Duration
	member string
	module *modules.Module
	keys   KeyMap
	styles Styles
	width  int
	vp     viewport.Model
	shown  Key    // which rendering is in the viewport
	page   string // that rendering, before any highlighting
	pages  []int  // viewport lines where "## " pages start
	// place is where to open the lesson (see placeScale), once known.
	place       int
	placeLoaded bool
	// moves counts the member's moves through the lesson.
	moves int

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
	outlineItems []OutlineItem
	outlineList  list.Model
}

// New is a reader of course's lessons with no lesson open. It saves the
// place in places once scrolling has stopped for delay.
func New(course *modules.Course, keys KeyMap, places Places, delay time.Duration) Model {
	return Model{course: course, keys: keys, places: places, delay: delay, vp: widgets.NewViewport()}
}

// Open is the reader showing mod to member, at the place they left it,
// which the command reads; or, for a search result (target), at the
// place that matched, with the query's words highlighted. Looking
// something up is not reading: no place is read or saved then.
func (m Model) Open(member string, mod *modules.Module, target *modules.Match, query string) (Model, tea.Cmd) {
	m.member, m.module, m.target, m.query, m.fromSearch = member, mod, target, query, target != nil
	if m.fromSearch {
		return m, nil
	}
	return m, loadPlace(m.places, member, mod.ID)
}

// Module is the lesson open, or nil.
func (m Model) Module() *modules.Module { return m.module }

// Query is the search that opened the lesson, or "".
func (m Model) Query() string { return m.query }

// FromSearch says a search result opened the lesson.
func (m Model) FromSearch() bool { return m.fromSearch }

// Shown is the rendering on screen: the zero Key until one is.
func (m Model) Shown() Key { return m.shown }

// Want is the rendering the reader needs for the current window.
func (m Model) Want() Key {
	if m.module == nil {
		return Key{}
	}
	return Key{m.module.ID, RenderWidth(m.width), m.styles.Dark}
}

// SetSize fits the reader to a window and its colours. The lesson stays
// as it is until the rendering Want names is shown.
func (m Model) SetSize(width, height int, s Styles) Model {
	m.width, m.styles = width, s
	m.vp.SetWidth(width)
	m.vp.SetHeight(max(height-chrome, 1))
	m.outlineList.Fit(m.vp.Height(), 1)
	return m
}

// Show puts a rendering of the lesson in the viewport, if it is the one
// wanted and not already there, keeping the reader at the same point of
// the lesson.
func (m Model) Show(k Key, page string) Model {
	want := m.Want()
	if k != want || m.shown == want {
		return m
	}
	at := m.placeNow()
	first := m.shown == Key{}
	m.page = page
	m.pages = pageStarts(page, m.module.Headings())
	m.hits = nil
	content := page
	if m.query != "" {
		content, m.hits = Highlight(page, modules.SearchWords(m.query), m.styles.Highlight)
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

// setPlace opens the lesson at the place the member left it, if they
// have not moved yet. Only the first place read counts.
func (m Model) setPlace(place int) Model {
	if m.placeLoaded {
		return m
	}
	m.place, m.placeLoaded = place, true
	if m.shown != (Key{}) && m.vp.YOffset() == 0 && !m.fromSearch {
		m.goToPlace(place)
	}
	return m
}

// Leave saves the place the member is leaving the lesson at, in a
// command, unless a search opened it.
func (m Model) Leave() tea.Cmd {
	if m.fromSearch || m.module == nil || m.shown == (Key{}) {
		return nil
	}
	return savePlace(m.places, m.member, m.module.ID, m.placeNow())
}

// goToTarget shows the search result the lesson was opened for: the
// highlighted line nearest to where it matched, or for a quiz question,
// the first line citing its paragraph.
func (m *Model) goToTarget(content string) {
	t := m.target
	m.target = nil
	line := -1
	switch {
	case t.Question != "" && len(t.Paragraphs) > 0 && citingLine(m.course, content, t.Paragraphs[0]) >= 0:
		// A quiz's text is not in the lesson: show where the lesson
		// teaches what the question rests on.
		line = citingLine(m.course, content, t.Paragraphs[0])
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
		line = citingLine(m.course, content, t.Paragraphs[0])
	}
	if line >= 0 {
		m.showLine(line)
	}
}

// showLine scrolls to a line, with two lines above it for context.
func (m *Model) showLine(line int) {
	m.vp.SetYOffset(max(line-2, 0))
}

// toHit shows match i, counting round from the last to the first.
func (m Model) toHit(i int) (Model, tea.Cmd) {
	m.hit = (i + len(m.hits)) % len(m.hits)
	m.onTeaching = ""
	m.showLine(m.hits[m.hit])
	return m.moved()
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

func (m Model) placeNow() int {
	maxOffset := m.vp.TotalLineCount() - m.vp.Height()
	if maxOffset <= 0 {
		return 0
	}
	return (m.vp.YOffset()*placeScale + maxOffset/2) / maxOffset
}

func (m *Model) goToPlace(p int) {
	maxOffset := max(m.vp.TotalLineCount()-m.vp.Height(), 0)
	m.vp.SetYOffset((p*maxOffset + placeScale/2) / placeScale)
}

// Update scrolls the lesson, moves between the matches of a search, and
// opens, moves in and closes the outline; and reads and saves the place.
// Quiz and Back are the screen's.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case placeMsg:
		if m.module != nil && msg.module == m.module.ID {
			m = m.setPlace(msg.place)
		}
		return m, nil
	case placeTickMsg:
		if msg.seq == m.moves && m.module != nil {
			return m, m.Leave()
		}
		return m, nil
	case tea.KeyPressMsg:
		k := m.keys
		if m.outlineOpen {
			return m.outlineKey(msg)
		}
		switch {
		case key.Matches(msg, k.Outline) && m.shown != (Key{}):
			return m.openOutline(), nil
		case key.Matches(msg, k.NextHit) && len(m.hits) > 0:
			return m.toHit(m.hit + 1)
		case key.Matches(msg, k.PrevHit) && len(m.hits) > 0:
			return m.toHit(m.hit - 1)
		case key.Matches(msg, k.Top):
			m.vp.GotoTop()
			return m.moved()
		case key.Matches(msg, k.Bottom):
			m.vp.GotoBottom()
			return m.moved()
		case key.Matches(msg, k.Choose):
			m.vp.PageDown()
			return m.moved()
		}
	}
	before := m.vp.YOffset()
	var cmd tea.Cmd
	m.vp, cmd = m.vp.Update(msg)
	if m.vp.YOffset() != before {
		var tick tea.Cmd
		m, tick = m.moved()
		return m, tea.Batch(cmd, tick)
	}
	return m, cmd
}

// moved notes a move through the lesson (see Moves): the place is saved
// once scrolling stops.
func (m Model) moved() (Model, tea.Cmd) {
	m.moves++
	m.onTeaching = "" // the status no longer describes where a result opened
	return m, placeTick(m.delay, m.moves)
}

// Moves counts the member's moves through the lesson: after one, the
// screen sees whether the end is reached.
func (m Model) Moves() int { return m.moves }

// AtEnd says the member has the end of the lesson on screen.
func (m Model) AtEnd() bool {
	return m.shown != (Key{}) && m.vp.AtBottom()
}

// OutlineOpen says the outline is shown in place of the lesson.
func (m Model) OutlineOpen() bool { return m.outlineOpen }

// YOffset is the lesson's line at the top of the view.
func (m Model) YOffset() int { return m.vp.YOffset() }

// Match is the match of the search shown last, and how many there are.
func (m Model) Match() (i, n int) { return m.hit, len(m.hits) }

// View draws the lesson, or its outline, under a heading, with a status
// line that says where the member is.
func (m Model) View() string {
	s := m.styles
	mod := m.module
	header := s.Title.Render(fmt.Sprintf("Module %d of %d · %s", mod.Number, len(m.course.Modules), safetext.Inert(mod.Title))) +
		s.Subtle.Render(fmt.Sprintf(" · about %d min", mod.Minutes))
	if m.shown == (Key{}) {
		return header + "\n\n" + s.Subtle.Render("Preparing the lesson…")
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
	inert := safetext.Inert
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
		return header + "\n\n" + m.outlineView() + "\n\n" + s.Subtle.Render("Outline: choose a part or a guidance paragraph.")
	}
	var end string
	if m.AtEnd() {
		end = "End of the module. Press enter or t to take the quiz."
		if ansi.StringWidth(end) > m.width {
			// Cut off, it would lose the word quiz.
			end = "End. Press enter or t for the quiz."
		}
		end = s.Good.Render(end)
	} else {
		end = s.Subtle.Render(status)
	}
	return header + "\n\n" + m.vp.View() + "\n\n" + end
}

// backTo names where esc goes from the lesson.
func (m Model) backTo() string {
	if m.fromSearch {
		return "the search results"
	}
	return "the modules"
}

// withHelp returns a copy of b with other help text.
func withHelp(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}

// Help is the reader's keys: the help line's, in order of importance, and
// the list of every key, a group to a line.
func (m Model) Help() (short []key.Binding, full [][]key.Binding) {
	k := m.keys
	if m.outlineOpen {
		return m.outlineHelp()
	}
	scroll := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "scroll"))
	quiz := withHelp(k.Quiz, "t", "quiz")
	if m.AtEnd() {
		quiz.SetHelp("enter", "quiz")
	}
	back := withHelp(k.Back, "esc", "back")
	if m.fromSearch {
		back.SetHelp("esc", "results")
	}
	move := key.NewBinding(key.WithKeys("up", "down", "space"), key.WithHelp("↑/↓/space", "scroll"))
	short = []key.Binding{move, quiz, back, k.Outline, k.Search}
	if m.AtEnd() {
		short = []key.Binding{scroll, quiz, back, k.Outline, k.Search} // space does nothing at the end
	}
	if len(m.hits) > 0 {
		short = []key.Binding{k.NextHit, back, move, quiz, k.Outline, k.Search}
	}
	return short, [][]key.Binding{
		{scroll, withHelp(k.PageDown, "space/PgDn/enter", "next screen"), withHelp(k.PageUp, "PgUp/b", "previous screen")},
		{withHelp(k.Top, "g/home", "start"), withHelp(k.Bottom, "G/end", "end"), key.NewBinding(key.WithKeys("mouse"), key.WithHelp("wheel", "scroll"))},
		{k.Outline, k.Search, k.NextHit},
		{withHelp(k.Quiz, "t", "take the quiz"), withHelp(back, "esc", "back to "+m.backTo()), k.Help, k.Quit},
	}
}

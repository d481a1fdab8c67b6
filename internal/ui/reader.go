package ui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"course/internal/modules"
	"course/internal/record"
	"course/internal/ui/reader"
)

// Pages is a cache of rendered lessons that any number of course sessions
// can share (see reader.Pages).
type Pages = reader.Pages

// NewPages makes an empty cache for course's lessons.
func NewPages(course *modules.Course) *Pages { return reader.NewPages(course) }

// pageKey identifies a rendered lesson.
type pageKey = reader.Key

// renderedMsg carries a lesson rendered for a width and colour scheme.
type renderedMsg = reader.RenderedMsg

// renderWidth is the word-wrap width for lessons in a window of width w.
var renderWidth = reader.RenderWidth

// prerender renders the first lesson not yet rendered for the current
// window, so that opening a module finds it ready; the root asks for the
// next when it arrives, and a burst of resizes starts no more than one
// chain.
func prerender(c *common) tea.Cmd {
	if c.prerendering {
		return nil
	}
	rendered := func(k pageKey) bool { _, ok := c.pages[k]; return ok }
	cmd := c.shared.Prerender(rendered, renderWidth(c.width), c.styles.isDark)
	c.prerendering = cmd != nil
	return cmd
}

// placeDelay is how long scrolling must stop before the place is saved.
var placeDelay = 700 * time.Millisecond

// readerModel is the lesson reader on the course's screen: it records
// that the member opened the lesson and read it to the end.
type readerModel struct {
	reader.Model
	c        *common
	readSent bool
}

func newReader(c *common) readerModel {
	return readerModel{c: c, Model: reader.New(c.course, c.keys.ForReader(), c.store, placeDelay)}
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
		var load tea.Cmd
		r.Model, load = r.Open(c.member.Number, mod, target, query)
		if r.FromSearch() {
			// The search goes back where it came from, never to this
			// lesson, which replaces any lesson it came from; and looking
			// something up is not reading: no opening, no reading to the
			// end is recorded.
			if sm, ok := root.screens[stateSearch].(searchModel); ok && sm.back == stateReader {
				sm.back = stateHome
				root.screens[stateSearch] = sm
			}
			return root.open(stateReader, r)
		}
		root, render := root.open(stateReader, r)
		return root, tea.Batch(load,
			recordLesson(c, record.ModuleOpened, mod),
			render,
		)
	}
}

// resize fits the reader to the window and asks for a new rendering.
func (m readerModel) resize() (screen, tea.Cmd) {
	m.Model = m.SetSize(m.c.width, m.c.height, m.c.styles.reader())
	if m.Module() == nil {
		return m, nil
	}
	want := m.Want()
	if page, ok := m.c.pages[want]; ok {
		m.Model = m.Show(want, page)
		return m, nil
	}
	return m, m.c.shared.Command(m.Module(), want.Width, want.Dark)
}

// changed shows a rendering of the lesson as soon as it is ready, even
// behind a search or an error, so that going back finds it.
func (m readerModel) changed(msg tea.Msg) (screen, tea.Cmd) {
	if msg, ok := msg.(renderedMsg); ok && msg.Key == m.Want() {
		m.Model = m.Show(msg.Key, msg.Content)
		cmd := m.checkEnd()
		return m, cmd
	}
	return m, nil
}

func (m readerModel) update(msg tea.Msg) (screen, transition, tea.Cmd) {
	if msg, ok := msg.(tea.KeyPressMsg); ok && !m.OutlineOpen() {
		k := m.c.keys
		switch {
		case key.Matches(msg, k.Back) && m.FromSearch():
			return m, backTo(stateSearch), m.Leave()
		case key.Matches(msg, k.Back):
			return m, toHomeAgain, m.Leave()
		case key.Matches(msg, k.Quiz), key.Matches(msg, k.Choose) && m.AtEnd():
			return m, toQuiz(m.Module()), m.Leave()
		}
	}
	moves := m.Moves()
	var cmd tea.Cmd
	m.Model, cmd = m.Model.Update(msg)
	if m.Moves() != moves {
		end := m.checkEnd() // reaching the end is reading the module
		return m, nil, tea.Batch(cmd, end)
	}
	return m, nil, cmd
}

// checkEnd records that the module was read to the end, once.
func (m *readerModel) checkEnd() tea.Cmd {
	if m.FromSearch() {
		return nil // Looking something up is not reading.
	}
	if m.Module() == nil || m.readSent || !m.AtEnd() {
		return nil
	}
	m.readSent = true
	return recordLesson(m.c, record.ModuleRead, m.Module())
}

func toHomeAgain(root Model) (Model, tea.Cmd) {
	root.state = stateHome
	return root, loadProgress(root.c)
}

func (m readerModel) globals() globalKeys { return allGlobals }

func (m readerModel) view() string { return m.View() }

func (m readerModel) bindings() bindings {
	short, full := m.Help()
	return bindings{short: short, full: full}
}

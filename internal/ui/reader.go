package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"course/internal/modules"
	"course/internal/progress"
	"course/internal/ui/reader"
)

// Pages is a cache of rendered lessons that any number of course sessions
// can share (see reader.Pages).
type Pages = reader.Pages

// NewPages makes an empty cache for course's lessons.
func NewPages(course *modules.Course) *Pages { return reader.NewPages(course) }

// readerModel is the lesson reader on the course's screen: it opens the
// lesson where the member left it, records that they opened it and read
// it to the end, and saves their place once they stop scrolling.
type readerModel struct {
	reader.Model
	c        *common
	readSent bool
}

func newReader(c *common) readerModel {
	return readerModel{c: c, Model: reader.New(c.course, c.keys.reader())}
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
		r.Model = r.Open(mod, target, query)
		if r.FromSearch() {
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
			recordAndReload(c, progress.Event{Kind: progress.ModuleOpened, Member: c.member.Number, Module: mod.ID, ModuleVersion: mod.Version}),
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
	return m, renderModule(m.c.shared, m.Module(), want.Width, want.Dark)
}

// changed shows a rendering of the lesson as soon as it is ready, even
// behind a search or an error, so that going back finds it.
func (m readerModel) changed(msg tea.Msg) (screen, tea.Cmd) {
	if msg, ok := msg.(renderedMsg); ok && msg.key == m.Want() {
		m.Model = m.Show(msg.key, msg.content)
		cmd := m.checkEnd()
		return m, cmd
	}
	return m, nil
}

func (m readerModel) update(msg tea.Msg) (screen, transition, tea.Cmd) {
	mod := m.Module()
	switch msg := msg.(type) {
	case placeMsg:
		if mod != nil && msg.module == mod.ID {
			m.Model = m.SetPlace(msg.place)
		}
		return m, nil, nil
	case placeTickMsg:
		if msg.seq == m.Moves() && mod != nil {
			return m, nil, m.saveNow()
		}
		return m, nil, nil
	case tea.KeyPressMsg:
		k := m.c.keys
		switch {
		case m.OutlineOpen():
		case key.Matches(msg, k.Back) && m.FromSearch():
			return m, backTo(stateSearch), m.saveNow()
		case key.Matches(msg, k.Back):
			return m, toHomeAgain, m.saveNow()
		case key.Matches(msg, k.Quiz), key.Matches(msg, k.Choose) && m.AtEnd():
			return m, toQuiz(mod), m.saveNow()
		}
	}
	moves := m.Moves()
	var cmd tea.Cmd
	m.Model, cmd = m.Model.Update(msg)
	if m.Moves() == moves {
		return m, nil, cmd
	}
	// The place is saved once scrolling stops, and reaching the end is
	// recorded as reading the module.
	end := m.checkEnd()
	return m, nil, tea.Batch(cmd, placeTick(m.Moves()), end)
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
	c, mod := m.c, m.Module()
	return recordAndReload(c, progress.Event{Kind: progress.ModuleRead, Member: c.member.Number, Module: mod.ID, ModuleVersion: mod.Version})
}

func (m readerModel) saveNow() tea.Cmd {
	if m.FromSearch() {
		return nil
	}
	if m.Module() == nil || m.Shown() == (reader.Key{}) {
		return nil
	}
	return savePlace(m.c.store, m.c.member.Number, m.Module().ID, m.Place())
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

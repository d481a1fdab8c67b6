package ui

import (
	tea "charm.land/bubbletea/v2"
)

// screen is one of the course's screens. The root holds one of each in its
// table, draws the current one and gives it the member's keys; messages
// that every screen needs (the window's size, the colours, failures) stay
// with the root.
type screen interface {
	// update takes a key, the mouse, or the reply to one of the screen's
	// own commands, and may move the root to another screen.
	update(msg tea.Msg) (screen, transition, tea.Cmd)
	view() string
	// bindings are the screen's keys, for the help line and the list of
	// every key.
	bindings() bindings
	// resize fits the screen to the window and the colour scheme in
	// common. The root calls it on every screen when either changes, and
	// on a screen it opens.
	resize() (screen, tea.Cmd)
	// globals says which keys that work on every screen this one lets
	// through now.
	globals() globalKeys
}

// globalKeys says which of the keys that work on every screen a screen
// lets through; ctrl+c always quits.
type globalKeys int

const (
	allGlobals  globalKeys = iota // ? for the keys, q to quit and / to search
	noSearch                      // ? and q: no member is chosen, or a save is under way
	typing                        // none: the screen takes typed text, q and ? too
	typingNames                   // ?: the screen takes typed names, q too (no name has a ?)
)

// A watcher keeps something built from what the screens share: a lesson's
// rendering, or the member's progress. The root passes it renderedMsg and
// progressMsg once it has stored them, whether or not the watcher is on
// screen.
type watcher interface {
	changed(msg tea.Msg) (screen, tea.Cmd)
}

type state int

// The screens, in the order of the table.
const (
	stateWelcome state = iota
	stateRegister
	stateHome
	stateReader
	stateQuiz
	stateComplete
	stateSearch
	stateReview
	stateError
	stateCount
)

// screenTable is every screen: its name and how to make it before it is first
// shown. A new screen is its file, its state above and one line here.
var screenTable = [stateCount]struct {
	name string
	make func(*common) screen
}{
	stateWelcome:  {"welcome", made(newWelcome)},
	stateRegister: {"register", made(newRegister)},
	stateHome:     {"home", made(newHome)},
	stateReader:   {"reader", made(newReader)},
	stateQuiz:     {"quiz", made(newQuiz)},
	stateComplete: {"complete", made(newComplete)},
	stateSearch:   {"search", made(newSearch)},
	stateReview:   {"review", made(newReview)},
	stateError:    {"error", made(newErrorScreen)},
}

func (s state) String() string { return screenTable[s].name }

// made turns a screen's constructor into one the table can hold.
func made[S screen](newScreen func(*common) S) func(*common) screen {
	return func(c *common) screen { return newScreen(c) }
}

// transition moves the root to another screen.
type transition func(Model) (Model, tea.Cmd)

// open makes sc the screen for s, fitted to the window, and shows it.
func (m Model) open(s state, sc screen) (Model, tea.Cmd) {
	sc, cmd := sc.resize()
	m.screens[s], m.state = sc, s
	return m, cmd
}

// backTo returns to a screen as it was left.
func backTo(s state) transition {
	return func(root Model) (Model, tea.Cmd) {
		root.state = s
		return root, nil
	}
}

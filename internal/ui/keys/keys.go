// Package keys is every key the course answers to, and the keys of each
// component of its screens, taken from them.
package keys

import (
	"charm.land/bubbles/v2/key"

	"course/internal/ui/enrol"
	"course/internal/ui/list"
	"course/internal/ui/reader"
	"course/internal/ui/search"
)

// Map is every key the course answers to. Screens enable the bindings
// that apply to them, so the help bar lists only keys that work.
type Map struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Toggle   key.Binding
	Choose   key.Binding
	Next     key.Binding
	Prev     key.Binding
	Quiz     key.Binding
	Retry    key.Binding
	Review   key.Binding
	Search   key.Binding
	Outline  key.Binding
	NextHit  key.Binding
	PrevHit  key.Binding
	Refresh  key.Binding
	Save     key.Binding
	HandIn   key.Binding
	Back     key.Binding
	Help     key.Binding
	Quit     key.Binding
}

// Default is the course's keys.
func Default() Map {
	return Map{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("PgUp", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "space", "f"), key.WithHelp("PgDn/space", "page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "end")),
		Toggle:   key.NewBinding(key.WithKeys("space", "x"), key.WithHelp("space", "select")),
		Choose:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
		Next:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
		Prev:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
		Quiz:     key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "take the quiz")),
		Retry:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "try again")),
		Review:   key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "review answers")),
		Search:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")),
		Outline:  key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "outline")),
		NextHit:  key.NewBinding(key.WithKeys("n"), key.WithHelp("n/N", "next/previous match")),
		PrevHit:  key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous match")),
		Refresh:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresher quiz")),
		Save:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save as PDF")),
		HandIn:   key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "hand in")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "keys")),
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
	}
}

// ForList moves a list with the arrows, the page keys and home and end, and
// the letters that do the same in a pager.
func (k Map) ForList() list.KeyMap {
	return list.KeyMap{Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown, Top: k.Top, Bottom: k.Bottom}
}

// ForReader is the keys of the lesson reader.
func (k Map) ForReader() reader.KeyMap {
	return reader.KeyMap{Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown, Top: k.Top, Bottom: k.Bottom,
		Choose: k.Choose, Quiz: k.Quiz, Back: k.Back, Outline: k.Outline, Search: k.Search,
		NextHit: k.NextHit, PrevHit: k.PrevHit, Help: k.Help, Quit: k.Quit}
}

// ForSearch is the keys the search names in its help.
func (k Map) ForSearch() search.KeyMap {
	return search.KeyMap{Choose: k.Choose, Back: k.Back, Quit: k.Quit}
}

// ForEnrol is the keys of the welcome, the registration form and the
// enrolment screen.
func (k Map) ForEnrol() enrol.KeyMap {
	return enrol.KeyMap{Choose: k.Choose, Back: k.Back, Next: k.Next, Prev: k.Prev, Toggle: k.Toggle, Help: k.Help, Quit: k.Quit}
}

// Package list is the cursor that every list on the course's screens
// scrolls with (internal/find narrows a list to the rows matching what is
// typed). A list's owner draws its rows; the cursor says which rows
// are in view and which is chosen, and draws the lines that say how many
// rows are above and below, so that every list says it the same way.
package list

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Model is the chosen row of a list and the rows in view. It moves a row,
// a page or to either end, always stays on a row, and scrolls so that the
// chosen row is shown.
type Model struct {
	n      int  // rows in the list
	height int  // rows shown at once; 0 shows them all
	wrap   bool // moving past one end comes round to the other
	at     int  // the chosen row
	top    int  // the first row shown
}

// New is a cursor on the first of n rows, height of them in view (0 shows
// them all).
func New(n, height int) Model {
	return Model{n: n, height: height}
}

// NewWrapping is a cursor on the first of n rows, all in view, that comes
// round to the other end when it moves past one.
func NewWrapping(n int) Model {
	return Model{n: n, wrap: true}
}

// Index is the chosen row.
func (l Model) Index() int { return l.at }

// Len is the number of rows.
func (l Model) Len() int { return l.n }

// SetLen makes the list n rows long, keeping the chosen row if it is
// still there, else choosing the last.
func (l *Model) SetLen(n int) {
	l.n = n
	l.Select(l.at)
}

// Select chooses row i, or the nearest row there is.
func (l *Model) Select(i int) {
	l.at = max(min(i, l.n-1), 0)
	l.show()
}

// Move goes a row down (delta 1) or up (-1).
func (l *Model) Move(delta int) {
	if l.wrap && l.n > 0 {
		l.Select((l.at + delta + l.n) % l.n)
		return
	}
	l.Select(l.at + delta)
}

// Page is how far a page moves: the rows in view, less one kept for
// context, or the whole list when it is all shown.
func (l Model) Page() int {
	if l.height <= 0 {
		return max(l.n, 1)
	}
	return max(l.height-1, 1)
}

// SetHeight shows height rows at once (0 shows them all), keeping the
// chosen row in view.
func (l *Model) SetHeight(height int) {
	l.height = height
	l.show()
}

// Fit shows as many rows of perRow lines each as fit in lines, with the
// two lines View adds when they do not all fit.
func (l *Model) Fit(lines, perRow int) {
	l.SetHeight(RowsIn(lines, l.n, perRow))
}

// RowsIn is how many of n rows of perRow lines each fit in lines: all of
// them, or as many as fit with a line above and one below that say how
// many more there are; always at least one, so that the chosen row shows.
func RowsIn(lines, n, perRow int) int {
	if n*perRow <= lines {
		return n
	}
	return max((lines-2)/perRow, 1)
}

// show scrolls as little as it can to bring the chosen row into view.
func (l *Model) show() {
	if l.height <= 0 {
		l.top = 0
		return
	}
	switch {
	case l.at < l.top:
		l.top = l.at
	case l.at >= l.top+l.height:
		l.top = l.at - l.height + 1
	}
	l.top = max(min(l.top, l.n-l.height), 0)
}

// Shown is the rows in view: from up to but not including to.
func (l Model) Shown() (from, to int) {
	if l.height <= 0 {
		return 0, l.n
	}
	return l.top, min(l.top+l.height, l.n)
}

// Scrolls says the list does not all fit: some rows are out of view.
func (l Model) Scrolls() bool { return l.height > 0 && l.height < l.n }

// Styles are how a list draws the chosen row, and the lines that say how
// many rows are out of view.
type Styles struct {
	Selected lipgloss.Style
	More     lipgloss.Style
}

// Row is a row of a list: the chosen one is marked and stands out.
func (s Styles) Row(label string, chosen bool) string {
	if chosen {
		return s.Selected.Render("› " + label)
	}
	return "  " + label
}

// View draws the rows in view, each with row (chosen is the row under the
// cursor). A list that scrolls has a line above its rows and one below,
// which say how many more rows there are that way ("↑ 12 more", "↓ 27
// more"), or are blank when there are none: the rows stay in place as the
// list scrolls.
func (l Model) View(s Styles, row func(i int, chosen bool) string) string {
	from, to := l.Shown()
	var lines []string
	if l.Scrolls() {
		lines = append(lines, moreRows(s, "↑", from))
	}
	for i := from; i < to; i++ {
		lines = append(lines, row(i, i == l.at))
	}
	if l.Scrolls() {
		lines = append(lines, moreRows(s, "↓", l.n-to))
	}
	return strings.Join(lines, "\n")
}

// moreRows says how many rows are out of view in the direction arrow
// points, or is "" when none are.
func moreRows(s Styles, arrow string, n int) string {
	if n <= 0 {
		return ""
	}
	return s.More.Render(fmt.Sprintf("  %s %d more", arrow, n))
}

// KeyMap is the keys that move a list's cursor. A screen leaves out the
// keys it uses otherwise, or that are typed into a form: a zero binding
// matches no key.
type KeyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
}

// TypedKeys move a list on a screen where letters and spaces are typed (a
// name, or words to search for): only keys that type nothing.
var TypedKeys = KeyMap{
	Up:       key.NewBinding(key.WithKeys("up")),
	Down:     key.NewBinding(key.WithKeys("down")),
	PageUp:   key.NewBinding(key.WithKeys("pgup")),
	PageDown: key.NewBinding(key.WithKeys("pgdown")),
	Top:      key.NewBinding(key.WithKeys("home")),
	Bottom:   key.NewBinding(key.WithKeys("end")),
}

// Update moves the cursor for a key and says whether the key was one of
// the list's.
func (l *Model) Update(msg tea.KeyPressMsg, k KeyMap) bool {
	switch {
	case key.Matches(msg, k.Up):
		l.Move(-1)
	case key.Matches(msg, k.Down):
		l.Move(1)
	case key.Matches(msg, k.PageUp):
		l.Select(l.at - l.Page())
	case key.Matches(msg, k.PageDown):
		l.Select(l.at + l.Page())
	case key.Matches(msg, k.Top):
		l.Select(0)
	case key.Matches(msg, k.Bottom):
		l.Select(l.n - 1)
	default:
		return false
	}
	return true
}

// Help is a list's keys for the help: page and ends for the list of every
// key, and jump, the two together, for the help line.
type Help struct {
	Move, Page, Ends, Jump key.Binding
}

// Help is the list's keys for the help: moving, described as move says,
// and paging and going to either end, which are shown only while the list
// does not all fit.
func (l Model) Help(k KeyMap, move string) Help {
	keys := func(bs ...key.Binding) []string {
		var all []string
		for _, b := range bs {
			all = append(all, b.Keys()...)
		}
		return all
	}
	scrolling := func(keys []string, help, desc string) key.Binding {
		b := key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
		b.SetEnabled(l.Scrolls())
		return b
	}
	h := Help{
		Move: key.NewBinding(key.WithKeys(keys(k.Up, k.Down)...), key.WithHelp("↑/↓", move)),
		Page: scrolling(keys(k.PageUp, k.PageDown), "PgUp/PgDn", "page"),
		Ends: scrolling(keys(k.Top, k.Bottom), "home/end", "first/last"),
		Jump: scrolling(keys(k.PageUp, k.PageDown, k.Top, k.Bottom), "PgUp/PgDn/home/end", "jump"),
	}
	h.Move.SetEnabled(l.n > 1)
	return h
}

package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// listCursor is the chosen row of a list and the rows in view. It moves a
// row, a page or to either end, always stays on a row, and scrolls so
// that the chosen row is shown. Every list on the screens uses it.
type listCursor struct {
	n      int  // rows in the list
	height int  // rows shown at once; 0 shows them all
	wrap   bool // moving past one end comes round to the other
	at     int  // the chosen row
	top    int  // the first row shown
}

// newList is a cursor on the first of n rows, height of them in view.
func newList(n, height int) listCursor {
	return listCursor{n: n, height: height}
}

// set chooses row i, or the nearest row there is.
func (l *listCursor) set(i int) {
	l.at = max(min(i, l.n-1), 0)
	l.show()
}

// move goes a row down (delta 1) or up (-1).
func (l *listCursor) move(delta int) {
	if l.wrap && l.n > 0 {
		l.set((l.at + delta + l.n) % l.n)
		return
	}
	l.set(l.at + delta)
}

// page is how far a page moves: the rows in view, less one kept for
// context, or the whole list when it is all shown.
func (l listCursor) page() int {
	if l.height <= 0 {
		return max(l.n, 1)
	}
	return max(l.height-1, 1)
}

// resize shows height rows at once, keeping the chosen row in view.
func (l *listCursor) resize(height int) {
	l.height = height
	l.show()
}

// show scrolls as little as it can to bring the chosen row into view.
func (l *listCursor) show() {
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

// shown is the rows in view: from up to but not including to.
func (l listCursor) shown() (from, to int) {
	if l.height <= 0 {
		return 0, l.n
	}
	return l.top, min(l.top+l.height, l.n)
}

// listKeys are the keys that move a list's cursor. A screen leaves out
// the keys it uses otherwise, or that are typed into a form: a zero
// binding matches no key.
type listKeys struct {
	up, down, pageUp, pageDown, top, bottom key.Binding
}

// allListKeys moves a list with the arrows, the page keys and home and end.
func (k keyMap) allListKeys() listKeys {
	return listKeys{up: k.Up, down: k.Down, pageUp: k.PageUp, pageDown: k.PageDown, top: k.Top, bottom: k.Bottom}
}

// update moves the cursor for a key and says whether the key was one of
// the list's.
func (l *listCursor) update(msg tea.KeyPressMsg, k listKeys) bool {
	switch {
	case key.Matches(msg, k.up):
		l.move(-1)
	case key.Matches(msg, k.down):
		l.move(1)
	case key.Matches(msg, k.pageUp):
		l.set(l.at - l.page())
	case key.Matches(msg, k.pageDown):
		l.set(l.at + l.page())
	case key.Matches(msg, k.top):
		l.set(0)
	case key.Matches(msg, k.bottom):
		l.set(l.n - 1)
	default:
		return false
	}
	return true
}

// more says, under the rows in view, how many rows are above and below
// them, or "" when every row is in view.
func (l listCursor) more(s styles) string {
	from, to := l.shown()
	var parts []string
	if from > 0 {
		parts = append(parts, fmt.Sprintf("↑ %d more above", from))
	}
	if to < l.n {
		parts = append(parts, fmt.Sprintf("↓ %d more below", l.n-to))
	}
	if len(parts) == 0 {
		return ""
	}
	return s.subtle.Render("  " + strings.Join(parts, " · "))
}

package ui

import (
	"fmt"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"course/internal/modules"
)

// listCursor is the chosen row of a list and the rows in view. It moves a
// row, a page or to either end, always stays on a row, and scrolls so
// that the chosen row is shown. Every list on the screens uses it, and
// draws itself with view, so that every list says the same way how many
// rows are above and below the ones shown.
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

// fit shows as many rows of perRow lines each as fit in lines, with the
// two lines view adds when they do not all fit.
func (l *listCursor) fit(lines, perRow int) {
	l.resize(rowsIn(lines, l.n, perRow))
}

// rowsIn is how many of n rows of perRow lines each fit in lines: all of
// them, or as many as fit with a line above and one below that say how
// many more there are; always at least one, so that the chosen row shows.
func rowsIn(lines, n, perRow int) int {
	if n*perRow <= lines {
		return n
	}
	return max((lines-2)/perRow, 1)
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

// scrolls says the list does not all fit: some rows are out of view.
func (l listCursor) scrolls() bool { return l.height > 0 && l.height < l.n }

// view draws the rows in view, each with row (chosen is the row under the
// cursor). A list that scrolls has a line above its rows and one below,
// which say how many more rows there are that way ("↑ 12 more", "↓ 27
// more"), or are blank when there are none: the rows stay in place as the
// list scrolls.
func (l listCursor) view(s styles, row func(i int, chosen bool) string) string {
	from, to := l.shown()
	var lines []string
	if l.scrolls() {
		lines = append(lines, moreRows(s, "↑", from))
	}
	for i := from; i < to; i++ {
		lines = append(lines, row(i, i == l.at))
	}
	if l.scrolls() {
		lines = append(lines, moreRows(s, "↓", l.n-to))
	}
	return strings.Join(lines, "\n")
}

// moreRows says how many rows are out of view in the direction arrow
// points, or is "" when none are.
func moreRows(s styles, arrow string, n int) string {
	if n <= 0 {
		return ""
	}
	return s.subtle.Render(fmt.Sprintf("  %s %d more", arrow, n))
}

// listKeys are the keys that move a list's cursor. A screen leaves out
// the keys it uses otherwise, or that are typed into a form: a zero
// binding matches no key.
type listKeys struct {
	up, down, pageUp, pageDown, top, bottom key.Binding
}

// allListKeys moves a list with the arrows, the page keys and home and end,
// and the letters that do the same in a pager.
func (k keyMap) allListKeys() listKeys {
	return listKeys{up: k.Up, down: k.Down, pageUp: k.PageUp, pageDown: k.PageDown, top: k.Top, bottom: k.Bottom}
}

// typedListKeys move a list on a screen where letters and spaces are
// typed (a name, or words to search for): only keys that type nothing.
var typedListKeys = listKeys{
	up:       key.NewBinding(key.WithKeys("up")),
	down:     key.NewBinding(key.WithKeys("down")),
	pageUp:   key.NewBinding(key.WithKeys("pgup")),
	pageDown: key.NewBinding(key.WithKeys("pgdown")),
	top:      key.NewBinding(key.WithKeys("home")),
	bottom:   key.NewBinding(key.WithKeys("end")),
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

// listHelp is a list's keys for the help: page and ends for the list of
// every key, and jump, the two together, for the help line.
type listHelp struct {
	move, page, ends, jump key.Binding
}

// help is the list's keys for the help: moving, described as move says,
// and paging and going to either end, which are shown only while the list
// does not all fit.
func (l listCursor) help(k listKeys, move string) listHelp {
	keys := func(bs ...key.Binding) []string {
		var all []string
		for _, b := range bs {
			all = append(all, b.Keys()...)
		}
		return all
	}
	scrolling := func(keys []string, help, desc string) key.Binding {
		b := key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
		b.SetEnabled(l.scrolls())
		return b
	}
	h := listHelp{
		move: key.NewBinding(key.WithKeys(keys(k.up, k.down)...), key.WithHelp("↑/↓", move)),
		page: scrolling(keys(k.pageUp, k.pageDown), "PgUp/PgDn", "page"),
		ends: scrolling(keys(k.top, k.bottom), "home/end", "first/last"),
		jump: scrolling(keys(k.pageUp, k.pageDown, k.top, k.bottom), "PgUp/PgDn/home/end", "jump"),
	}
	h.move.SetEnabled(l.n > 1)
	return h
}

// finder narrows a list to the rows that have a word starting with each
// word typed, folded as the course's search folds them: "sean" finds
// "Seán O'Neill", and so do "o'neill", "oneill" and "neill", but "o" finds
// neither "Jones" nor "Ward 4".
type finder struct {
	words [][]string // each row's words, folded (see findingWords)
}

func newFinder(texts []string) finder {
	f := finder{words: make([][]string, len(texts))}
	for i, t := range texts {
		f.words[i] = findingWords(t)
	}
	return f
}

// find is the rows, in order, that have a word starting with each word of
// typed: all of them when nothing is typed.
func (f finder) find(typed string) []int {
	want := strings.Fields(strings.Map(joinMarked, modules.Fold(typed)))
	var rows []int
	for i, words := range f.words {
		if startsWords(words, want) {
			rows = append(rows, i)
		}
	}
	return rows
}

// startsWords says every one of want starts one of words.
func startsWords(words, want []string) bool {
	for _, w := range want {
		found := false
		for _, word := range words {
			if strings.HasPrefix(word, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// findingWords is the words of s, folded, a word with a mark inside it,
// such as the apostrophe of "O'Neill" or the hyphen of "Lloyd-Jones",
// both whole ("oneill") and in parts ("o", "neill").
func findingWords(s string) []string {
	f := modules.Fold(s)
	return append(strings.Fields(strings.Map(joinMarked, f)), strings.Fields(strings.Map(splitMarked, f))...)
}

// joinMarked keeps letters, digits and spaces and drops every other mark.
func joinMarked(r rune) rune {
	switch {
	case unicode.IsLetter(r), unicode.IsDigit(r):
		return r
	case unicode.IsSpace(r):
		return ' '
	}
	return -1
}

// splitMarked keeps letters and digits and makes every other mark a space.
func splitMarked(r rune) rune {
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return r
	}
	return ' '
}

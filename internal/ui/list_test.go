package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestListCursor(t *testing.T) {
	k := defaultKeyMap().allListKeys()
	l := newList(10, 4)
	steps := []struct {
		key      string
		at, from int
	}{
		{"up", 0, 0}, // stays on the first row
		{"down", 1, 0},
		{"down", 2, 0},
		{"down", 3, 0},
		{"down", 4, 1}, // scrolls one row
		{"pgdown", 7, 4},
		{"pgdown", 9, 6}, // stops on the last row
		{"down", 9, 6},
		{"up", 8, 6},
		{"pgup", 5, 5},
		{"home", 0, 0},
		{"end", 9, 6},
	}
	for i, s := range steps {
		if !l.update(keyMsg(s.key), k) {
			t.Fatalf("step %d: %s is not a list key", i, s.key)
		}
		if from, to := l.shown(); l.at != s.at || from != s.from || to != min(from+4, 10) {
			t.Fatalf("step %d (%s): at %d showing %d-%d, want at %d from %d", i, s.key, l.at, from, to, s.at, s.from)
		}
	}
	if l.update(keyMsg("enter"), k) {
		t.Error("enter moved the cursor")
	}

	l.resize(2)
	if from, to := l.shown(); l.at != 9 || from != 8 || to != 10 {
		t.Errorf("after resize: at %d showing %d-%d", l.at, from, to)
	}
	l.resize(20)
	if from, to := l.shown(); from != 0 || to != 10 {
		t.Errorf("a window taller than the list shows %d-%d", from, to)
	}
}

func TestListCursorWraps(t *testing.T) {
	l := listCursor{n: 3, wrap: true}
	l.move(-1)
	if l.at != 2 {
		t.Errorf("up from the first row went to %d", l.at)
	}
	l.move(1)
	if l.at != 0 {
		t.Errorf("down from the last row went to %d", l.at)
	}
	l.set(7)
	if l.at != 2 {
		t.Errorf("set past the end went to %d", l.at)
	}
}

func TestEmptyListCursor(t *testing.T) {
	l := newList(0, 5)
	for _, key := range []string{"down", "up", "end", "pgdown"} {
		l.update(keyMsg(key), defaultKeyMap().allListKeys())
		if from, to := l.shown(); l.at != 0 || from != 0 || to != 0 {
			t.Fatalf("after %s: at %d showing %d-%d", key, l.at, from, to)
		}
	}
	w := listCursor{wrap: true}
	w.move(1)
	if w.at != 0 {
		t.Errorf("an empty wrapping list moved to %d", w.at)
	}
}

// TestSearchResultsFollowTheWindow: after the window shrinks, the chosen
// result is still on screen and the search line fits.
func TestSearchResultsFollowTheWindow(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.register("Robin Hart")
	h.press("/")
	h.typeText("council")
	for range 6 {
		h.press("down")
	}
	chosen := h.root().screens[stateSearch].(searchModel).list.at
	if chosen != 6 {
		t.Fatalf("chose result %d, want 6", chosen)
	}
	h.send(tea.WindowSizeMsg{Width: 50, Height: 14})
	s := h.screen()
	if !strings.Contains(s, "› ") {
		t.Errorf("the chosen result is off the screen:\n%s", s)
	}
	for _, l := range strings.Split(s, "\n") {
		if w := ansi.StringWidth(l); w > 50 {
			t.Errorf("line of %d cells: %q", w, l)
		}
	}
}

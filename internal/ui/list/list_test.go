package list

import (
	"testing"

	"charm.land/bubbles/v2/key"

	tea "charm.land/bubbletea/v2"
)

func TestListCursor(t *testing.T) {
	k := pagerKeys
	l := New(10, 4)
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
		if !l.Update(keyMsg(s.key), k) {
			t.Fatalf("step %d: %s is not a list key", i, s.key)
		}
		if from, to := l.Shown(); l.Index() != s.at || from != s.from || to != min(from+4, 10) {
			t.Fatalf("step %d (%s): at %d showing %d-%d, want at %d from %d", i, s.key, l.Index(), from, to, s.at, s.from)
		}
	}
	if l.Update(keyMsg("enter"), k) {
		t.Error("enter moved the cursor")
	}

	l.SetHeight(2)
	if from, to := l.Shown(); l.Index() != 9 || from != 8 || to != 10 {
		t.Errorf("after resize: at %d showing %d-%d", l.Index(), from, to)
	}
	l.SetHeight(20)
	if from, to := l.Shown(); from != 0 || to != 10 {
		t.Errorf("a window taller than the list shows %d-%d", from, to)
	}
}

func TestListCursorWraps(t *testing.T) {
	l := NewWrapping(3)
	l.Move(-1)
	if l.Index() != 2 {
		t.Errorf("up from the first row went to %d", l.Index())
	}
	l.Move(1)
	if l.Index() != 0 {
		t.Errorf("down from the last row went to %d", l.Index())
	}
	l.Select(7)
	if l.Index() != 2 {
		t.Errorf("set past the end went to %d", l.Index())
	}
}

func TestEmptyListCursor(t *testing.T) {
	l := New(0, 5)
	for _, key := range []string{"down", "up", "end", "pgdown"} {
		l.Update(keyMsg(key), pagerKeys)
		if from, to := l.Shown(); l.Index() != 0 || from != 0 || to != 0 {
			t.Fatalf("after %s: at %d showing %d-%d", key, l.Index(), from, to)
		}
	}
	w := NewWrapping(0)
	w.Move(1)
	if w.Index() != 0 {
		t.Errorf("an empty wrapping list moved to %d", w.Index())
	}
}

// pagerKeys are the keys of a list on a screen where nothing is typed.
var pagerKeys = KeyMap{
	Up:       key.NewBinding(key.WithKeys("up", "k")),
	Down:     key.NewBinding(key.WithKeys("down", "j")),
	PageUp:   key.NewBinding(key.WithKeys("pgup", "b")),
	PageDown: key.NewBinding(key.WithKeys("pgdown", "space", "f")),
	Top:      key.NewBinding(key.WithKeys("g", "home")),
	Bottom:   key.NewBinding(key.WithKeys("G", "end")),
}

func keyMsg(k string) tea.KeyPressMsg {
	named := map[string]rune{"enter": tea.KeyEnter, "up": tea.KeyUp, "down": tea.KeyDown,
		"pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp, "home": tea.KeyHome, "end": tea.KeyEnd}
	if r, ok := named[k]; ok {
		return tea.KeyPressMsg{Code: r}
	}
	return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
}

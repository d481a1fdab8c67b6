package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
)

// TestScreens compares each screen at 80x24 with its golden file
// (regenerate with go test ./internal/ui -update).
func TestScreens(t *testing.T) {
	h := newHarness(t, 80, 24)
	t.Run("welcome", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })
	h.press("?")
	t.Run("welcome-help", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })
	h.press("?")

	h.press("enter")
	t.Run("register", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })
	h.typeText("Alex Jones")
	h.press("enter", "enter", "enter", "enter", "enter")
	t.Run("home", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })

	h.press("enter")
	t.Run("reader", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })

	h.press("G")
	t.Run("reader-end", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })

	h.press("enter")
	t.Run("quiz", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })

	h.press("1", "enter")
	t.Run("quiz-feedback", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })
	h.press("enter")
	h.answerAll(true)
	t.Run("results", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })

	h.send(tea.WindowSizeMsg{Width: 40, Height: 10})
	t.Run("too-small", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })

	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	h.press("enter", "/")
	h.typeText("trolls")
	t.Run("search", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })
	h.press("enter")
	t.Run("reader-match", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })
	h.press("o")
	t.Run("outline", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })
	h.press("esc", "esc", "esc", "r")
	t.Run("refresher", func(t *testing.T) { golden.RequireEqual(t, h.screen()) })
}

func TestEveryScreenFitsAndNamesItsKeys(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}, {50, 14}} {
		h := newHarness(t, size[0], size[1])
		check := func(where string) {
			t.Helper()
			checkFits(t, h.screen(), size[0], size[1], where)
		}
		check("welcome")
		h.press("enter")
		check("register")
		h.typeText("Sam Patel")
		h.press("enter", "enter", "enter", "enter", "enter")
		check("home")
		h.press("3")
		check("reader")
		h.press("t")
		check("quiz")
		h.answerAll(false)
		check("results")
	}
}

// checkFits fails the test unless screen fits width by height and its last
// line, the help line, says how to quit.
func checkFits(t testing.TB, screen string, width, height int, where string) {
	t.Helper()
	lines := strings.Split(screen, "\n")
	if len(lines) > height {
		t.Errorf("%dx%d %s: %d lines", width, height, where, len(lines))
	}
	for _, l := range lines {
		if w := len([]rune(l)); w > width {
			t.Errorf("%dx%d %s: line of %d cells: %q", width, height, where, w, l)
		}
	}
	last := lines[len(lines)-1]
	if !strings.Contains(last, "quit") {
		t.Errorf("%dx%d %s: help line does not say how to quit: %q", width, height, where, last)
	}
}

package ui

import (
	"strconv"
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

// TestFootersNameTheirKeys: each screen's help line names the keys that
// work there, the most important first, so that a small window keeps
// those.
func TestFootersNameTheirKeys(t *testing.T) {
	footer := func(h *harness) string {
		lines := strings.Split(h.screen(), "\n")
		return lines[len(lines)-1]
	}
	for _, size := range [][2]int{{50, 14}, {80, 24}, {120, 30}} {
		h := newHandInHarness(t, &handIns{})
		h.send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		check := func(where string, wants map[int][]string) {
			t.Helper()
			f := footer(h)
			for width, keys := range wants {
				for _, k := range keys {
					if size[0] >= width && !strings.Contains(f, k) {
						t.Errorf("%dx%d %s: the help line lacks %q: %q", size[0], size[1], where, k, f)
					}
				}
			}
		}
		h.press("enter")
		check("register", map[int][]string{50: {"enter next/register"}})
		h.typeText("Sam Patel")
		h.press("enter", "enter", "enter", "enter", "enter")
		check("home", map[int][]string{50: {"enter open"}, 120: {"r refresher", "/ search", "h hand in", "esc change member"}})
		h.press("1", "t")
		check("quiz", map[int][]string{50: {"enter submit"}, 80: {"esc leave"}})
		h.answerAll(true)
		h.press("v")
		check("review", map[int][]string{50: {"esc/enter back"}, 80: {"/ search"}})
		h.press("esc", "esc")
		for i := 2; i <= len(h.course.Modules); i++ {
			h.press(strconv.Itoa(i), "t")
			h.answerAll(true)
			h.press("enter")
		}
		check("certificate", map[int][]string{50: {"s save as PDF"}, 80: {"h hand in", "esc/enter modules", "/ search"}})
	}
}

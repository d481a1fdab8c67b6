package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

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
	chosen := h.root().screens[stateSearch].(searchModel).Index()
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

package frame

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

func binding(keys, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys), key.WithHelp(keys, desc))
}

func testFrame() Model {
	return New(binding("?", "keys"), binding("q", "quit"), 50, 14, Styles{Subtle: lipgloss.NewStyle(), Help: help.DefaultStyles(true)})
}

// TestHelpLineKeepsHelpAndQuit: the help line drops the screen's least
// important keys to fit, never how to see every key and how to quit, and
// leaves ? out where it is typed.
func TestHelpLineKeepsHelpAndQuit(t *testing.T) {
	f := testFrame()
	short := []key.Binding{binding("enter", "open"), binding("o", "outline"), binding("/", "search"), binding("n", "next match")}
	screen := ansi.Strip(f.View(50, 14, "body", Keys{Short: short}))
	lines := strings.Split(screen, "\n")
	if len(lines) != 14 || lines[0] != "body" {
		t.Fatalf("the screen is %d lines, first %q:\n%s", len(lines), lines[0], screen)
	}
	line := lines[13]
	if ansi.StringWidth(line) > 50 || !strings.HasPrefix(line, "enter open") || !strings.HasSuffix(line, "? keys • q quit") {
		t.Errorf("help line %q", line)
	}
	if strings.Contains(line, "next match") {
		t.Errorf("the least important key is on a help line that cannot hold it: %q", line)
	}
	typed := ansi.Strip(f.View(50, 14, "body", Keys{Short: short[:1], Typing: true}))
	if line := typed[strings.LastIndex(typed, "\n")+1:]; line != "enter open • q quit" {
		t.Errorf("help line where ? is typed: %q", line)
	}
}

// TestEveryKeyWrapsAndTooSmall: the list of every key wraps to the window
// after the advice, and a window too small says so instead of a screen.
func TestEveryKeyWrapsAndTooSmall(t *testing.T) {
	f := testFrame()
	var group []key.Binding
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		group = append(group, binding(k, "does something"))
	}
	screen := ansi.Strip(f.View(50, 20, "body", Keys{Full: [][]key.Binding{group}, All: true, Advice: "Ask for advice: the team."}))
	if !strings.Contains(screen, "Ask for advice: the team.\n\nAll keys (? or esc to close):\na does something") {
		t.Errorf("every key:\n%s", screen)
	}
	for _, l := range strings.Split(screen, "\n") {
		if ansi.StringWidth(l) > 50 {
			t.Errorf("line of %d cells: %q", ansi.StringWidth(l), l)
		}
	}
	if !f.TooSmall(49, 14) || !f.TooSmall(50, 13) || f.TooSmall(50, 14) {
		t.Error("TooSmall does not follow the smallest window")
	}
	if small := ansi.Strip(f.View(40, 10, "body", Keys{})); !strings.HasPrefix(small, "Window too small.") || strings.Contains(small, "body") {
		t.Errorf("too small:\n%s", small)
	}
}

// Package frame lays a screen out in the window: the screen's body above
// its keys, which are either the help line or, on ?, the list of every
// key; and, in a window too small for any screen, a notice in place of
// both.
package frame

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"course/internal/ui/cells"
)

// Styles are how the frame draws the keys and what it says about them.
type Styles struct {
	Subtle lipgloss.Style
	Help   help.Styles
}

// Model draws screens in a window. Help and Quit are the keys that work
// on every screen, which the help line always ends with.
type Model struct {
	help      help.Model
	subtle    lipgloss.Style
	helpKey   key.Binding
	quit      key.Binding
	smallestW int
	smallestH int
}

// New is a frame that ends every help line with helpKey and quit, for
// windows of at least width by height.
func New(helpKey, quit key.Binding, width, height int, s Styles) Model {
	m := Model{help: help.New(), helpKey: helpKey, quit: quit, smallestW: width, smallestH: height}
	return m.SetStyles(s)
}

// SetStyles draws in other colours.
func (m Model) SetStyles(s Styles) Model {
	m.help.Styles, m.subtle = s.Help, s.Subtle
	return m
}

// Keys are a screen's keys and how to show them.
type Keys struct {
	// Short are the keys for the help line, in order of importance; Full
	// is every key, a group to a line (Short when nil).
	Short []key.Binding
	Full  [][]key.Binding
	// Typing says the screen takes typed text: ? is typed, not a key.
	Typing bool
	// All shows every key, after Advice when that is not "".
	All    bool
	Advice string
}

// TooSmall says a window of width by height is too small for a screen.
func (m Model) TooSmall(width, height int) bool {
	return width < m.smallestW || height < m.smallestH
}

// View lays body out over the screen's keys in a window of width by
// height, or says the window is too small.
func (m Model) View(width, height int, body string, keys Keys) string {
	if width == 0 {
		return ""
	}
	if m.TooSmall(width, height) {
		return m.tooSmall(width, height)
	}
	if keys.Full == nil {
		keys.Full = [][]key.Binding{keys.Short}
	}
	var footer string
	if keys.All {
		footer = m.subtle.Render("All keys (? or esc to close):") + "\n" + m.fullHelp(keys.Full, width)
		if keys.Advice != "" {
			footer = m.subtle.Render(cells.BreakLines(keys.Advice, width)) + "\n\n" + footer
		}
	} else {
		footer = m.shortHelp(keys, width)
	}
	bodyHeight := height - lipgloss.Height(footer) - 1
	return cells.Fit(body, width, bodyHeight) + "\n\n" + footer
}

// shortHelp is the help line: the screen's keys, as many as fit, always
// followed by how to see every key and how to quit.
func (m Model) shortHelp(keys Keys, width int) string {
	tail := []key.Binding{m.helpKey, m.quit}
	var body []key.Binding
	for _, b := range keys.Short {
		switch {
		case b.Help().Desc == "quit":
			tail[1] = b
		case b.Help().Key != "?":
			body = append(body, b)
		}
	}
	if keys.Typing {
		tail = tail[1:] // ? is typed into the form there.
	}
	// As many of the screen's keys as fit, in its order of importance:
	// the rest are in the ? panel.
	var line string
	for n := len(body); n >= 0; n-- {
		line = m.help.ShortHelpView(append(slices.Clone(body[:n]), tail...))
		if lipgloss.Width(line) <= width {
			break
		}
	}
	return line
}

// fullHelp lists every key of the screen, a group to a line, wrapped to
// the window so that none is cut off.
func (m Model) fullHelp(groups [][]key.Binding, width int) string {
	var lines []string
	for _, g := range groups {
		lines = append(lines, m.helpLines(g, width)...)
	}
	return strings.Join(lines, "\n")
}

// helpLines lays keys out as help lines no wider than the window.
func (m Model) helpLines(keys []key.Binding, width int) []string {
	var lines []string
	var line []key.Binding
	for _, k := range keys {
		if !k.Enabled() || k.Help().Key == "" {
			continue
		}
		if len(line) > 0 && lipgloss.Width(m.help.ShortHelpView(append(slices.Clone(line), k))) > width {
			lines = append(lines, m.help.ShortHelpView(line))
			line = nil
		}
		line = append(line, k)
	}
	if len(line) > 0 {
		lines = append(lines, m.help.ShortHelpView(line))
	}
	return lines
}

// tooSmall says the window is too small and how to quit.
func (m Model) tooSmall(width, height int) string {
	itoa := strconv.Itoa
	msg := lipgloss.NewStyle().Width(max(width, 10)).Render(
		"Window too small.\nPress q to quit: your answers are saved.\n\n" +
			"The course needs " + itoa(m.smallestW) + " columns by " + itoa(m.smallestH) + " rows; this window is " +
			itoa(width) + " by " + itoa(height) + ". Make it larger or the text smaller.")
	return cells.Fit(msg, width, height)
}

// Package cells lays text out in terminal cells for the course's screens:
// it wraps, cuts, pads and indents text by the cells it takes, not its
// bytes or runes, so that wide and combining characters line up.
package cells

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"course/internal/textwrap"
)

// Fit cuts or pads text to exactly height lines, each at most width cells.
func Fit(s string, width, height int) string {
	if height < 1 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		lines[i] = Truncate(l, width)
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// Truncate cuts styled text to at most width cells, ending it with an
// ellipsis when anything was cut.
func Truncate(s string, width int) string {
	return ansi.Truncate(s, width, "…")
}

// PadRight pads styled text with spaces to width cells, and with at least
// one space, so that what follows starts in the same column on every line.
func PadRight(s string, width int) string {
	return s + strings.Repeat(" ", max(width-ansi.StringWidth(s), 1))
}

// Wrap word-wraps plain or styled text to width, padding its lines to
// it. Lines break only at spaces, never at a hyphen (see BreakLines).
func Wrap(s string, width int) string {
	width = max(width, 10)
	return lipgloss.NewStyle().Width(width).Render(BreakLines(s, width))
}

// Nbsp is a non-breaking space: wrapping keeps the words it joins together.
const Nbsp = "\u00a0"

// BreakLines word-wraps text to width without padding its lines, for a
// heading or a line that usually fits. Lines break only at spaces (see
// textwrap.AtSpaces); only a word longer than the whole line is cut.
func BreakLines(s string, width int) string {
	return textwrap.AtSpaces(s, max(width, 10), true)
}

// IndentAfterFirst indents every line but the first by n spaces, so that
// wrapped text stays under where it began.
func IndentAfterFirst(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}

// IndentAll indents every line by n spaces.
func IndentAll(s string, n int) string {
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

// HangingIndent wraps text to width after a marker such as "• ", with the
// whole block indented by n and wrapped lines under the text, not the
// marker.
func HangingIndent(marker, text string, width, n int) string {
	mw := ansi.StringWidth(marker)
	body := IndentAfterFirst(Wrap(text, width-mw), mw)
	return IndentAll(marker+body, n)
}

package ui

import (
	"strconv"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// fit cuts or pads text to exactly height lines, each at most width cells.
func fit(s string, width, height int) string {
	if height < 1 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		lines[i] = truncate(l, width)
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// truncate cuts styled text to at most width cells, ending it with an
// ellipsis when anything was cut.
func truncate(s string, width int) string {
	return ansi.Truncate(s, width, "…")
}

// padRight pads styled text with spaces to width cells, and with at least
// one space, so that what follows starts in the same column on every line.
func padRight(s string, width int) string {
	return s + strings.Repeat(" ", max(width-ansi.StringWidth(s), 1))
}

// wrap word-wraps plain or styled text to width.
func wrap(s string, width int) string {
	return lipgloss.NewStyle().Width(max(width, 10)).Render(s)
}

// nbsp is a non-breaking space: wrapping keeps the words it joins together.
const nbsp = "\u00a0"

// breakLines word-wraps text to width without padding its lines, for a
// heading or a line that usually fits.
func breakLines(s string, width int) string {
	return ansi.Wrap(s, max(width, 10), "")
}

func itoa(n int) string { return strconv.Itoa(n) }

// textWidth is the width of running text: the window, but not so wide that
// lines become hard to read.
func (c *common) textWidth() int {
	return min(c.width, 100)
}

// indentAfterFirst indents every line but the first by n spaces, so that
// wrapped text stays under where it began.
func indentAfterFirst(s string, n int) string {
	return strings.ReplaceAll(s, "\n", "\n"+strings.Repeat(" ", n))
}

// indentAll indents every line by n spaces.
func indentAll(s string, n int) string {
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

// hangingIndent wraps text to width after a marker such as "• ", with the
// whole block indented by n and wrapped lines under the text, not the
// marker.
func hangingIndent(marker, text string, width, n int) string {
	mw := ansi.StringWidth(marker)
	body := indentAfterFirst(wrap(text, width-mw), mw)
	return indentAll(marker+body, n)
}

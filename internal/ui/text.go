package ui

import (
	"strconv"

	"course/internal/ui/cells"
	"course/internal/ui/widgets"

	"charm.land/bubbles/v2/viewport"
)

// The screens' names for the text helpers of package cells and the
// bubbles of package widgets, which the components under internal/ui use
// too.
var (
	newViewport      = widgets.NewViewport
	newTextInput     = widgets.NewTextInput
	truncate         = cells.Truncate
	padRight         = cells.PadRight
	wrap             = cells.Wrap
	indentAfterFirst = cells.IndentAfterFirst
	indentAll        = cells.IndentAll
	hangingIndent    = cells.HangingIndent
)

// nbsp is a non-breaking space: wrapping keeps the words it joins together.
const nbsp = cells.Nbsp

// moreBelow says when a viewport has more to show under its last line.
func moreBelow(vp viewport.Model, s styles) string { return widgets.MoreBelow(vp, s.subtle) }

func itoa(n int) string { return strconv.Itoa(n) }

// textWidth is the width of running text: the window, but not so wide that
// lines become hard to read.
func (c *common) textWidth() int {
	return min(c.width, 100)
}

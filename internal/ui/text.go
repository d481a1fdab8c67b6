package ui

import (
	"course/internal/ui/widgets"

	"charm.land/bubbles/v2/viewport"
)

// moreBelow says when a viewport has more to show under its last line.
func moreBelow(vp viewport.Model, s styles) string { return widgets.MoreBelow(vp, s.subtle) }

// textWidth is the width of running text: the window, but not so wide that
// lines become hard to read.
func (c *common) textWidth() int {
	return min(c.width, 100)
}

package ui

import (
	"course/internal/ui/widgets"

	"charm.land/bubbles/v2/viewport"
)

// moreToScroll says when a viewport has more to show above or below.
func moreToScroll(vp viewport.Model, s styles) string { return widgets.More(vp, s.subtle) }

// textWidth is the width of running text: the window, but not so wide that
// lines become hard to read.
func (c *common) textWidth() int {
	return min(c.width, 100)
}

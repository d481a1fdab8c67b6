package ui

import (
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
)

// The bubbles the screens share, set up the same way on every screen.

// newViewport is a scrolling area that also follows the mouse wheel.
func newViewport() viewport.Model {
	vp := viewport.New()
	vp.MouseWheelEnabled = true
	return vp
}

// moreBelow says when a viewport has more to show under its last line.
func moreBelow(vp viewport.Model, s styles) string {
	if vp.AtBottom() {
		return ""
	}
	return s.subtle.Render("  ↓ more below (PgDn)")
}

// newTextInput is a one-line field with a steady cursor, which is easier
// to find than a blinking one.
func newTextInput(prompt, placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = placeholder
	in.CharLimit = limit
	st := in.Styles()
	st.Cursor.Blink = false
	in.SetStyles(st)
	return in
}

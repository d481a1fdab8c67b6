// Package widgets sets up the bubbles that the course's screens share the
// same way on every screen.
package widgets

import (
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	"charm.land/lipgloss/v2"
)

// NewViewport is a scrolling area that also follows the mouse wheel.
func NewViewport() viewport.Model {
	vp := viewport.New()
	vp.MouseWheelEnabled = true
	return vp
}

// More says, in style, when a viewport has more to show above or below
// what it shows, and the keys that scroll to it.
func More(vp viewport.Model, style lipgloss.Style) string {
	switch above, below := !vp.AtTop(), !vp.AtBottom(); {
	case above && below:
		return style.Render("  ↕ more above and below (PgUp/PgDn)")
	case below:
		return style.Render("  ↓ more below (PgDn)")
	case above:
		return style.Render("  ↑ more above (PgUp)")
	}
	return ""
}

// NewTextInput is a one-line field with a steady cursor, which is easier
// to find than a blinking one.
func NewTextInput(prompt, placeholder string, limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = placeholder
	in.CharLimit = limit
	st := in.Styles()
	st.Cursor.Blink = false
	in.SetStyles(st)
	return in
}

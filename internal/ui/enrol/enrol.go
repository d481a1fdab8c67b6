// Package enrol is how someone becomes the member taking the course: the
// welcome, where they find their name among the members or choose to
// register (Welcome); the form that registers a new member (Register);
// and, over SSH, the screen that enrols a key the course does not know
// with the code from the member's letter (Code).
//
// Each is told what it needs: its size, styles and keys, the course whose
// words it shows, and the record file (Records), which it reads and
// writes in commands. The screen that holds it moves on once a member is
// chosen (ChosenMsg).
package enrol

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"

	"course/internal/ui/list"
)

// Styles are how the enrolment screens draw.
type Styles struct {
	Title    lipgloss.Style
	Subtle   lipgloss.Style
	Heading  lipgloss.Style
	Selected lipgloss.Style
	Good     lipgloss.Style
	Bad      lipgloss.Style
	Quote    lipgloss.Style
	List     list.Styles
	Help     help.Styles
}

// KeyMap is the keys the enrolment screens answer to or name in their
// help.
type KeyMap struct {
	Choose, Back, Next, Prev, Toggle, Help, Quit key.Binding
}

// NewInput makes a one-line field with a prompt, a placeholder and a
// limit on its length, set up as every field of the course is.
type NewInput func(prompt, placeholder string, limit int) textinput.Model

// withHelp returns a copy of b with other help text.
func withHelp(b key.Binding, keys, desc string) key.Binding {
	b.SetHelp(keys, desc)
	return b
}

package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"course/internal/ui/keys"
)

// keyMap is every key the course answers to (see keys.Map).
type keyMap = keys.Map

var defaultKeyMap = keys.Default

// digit is the number of a key 1 to 9, which open a module or choose an
// option.
func digit(msg tea.KeyPressMsg) (int, bool) {
	if s := msg.String(); len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
		return int(s[0] - '0'), true
	}
	return 0, false
}

// bindings is a screen's help: the short line and the full list.
type bindings struct {
	short []key.Binding
	full  [][]key.Binding
}

func (b bindings) ShortHelp() []key.Binding  { return b.short }
func (b bindings) FullHelp() [][]key.Binding { return b.full }

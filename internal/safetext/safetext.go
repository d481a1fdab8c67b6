// Package safetext makes text from records safe to print: names and other
// data typed by people or imported from files could carry escape sequences
// that would otherwise drive the terminal.
package safetext

import (
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"
)

// Inert returns s with escape sequences and control characters removed and
// line breaks and tabs turned into spaces, so that it prints as plain text
// on one line.
func Inert(s string) string {
	s = ansi.Strip(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case unicode.IsControl(r), r == '\u2028', r == '\u2029', unicode.Is(unicode.Bidi_Control, r):
			return -1
		}
		return r
	}, s)
}

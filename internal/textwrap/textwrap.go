// Package textwrap lays text out in lines of a width for people reading
// it in a terminal, on a screen or read out by a screen reader: lines
// break only at spaces, so that a code such as 3F2A-9C01-B7E4, a member
// number, a hyphenated word or a file's path is never split at a hyphen,
// as ansi.Wrap and ansi.Wordwrap would split it.
package textwrap

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// stand-ins for a hyphen while text is wrapped: one-cell characters that
// are not breakpoints (ansi always breaks after an ASCII hyphen), the
// non-breaking hyphen first. The first the text does not hold is used,
// so that each is turned back into a hyphen and nothing else is.
var standIns = []string{"\u2011", "\u2010", "\u2012", "\ufe63"}

// held is s with each hyphen replaced by a stand-in, and the stand-in;
// s as it is and "" when it holds every stand-in.
func held(s string) (string, string) {
	for _, in := range standIns {
		if !strings.Contains(s, in) {
			return strings.ReplaceAll(s, "-", in), in
		}
	}
	return s, ""
}

// nbsp stands in for a space that must not break a line.
const nbsp = "\u00a0"

// AtSpaces word-wraps s (plain or styled) at width, breaking lines only
// at spaces. A word longer than a whole line is cut when cut is true, for
// a screen that must fit; else it is left whole for the terminal to show,
// for plain text read a line at a time, where a cut word is two words.
func AtSpaces(s string, width int, cut bool) string {
	wrap := ansi.Wordwrap
	if cut {
		wrap = ansi.Wrap
	}
	s, in := held(s)
	if in == "" {
		return wrap(s, width, "")
	}
	return strings.ReplaceAll(wrap(s, width, ""), in, "-")
}

// Path lays a file's path out in lines of width (at least 10 cells),
// keeping every character, its spaces too, since a path is copied as it
// stands: a path longer than a line breaks after a folder's slash, and a
// name is cut only where it is longer than the whole line.
func Path(s string, width int) string {
	width = max(width, 10)
	if strings.Contains(s, nbsp) {
		return ansi.Hardwrap(s, width, true)
	}
	s, in := held(s)
	if in == "" {
		return ansi.Hardwrap(s, width, true)
	}
	s = strings.ReplaceAll(s, " ", nbsp)
	return strings.NewReplacer(in, "-", nbsp, " ").Replace(ansi.Wrap(s, width, "/"))
}

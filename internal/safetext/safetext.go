// Package safetext makes text from records safe to print: names and other
// data typed by people or imported from files could carry escape sequences
// that would otherwise drive the terminal, or invisible characters that
// make them read as something they are not.
//
// It must not import the terminal libraries (x/ansi, a text library, is
// used to strip escape sequences) or any package of the course.
package safetext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Inert returns s with escape sequences, control characters and format
// characters (see Visible) removed and line breaks and tabs turned into
// spaces, so that it prints as plain text on one line.
func Inert(s string) string {
	s = Visible(ansi.Strip(s))
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return ' '
		case unicode.IsControl(r), r == '\u2028', r == '\u2029':
			return -1
		}
		return r
	}, s)
}

// InertLines is Inert for text whose line breaks are meant: each line is
// made inert, and the breaks between them kept.
func InertLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Inert(l)
	}
	return strings.Join(lines, "\n")
}

// Visible returns s without its format characters (Unicode category Cf):
// bidirectional overrides, embeddings, isolates and marks (U+202A to
// U+202E, U+2066 to U+2069, U+200E, U+200F), zero-width spaces and joiners
// (U+200B to U+200D, U+2060), U+FEFF inside text, soft hyphens and the
// like. They are invisible, and can make a name display reversed or hide
// part of it, so that "Ann\u202eeeL" reads as "AnnLee" in one program and
// otherwise in the next.
//
// This is the one rule for every output: the terminal (through Inert), the
// CSV of reports and exports, and the JSON of reports and of JSON and xAPI
// exports, so that a value reads the same wherever it is shown. JSON
// output is stripped too: it is read by people in learning record stores
// and editors, and a consumer could not tell a hidden override from data.
// Nothing else is changed: line breaks, quotes and the like are for each
// format's own escaping (CSV quoting and formula guards, JSON escapes).
// Joiners go too, so a few scripts and emoji sequences lose a ligature
// but keep their letters.
//
// When s has no format character it is returned as it is, without a copy.
func Visible[T ~string | ~[]byte](s T) T {
	i := nextFormat(s, 0)
	if i < 0 {
		return s
	}
	out := make([]byte, 0, len(s))
	start := 0
	for ; i >= 0; i = nextFormat(s, start) {
		out = append(out, s[start:i]...)
		_, size := decodeRune(s, i)
		start = i + size
	}
	return T(append(out, s[start:]...))
}

// nextFormat is the index of the first format character in s at or after
// from, or -1.
func nextFormat[T ~string | ~[]byte](s T, from int) int {
	i := from
	// Eight bytes at a time while they are all ASCII, which no format
	// character is: exports write millions of such values.
	for ; i+8 <= len(s); i += 8 {
		if s[i]|s[i+1]|s[i+2]|s[i+3]|s[i+4]|s[i+5]|s[i+6]|s[i+7] >= utf8.RuneSelf {
			break
		}
	}
	for i < len(s) {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := decodeRune(s, i)
		if unicode.Is(unicode.Cf, r) {
			return i
		}
		i += size
	}
	return -1
}

func decodeRune[T ~string | ~[]byte](s T, i int) (rune, int) {
	return utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
}

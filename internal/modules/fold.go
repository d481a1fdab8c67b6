package modules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Search folds case and accents, so that "siwr" finds "siŵr", "cafe"
// finds "café" and "Eireann" finds "Éireann": a member need not type the
// circumflexes, acutes and graves of Welsh, Irish or French.

// Fold is s in lower case with its accents removed.
func Fold(s string) string {
	f, _ := folded(s)
	return f
}

// folded is Fold(s), with the byte offset in s that each byte of it came
// from, and len(s) after the last.
func folded(s string) (string, []int) {
	var b strings.Builder
	from := make([]int, 0, len(s)+1)
	var buf [utf8.UTFMax]byte
	for i, r := range s {
		for _, d := range norm.NFD.String(string(r)) {
			if unicode.Is(unicode.Mn, d) {
				continue // a combining accent
			}
			n := utf8.EncodeRune(buf[:], unicode.ToLower(d))
			b.Write(buf[:n])
			for range n {
				from = append(from, i)
			}
		}
	}
	return b.String(), append(from, len(s))
}

// FoldedSpans finds every place in text where one of the words (already
// folded, as SearchWords gives them) appears, folding text the same way,
// and returns their byte spans in text itself, in order of the words.
func FoldedSpans(text string, words []string) [][2]int {
	f, from := folded(text)
	var spans [][2]int
	for _, w := range words {
		if w == "" {
			continue
		}
		for at := 0; ; {
			j := wordIndex(f[at:], w)
			if j < 0 {
				break
			}
			start, end := at+j, at+j+len(w)
			spans = append(spans, [2]int{from[start], endOf(text, from, end)})
			at = end
		}
	}
	return spans
}

// endOf is where in text the folded byte end falls: the start of the
// original character it begins, or the end of text.
func endOf(text string, from []int, end int) int {
	if end >= len(from)-1 {
		return len(text)
	}
	// Bytes folded from one character share its offset: end may fall in
	// the middle of one (a character that folds to two), so move to the
	// next character.
	for end < len(from)-1 && end > 0 && from[end] == from[end-1] {
		end++
	}
	return from[end]
}

// wordIndex is the index of the first place in folded text where w starts
// a word (at the start, or after a character that is not a letter or a
// digit), or -1: "act" is found in "act" and "actions", not in "exactly".
func wordIndex(text, w string) int {
	for at := 0; ; {
		j := strings.Index(text[at:], w)
		if j < 0 {
			return -1
		}
		i := at + j
		if r, _ := utf8.DecodeLastRuneInString(text[:i]); i == 0 || !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return i
		}
		at = i + 1
	}
}

// hasWord says whether w starts a word somewhere in folded text.
func hasWord(text, w string) bool { return wordIndex(text, w) >= 0 }

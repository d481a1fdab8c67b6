// Package find narrows a list of names (or any rows of text) to the rows
// matching what a person types, as both courses find a member by name.
package find

import (
	"strings"
	"unicode"

	"course/internal/modules"
)

// Finder narrows a list to the rows that have a word starting with each
// word typed, folded as the course's search folds them: "sean" finds
// "Seán O'Neill", and so do "o'neill", "oneill" and "neill", but "o" finds
// neither "Jones" nor "Ward 4".
type Finder struct {
	words [][]string // each row's words, folded (see findingWords)
}

// New finds among rows with these texts.
func New(texts []string) Finder {
	f := Finder{words: make([][]string, len(texts))}
	for i, t := range texts {
		f.words[i] = findingWords(t)
	}
	return f
}

// Find is the rows, in order, that have a word starting with each word of
// typed: all of them when nothing is typed.
func (f Finder) Find(typed string) []int {
	want := strings.Fields(strings.Map(joinMarked, modules.Fold(typed)))
	var rows []int
	for i, words := range f.words {
		if startsWords(words, want) {
			rows = append(rows, i)
		}
	}
	return rows
}

// startsWords says every one of want starts one of words.
func startsWords(words, want []string) bool {
	for _, w := range want {
		found := false
		for _, word := range words {
			if strings.HasPrefix(word, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// findingWords is the words of s, folded, a word with a mark inside it,
// such as the apostrophe of "O'Neill" or the hyphen of "Lloyd-Jones",
// both whole ("oneill") and in parts ("o", "neill").
func findingWords(s string) []string {
	f := modules.Fold(s)
	return append(strings.Fields(strings.Map(joinMarked, f)), strings.Fields(strings.Map(splitMarked, f))...)
}

// joinMarked keeps letters, digits and spaces and drops every other mark.
func joinMarked(r rune) rune {
	switch {
	case unicode.IsLetter(r), unicode.IsDigit(r):
		return r
	case unicode.IsSpace(r):
		return ' '
	}
	return -1
}

// splitMarked keeps letters and digits and makes every other mark a space.
func splitMarked(r rune) rune {
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return r
	}
	return ' '
}

package modules

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"course/internal/modules/cite"
)

// ClueWords are the phrases the word-family checks of course validate look
// for in options (see internal/packcheck), as course.yaml's clues section
// names them, so that a pack in another language can name its own. Each
// phrase is matched as whole words, ignoring case, with any spacing between
// its words; "…" (or "..." or "*") standing alone stands for one to four
// words ("ask the … team"), and a word ending in * for any word that
// begins so ("report*").
type ClueWords struct {
	Reasons  []string
	Hedges   []string
	Absolute []string
	Families []string
}

// wildcards stand alone in a phrase for one to four words.
var wildcards = []string{"…", "...", "*"}

// IsWildcard says whether a word of a phrase is a wildcard.
func IsWildcard(word string) bool { return slices.Contains(wildcards, word) }

// maxPhrase is the longest phrase, in characters: a phrase is a few words.
const maxPhrase = 100

// PhraseProblem says what is wrong with a phrase of course.yaml's clues
// section, or "" when it can be matched: it needs at least one word that is
// not a wildcard.
func PhraseProblem(p string) string {
	p = strings.TrimSpace(p)
	switch {
	case p == "":
		return "is empty"
	case utf8.RuneCountInString(p) > maxPhrase:
		return fmt.Sprintf("is longer than %d characters", maxPhrase)
	}
	for _, tok := range strings.Fields(p) {
		if !IsWildcard(tok) && strings.ContainsFunc(strings.TrimSuffix(tok, "*"), cite.IsLabelRune) {
			return ""
		}
	}
	return "has no word to look for, only wildcards or punctuation"
}

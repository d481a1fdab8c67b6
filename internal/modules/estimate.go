package modules

import (
	"math"
	"strings"
	"unicode"
)

// How long a module takes, estimated from its content when its lesson does
// not say: the lesson's and the quiz's words read carefully, and time to
// choose each answer and read why it is right or wrong.
const (
	// readingWPM is a careful reading speed for instructional text, a
	// little under the usual adult rate of about 238 words a minute.
	readingWPM = 230
	// answerMinutes is the time for choosing an answer and reading its
	// feedback, beyond reading the question.
	answerMinutes = 0.5
)

// estimateMinutes is the time module m takes, in whole minutes (at least 1).
func estimateMinutes(m *Module) int {
	words := countWords(m.Body)
	for _, q := range m.Questions {
		words += countWords(q.Scenario) + countWords(q.Prompt)
		for _, o := range q.Options {
			words += countWords(o.Text)
		}
	}
	minutes := float64(words)/readingWPM + answerMinutes*float64(len(m.Questions))
	return max(int(math.Round(minutes)), 1)
}

// countWords counts runs of letters or digits, so that Markdown marks and
// punctuation are not words.
func countWords(s string) int {
	return len(strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' }))
}

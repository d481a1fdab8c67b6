package modules

import (
	"cmp"
	"slices"
	"strings"
)

// Match is a place in the course where every word of a search appears.
type Match struct {
	Module *Module
	// Question is the id of the quiz question matched, or "" for lesson text.
	Question string
	// Paragraphs are the guidance paragraphs the matching text rests on.
	Paragraphs []string
	// Line is the lesson line (within Body, from 0) of a lesson match.
	Line int
	// Text is the matching line, as plain text.
	Text string
	// Part says which part of a question matched; for lesson text it is
	// LessonText.
	Part Part
}

// Part is where in the course a match was found.
type Part int

// The parts of the course a search looks in.
const (
	LessonText    Part = iota
	Scenario           // a question's scenario
	Prompt             // the question asked
	RightAnswer        // an option that is right
	WrongAnswer        // an option that is wrong
	RightFeedback      // why a right option is right
	WrongFeedback      // why a wrong option is wrong
)

// String names the part as a search result labels it.
func (p Part) String() string {
	switch p {
	case Scenario:
		return "quiz scenario"
	case Prompt:
		return "quiz question"
	case RightAnswer:
		return "quiz: a right answer"
	case WrongAnswer:
		return "quiz: a wrong answer"
	case RightFeedback:
		return "quiz: why an answer is right"
	case WrongFeedback:
		return "quiz: why an answer is wrong"
	}
	return "lesson"
}

// SearchWords splits a query into the words a match must hold, folded
// (see Fold).
func SearchWords(query string) []string {
	return strings.Fields(Fold(query))
}

// Search finds the lesson passages and quiz explanations that contain every
// word of query, whatever their case and accents (see Fold), module by
// module. A lesson passage is a paragraph or list item; a question
// matches on its scenario, question, options or feedback. A member's
// search goes through coursework's Standing.Search.
func (c *Course) Search(query string) []Match { return c.SearchHiding(query, nil) }

// SearchHiding is Search, but in a module hide holds for, a question
// matches only on its scenario and question: its options and their
// feedback would give its answers away.
func (c *Course) SearchHiding(query string, hide func(*Module) bool) []Match {
	words := SearchWords(query)
	if len(words) == 0 {
		return nil
	}
	var matches []Match
	for _, m := range c.Modules {
		matches = append(matches, c.searchLesson(m, words)...)
		for _, q := range m.Questions {
			texts := []string{q.Scenario, q.Prompt}
			parts := []Part{Scenario, Prompt}
			for _, o := range q.Options {
				if hide != nil && hide(m) {
					break
				}
				texts = append(texts, o.Text, o.Feedback)
				if o.Correct {
					parts = append(parts, RightAnswer, RightFeedback)
				} else {
					parts = append(parts, WrongAnswer, WrongFeedback)
				}
			}
			if i, ok := findAll(texts, words); ok {
				matches = append(matches, Match{Module: m, Question: q.ID, Paragraphs: q.Cites, Text: plain(texts[i]), Part: parts[i]})
			}
		}
	}
	for i := range matches {
		matches[i].Paragraphs = c.InOrder(matches[i].Paragraphs)
	}
	return matches
}

// InOrder returns paragraph ids in the order the guidance has them, each
// once.
func (c *Course) InOrder(ids []string) []string {
	at := make(map[string]int, len(c.Paragraphs))
	for i, p := range c.Paragraphs {
		at[p.ID] = i
	}
	out := slices.Clone(ids)
	slices.SortStableFunc(out, func(a, b string) int { return cmp.Compare(at[a], at[b]) })
	return slices.Compact(out)
}

// searchLesson matches blocks of the lesson: runs of lines between blank
// lines, headings and list items, so that a phrase wrapped over two lines
// is still found.
func (c *Course) searchLesson(m *Module, words []string) []Match {
	lines := strings.Split(m.Body, "\n")
	lower := strings.Split(Fold(m.Body), "\n") // same lines, folded
	var blocks [][2]int                        // start and end line of each block
	for start := 0; start < len(lines); {
		end := start + 1
		for end < len(lines) && !blockBreak(lines[end]) {
			end++
		}
		blocks = append(blocks, [2]int{start, end})
		start = end
	}
	cited := func(i int) []string { return c.citedIn(lines[blocks[i][0]:blocks[i][1]]) }
	var matches []Match
	for i, b := range blocks {
		line, ok := firstLineWithAll(lower[b[0]:b[1]], words)
		if !ok {
			continue
		}
		// Text without a citation rests on the paragraphs cited nearest to
		// it: a heading on those of the text it introduces, anything else on
		// those cited just before it.
		paras := cited(i)
		if len(paras) == 0 && strings.HasPrefix(strings.TrimSpace(lines[b[0]]), "#") {
			for j := i + 1; j < len(blocks) && len(paras) == 0; j++ {
				paras = cited(j)
			}
		}
		for j := i - 1; j >= 0 && len(paras) == 0; j-- {
			paras = cited(j)
		}
		if len(paras) == 0 {
			paras = m.Teaches
		}
		matches = append(matches, Match{Module: m, Paragraphs: paras, Line: b[0] + line, Text: plain(lines[b[0]+line])})
	}
	return matches
}

// blockBreak says a line starts a new block.
func blockBreak(l string) bool {
	t := strings.TrimSpace(l)
	return t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") ||
		(len(t) > 2 && t[0] >= '0' && t[0] <= '9' && strings.Contains(t[:min(4, len(t))], ". "))
}

func (c *Course) citedIn(block []string) []string {
	var ids []string
	for _, ct := range c.Citations(strings.Join(block, "\n")) {
		ids = append(ids, ct.Paragraph)
	}
	return ids
}

// firstLineWithAll reports whether the lower-case block holds every word,
// and the line on which the first of them appears.
func firstLineWithAll(block []string, words []string) (int, bool) {
	text := strings.Join(block, " ")
	for _, w := range words {
		if !hasWord(text, w) {
			return 0, false
		}
	}
	for i, l := range block {
		if hasWord(l, words[0]) {
			return i, true
		}
	}
	return 0, true
}

// findAll returns the index of the first text holding every word.
func findAll(texts []string, words []string) (int, bool) {
	for i, t := range texts {
		lower := Fold(t)
		all := true
		for _, w := range words {
			if !hasWord(lower, w) {
				all = false
				break
			}
		}
		if all {
			return i, true
		}
	}
	return 0, false
}

// plain turns a line of Markdown into plain text on one line.
func plain(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for _, p := range []string{"> ", "- ", "* ", "## ", "# "} {
		s = strings.TrimPrefix(s, p)
	}
	return strings.NewReplacer("**", "", "__", "", "`", "").Replace(s)
}

package modules

import (
	"strings"

	"course/internal/modules/cite"
)

// Citations of the guidance's paragraphs, in lessons, quizzes and
// course.yaml's wording, read as internal/modules/cite describes, with the
// course's own citation words and paragraphs.

// Default citation words, for a course.yaml that gives none.
var (
	defaultCiteWords = []string{"Guidance"}
	defaultCiteJoins = []string{"and"}
)

// cites returns the course's citation syntax: made once when the course is
// loaded, or each time for a course built otherwise (as tests do).
func (c *Course) cites() *cite.Syntax {
	if c.citing != nil {
		return c.citing
	}
	words, joins := c.CiteWords, c.CiteJoins
	if len(words) == 0 {
		words = defaultCiteWords
	}
	if joins == nil {
		joins = defaultCiteJoins
	}
	ids := make([]string, len(c.Paragraphs))
	for i, p := range c.Paragraphs {
		ids[i] = p.ID
	}
	return cite.New(words, joins, ids)
}

// Cite names paragraphs the way the course's lessons cite them:
// "Guidance 3.8, 3.9".
func (c *Course) Cite(ids ...string) string {
	return c.cites().Word() + " " + strings.Join(ids, ", ")
}

// Citation is a reference to a guidance paragraph in text.
type Citation struct {
	Paragraph string
	Line      int // line within the text, from 1
}

// Citations finds every paragraph cited in text: "Guidance 3.8",
// "Guidance 3.8, 3.9", "Guidance A1 and A3", a range "Guidance 3.4–3.6"
// giving each paragraph in it. Paragraphs that do not exist are left out
// (see citationProblems).
func (c *Course) Citations(text string) []Citation {
	cs, _ := c.readCitations(text)
	return cs
}

// citationProblems lists the citations in text that cannot be resolved.
// Each message follows a verb such as "cites": "paragraph "C9", which …".
func (c *Course) citationProblems(text string) []lineProblem {
	_, ps := c.readCitations(text)
	return ps
}

func (c *Course) readCitations(text string) (cs []Citation, ps []lineProblem) {
	line, counted := 1, 0
	for _, sp := range c.cites().Scan(text) {
		line += strings.Count(text[counted:sp.Start], "\n")
		counted = sp.Start
		for _, id := range sp.IDs {
			cs = append(cs, Citation{Paragraph: id, Line: line})
		}
		for _, msg := range sp.Problems {
			ps = append(ps, lineProblem{Line: line, Msg: msg})
		}
	}
	return cs, ps
}

// MarkCitations returns text with every citation ("Guidance 3.8, 3.9")
// replaced by mark(citation).
func (c *Course) MarkCitations(text string, mark func(string) string) string {
	var b strings.Builder
	last := 0
	for _, sp := range c.cites().Scan(text) {
		b.WriteString(text[last:sp.Start])
		b.WriteString(mark(text[sp.Start:sp.End]))
		last = sp.End
	}
	b.WriteString(text[last:])
	return b.String()
}

// CitingLine is the number (from 0) of the first line of text that cites
// paragraph id, or -1 when none does.
func (c *Course) CitingLine(text, id string) int {
	for i, l := range strings.Split(text, "\n") {
		for _, ct := range c.Citations(l) {
			if ct.Paragraph == id {
				return i
			}
		}
	}
	return -1
}

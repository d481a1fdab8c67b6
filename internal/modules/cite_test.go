package modules

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// citeCourse is a course with paragraphs labelled in several schemes, in
// an order that is not the order of their labels.
func citeCourse(words, joins []string) *Course {
	c := &Course{CiteWords: words, CiteJoins: joins}
	for _, id := range []string{"1.1", "3.4", "3.5", "3.6", "3.8", "3.9", "3.10", "7", "A1", "A2", "A3", "3(a)", "3(b)", "2.1.4", "B"} {
		c.Paragraphs = append(c.Paragraphs, Paragraph{ID: id})
	}
	return c
}

// TestCitationLines: each citation, and each problem with one, is placed
// at the line of the text it starts on.
func TestCitationLines(t *testing.T) {
	c := citeCourse([]string{"Guidance", "Canllawiau"}, []string{"and", "a"})
	text := "a (Guidance 3.8, 3.9) b\n\none\nwrapped Guidance\n3.10, C9). (Canllawiau 3.4–3.6)"
	var got []string
	for _, ct := range c.Citations(text) {
		got = append(got, ct.Paragraph+"@"+strconv.Itoa(ct.Line))
	}
	if want := []string{"3.8@1", "3.9@1", "3.10@4", "3.4@5", "3.5@5", "3.6@5"}; !slices.Equal(got, want) {
		t.Errorf("Citations = %v, want %v", got, want)
	}
	ps := c.citationProblems(text)
	if len(ps) != 1 || ps[0].Line != 4 || !strings.Contains(ps[0].Msg, `paragraph "C9"`) {
		t.Errorf("problems = %v, want C9 on line 4", ps)
	}
}

// Cite writes the course's first citation word; a course that gives none
// cites the Guidance.
func TestCite(t *testing.T) {
	if got := citeCourse([]string{"Canllawiau", "Guidance"}, nil).Cite("3.8", "3.9"); got != "Canllawiau 3.8, 3.9" {
		t.Errorf("Cite = %q", got)
	}
	if got := citeCourse(nil, nil).Cite("7"); got != "Guidance 7" {
		t.Errorf("Cite = %q", got)
	}
}

func TestMarkCitations(t *testing.T) {
	c := citeCourse(nil, nil)
	got := c.MarkCitations("Ask first (Guidance 3.8, 3.9). Guidance alone. Guidance 7. (Guidance 3.4–3.6)", func(s string) string { return "[" + s + "]" })
	want := "Ask first ([Guidance 3.8, 3.9]). Guidance alone. [Guidance 7]. ([Guidance 3.4–3.6])"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

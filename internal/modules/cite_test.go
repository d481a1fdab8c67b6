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

func TestCitationsRead(t *testing.T) {
	c := citeCourse([]string{"Guidance", "Canllawiau"}, []string{"and", "a"})
	tests := []struct {
		text string
		want []string // paragraph@line
	}{
		{"a (Guidance 3.8, 3.9) b", []string{"3.8@1", "3.9@1"}},
		{"see Guidance 7 and guidance 3.4", []string{"7@1"}},
		{"Guidance 3.8,3.9. NonGuidance 3.4, Guidance x", []string{"3.8@1", "3.9@1"}},
		{"one\nwrapped Guidance\n3.10).", []string{"3.10@2"}},
		{"(Guidance A1 and A3)", []string{"A1@1", "A3@1"}},
		{"(Guidance A1 & A2)", []string{"A1@1", "A2@1"}},
		{"(Guidance 3(b))", []string{"3(b)@1"}},
		{"(Guidance 2.1.4).", []string{"2.1.4@1"}},
		{"(Guidance 3.4–3.6)", []string{"3.4@1", "3.5@1", "3.6@1"}},
		{"(Guidance 3.4-3.6)", []string{"3.4@1", "3.5@1", "3.6@1"}},
		{"(Guidance 3.4 – 3.5, 7)", []string{"3.4@1", "3.5@1", "7@1"}},
		{"(Guidance 3.10–A1)", []string{"3.10@1", "7@1", "A1@1"}},
		{"(Canllawiau 3.8 a 3.9)", []string{"3.8@1", "3.9@1"}},
		{"(Guidance B)", []string{"B@1"}},
		{"the Guidance says so; Guidance for Members", nil},
		{"(Guidance 3.8, which is clear)", []string{"3.8@1"}},
		{"(Guidance 3.8 and the Code)", []string{"3.8@1"}},
		{"(Guidance 4.1 - see below)", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, ct := range c.Citations(tt.text) {
			got = append(got, ct.Paragraph+"@"+strconv.Itoa(ct.Line))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Citations(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestCitationProblems(t *testing.T) {
	c := citeCourse(nil, nil)
	tests := []struct {
		text string
		want string // in the one problem, or "" for none
	}{
		{"(Guidance 3.8)", ""},
		{"(Guidance C2)", `paragraph "C2", which is not in course.yaml's paragraphs`},
		{"(Guidance 3.8, 4.1)", `paragraph "4.1"`},
		{"(Guidance 4.1 - see below)", `paragraph "4.1"`},
		{"(Guidance 3.6–3.4)", "runs backwards"},
		{"(Guidance 3.4–3.7)", `paragraph "3.7"`},
		{"(Guidance 3.4 to 3.6)", `"Guidance 3.4" and goes on with "to 3.6", which is not read`},
		{"(Guidance 3.4–3.5–3.6)", `goes on with "–3.6"`},
		{"(Guidance 3.8 or A1)", `goes on with "or A1"`},
		{"(Canllawiau 3.8)", ""},
		{"(Guidance 3.8 in the text)", ""},
	}
	for _, tt := range tests {
		ps := c.citationProblems(tt.text)
		switch {
		case tt.want == "" && len(ps) > 0:
			t.Errorf("%q: problems %v, want none", tt.text, ps)
		case tt.want != "" && (len(ps) != 1 || !strings.Contains(ps[0].Msg, tt.want)):
			t.Errorf("%q: problems %v, want one saying %q", tt.text, ps, tt.want)
		}
	}
}

// A citation word the course does not use is plain text.
func TestCitationWordsAreTheCourses(t *testing.T) {
	c := citeCourse([]string{"Canllawiau"}, nil)
	if got := c.Citations("(Guidance 3.8) (Canllawiau 3.9)"); len(got) != 1 || got[0].Paragraph != "3.9" {
		t.Errorf("citations = %v", got)
	}
	if got := c.Cite("3.8", "3.9"); got != "Canllawiau 3.8, 3.9" {
		t.Errorf("Cite = %q", got)
	}
	if got := c.Citations("(Canllawiau 3.8 a 3.9)"); len(got) != 1 {
		t.Errorf("a join word the course does not give was read: %v", got)
	}
	// One word may start another: the longer is read where it stands.
	c = citeCourse([]string{"Para", "Paragraph"}, nil)
	if got := c.Citations("(Paragraph 3.8) (Para 3.9)"); len(got) != 2 {
		t.Errorf("citations = %v", got)
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

func TestIsLabel(t *testing.T) {
	for _, l := range []string{"3.8", "7", "A1", "3(b)", "2.1.4", "3.10", "B", "Rh5", "A1(ii)"} {
		if !isLabel(l) {
			t.Errorf("%q is not a label", l)
		}
	}
	for _, l := range []string{"", "3.", ".3", "3-4", "3 4", "(b)", "3(b", "A1)", "3..4", strings.Repeat("1", maxLabel+1)} {
		if isLabel(l) {
			t.Errorf("%q is a label", l)
		}
	}
}

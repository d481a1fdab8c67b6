package cite

import (
	"slices"
	"strings"
	"testing"
)

// syntax reads paragraphs labelled in several schemes, in an order that
// is not the order of their labels.
func syntax(words, joins []string) *Syntax {
	if len(words) == 0 {
		words = []string{"Guidance"}
	}
	ids := []string{"1.1", "3.4", "3.5", "3.6", "3.8", "3.9", "3.10", "7", "A1", "A2", "A3", "3(a)", "3(b)", "2.1.4", "B"}
	return New(words, joins, ids)
}

// scan is the paragraphs the citations in text name, and their problems.
func scan(s *Syntax, text string) (ids, problems []string) {
	for _, sp := range s.Scan(text) {
		ids = append(ids, sp.IDs...)
		problems = append(problems, sp.Problems...)
	}
	return ids, problems
}

func TestScan(t *testing.T) {
	s := syntax([]string{"Guidance", "Canllawiau"}, []string{"and", "a"})
	tests := []struct {
		text string
		want []string
	}{
		{"a (Guidance 3.8, 3.9) b", []string{"3.8", "3.9"}},
		{"see Guidance 7 and guidance 3.4", []string{"7"}},
		{"Guidance 3.8,3.9. NonGuidance 3.4, Guidance x", []string{"3.8", "3.9"}},
		{"one\nwrapped Guidance\n3.10).", []string{"3.10"}},
		{"(Guidance A1 and A3)", []string{"A1", "A3"}},
		{"(Guidance A1 & A2)", []string{"A1", "A2"}},
		{"(Guidance 3(b))", []string{"3(b)"}},
		{"(Guidance 2.1.4).", []string{"2.1.4"}},
		{"(Guidance 3.4–3.6)", []string{"3.4", "3.5", "3.6"}},
		{"(Guidance 3.4-3.6)", []string{"3.4", "3.5", "3.6"}},
		{"(Guidance 3.4 – 3.5, 7)", []string{"3.4", "3.5", "7"}},
		{"(Guidance 3.10–A1)", []string{"3.10", "7", "A1"}},
		{"(Canllawiau 3.8 a 3.9)", []string{"3.8", "3.9"}},
		{"(Guidance B)", []string{"B"}},
		{"the Guidance says so; Guidance for Members", nil},
		{"(Guidance 3.8, which is clear)", []string{"3.8"}},
		{"(Guidance 3.8 and the Code)", []string{"3.8"}},
		{"(Guidance 4.1 - see below)", nil},
	}
	for _, tt := range tests {
		if got, _ := scan(s, tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Scan(%q) names %v, want %v", tt.text, got, tt.want)
		}
	}
}

func TestScanProblems(t *testing.T) {
	s := syntax(nil, []string{"and"})
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
		_, ps := scan(s, tt.text)
		switch {
		case tt.want == "" && len(ps) > 0:
			t.Errorf("%q: problems %v, want none", tt.text, ps)
		case tt.want != "" && (len(ps) != 1 || !strings.Contains(ps[0], tt.want)):
			t.Errorf("%q: problems %v, want one saying %q", tt.text, ps, tt.want)
		}
	}
}

// A citation word the course does not use is plain text.
func TestWordsAreTheCourses(t *testing.T) {
	s := syntax([]string{"Canllawiau"}, []string{"and"})
	if got, _ := scan(s, "(Guidance 3.8) (Canllawiau 3.9)"); !slices.Equal(got, []string{"3.9"}) {
		t.Errorf("citations = %v", got)
	}
	if got, _ := scan(s, "(Canllawiau 3.8 a 3.9)"); len(got) != 1 {
		t.Errorf("a join word the course does not give was read: %v", got)
	}
	// One word may start another: the longer is read where it stands.
	s = syntax([]string{"Para", "Paragraph"}, []string{"and"})
	if got, _ := scan(s, "(Paragraph 3.8) (Para 3.9)"); len(got) != 2 {
		t.Errorf("citations = %v", got)
	}
}

func TestIsLabel(t *testing.T) {
	for _, l := range []string{"3.8", "7", "A1", "3(b)", "2.1.4", "3.10", "B", "Rh5", "A1(ii)"} {
		if !IsLabel(l) {
			t.Errorf("%q is not a label", l)
		}
	}
	for _, l := range []string{"", "3.", ".3", "3-4", "3 4", "(b)", "3(b", "A1)", "3..4", strings.Repeat("1", MaxLabel+1)} {
		if IsLabel(l) {
			t.Errorf("%q is a label", l)
		}
	}
}

func TestCompare(t *testing.T) {
	ordered := []string{"1", "2", "3", "3(a)", "3(b)", "3.2", "3.9", "3.10", "9", "10", "A", "A1", "A2", "A10", "B"}
	for i := range ordered {
		for j := range ordered {
			got := Compare(ordered[i], ordered[j])
			if (i < j && got >= 0) || (i > j && got <= 0) || (i == j && got != 0) {
				t.Errorf("Compare(%q, %q) = %d", ordered[i], ordered[j], got)
			}
		}
	}
}

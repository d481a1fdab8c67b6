package yamlerr

import (
	"bytes"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type lesson struct {
	Title   string   `yaml:"title"`
	Minutes int      `yaml:"minutes"`
	Teaches []string `yaml:"teaches"`
}

// explain decodes text strictly into a lesson and explains the error.
func explain(t *testing.T, text string) []Problem {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader([]byte(text)))
	dec.KnownFields(true)
	var l lesson
	err := dec.Decode(&l)
	if err == nil {
		t.Fatalf("%q decoded", text)
	}
	var tree yaml.Node
	_ = yaml.Unmarshal([]byte(text), &tree)
	return Explain(err, "title, minutes, teaches", &tree)
}

// TestExplain: each error names its line and says what to change, in the
// words of the field and the value.
func TestExplain(t *testing.T) {
	tests := []struct {
		text string
		want Problem
	}{
		{"title: A\nminutes: ten\n", Problem{2, `minutes must be a whole number, not the text "ten"`}},
		{"title: A\nteaches: [[\"1.1\"], \"1.2\"]\n", Problem{2, "each entry of teaches must be text, not a list"}},
		{"title: A\nauthor: me\n", Problem{2, `unknown field "author" (allowed here: title, minutes, teaches)`}},
		{"minutes: 5\ntitle: a: b\n", Problem{2, "a colon and a space may only follow a field's name: put a value that holds one in quotes, or check the indenting"}},
		{"- title\n", Problem{1, "the file must hold a set of fields, not a list"}},
		// The reader counts this error's lines from 0.
		{"title: A\nteaches:\n  - x\n minutes: 5\n", Problem{4, "a line is not indented like the fields around it: check its spaces"}},
	}
	for _, tt := range tests {
		got := explain(t, tt.text)
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("%q: %+v, want %+v", tt.text, got, tt.want)
		}
	}
}

// TestTabs: every line indented with a tab is named at its file line,
// counting from the line the YAML starts on; a tab after the indent is no
// problem.
func TestTabs(t *testing.T) {
	got := Tabs([]byte("title: A\n\tminutes: 5\nteaches:\n \t- \"1.1\"\nsummary: a\tb\n\t\n"), 2)
	var lines []int
	for _, p := range got {
		lines = append(lines, p.Line)
	}
	if len(got) != 2 || lines[0] != 3 || lines[1] != 5 || !strings.HasPrefix(got[0].Msg, "line 3 starts with a tab") {
		t.Errorf("tabs = %+v, want lines 3 and 5", got)
	}
}

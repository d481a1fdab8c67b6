package modules

import (
	"strconv"
	"strings"
	"testing"
)

func TestSearch(t *testing.T) {
	fsys := validFS()
	fsys["modules/1-one.md"].Data = []byte(strings.Replace(testLesson, "Be kind online (Guidance 1.1).",
		"Be kind online to every\nresident you meet (Guidance 1.1).\n\n- A list item about kindness (Guidance 1.2).", 1))
	c, err := Load(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		query   string
		want    []string // module/question:line:paragraphs of each match
		wantTxt string   // text of the first match
	}{
		{"KIND", []string{"one::2:1.1", "one::5:1.2"}, "Be kind online to every"},
		{"every resident", []string{"one::2:1.1"}, "Be kind online to every"},
		{"resident kindness", nil, ""},
		{"politely", []string{"one/one-a::1.1"}, "Reply politely."},
		{"ask first", []string{"one::8:1.1,1.2"}, "Ask first (Guidance 1.1, 1.2)."},
		{"   ", nil, ""},
		{"summary", []string{"one::7:1.1,1.2"}, "Summary"},
	}
	for _, tt := range tests {
		got := c.Search(tt.query)
		var keys []string
		for _, m := range got {
			k := m.Module.ID
			if m.Question != "" {
				k += "/" + m.Question + "::" + strings.Join(m.Paragraphs, ",")
			} else {
				k += "::" + strconv.Itoa(m.Line) + ":" + strings.Join(m.Paragraphs, ",")
			}
			keys = append(keys, k)
		}
		if strings.Join(keys, " ") != strings.Join(tt.want, " ") {
			t.Errorf("Search(%q) = %v, want %v", tt.query, keys, tt.want)
			continue
		}
		if len(got) > 0 && got[0].Text != tt.wantTxt {
			t.Errorf("Search(%q) text = %q, want %q", tt.query, got[0].Text, tt.wantTxt)
		}
	}
}

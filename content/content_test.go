package content_test

import (
	"strings"
	"testing"

	"course/content"
	"course/internal/modules"
	"course/internal/quiz"
)

// TestBuiltInCourse checks the shipped course against what the council asked
// for: a module per guidance section, enough scenario questions in each, and
// lessons built for learning.
func TestBuiltInCourse(t *testing.T) {
	c, err := modules.Load(content.FS, content.Root)
	if err != nil {
		t.Fatal(err)
	}
	if c.GuidanceVersion != "1.0" || c.PassMark != 80 || c.RefreshMonths != 12 {
		t.Errorf("settings: version %q, pass mark %d, refresh %d", c.GuidanceVersion, c.PassMark, c.RefreshMonths)
	}
	if len(c.Paragraphs) != 35 {
		t.Errorf("%d guidance paragraphs, want 35 (1.1 to 5.6, 6.1 and 7)", len(c.Paragraphs))
	}
	if len(c.Modules) != 7 {
		t.Fatalf("%d modules, want one per guidance section (7)", len(c.Modules))
	}
	total, multiple := 0, 0
	for i, m := range c.Modules {
		if m.Section != i+1 {
			t.Errorf("module %s covers section %d, want %d", m.ID, m.Section, i+1)
		}
		want := 5
		if m.Section >= 6 {
			want = 2
		}
		if len(m.Questions) < want {
			t.Errorf("module %s has %d questions, want at least %d", m.ID, len(m.Questions), want)
		}
		for _, q := range m.Questions {
			total++
			if q.Kind == quiz.Multiple {
				multiple++
			}
			if q.Scenario == "" {
				t.Errorf("question %s has no scenario", q.ID)
			}
		}
		for _, want := range []string{"## Summary", "**Think about it:**", "(Guidance "} {
			if !strings.Contains(m.Body, want) {
				t.Errorf("module %s has no %q", m.ID, want)
			}
		}
		for _, p := range m.Teaches {
			if !strings.Contains(m.Body, p) {
				t.Errorf("module %s teaches %s but never cites it", m.ID, p)
			}
		}
	}
	if total < 35 {
		t.Errorf("%d questions in all, want at least 35", total)
	}
	if multiple < 3 {
		t.Errorf("%d select-all-that-apply questions, want several", multiple)
	}
}

// TestExactQuotes checks that where the course quotes the guidance, it
// quotes it exactly.
func TestExactQuotes(t *testing.T) {
	c, err := modules.Load(content.FS, content.Root)
	if err != nil {
		t.Fatal(err)
	}
	quotes := []struct{ module, words string }{
		{"responsibilities", "if you are unsure about posting something, stop and ask for advice first before doing anything else"},
		{"responsibilities", "If you would be reluctant to say something face-to-face to a group of strangers in the street, then you probably shouldn't say it on social media."},
		{"code-of-conduct", "You must treat others with respect"},
		{"code-of-conduct", "You must comply with equality laws"},
		{"code-of-conduct", "You must not bully or harass anyone"},
		{"code-of-conduct", "You must not bring your office or the Council into disrepute"},
		{"code-of-conduct", "You must not disclose confidential information"},
		{"advice", "if you are unsure about posting something, stop and ask for advice first before doing anything else"},
	}
	for _, quote := range quotes {
		id, q := quote.module, quote.words
		m := c.Module(id)
		if m == nil {
			t.Fatalf("no module %s", id)
		}
		// Join the block quote's lines into one run of words.
		text := strings.Join(strings.Fields(strings.ReplaceAll(m.Body, "\n>", "\n")), " ")
		if !strings.Contains(text, q) {
			t.Errorf("module %s does not quote %q", id, q)
		}
	}
}

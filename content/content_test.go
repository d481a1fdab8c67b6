package content_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"course/content"
	"course/internal/modules"
	"course/internal/packcheck"
	"course/internal/quiz"
)

// maxQuestionsPerModule keeps each module's quiz to one sitting.
const maxQuestionsPerModule = 15

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
		if m.Section != strconv.Itoa(i+1) || m.Number != i+1 {
			t.Errorf("module %s is number %d and covers section %s, want %d", m.ID, m.Number, m.Section, i+1)
		}
		// One wrong answer must not fail a module on its own, and a quiz
		// must be short enough to take in one sitting.
		if n := len(m.Questions); (n-1)*100 < c.PassMark*n || n > maxQuestionsPerModule {
			t.Errorf("module %s has %d questions: one miss fails it at a %d%% pass mark, or it is longer than %d", m.ID, n, c.PassMark, maxQuestionsPerModule)
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

// TestBuiltInQuestions holds the shipped quizzes to the answer-clue limits
// that course validate --strict applies, and to coverage: every paragraph
// tested by at least two questions. (The closing sections, 6 and 7, are one
// paragraph each, and each module's quiz needs five questions for its pass
// mark to mean something, so their paragraphs key five.)
func TestBuiltInQuestions(t *testing.T) {
	c, err := modules.Load(content.FS, content.Root)
	if err != nil {
		t.Fatal(err)
	}
	if failures := packcheck.CheckClues(c).Failures(); len(failures) > 0 {
		t.Errorf("the built-in course is over the answer-clue limits:\n  %s", strings.Join(failures, "\n  "))
	}
	for _, cov := range c.Coverage() {
		id, n := cov.Paragraph.ID, len(cov.Questions)
		if n < 2 {
			t.Errorf("paragraph %s is tested by %d question(s), want at least 2", id, n)
		}
	}
}

// TestNeutralScenarios checks that scenarios name no real place of the
// council, so that another council's members meet the same situations.
func TestNeutralScenarios(t *testing.T) {
	c, err := modules.Load(content.FS, content.Root)
	if err != nil {
		t.Fatal(err)
	}
	names := placeNames(c.Council)
	if len(names) == 0 {
		t.Fatalf("no place name in council %q", c.Council)
	}
	for _, q := range c.Questions() {
		for _, name := range names {
			if strings.Contains(strings.ToLower(q.Scenario), name) {
				t.Errorf("question %s's scenario names %q", q.ID, name)
			}
		}
	}
}

// placeNames are the words of a council's name that name its place.
func placeNames(council string) []string {
	generic := map[string]bool{"borough": true, "council": true, "city": true, "county": true, "district": true, "of": true, "and": true, "the": true}
	var names []string
	for _, w := range strings.Fields(strings.ToLower(council)) {
		if !generic[w] {
			names = append(names, w)
		}
	}
	return names
}

// TestContextIsNotCited checks that background the course adds, marked
// "Context (not from the guidance)", carries no guidance citation.
func TestContextIsNotCited(t *testing.T) {
	c, err := modules.Load(content.FS, content.Root)
	if err != nil {
		t.Fatal(err)
	}
	const mark = "Context (not from the guidance)"
	found := 0
	for _, m := range c.Modules {
		// A lesson's context runs to the end of its paragraph.
		for _, block := range strings.Split(m.Body, "\n\n") {
			if _, after, ok := strings.Cut(block, mark); ok {
				found++
				if len(c.Citations(after)) > 0 {
					t.Errorf("module %s cites the guidance in context: %q", m.ID, after)
				}
			}
		}
		// In feedback, context runs to the end of the feedback.
		for _, q := range m.Questions {
			for i, o := range q.Options {
				if _, after, ok := strings.Cut(o.Feedback, mark); ok {
					found++
					if len(c.Citations(after)) > 0 {
						t.Errorf("question %s option %d cites the guidance in context", q.ID, i+1)
					}
				}
			}
		}
	}
	if found == 0 {
		t.Error("no context found: the test no longer checks anything")
	}
}

// TestRightFeedbackHasNoVerdict: the course says "right" itself, and a
// right option's feedback is read by members who missed it, so it must
// not open with praise.
func TestRightFeedbackHasNoVerdict(t *testing.T) {
	c, err := modules.Load(content.FS, content.Root)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range c.Questions() {
		for _, o := range q.Options {
			for _, praise := range []string{"Right", "Correct", "Yes", "Well done", "Exactly"} {
				if o.Correct && strings.HasPrefix(o.Feedback, praise) {
					t.Errorf("%s: a right option's feedback opens with %q: %s", q.ID, praise, o.Feedback)
				}
			}
		}
	}
}

// TestGoSourceNamesNoCourse checks that the program's source names
// nothing of the built-in course: the council, the guidance, the course's
// wording and its contacts all come from content/, so that another
// council's pack reads as its own.
func TestGoSourceNamesNoCourse(t *testing.T) {
	c, err := modules.Load(content.FS, content.Root)
	if err != nil {
		t.Fatal(err)
	}
	var probes []string
	// Any three words in a row of a name, any six of the wording.
	for _, text := range []string{c.Council, c.GuidanceTitle, c.Title} {
		probes = append(probes, wordRuns(text, 3)...)
	}
	for _, text := range []string{c.Welcome.Heading, c.Welcome.Text, c.Welcome.Rule, c.Certificate("", nil)} {
		probes = append(probes, wordRuns(text, 6)...)
	}
	for _, a := range c.Advice {
		probes = append(probes, a.Team, a.Email, a.Phone)
	}
	probes = append(probes, placeNames(c.Council)...)
	err = filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata"):
			return filepath.SkipDir
		case d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go"):
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := strings.ToLower(strings.Join(strings.Fields(string(src)), " "))
		for _, p := range probes {
			if p != "" && strings.Contains(text, strings.ToLower(p)) {
				t.Errorf("%s names the built-in course: %q (it belongs in content/course.yaml)", path, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(probes) < 20 {
		t.Errorf("only %d probes: the test no longer checks much", len(probes))
	}
}

// wordRuns is every run of n words in a row in text (or text itself, when
// it has fewer).
func wordRuns(text string, n int) []string {
	words := strings.Fields(text)
	if len(words) <= n {
		return []string{strings.Join(words, " ")}
	}
	var runs []string
	for i := 0; i+n <= len(words); i++ {
		runs = append(runs, strings.Join(words[i:i+n], " "))
	}
	return runs
}

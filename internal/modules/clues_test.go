package modules

import (
	"bytes"
	"strings"
	"testing"

	"course/internal/quiz"
)

// opt is a made-up option; feedback cites nothing unless given.
func opt(text string, correct bool, feedback ...string) quiz.Option {
	fb := "Because."
	if len(feedback) > 0 {
		fb = feedback[0]
	}
	return quiz.Option{Text: text, Correct: correct, Feedback: fb}
}

func single(id string, opts ...quiz.Option) quiz.Question {
	return quiz.Question{ID: id, Kind: quiz.Single, Cites: []string{"1.1"}, Options: opts}
}

func multiple(id string, opts ...quiz.Option) quiz.Question {
	return quiz.Question{ID: id, Kind: quiz.Multiple, Cites: []string{"1.1"}, Options: opts}
}

// pack makes a one-module course holding the questions.
func pack(qs ...quiz.Question) *Course {
	return &Course{
		Paragraphs: []Paragraph{{ID: "1.1"}, {ID: "1.2"}, {ID: "3.4"}},
		Modules:    []*Module{{ID: "one", QuizFile: "modules/1-one.quiz.yaml", Questions: qs}},
	}
}

func limitOf(t *testing.T, r ClueReport, check string) ClueLimit {
	t.Helper()
	for _, l := range r.Limits {
		if l.Check == check {
			return l
		}
	}
	t.Fatalf("no result for %q in %+v", check, r.Limits)
	return ClueLimit{}
}

func cluesOf(r ClueReport, check string) []string {
	var ids []string
	for _, c := range r.Clues {
		if c.Check == check {
			ids = append(ids, c.Question)
		}
	}
	return ids
}

// Option texts of known lengths: w(n) is n characters long.
func w(n int) string { return strings.Repeat("x", n) }

func TestLengthClues(t *testing.T) {
	longRight := func(id string) quiz.Question {
		return single(id, opt(w(40), true), opt(w(30), false), opt(w(20), false))
	}
	even := func(id string) quiz.Question {
		return single(id, opt(w(30), true), opt(w(40), false), opt(w(20), false))
	}
	// Longer than the longest wrong option by exactly the margin: not a clue.
	r := CheckClues(pack(single("close", opt(w(30+LengthMargin), true), opt(w(30), false))))
	if got := cluesOf(r, CheckLongest); len(got) != 0 {
		t.Errorf("a right option within the margin is flagged: %v", got)
	}

	// One question in three: a third is allowed.
	r = CheckClues(pack(longRight("a"), even("b"), even("c")))
	if l := limitOf(t, r, CheckLongest); l.Over {
		t.Errorf("1 of 3 is over the limit: %+v", l)
	}
	if got := cluesOf(r, CheckLongest); len(got) != 1 || got[0] != "a" {
		t.Errorf("longest clues = %v, want [a]", got)
	}

	// Two in three is over it, and the pack fails.
	r = CheckClues(pack(longRight("a"), longRight("b"), even("c")))
	if l := limitOf(t, r, CheckLongest); !l.Over || !strings.Contains(l.Summary, "2 of 3") {
		t.Errorf("2 of 3 is not over the limit: %+v", l)
	}
	if !r.Failed() {
		t.Error("the report does not fail")
	}

	// Shortest is counted separately.
	shortRight := func(id string) quiz.Question {
		return single(id, opt(w(10), true), opt(w(30), false), opt(w(20), false))
	}
	r = CheckClues(pack(shortRight("a"), shortRight("b"), even("c")))
	if l := limitOf(t, r, CheckShortest); !l.Over {
		t.Errorf("shortest 2 of 3 is not over: %+v", l)
	}
	if l := limitOf(t, r, CheckLongest); l.Over {
		t.Errorf("longest is over though no right option is longest: %+v", l)
	}

	// Spaces and line breaks count as one character; select-all questions
	// are not judged on length.
	r = CheckClues(pack(
		single("folded", opt("a\n  b "+w(10), true), opt("a b "+w(10), false)),
		multiple("m", opt(w(90), true), opt(w(10), false)),
	))
	if got := cluesOf(r, CheckLongest); len(got) != 0 {
		t.Errorf("clues = %v, want none", got)
	}
}

func TestSpreadClues(t *testing.T) {
	allButOne := func(id string) quiz.Question {
		return multiple(id, opt("a", true), opt("b", true), opt("c", true), opt("d", false))
	}
	oneRight := func(id string) quiz.Question {
		return multiple(id, opt("a", true), opt("b", false), opt("c", false), opt("d", false))
	}
	allRight := func(id string) quiz.Question {
		return multiple(id, opt("a", true), opt("b", true), opt("c", true))
	}
	someRight := func(id string) quiz.Question {
		return multiple(id, opt("a", true), opt("b", true), opt("c", false), opt("d", false))
	}
	tests := []struct {
		name string
		qs   []quiz.Question
		over bool
		why  string
	}{
		{"always all but one", []quiz.Question{allButOne("a"), allButOne("b"), allButOne("c")}, true, "same number of right options"},
		{"always most right", []quiz.Question{allButOne("a"), allRight("b"), oneRight("c"), allButOne("d")}, true, "more right options than wrong"},
		{"no single right", []quiz.Question{allRight("a"), someRight("b"), someRight("c")}, true, "none has exactly one right option"},
		{"no all right", []quiz.Question{oneRight("a"), someRight("b"), allButOne("c")}, true, "none has every option right"},
		{"same number wrong", []quiz.Question{
			multiple("a", opt("a", true), opt("b", false)),
			multiple("b", opt("a", true), opt("b", true), opt("c", false)),
		}, true, "same number of wrong options"},
		{"a spread", []quiz.Question{oneRight("a"), someRight("b"), allRight("c"), oneRight("d")}, false, ""},
		{"one question", []quiz.Question{allButOne("a")}, true, "more right options than wrong"},
		{"two questions, no spread needed yet", []quiz.Question{someRight("a"), oneRight("b")}, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := limitOf(t, CheckClues(pack(tt.qs...)), CheckSpread)
			if l.Over != tt.over || !strings.Contains(l.Reason, tt.why) {
				t.Errorf("over = %v, reason %q; want %v, %q", l.Over, l.Reason, tt.over, tt.why)
			}
		})
	}
	if l := limitOf(t, CheckClues(pack(single("s", opt("a", true), opt("b", false)))), CheckSpread); l.Over {
		t.Errorf("a pack without select-all questions fails: %+v", l)
	}
}

func TestAbsoluteWordClues(t *testing.T) {
	q := func(id, right, wrong string) quiz.Question {
		return single(id, opt(right, true), opt(wrong, false), opt("Ask the team first.", false))
	}
	// "never" marks the wrong option three times and no right one.
	r := CheckClues(pack(
		q("a", "Reply with the facts.", "Never reply to anyone."),
		q("b", "Check the settings.", "You can NEVER be too careful."),
		q("c", "Share the post.", "Never share posts."),
	))
	l := limitOf(t, r, CheckAbsolute)
	if !l.Over || !strings.Contains(l.Reason, `"never" is in 3 wrong options and 0 right ones`) {
		t.Errorf("never-only-in-wrong is not over: %+v", l)
	}
	if got := cluesOf(r, CheckAbsolute); len(got) != 3 {
		t.Errorf("per-question clues = %v, want a, b, c", got)
	}
	// Words inside other words do not count ("allotment", "onlyness").
	r = CheckClues(pack(
		q("a", "Reply.", "Post about the allotment."),
		q("b", "Check.", "Mustard is nice."),
		q("c", "Share.", "Forever and evermore."),
	))
	if l := limitOf(t, r, CheckAbsolute); l.Over || len(cluesOf(r, CheckAbsolute)) != 0 {
		t.Errorf("words inside words count: %+v %v", l, r.Clues)
	}
	// Used in right options as often, the word is no clue.
	r = CheckClues(pack(
		q("a", "Never share a password.", "Never reply to anyone."),
		q("b", "Never post a phone number.", "You can never be too careful."),
		q("c", "Always ask first.", "Always share posts."),
	))
	if l := limitOf(t, r, CheckAbsolute); l.Over {
		t.Errorf("balanced use is over: %+v", l)
	}
	// Different absolute words, each rare, still add up to a clue.
	r = CheckClues(pack(
		q("a", "Reply with the facts.", "Never reply."),
		q("b", "Check the settings.", "Always be careful."),
		q("c", "Share the post.", "You must share posts."),
	))
	if l := limitOf(t, r, CheckAbsolute); !l.Over || !strings.Contains(l.Reason, "absolute words more than") {
		t.Errorf("mixed absolute words are not over: %+v", l)
	}
}

func TestFeedbackCitesClues(t *testing.T) {
	r := CheckClues(pack(single("a",
		opt("Yes.", true, "Right (Guidance 1.1)."),
		opt("No.", false, "Wrong (Guidance 1.2, 1.1, 3.4)."),
	)))
	l := limitOf(t, r, CheckCites)
	if !l.Over || !r.Failed() {
		t.Fatalf("a feedback citation outside cites passes: %+v", l)
	}
	if len(r.Clues) != 1 || !strings.Contains(r.Clues[0].Msg, "option 2's feedback cites 1.2, 3.4") {
		t.Errorf("clues = %+v", r.Clues)
	}
	r = CheckClues(pack(single("a", opt("Yes.", true, "Right (Guidance 1.1)."), opt("No.", false))))
	if r.Failed() {
		t.Errorf("a clean pack fails: %v", r.Failures())
	}
}

// TestCluesNameFileAndLine loads a pack from files, so clues carry the line
// of the question's id.
func TestCluesNameFileAndLine(t *testing.T) {
	fsys := validFS()
	fsys["modules/1-one.quiz.yaml"].Data = []byte(strings.Replace(testQuiz, "feedback: Yes.", "feedback: Yes (Guidance 1.1).", 1))
	c, err := Load(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	r := CheckClues(c)
	var out bytes.Buffer
	if err := WriteClues(&out, r, "content"); err != nil {
		t.Fatal(err)
	}
	// one-b starts on line 13; its first option's feedback cites 1.1 but the
	// question cites only 1.2.
	want := "content/modules/1-one.quiz.yaml:13: one-b: option 1's feedback cites 1.1"
	if !strings.Contains(out.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, out.String())
	}
	if !strings.Contains(out.String(), "OVER THE LIMIT: 1 feedback citation missing") {
		t.Errorf("output lacks the failed check:\n%s", out.String())
	}
}

func TestAbsoluteWordsInRightOptions(t *testing.T) {
	q := func(id, right, wrong string) quiz.Question {
		return single(id, opt(right, true), opt(wrong, false), opt("Ask the team first.", false))
	}
	// "only" marks the right option every time: a clue the other way round.
	r := CheckClues(pack(
		q("a", "Share only the official updates.", "Post your own list."),
		q("b", "Post only what you have checked.", "Post the rumour."),
		q("c", "Only reply once you have asked.", "Reply at once."),
	))
	l := limitOf(t, r, CheckAbsolute)
	if !l.Over || !strings.Contains(l.Reason, `"only" is in 3 right options and 0 wrong ones`) {
		t.Errorf("only-in-right is not over: %+v", l)
	}
	if got := cluesOf(r, CheckAbsolute); len(got) != 3 {
		t.Errorf("absolute-word clues = %v, want a, b, c", got)
	}
	for _, c := range r.Clues {
		if c.Check == CheckAbsolute && !strings.Contains(c.Msg, `only right options say "only"`) {
			t.Errorf("clue %+v", c)
		}
	}
}

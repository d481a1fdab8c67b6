package packcheck

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"course/internal/modules"
	"course/internal/modules/modulestest"
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
func pack(qs ...quiz.Question) *modules.Course {
	return &modules.Course{
		Paragraphs: []modules.Paragraph{{ID: "1.1"}, {ID: "1.2"}, {ID: "3.4"}},
		Modules:    []*modules.Module{{ID: "one", QuizFile: "modules/1-one.quiz.yaml", Questions: qs}},
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
	r := CheckClues(pack(single("close", opt(w(30+lengthMargin), true), opt(w(30), false))))
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
	if len(r.Failures()) == 0 {
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
		// No question need have every option right: that is a clue of its
		// own (CheckAllRight).
		{"no all right", []quiz.Question{oneRight("a"), someRight("b"), allButOne("c")}, false, ""},
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
	if !l.Over || len(r.Failures()) == 0 {
		t.Fatalf("a feedback citation outside cites passes: %+v", l)
	}
	i := slices.IndexFunc(r.Clues, func(c Clue) bool { return c.Check == CheckCites })
	if len(cluesOf(r, CheckCites)) != 1 || !strings.Contains(r.Clues[i].Msg, "option 2's feedback cites 1.2, 3.4") {
		t.Errorf("clues = %+v", r.Clues)
	}
	r = CheckClues(pack(single("a", opt("Yes.", true, "Right (Guidance 1.1)."), opt("No.", false))))
	if l := limitOf(t, r, CheckCites); l.Over || len(cluesOf(r, CheckCites)) != 0 {
		t.Errorf("feedback that cites the question's own paragraphs is flagged: %+v", l)
	}
}

// TestCluesNameFileAndLine loads a pack from files, so clues carry the line
// of the question's id.
func TestCluesNameFileAndLine(t *testing.T) {
	fsys := modulestest.ValidFS()
	fsys["modules/1-one.quiz.yaml"].Data = []byte(strings.Replace(modulestest.Quiz, "feedback: Yes.", "feedback: Yes (Guidance 1.1).", 1))
	c, err := modules.Load(fsys, "content")
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
	// A clue about a whole module quiz names its file, without a question.
	want = "content/modules/1-one.quiz.yaml: module 1 (one) asks 2 questions, with a pass mark of 80%: a single miss fails"
	if !strings.Contains(out.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, out.String())
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

func TestPhraseMatching(t *testing.T) {
	tests := []struct {
		phrase, text string
		want         bool
	}{
		{", since", "Accept it, since he has a good reason.", true},
		{", since", "Accept it since he asked.", false},
		{", since", "Accept it, sincerely.", false},
		{", so", "Post it now, so people hear early.", true},
		{", so", "Post it now, soon after.", false},
		{"just", "Just share it.", true},
		{"just", "It is about justice.", false},
		{"just", "Adjust the settings.", false},
		{"as long as", "Post it as\n  long as it is true.", true},
		{"ask the … team", "Ask the Communications and Engagement team.", true},
		{"ask the … team", "Ask the Legal team first.", true},
		{"ask the ... team", "ask the legal team", true},
		{"ask the * team", "Ask the team.", false},
		{"ask the … team", "Ask the one two three four five team.", false},
		{"report*", "Consider reporting it.", true},
		{"report*", "Report it.", true},
		{"report*", "It went unreported.", false},
		{"don't", "Don’t reply.", true},
		{"make clear it is your view", "Post it, and make clear it is your view.", true},
		{"; that is the end of", "Tell her; that is the end of your part in it.", true},
		{"byth", "Peidiwch byth ag ateb.", true},
		{"byth", "Bythŵ.", false},
		{"gan fod", "Derbyniwch hi, gan  fod ganddo reswm.", true},
	}
	for _, tt := range tests {
		p, ok := compilePhrase(tt.phrase)
		if !ok {
			t.Fatalf("phrase %q does not compile", tt.phrase)
		}
		if got := p.in(tt.text); got != tt.want {
			t.Errorf("%q in %q = %v, want %v", tt.phrase, tt.text, got, tt.want)
		}
	}
	for _, bad := range []string{"", "  ", "…", "* ...", ", ;", strings.Repeat("… a ", 30)} {
		if _, ok := compilePhrase(bad); ok {
			t.Errorf("phrase %q compiles", bad)
		}
	}
}

func TestEveryOptionRightClues(t *testing.T) {
	r := CheckClues(pack(
		multiple("all", opt("a", true), opt("b", true), opt("c", true)),
		multiple("some", opt("a", true), opt("b", true), opt("c", false)),
	))
	if l := limitOf(t, r, CheckAllRight); !l.Over || !strings.Contains(l.Reason, "1 question with every option right") {
		t.Errorf("a question with every option right passes: %+v", l)
	}
	if got := cluesOf(r, CheckAllRight); len(got) != 1 || got[0] != "all" {
		t.Errorf("clues = %v, want [all]", got)
	}
	r = CheckClues(pack(
		multiple("some", opt("a", true), opt("b", true), opt("c", false)),
		single("one", opt("a", true), opt("b", false)),
	))
	if l := limitOf(t, r, CheckAllRight); l.Over || len(cluesOf(r, CheckAllRight)) != 0 {
		t.Errorf("questions with a wrong option are flagged: %+v", l)
	}
}

// three makes a single-answer question with one right and two wrong options.
func three(id, right, wrong1, wrong2 string) quiz.Question {
	return single(id, opt(right, true), opt(wrong1, false), opt(wrong2, false))
}

// TestWordFamilyClues: reason clauses, hedges and option families, each
// with a pack where they give the answer away and one where they do not.
func TestWordFamilyClues(t *testing.T) {
	askLegal := three("a", "Ask the Legal team first.", "Post it.", "Delete it.")
	askComms := three("b", "Stop, and ask the Communications and Engagement team.", "Share it.", "Reply.")
	tests := []struct {
		name, check string
		qs          []quiz.Question
		want        string // in the limit's reason; "" when not over
		clues       string // the questions listed, in order
	}{
		{
			"excuses on wrong options only", CheckReasons,
			[]quiz.Question{
				three("a", "Decline it.", "Accept it, since he has a good reason.", "Ignore it."),
				three("b", "Check the figures.", "Post it now, so people hear early.", "Post it, since it reads well."),
				three("c", "Report it.", "Leave it, which settles it.", "Share it."),
			},
			"wrong options carry reason clauses more than 2 times as often as right ones (4 of 6 against 0 of 3)", "a b c",
		},
		{
			"reasons on both sides", CheckReasons,
			[]quiz.Question{
				three("a", "Decline it, since it suggests a close tie.", "Accept it, since he has a good reason.", "Ignore it."),
				three("b", "Check the figures, so the post is accurate.", "Post it now, so people hear early.", "Post it as it is."),
				three("c", "Report it, because it is abuse.", "Leave it, because it will pass.", "Share it."),
			},
			"", "",
		},
		{
			"hedges on right options only", CheckHedges,
			[]quiz.Question{
				three("a", "Consider hiding the comment.", "Reply to it.", "Delete your page."),
				three("b", "It could be seen as endorsing it.", "Nothing happens.", "It is fine."),
				three("c", "It might be construed as your view.", "It is only a like.", "Nobody sees likes."),
			},
			"right options carry hedge words more than 2 times as often as wrong ones (3 of 3 against 0 of 6)", "a b c",
		},
		{
			"hedges and firm words on both sides", CheckHedges,
			[]quiz.Question{
				three("a", "Consider hiding the comment.", "You could reply to it.", "Delete your page."),
				three("b", "Your like could be seen as endorsing it.", "It might be deleted anyway.", "It is fine."),
				three("c", "Check every figure first.", "Consider posting at once.", "Nobody sees likes."),
			},
			"", "c",
		},
		{
			"ask the team, right every time", CheckFamilies,
			[]quiz.Question{askLegal, askComms,
				three("c", "Ask the Legal team.", "Wait a week.", "Post a draft."),
				three("d", "Share the council's post.", "Write your own.", "Say nothing."),
			},
			`"ask the … team" is in 3 right options and 0 wrong ones`, "a b c",
		},
		{
			// Sharing the council's own post is best, without asking.
			"ask the team, wrong where the guidance says so", CheckFamilies,
			[]quiz.Question{askLegal, askComms,
				three("c", "Share the council's post.", "Ask the Communications and Engagement team first.", "Write your own."),
				three("d", "Say nothing.", "Ask the Legal team.", "Reply at once."),
			},
			"", "a b c d",
		},
		{
			// Two right uses of each family are not three.
			"each family judged alone", CheckFamilies,
			[]quiz.Question{askLegal,
				three("b", "Report it.", "Share it.", "Reply."),
				three("c", "Ask the Legal team.", "Wait a week.", "Post a draft."),
				three("d", "Report the post.", "Write your own.", "Say nothing."),
			},
			"", "a b c d",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := CheckClues(pack(tt.qs...))
			l := limitOf(t, r, tt.check)
			if l.Over != (tt.want != "") || !strings.Contains(l.Reason, tt.want) {
				t.Errorf("over = %v, reason %q; want %q", l.Over, l.Reason, tt.want)
			}
			if got := strings.Join(cluesOf(r, tt.check), " "); got != tt.clues {
				t.Errorf("questions listed: %q, want %q", got, tt.clues)
			}
		})
	}
	// A question's clue names the phrases and the options that carry them.
	r := CheckClues(pack(tests[0].qs...))
	i := slices.IndexFunc(r.Clues, func(c Clue) bool { return c.Check == CheckReasons && c.Question == "b" })
	if want := `only wrong options say ", since", ", so" (options 2 and 3)`; i < 0 || r.Clues[i].Msg != want {
		t.Errorf("clues = %+v, want b's to say %q", r.Clues, want)
	}
}

func TestQuotedClues(t *testing.T) {
	login := quiz.Question{ID: "login", Kind: quiz.Single, Cites: []string{"1.1"},
		Scenario: "Her councillor email address is printed on leaflets.",
		Prompt:   "Which log-in should she use?",
		Options:  []quiz.Option{opt("The printed one.", true), opt("Her home one.", false)}}
	setup := func(wrong string) quiz.Question {
		return quiz.Question{ID: "setup", Kind: quiz.Single, Cites: []string{"1.1"},
			Scenario: "He is setting up a page.", Prompt: "What should he do first?",
			Options: []quiz.Option{opt("Use an email address nobody has seen.", true), opt(wrong, false)}}
	}
	r := CheckClues(pack(login, setup("Choose a short password.")))
	l := limitOf(t, r, CheckQuoted)
	if !l.Over {
		t.Fatalf("a right option echoed by another question passes: %+v", l)
	}
	if got := cluesOf(r, CheckQuoted); len(got) != 1 || got[0] != "setup" {
		t.Fatalf("clues = %v, want [setup]", got)
	}
	msg := r.Clues[slices.IndexFunc(r.Clues, func(c Clue) bool { return c.Check == CheckQuoted })].Msg
	if !strings.Contains(msg, `right option 1 ("Use an email address nobody has …") shares "address", "email" with the scenario or question of login (1-one.quiz.yaml)`) {
		t.Errorf("clue = %q", msg)
	}
	// A wrong option that echoes as much leaves nothing to go on.
	r = CheckClues(pack(login, setup("Use the email address on the leaflets.")))
	if l := limitOf(t, r, CheckQuoted); l.Over {
		t.Errorf("an echo shared by a wrong option is flagged: %+v %v", l, r.Clues)
	}
	// One word in common is chance.
	login.Scenario = "Her councillor email is printed on leaflets."
	r = CheckClues(pack(login, setup("Choose a short password.")))
	if l := limitOf(t, r, CheckQuoted); l.Over {
		t.Errorf("one word in common is flagged: %+v %v", l, r.Clues)
	}
	// Words of the question's own scenario are no echo, nor are words the
	// pack uses everywhere.
	login.Scenario = "Her councillor email address is printed on leaflets."
	own := setup("Choose a short password.")
	own.Scenario = "He is setting up a page with his email address."
	r = CheckClues(pack(login, own))
	if l := limitOf(t, r, CheckQuoted); l.Over {
		t.Errorf("an echo of its own scenario is flagged: %+v %v", l, r.Clues)
	}
	common := func(id string) quiz.Question {
		return single(id, opt("Keep your email address private.", true), opt("Share it.", false))
	}
	r = CheckClues(pack(login, setup("Choose a short password."), common("c1"), common("c2")))
	if got := cluesOf(r, CheckQuoted); slices.Contains(got, "setup") {
		t.Errorf("words in most questions count as an echo: %v", got)
	}
}

func TestPassMarkClues(t *testing.T) {
	quizOf := func(n int) []quiz.Question {
		qs := make([]quiz.Question, n)
		for i := range qs {
			qs[i] = single(fmt.Sprintf("q%d", i), opt("a", true), opt("b", false))
		}
		return qs
	}
	tests := []struct {
		mark, questions int
		over            bool
		why             string
	}{
		{80, 4, true, "a single miss fails (3 of 4 is under 80%)"},
		{80, 5, false, ""},
		{80, 14, false, ""},
		{70, 4, true, "3 right answers pass it, fewer than 4"},
		{70, 5, false, ""},
		{50, 6, true, "3 right answers pass it"},
		{50, 7, false, ""},
		{90, 9, true, "a single miss fails"},
		{90, 10, false, ""},
		{80, 2, true, "a single miss fails (1 of 2 is under 80%), and 2 right answers pass it, fewer than 4; give it at least 5 questions"},
		{100, 20, true, "lower the pass mark"},
	}
	for _, tt := range tests {
		c := pack(quizOf(tt.questions)...)
		c.PassMark = tt.mark
		r := CheckClues(c)
		l := limitOf(t, r, CheckPassMark)
		got := cluesOf(r, CheckPassMark)
		if l.Over != tt.over || len(got) != map[bool]int{true: 1, false: 0}[tt.over] {
			t.Errorf("%d questions at %d%%: over = %v, %d clues; want %v", tt.questions, tt.mark, l.Over, len(got), tt.over)
			continue
		}
		if tt.over {
			i := slices.IndexFunc(r.Clues, func(c Clue) bool { return c.Check == CheckPassMark })
			if c := r.Clues[i]; !strings.Contains(c.Msg, tt.why) || c.File != "modules/1-one.quiz.yaml" {
				t.Errorf("%d questions at %d%%: clue %+v, want %q", tt.questions, tt.mark, c, tt.why)
			}
		}
	}
	// What the check counts is what grading does.
	for _, mark := range []int{50, 67, 70, 75, 80, 90} {
		for n := 1; n <= 12; n++ {
			k := rightToPass(n, mark)
			if k*100 < mark*n || k > 0 && (k-1)*100 >= mark*n {
				t.Errorf("rightToPass(%d, %d) = %d", n, mark, k)
			}
		}
	}
}

// TestClueWordsFromSettings: the phrases a pack names in course.yaml take
// the place of the English ones.
func TestClueWordsFromSettings(t *testing.T) {
	fsys := modulestest.ValidFS()
	fsys["course.yaml"].Data = []byte(strings.Replace(modulestest.Settings, "paragraphs:", `clues:
  reasons: [", gan fod", "dim ond"]
  families: ["gofynnwch i'r … tîm"]
paragraphs:`, 1))
	c, err := modules.Load(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	c.Modules = pack(
		three("a", "Gwrthodwch hi.", "Derbyniwch hi, gan fod ganddo reswm da.", "Anwybyddwch hi."),
		three("b", "Gwiriwch y ffigurau.", "Dim ond ei rannu.", "Postiwch ef, since it reads well."),
		three("c", "Gofynnwch i'r Gwasanaethau Democrataidd tîm.", "Gadewch ef, gan fod neb yn gweld.", "Rhannwch ef."),
	).Modules
	r := CheckClues(c)
	if l := limitOf(t, r, CheckReasons); !l.Over || !strings.Contains(l.Summary, "in 3 of 6 wrong options") {
		t.Errorf("the pack's own reasons are not found, or the English ones still are: %+v", l)
	}
	if l := limitOf(t, r, CheckFamilies); !strings.Contains(l.Summary, `"gofynnwch i'r … tîm" 1 right, 0 wrong`) {
		t.Errorf("families = %+v", l)
	}
}

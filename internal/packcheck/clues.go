// Package packcheck makes the checks of a content pack that course
// validate adds to loading's: the table of what teaches and tests each
// guidance paragraph, the answer clues in the quizzes, and wording that
// reads badly. They warn; content that loading refuses never reaches them.
package packcheck

import (
	"cmp"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"course/internal/modules"
	"course/internal/quiz"
)

// Answer clues are patterns that let a member pick the right answer without
// reading the lesson: the right option is the longest one, "select all"
// questions where ticking everything but the odd one out always passes,
// excuses ("…, since …") and absolute words ("always", "never") that mark
// wrong options, hedges ("could", "consider") that mark right ones, a
// safe-sounding answer ("ask the … team") that is always right, a question
// that gives away another's answer, and a pass mark that a quiz's size
// makes too strict or too easy. Each check below is a habit of question
// writers, not a rule of any council's guidance, so the checks apply to
// every content pack; the words they look for come from course.yaml's
// clues section, in English unless a pack names its own.

// Thresholds for the answer-clue checks.
const (
	// lengthMargin is how many characters longer (or shorter) than every
	// wrong option the right option must be before its length stands out.
	lengthMargin = 5
	// lengthClueLimitNum/lengthClueLimitDen is the largest share of
	// single-answer questions whose right option may stand out as the
	// longest, and separately as the shortest: a third. With three or four
	// options, chance alone puts the right one longest a quarter to a third
	// of the time.
	lengthClueLimitNum, lengthClueLimitDen = 1, 3
	// mostRightLimitNum/mostRightLimitDen is the largest share of "select
	// all" questions in which more than half the options are right: a half.
	mostRightLimitNum, mostRightLimitDen = 1, 2
	// spreadMinQuestions is how many "select all" questions a pack needs
	// before it must include one with a single right option. (None may have
	// every option right: see CheckAllRight.)
	spreadMinQuestions = 3
	// wordMinUses is how many options of one kind (right, or wrong) must
	// carry a phrase of a word family (reason clauses, hedges, absolute
	// words, option families) before its use can be a clue. Fewer than
	// three could be chance.
	wordMinUses = 3
	// wordRateRatio: a phrase is a clue when the share of wrong options
	// carrying it is more than this many times the share of right options
	// carrying it (a phrase never used in a right option always is), or the
	// other way round. Shares, not counts: a four-option question has three
	// wrong options to one right, so a phrase spread evenly over the
	// options is in three wrong ones for each right one and is no clue.
	wordRateRatio = 2
	// quotedMinWords is how many of a right option's distinctive words
	// another question's scenario or question must use before it gives the
	// answer away.
	quotedMinWords = 2
	// quotedMinLetters is the shortest distinctive word: shorter words are
	// mostly the small words of any language.
	quotedMinLetters = 4
	// commonShareDen: a word in more than 1/commonShareDen of the
	// questions (and in more than commonMinQuestions of them), or in at
	// least half of the lessons (and at least two), is common, not
	// distinctive: the pack's own text tells its language's small words
	// and its everyday subjects ("council", "post") apart from the words
	// of one situation.
	commonShareDen     = 10
	commonMinQuestions = 2
	// passMinRight is the fewest right answers that may pass a module's
	// quiz: with fewer, a member who guesses passes too often.
	passMinRight = 4
)

// The English phrases of each word family, used when course.yaml's clues
// section does not name a pack's own. Each is matched as whole words,
// ignoring case, as modules.ClueWords describes.
var (
	// defaultAbsolute, used mostly in wrong options, tell a member which
	// options to leave out (or, used mostly in right options, which to
	// pick).
	defaultAbsolute = []string{
		"all", "always", "never", "must", "only", "every", "everyone",
		"everything", "none", "nothing", "nobody", "no one", "completely",
		"entirely", "totally", "absolutely", "automatically", "guaranteed",
		"definitely", "certainly",
	}
	// defaultReasons are clauses by which an option justifies itself.
	// Used mostly in wrong options, they mark the excuse as the trap.
	defaultReasons = []string{
		", since", ", so", ", because", "as long as", "so long as",
		"which settles it", "just", "anyway", "after all",
		"; that is the end of",
	}
	// defaultHedges are careful words. Used mostly in right options, they
	// tell a member to pick the option that hedges.
	defaultHedges = []string{
		"consider", "could", "might", "may", "perhaps", "possibly",
		"make clear it is your view",
	}
	// defaultFamilies are answers that sound responsible whatever the
	// situation. Each is judged on its own: if it is (nearly) always
	// right, a member needs no lesson to pick it.
	defaultFamilies = []string{
		"ask the … team", "ask … first", "ask first", "ask for advice",
		"seek advice", "report*",
	}
)

// withDefaults fills each empty list with its English default.
func withDefaults(w modules.ClueWords) modules.ClueWords {
	or := func(list, def []string) []string {
		if len(list) == 0 {
			return def
		}
		return list
	}
	return modules.ClueWords{
		Reasons:  or(w.Reasons, defaultReasons),
		Hedges:   or(w.Hedges, defaultHedges),
		Absolute: or(w.Absolute, defaultAbsolute),
		Families: or(w.Families, defaultFamilies),
	}
}

// Names of the answer-clue checks, as shown by course validate.
const (
	CheckLongest  = "right option longest"
	CheckShortest = "right option shortest"
	CheckSpread   = "select-all spread"
	CheckAllRight = "every option right"
	CheckReasons  = "reason clauses"
	CheckHedges   = "hedge words"
	CheckAbsolute = "absolute words"
	CheckFamilies = "option families"
	CheckQuoted   = "answer in another question"
	CheckCites    = "feedback citations"
	CheckPassMark = "pass mark"
)

// Clue is one question that shows a clue, one citation out of place, or
// one module quiz whose pass mark means little.
type Clue struct {
	Check    string
	Question string // question id; "" for a clue about a whole module quiz
	File     string // quiz file, relative to the content folder
	Line     int    // line of the question's id, 0 when not known
	Msg      string
}

func (c Clue) place(root string) string {
	f := c.File
	if root != "" {
		f = path.Join(root, f)
	}
	if c.Line > 0 {
		return fmt.Sprintf("%s:%d", f, c.Line)
	}
	return f
}

// ClueLimit is the result of one check over the whole pack.
type ClueLimit struct {
	Check   string
	Summary string // what was counted, e.g. "4 of 24 single-answer questions (limit 8)"
	Over    bool
	Reason  string // why it is over the limit, when it is
}

// ClueReport is what CheckClues found.
type ClueReport struct {
	Limits []ClueLimit
	Clues  []Clue
}

// Failures lists, one line each, why the pack fails the strict checks.
func (r ClueReport) Failures() []string {
	var out []string
	for _, l := range r.Limits {
		if l.Over {
			out = append(out, l.Check+": "+l.Reason)
		}
	}
	return out
}

// CheckClues looks for answer clues in every question of the course, and
// at the pass mark of every module's quiz.
func CheckClues(c *modules.Course) ClueReport {
	var r ClueReport
	words := withDefaults(c.Clues)
	r.checkLengths(c)
	r.checkSpread(c)
	r.checkAllRight(c)
	r.checkWords(c, wordFamily{check: CheckReasons, name: "reason clauses", phrases: compilePhrases(words.Reasons), together: true})
	r.checkWords(c, wordFamily{check: CheckHedges, name: "hedge words", phrases: compilePhrases(words.Hedges), together: true})
	r.checkWords(c, wordFamily{check: CheckAbsolute, name: "absolute words", phrases: compilePhrases(words.Absolute), together: true})
	r.checkWords(c, wordFamily{check: CheckFamilies, name: "option families", phrases: compilePhrases(words.Families)})
	r.checkQuoted(c)
	r.checkCites(c)
	r.checkPassMark(c)
	return r
}

type located struct {
	m *modules.Module
	q quiz.Question
}

func questionsOf(c *modules.Course, kind quiz.Kind) []located {
	var out []located
	for _, m := range c.Modules {
		for _, q := range m.Questions {
			if q.Kind == kind {
				out = append(out, located{m, q})
			}
		}
	}
	return out
}

func (r *ClueReport) add(check string, l located, format string, args ...any) {
	r.Clues = append(r.Clues, Clue{
		Check: check, Question: l.q.ID, File: l.m.QuizFile, Line: l.m.QuestionLine(l.q.ID),
		Msg: fmt.Sprintf(format, args...),
	})
}

// textLength counts characters as a member sees them: runs of spaces and
// line breaks count as one.
func textLength(s string) int {
	return utf8.RuneCountInString(strings.Join(strings.Fields(s), " "))
}

func (r *ClueReport) checkLengths(c *modules.Course) {
	singles := questionsOf(c, quiz.Single)
	longest, shortest := 0, 0
	for _, l := range singles {
		right, wrongMin, wrongMax := 0, -1, 0
		for _, o := range l.q.Options {
			n := textLength(o.Text)
			if o.Correct {
				right = n
				continue
			}
			wrongMax = max(wrongMax, n)
			if wrongMin < 0 || n < wrongMin {
				wrongMin = n
			}
		}
		if wrongMin < 0 {
			continue
		}
		switch {
		case right > wrongMax+lengthMargin:
			longest++
			r.add(CheckLongest, l, "the right option is the longest, by %d characters", right-wrongMax)
		case right < wrongMin-lengthMargin:
			shortest++
			r.add(CheckShortest, l, "the right option is the shortest, by %d characters", wrongMin-right)
		}
	}
	limit := len(singles) * lengthClueLimitNum / lengthClueLimitDen
	for _, k := range []struct {
		check string
		n     int
	}{{CheckLongest, longest}, {CheckShortest, shortest}} {
		over := k.n*lengthClueLimitDen > len(singles)*lengthClueLimitNum
		lim := ClueLimit{
			Check:   k.check,
			Summary: fmt.Sprintf("%d of %d single-answer questions (limit %d, a third)", k.n, len(singles), limit),
			Over:    over,
		}
		if over {
			lim.Reason = fmt.Sprintf("%d of %d single-answer questions, more than a third: make the right option no longer (or shorter) than the others", k.n, len(singles))
		}
		r.Limits = append(r.Limits, lim)
	}
}

func (r *ClueReport) checkSpread(c *modules.Course) {
	multiples := questionsOf(c, quiz.Multiple)
	lim := ClueLimit{Check: CheckSpread}
	if len(multiples) == 0 {
		lim.Summary = "no select-all questions"
		r.Limits = append(r.Limits, lim)
		return
	}
	one, some, all, most := 0, 0, 0, 0
	rights, wrongs := map[int]bool{}, map[int]bool{}
	for _, l := range multiples {
		n, k := len(l.q.Options), len(l.q.CorrectOptions())
		rights[k], wrongs[n-k] = true, true
		switch {
		case k == n:
			all++
		case k == 1:
			one++
		default:
			some++
		}
		if 2*k > n {
			most++
		}
	}
	limit := len(multiples) * mostRightLimitNum / mostRightLimitDen
	lim.Summary = fmt.Sprintf("%d select-all question%s: %d with one right, %d with some, %d with all right; %d with most right (limit %d, a half)",
		len(multiples), plural(len(multiples)), one, some, all, most, limit)
	var reasons []string
	if len(multiples) >= 2 && len(rights) == 1 {
		reasons = append(reasons, "every one has the same number of right options")
	} else if len(multiples) >= 2 && len(wrongs) == 1 {
		reasons = append(reasons, "every one has the same number of wrong options")
	}
	if len(multiples) >= spreadMinQuestions && one == 0 {
		reasons = append(reasons, "none has exactly one right option")
	}
	if most*mostRightLimitDen > len(multiples)*mostRightLimitNum {
		reasons = append(reasons, fmt.Sprintf("%d of %d have more right options than wrong, more than half", most, len(multiples)))
	}
	if len(reasons) > 0 {
		lim.Over = true
		lim.Reason = strings.Join(reasons, "; ")
	}
	r.Limits = append(r.Limits, lim)
}

// checkAllRight lists the questions whose every option is right: they test
// nothing, since ticking everything that sounds sensible passes them.
func (r *ClueReport) checkAllRight(c *modules.Course) {
	n := 0
	for _, m := range c.Modules {
		for _, q := range m.Questions {
			if len(q.Options) > 0 && len(q.CorrectOptions()) == len(q.Options) {
				n++
				r.add(CheckAllRight, located{m, q}, "every one of its %d options is right: there is nothing to tell apart, so ticking everything passes", len(q.Options))
			}
		}
	}
	lim := ClueLimit{Check: CheckAllRight, Summary: fmt.Sprintf("%d question%s (limit none)", n, plural(n))}
	if n > 0 {
		lim.Over = true
		lim.Reason = fmt.Sprintf("%d question%s with every option right: give each a wrong option that is a real mistake", n, plural(n))
	}
	r.Limits = append(r.Limits, lim)
}

// A phrase is one entry of a word family, ready to match.
type phrase struct {
	text string // as the pack or the default wrote it
	re   *regexp.Regexp
	// wordStart and wordEnd say whether the phrase begins or ends with a
	// letter or digit, which must not run on into the text around it.
	wordStart, wordEnd bool
}

// phraseWordRe is one word in a text: what a wildcard stands for.
const phraseWordRe = `[\p{L}\p{N}'’-]+`

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// compilePhrase makes p ready to match; ok is false when
// modules.PhraseProblem finds fault with it.
func compilePhrase(p string) (phrase, bool) {
	if modules.PhraseProblem(p) != "" {
		return phrase{}, false
	}
	toks := strings.Fields(normalQuotes(p))
	parts := make([]string, len(toks))
	for i, tok := range toks {
		switch {
		case modules.IsWildcard(tok):
			parts[i] = phraseWordRe + `(?:\s+` + phraseWordRe + `){0,3}`
		case len(tok) > 1 && strings.HasSuffix(tok, "*"):
			parts[i] = regexp.QuoteMeta(strings.TrimSuffix(tok, "*")) + `[\p{L}\p{N}]*`
		default:
			parts[i] = regexp.QuoteMeta(tok)
		}
	}
	re, err := regexp.Compile(`(?i)` + strings.Join(parts, `\s+`))
	if err != nil {
		return phrase{}, false
	}
	first, _ := utf8.DecodeRuneInString(toks[0])
	last, _ := utf8.DecodeLastRuneInString(strings.TrimSuffix(toks[len(toks)-1], "*"))
	return phrase{
		text:      strings.Join(strings.Fields(p), " "),
		re:        re,
		wordStart: isWordRune(first) || modules.IsWildcard(toks[0]),
		wordEnd:   isWordRune(last) || modules.IsWildcard(toks[len(toks)-1]) || strings.HasSuffix(toks[len(toks)-1], "*"),
	}, true
}

// compilePhrases compiles every phrase that can be matched (course.yaml's
// are checked when the course is loaded).
func compilePhrases(list []string) []phrase {
	var out []phrase
	for _, p := range list {
		if ph, ok := compilePhrase(p); ok {
			out = append(out, ph)
		}
	}
	return out
}

// normalQuotes writes typographic apostrophes as plain ones, so that "don’t"
// in a quiz matches "don't" in a phrase.
func normalQuotes(s string) string {
	return strings.ReplaceAll(s, "’", "'")
}

// in says whether the phrase is in s as whole words.
func (p phrase) in(s string) bool {
	s = normalQuotes(s)
	for _, at := range p.re.FindAllStringIndex(s, -1) {
		before, _ := utf8.DecodeLastRuneInString(s[:at[0]])
		after, _ := utf8.DecodeRuneInString(s[at[1]:])
		if p.wordStart && at[0] > 0 && isWordRune(before) || p.wordEnd && at[1] < len(s) && isWordRune(after) {
			continue
		}
		return true
	}
	return false
}

// marks says whether a phrase found in a of aTotal options of one kind and
// b of bTotal of the other kind points to the first kind: it is used at
// least wordMinUses times there, and in proportion more than wordRateRatio
// times as often as in the other kind.
func marks(a, aTotal, b, bTotal int) bool {
	if a < wordMinUses {
		return false
	}
	// a/aTotal > ratio * b/bTotal, without division.
	return a*bTotal > wordRateRatio*b*aTotal
}

// A wordFamily is a list of phrases whose use can tell right options from
// wrong ones.
type wordFamily struct {
	check   string
	name    string // what the phrases are, as reasons name them
	phrases []phrase
	// together says whether the phrases are also judged as one: an excuse
	// is an excuse whichever words make it. Option families are judged
	// one by one.
	together bool
}

// checkWords counts, for each phrase of the family, the right and the wrong
// options that carry it, and lists each question where only right options,
// or only wrong ones, carry any.
func (r *ClueReport) checkWords(c *modules.Course, f wordFamily) {
	type count struct{ right, wrong int }
	per := make([]count, len(f.phrases))
	var anyPhrase count
	rightTotal, wrongTotal := 0, 0
	for _, m := range c.Modules {
		for _, q := range m.Questions {
			var inRight, inWrong []string
			var rightOpts, wrongOpts []int
			for i, o := range q.Options {
				if o.Correct {
					rightTotal++
				} else {
					wrongTotal++
				}
				var found []string
				for j, p := range f.phrases {
					if !p.in(o.Text) {
						continue
					}
					found = append(found, p.text)
					if o.Correct {
						per[j].right++
					} else {
						per[j].wrong++
					}
				}
				if len(found) == 0 {
					continue
				}
				if o.Correct {
					anyPhrase.right++
					inRight, rightOpts = append(inRight, found...), append(rightOpts, i+1)
				} else {
					anyPhrase.wrong++
					inWrong, wrongOpts = append(inWrong, found...), append(wrongOpts, i+1)
				}
			}
			switch {
			case len(inWrong) > 0 && len(inRight) == 0:
				r.add(f.check, located{m, q}, "only wrong options say %s (%s)", quoteWords(inWrong), optionNumbers(wrongOpts))
			case len(inRight) > 0 && len(inWrong) == 0:
				r.add(f.check, located{m, q}, "only right options say %s (%s)", quoteWords(inRight), optionNumbers(rightOpts))
			}
		}
	}
	lim := ClueLimit{Check: f.check}
	var reasons, found []string
	for j, p := range f.phrases {
		k := per[j]
		if k.right+k.wrong > 0 {
			found = append(found, fmt.Sprintf("%q %d right, %d wrong", p.text, k.right, k.wrong))
		}
		switch {
		case marks(k.wrong, wrongTotal, k.right, rightTotal):
			reasons = append(reasons, fmt.Sprintf("%q is in %d wrong options and %d right one%s", p.text, k.wrong, k.right, plural(k.right)))
		case marks(k.right, rightTotal, k.wrong, wrongTotal):
			reasons = append(reasons, fmt.Sprintf("%q is in %d right options and %d wrong one%s", p.text, k.right, k.wrong, plural(k.wrong)))
		}
	}
	if f.together {
		lim.Summary = fmt.Sprintf("in %d of %d wrong options and %d of %d right options",
			anyPhrase.wrong, wrongTotal, anyPhrase.right, rightTotal)
		switch {
		case marks(anyPhrase.wrong, wrongTotal, anyPhrase.right, rightTotal):
			reasons = append(reasons, fmt.Sprintf("wrong options carry %s more than %d times as often as right ones (%d of %d against %d of %d)",
				f.name, wordRateRatio, anyPhrase.wrong, wrongTotal, anyPhrase.right, rightTotal))
		case marks(anyPhrase.right, rightTotal, anyPhrase.wrong, wrongTotal):
			reasons = append(reasons, fmt.Sprintf("right options carry %s more than %d times as often as wrong ones (%d of %d against %d of %d)",
				f.name, wordRateRatio, anyPhrase.right, rightTotal, anyPhrase.wrong, wrongTotal))
		}
	} else {
		lim.Summary = "none offered"
		if len(found) > 0 {
			lim.Summary = strings.Join(found, "; ")
		}
		lim.Summary += fmt.Sprintf(" (of %d right and %d wrong options)", rightTotal, wrongTotal)
	}
	if len(reasons) > 0 {
		lim.Over, lim.Reason = true, strings.Join(reasons, "; ")
	}
	r.Limits = append(r.Limits, lim)
}

// optionNumbers names options by their number in the quiz file, from 1.
func optionNumbers(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	if len(ns) == 1 {
		return "option " + s[0]
	}
	return "options " + strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// distinctiveWords are the words of s, lower case, at least
// quotedMinLetters long.
func distinctiveWords(s string) map[string]bool {
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(normalQuotes(s)), func(r rune) bool { return !isWordRune(r) && r != '\'' }) {
		w = strings.Trim(w, "'")
		if utf8.RuneCountInString(w) >= quotedMinLetters {
			words[w] = true
		}
	}
	return words
}

// questionText is what a member reads before the options: the scenario
// and the question.
func questionText(q quiz.Question) string {
	return q.Scenario + "\n" + q.Prompt
}

// checkQuoted finds right options whose distinctive words another question
// uses in its scenario or question, more of them than any wrong option of
// the same question: a member who remembers the other question can pick the
// option that echoes it.
func (r *ClueReport) checkQuoted(c *modules.Course) {
	var all []located
	for _, m := range c.Modules {
		for _, q := range m.Questions {
			all = append(all, located{m, q})
		}
	}
	// Common words: in many questions, or in many lessons.
	inQuestions, inLessons := map[string]int{}, map[string]int{}
	for _, l := range all {
		text := questionText(l.q)
		for _, o := range l.q.Options {
			text += "\n" + o.Text
		}
		for w := range distinctiveWords(text) {
			inQuestions[w]++
		}
	}
	for _, m := range c.Modules {
		for w := range distinctiveWords(m.Body) {
			inLessons[w]++
		}
	}
	common := func(w string) bool {
		n := inQuestions[w]
		return n > commonMinQuestions && n*commonShareDen > len(all) ||
			inLessons[w] >= 2 && 2*inLessons[w] >= len(c.Modules)
	}
	texts := make([]map[string]bool, len(all))
	for i, l := range all {
		texts[i] = distinctiveWords(questionText(l.q))
	}
	found := 0
	for bi, b := range all {
		// An option's distinctive words, leaving out those its own question
		// already gives.
		own := make([][]string, len(b.q.Options))
		for i, o := range b.q.Options {
			for w := range distinctiveWords(o.Text) {
				if !texts[bi][w] && !common(w) {
					own[i] = append(own[i], w)
				}
			}
		}
		for ai, a := range all {
			if ai == bi {
				continue
			}
			echo := make([][]string, len(b.q.Options))
			wrongMost := 0
			for i, o := range b.q.Options {
				for _, w := range own[i] {
					if texts[ai][w] {
						echo[i] = append(echo[i], w)
					}
				}
				if !o.Correct {
					wrongMost = max(wrongMost, len(echo[i]))
				}
			}
			for i, o := range b.q.Options {
				if !o.Correct || len(echo[i]) < quotedMinWords || len(echo[i]) <= wrongMost {
					continue
				}
				found++
				other := Clue{File: path.Base(a.m.QuizFile), Line: a.m.QuestionLine(a.q.ID)}
				r.add(CheckQuoted, b, "right option %d (%s) shares %s with the scenario or question of %s (%s), more than any wrong option does: a member who has read %s can pick it",
					i+1, excerpt(o.Text), quoteWords(echo[i]), a.q.ID, other.place(""), a.q.ID)
			}
		}
	}
	lim := ClueLimit{Check: CheckQuoted, Summary: fmt.Sprintf("%d right option%s echoed by another question (limit none)", found, plural(found))}
	if found > 0 {
		lim.Over = true
		lim.Reason = fmt.Sprintf("%d right option%s echoed by another question's scenario or question: word the option differently, or change the other question",
			found, plural(found))
	}
	r.Limits = append(r.Limits, lim)
}

// excerpt quotes the start of an option's text, enough to find it.
func excerpt(s string) string {
	words := strings.Fields(s)
	if len(words) > 6 {
		return fmt.Sprintf("%q", strings.Join(words[:6], " ")+" …")
	}
	return fmt.Sprintf("%q", strings.Join(words, " "))
}

// quoteWords quotes each distinct word, in alphabetical order.
func quoteWords(words []string) string {
	words = slices.Clone(words)
	slices.Sort(words)
	words = slices.Compact(words)
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = fmt.Sprintf("%q", w)
	}
	return strings.Join(q, ", ")
}

func (r *ClueReport) checkCites(c *modules.Course) {
	missing := 0
	for _, m := range c.Modules {
		for _, q := range m.Questions {
			for i, o := range q.Options {
				var ids []string
				for _, ct := range c.Citations(o.Feedback) {
					if !slices.Contains(q.Cites, ct.Paragraph) && !slices.Contains(ids, ct.Paragraph) {
						ids = append(ids, ct.Paragraph)
					}
				}
				if len(ids) > 0 {
					missing += len(ids)
					r.add(CheckCites, located{m, q}, "option %d's feedback cites %s, not in the question's cites: add %s to cites or take the citation out",
						i+1, strings.Join(ids, ", "), pronoun(len(ids)))
				}
			}
		}
	}
	lim := ClueLimit{Check: CheckCites, Summary: "every feedback citation is in its question's cites"}
	if missing > 0 {
		lim.Summary = fmt.Sprintf("%d feedback citation%s missing from the question's cites", missing, plural(missing))
		lim.Over = true
		lim.Reason = lim.Summary + ": the coverage table would not show what the feedback tests"
	}
	r.Limits = append(r.Limits, lim)
}

// checkPassMark finds module quizzes whose size makes the pass mark mean
// little: one where a single miss fails, so a slip counts as much as not
// knowing, and one passed with fewer than passMinRight right answers, so a
// member who guesses passes too often. A module's quiz asks every one of
// its questions and is scored by quiz.ScoreOf.
func (r *ClueReport) checkPassMark(c *modules.Course) {
	mark := cmp.Or(c.PassMark, modules.DefaultPassMark)
	least := questionsNeeded(mark)
	fix := fmt.Sprintf("give it at least %d questions", least)
	if least == 0 {
		fix = fmt.Sprintf("no number of questions lets a miss pass at %d%%: lower the pass mark", mark)
	}
	over := 0
	for _, m := range c.Modules {
		n := len(m.Questions)
		if n == 0 {
			continue
		}
		need := rightToPass(n, mark)
		var faults []string
		if need == n {
			faults = append(faults, fmt.Sprintf("a single miss fails (%d of %d is under %d%%)", n-1, n, mark))
		}
		if need < passMinRight {
			verb := "pass"
			if need == 1 {
				verb = "passes"
			}
			faults = append(faults, fmt.Sprintf("%d right answer%s %s it, fewer than %d", need, plural(need), verb, passMinRight))
		}
		if len(faults) == 0 {
			continue
		}
		over++
		r.Clues = append(r.Clues, Clue{
			Check: CheckPassMark, File: m.QuizFile,
			Msg: fmt.Sprintf("module %d (%s) asks %d question%s, with a pass mark of %d%%: %s; %s",
				m.Number, m.ID, n, plural(n), mark, strings.Join(faults, ", and "), fix),
		})
	}
	lim := ClueLimit{Check: CheckPassMark}
	switch {
	case least == 0:
		lim.Summary = fmt.Sprintf("at %d%%, a single miss fails any quiz", mark)
	default:
		lim.Summary = fmt.Sprintf("at %d%%, a module quiz needs %d questions or more, to pass after a miss and only with %d right answers or more; %d of %d have fewer",
			mark, least, passMinRight, over, len(c.Modules))
	}
	if over > 0 {
		lim.Over = true
		lim.Reason = fmt.Sprintf("%d of %d module quizzes are too short for a pass mark of %d%%", over, len(c.Modules), mark)
		if over == 1 {
			lim.Reason = fmt.Sprintf("1 of %d module quizzes is too short for a pass mark of %d%%", len(c.Modules), mark)
		}
	}
	r.Limits = append(r.Limits, lim)
}

// rightToPass is the fewest right answers that pass a quiz of n questions.
func rightToPass(n, mark int) int {
	answers := make([]quiz.Answer, n)
	for k := 0; k < n; k++ {
		if quiz.ScoreOf(answers, mark).Passed {
			return k
		}
		answers[k].Correct = true
	}
	return n
}

// questionsNeeded is the fewest questions a module quiz needs at the pass
// mark: one miss passes, and fewer than passMinRight right answers do not.
// Any larger quiz passes both tests too. It is 0 when no quiz does: at
// 100%, a single miss always fails.
func questionsNeeded(mark int) int {
	if mark >= 100 {
		return 0
	}
	for n := passMinRight; ; n++ {
		if need := rightToPass(n, mark); need < n && need >= passMinRight {
			return n
		}
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func pronoun(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// WriteClues prints the result of each check, then every clue found, with
// its file and line. root names the content folder in file names.
func WriteClues(w io.Writer, r ClueReport, root string) error {
	var b strings.Builder
	b.WriteString("Answer clues:\n")
	width := 0
	for _, l := range r.Limits {
		width = max(width, len(l.Check))
	}
	for _, l := range r.Limits {
		state := "ok"
		if l.Over {
			state = "OVER THE LIMIT"
		}
		fmt.Fprintf(&b, "  %-*s  %s: %s\n", width, l.Check, state, l.Summary)
	}
	if len(r.Clues) > 0 {
		b.WriteString("\n")
	}
	for _, c := range r.Clues {
		if c.Question == "" {
			fmt.Fprintf(&b, "%s: %s (%s)\n", c.place(root), c.Msg, c.Check)
			continue
		}
		fmt.Fprintf(&b, "%s: %s: %s (%s)\n", c.place(root), c.Question, c.Msg, c.Check)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

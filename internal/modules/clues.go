package modules

import (
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"course/internal/quiz"
)

// Answer clues are patterns that let a member pick the right answer without
// reading the lesson: the right option is the longest one, "select all"
// questions where ticking everything but the odd one out always passes,
// absolute words ("always", "never") that mark wrong options. Each check
// below is a habit of question writers, not a rule of any council's
// guidance, so the checks apply to every content pack.

// Thresholds for the answer-clue checks.
const (
	// LengthMargin is how many characters longer (or shorter) than every
	// wrong option the right option must be before its length stands out.
	LengthMargin = 5
	// LengthClueLimitNum/LengthClueLimitDen is the largest share of
	// single-answer questions whose right option may stand out as the
	// longest, and separately as the shortest: a third. With three or four
	// options, chance alone puts the right one longest a quarter to a third
	// of the time.
	LengthClueLimitNum, LengthClueLimitDen = 1, 3
	// MostRightLimitNum/MostRightLimitDen is the largest share of "select
	// all" questions in which more than half the options are right: a half.
	MostRightLimitNum, MostRightLimitDen = 1, 2
	// SpreadMinQuestions is how many "select all" questions a pack needs
	// before it must include one with a single right option and one with
	// every option right.
	SpreadMinQuestions = 3
	// AbsoluteMinUses is how many wrong options must carry an absolute word
	// before its use can be a clue.
	AbsoluteMinUses = 3
	// AbsoluteRateRatio: an absolute word is a clue when the share of wrong
	// options carrying it is more than this many times the share of right
	// options carrying it (a word never used in a right option always is),
	// or the other way round: a word that marks right options is a clue too.
	AbsoluteRateRatio = 2
)

// AbsoluteWords are the words that, used mostly in wrong options, tell a
// member which options to leave out (or, used mostly in right options,
// which to pick). Matched as whole words, ignoring case.
var AbsoluteWords = []string{
	"all", "always", "never", "must", "only", "every", "everyone",
	"everything", "none", "nothing", "nobody", "no one", "completely",
	"entirely", "totally", "absolutely", "automatically", "guaranteed",
	"definitely", "certainly",
}

// Names of the answer-clue checks, as shown by course validate.
const (
	CheckLongest  = "right option longest"
	CheckShortest = "right option shortest"
	CheckSpread   = "select-all spread"
	CheckAbsolute = "absolute words"
	CheckCites    = "feedback citations"
)

// Clue is one question that shows a clue, or one citation out of place.
type Clue struct {
	Check    string
	Question string // question id
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

// Failed says whether the pack fails the checks when they are strict: a
// limit is exceeded or a feedback citation is missing from its question's
// cites.
func (r ClueReport) Failed() bool {
	return len(r.Failures()) > 0
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

// CheckClues looks for answer clues in every question of the course.
func CheckClues(c *Course) ClueReport {
	var r ClueReport
	r.checkLengths(c)
	r.checkSpread(c)
	r.checkAbsolute(c)
	r.checkCites(c)
	return r
}

type located struct {
	m *Module
	q quiz.Question
}

func questionsOf(c *Course, kind quiz.Kind) []located {
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
		Check: check, Question: l.q.ID, File: l.m.QuizFile, Line: l.m.questionLines[l.q.ID],
		Msg: fmt.Sprintf(format, args...),
	})
}

// textLength counts characters as a member sees them: runs of spaces and
// line breaks count as one.
func textLength(s string) int {
	return utf8.RuneCountInString(strings.Join(strings.Fields(s), " "))
}

func (r *ClueReport) checkLengths(c *Course) {
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
		case right > wrongMax+LengthMargin:
			longest++
			r.add(CheckLongest, l, "the right option is the longest, by %d characters", right-wrongMax)
		case right < wrongMin-LengthMargin:
			shortest++
			r.add(CheckShortest, l, "the right option is the shortest, by %d characters", wrongMin-right)
		}
	}
	limit := len(singles) * LengthClueLimitNum / LengthClueLimitDen
	for _, k := range []struct {
		check string
		n     int
	}{{CheckLongest, longest}, {CheckShortest, shortest}} {
		over := k.n*LengthClueLimitDen > len(singles)*LengthClueLimitNum
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

func (r *ClueReport) checkSpread(c *Course) {
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
	limit := len(multiples) * MostRightLimitNum / MostRightLimitDen
	lim.Summary = fmt.Sprintf("%d select-all question%s: %d with one right, %d with some, %d with all right; %d with most right (limit %d, a half)",
		len(multiples), plural(len(multiples)), one, some, all, most, limit)
	var reasons []string
	if len(multiples) >= 2 && len(rights) == 1 {
		reasons = append(reasons, "every one has the same number of right options")
	} else if len(multiples) >= 2 && len(wrongs) == 1 {
		reasons = append(reasons, "every one has the same number of wrong options")
	}
	if len(multiples) >= SpreadMinQuestions && one == 0 {
		reasons = append(reasons, "none has exactly one right option")
	}
	if len(multiples) >= SpreadMinQuestions && all == 0 {
		reasons = append(reasons, "none has every option right")
	}
	if most*MostRightLimitDen > len(multiples)*MostRightLimitNum {
		reasons = append(reasons, fmt.Sprintf("%d of %d have more right options than wrong, more than half", most, len(multiples)))
	}
	if len(reasons) > 0 {
		lim.Over = true
		lim.Reason = strings.Join(reasons, "; ")
	}
	r.Limits = append(r.Limits, lim)
}

var absoluteRe = regexp.MustCompile(`(?i)\b(` + strings.Join(AbsoluteWords, "|") + `)\b`)

// absoluteIn returns the absolute words in s, lower case, each once.
func absoluteIn(s string) []string {
	var words []string
	for _, w := range absoluteRe.FindAllString(strings.Join(strings.Fields(s), " "), -1) {
		w = strings.ToLower(w)
		if !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	return words
}

// marks says whether a word found in a of aTotal options of one kind and b
// of bTotal of the other kind points to the first kind: it is used at least
// AbsoluteMinUses times there, and in proportion more than AbsoluteRateRatio
// times as often as in the other kind.
func marks(a, aTotal, b, bTotal int) bool {
	if a < AbsoluteMinUses {
		return false
	}
	// a/aTotal > ratio * b/bTotal, without division.
	return a*bTotal > AbsoluteRateRatio*b*aTotal
}

func (r *ClueReport) checkAbsolute(c *Course) {
	type count struct{ right, wrong int }
	perWord := map[string]*count{}
	var anyWord count
	rightTotal, wrongTotal := 0, 0
	for _, m := range c.Modules {
		for _, q := range m.Questions {
			var inRight, inWrong []string
			for _, o := range q.Options {
				words := absoluteIn(o.Text)
				if o.Correct {
					rightTotal++
					inRight = append(inRight, words...)
				} else {
					wrongTotal++
					inWrong = append(inWrong, words...)
				}
				if len(words) > 0 {
					if o.Correct {
						anyWord.right++
					} else {
						anyWord.wrong++
					}
				}
				for _, w := range words {
					if perWord[w] == nil {
						perWord[w] = &count{}
					}
					if o.Correct {
						perWord[w].right++
					} else {
						perWord[w].wrong++
					}
				}
			}
			switch {
			case len(inWrong) > 0 && len(inRight) == 0:
				r.add(CheckAbsolute, located{m, q}, "only wrong options say %s", quoteWords(inWrong))
			case len(inRight) > 0 && len(inWrong) == 0:
				r.add(CheckAbsolute, located{m, q}, "only right options say %s", quoteWords(inRight))
			}
		}
	}
	lim := ClueLimit{
		Check: CheckAbsolute,
		Summary: fmt.Sprintf("in %d of %d wrong options and %d of %d right options",
			anyWord.wrong, wrongTotal, anyWord.right, rightTotal),
	}
	var reasons []string
	for _, w := range AbsoluteWords {
		k := perWord[w]
		switch {
		case k == nil:
		case marks(k.wrong, wrongTotal, k.right, rightTotal):
			reasons = append(reasons, fmt.Sprintf("%q is in %d wrong options and %d right ones", w, k.wrong, k.right))
		case marks(k.right, rightTotal, k.wrong, wrongTotal):
			reasons = append(reasons, fmt.Sprintf("%q is in %d right options and %d wrong ones", w, k.right, k.wrong))
		}
	}
	switch {
	case marks(anyWord.wrong, wrongTotal, anyWord.right, rightTotal):
		reasons = append(reasons, fmt.Sprintf("wrong options carry absolute words more than %d times as often as right ones (%d of %d against %d of %d)",
			AbsoluteRateRatio, anyWord.wrong, wrongTotal, anyWord.right, rightTotal))
	case marks(anyWord.right, rightTotal, anyWord.wrong, wrongTotal):
		reasons = append(reasons, fmt.Sprintf("right options carry absolute words more than %d times as often as wrong ones (%d of %d against %d of %d)",
			AbsoluteRateRatio, anyWord.right, rightTotal, anyWord.wrong, wrongTotal))
	}
	if len(reasons) > 0 {
		lim.Over, lim.Reason = true, strings.Join(reasons, "; ")
	}
	r.Limits = append(r.Limits, lim)
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

func (r *ClueReport) checkCites(c *Course) {
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
		fmt.Fprintf(&b, "%s: %s: %s (%s)\n", c.place(root), c.Question, c.Msg, c.Check)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

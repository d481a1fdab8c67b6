// Package quiz holds scenario questions and grades answers to them.
//
// A question's options are stored in the order the content author wrote
// them. Each attempt shows them in a new order (Shuffle); the member's
// choices are mapped back to the authored order before grading, so records
// always speak of authored option numbers whatever order was on screen.
//
// It is pure: it imports only the standard library.
package quiz

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
)

// Kind says how many options a question expects.
type Kind int

const (
	// Single questions have exactly one correct option.
	Single Kind = iota
	// Multiple questions ask the member to select all that apply.
	Multiple
)

func (k Kind) String() string {
	switch k {
	case Single:
		return "single"
	case Multiple:
		return "multiple"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// ParseKind reads a kind as written in a quiz file.
func ParseKind(s string) (Kind, error) {
	switch s {
	case "single":
		return Single, nil
	case "multiple":
		return Multiple, nil
	}
	return 0, fmt.Errorf("type must be single or multiple, not %q", s)
}

// Option is one possible answer with the feedback shown when it is chosen.
type Option struct {
	Text     string
	Correct  bool
	Feedback string
}

// Question is one scenario question.
type Question struct {
	ID       string
	Module   string
	Kind     Kind
	Scenario string
	Prompt   string
	Cites    []string
	Options  []Option
}

// CorrectOptions returns the authored indices of the correct options.
func (q Question) CorrectOptions() []int {
	var idx []int
	for i, o := range q.Options {
		if o.Correct {
			idx = append(idx, i)
		}
	}
	return idx
}

// Errors returned when an answer cannot be graded.
var (
	ErrNoChoice      = errors.New("choose an answer first")
	ErrTooManyChoice = errors.New("this question has one answer: choose only one")
	ErrBadChoice     = errors.New("that option does not exist")
)

// Answer is a graded response to one question.
type Answer struct {
	Question string
	Chosen   []int // authored option indices, ascending
	Correct  bool
}

// Grade checks the chosen options (authored indices) against the question.
// A multiple-answer question is correct only when exactly the correct set
// is chosen: partly right is still wrong, because the feedback for each
// option then shows what was missed.
func Grade(q Question, chosen []int) (Answer, error) {
	if len(chosen) == 0 {
		return Answer{}, ErrNoChoice
	}
	picked := slices.Clone(chosen)
	slices.Sort(picked)
	picked = slices.Compact(picked)
	for _, c := range picked {
		if c < 0 || c >= len(q.Options) {
			return Answer{}, fmt.Errorf("%w: option %d of %d", ErrBadChoice, c+1, len(q.Options))
		}
	}
	if q.Kind == Single && len(picked) > 1 {
		return Answer{}, ErrTooManyChoice
	}
	return Answer{
		Question: q.ID,
		Chosen:   picked,
		Correct:  slices.Equal(picked, q.CorrectOptions()),
	}, nil
}

// Shuffled is a question with its options in the order shown on screen.
type Shuffled struct {
	Question Question
	// Order[i] is the authored index of the option shown at position i.
	Order []int
}

// Shuffle returns q with its options in a random order drawn from r.
func Shuffle(q Question, r *rand.Rand) Shuffled {
	order := make([]int, len(q.Options))
	for i := range order {
		order[i] = i
	}
	r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	return Shuffled{Question: q, Order: order}
}

// Option returns the option shown at screen position i.
func (s Shuffled) Option(i int) Option {
	return s.Question.Options[s.Order[i]]
}

// authored maps screen positions to authored option indices.
func (s Shuffled) authored(positions []int) []int {
	out := make([]int, 0, len(positions))
	for _, p := range positions {
		if p >= 0 && p < len(s.Order) {
			out = append(out, s.Order[p])
		} else {
			out = append(out, -1) // Grade reports it as a bad choice.
		}
	}
	return out
}

// Grade grades the options chosen by screen position.
func (s Shuffled) Grade(positions []int) (Answer, error) {
	return Grade(s.Question, s.authored(positions))
}

// Score is the result of a whole quiz.
type Score struct {
	Correct int
	Total   int
	Passed  bool
}

// Percent is the score as a whole per cent, rounded to the nearest (a
// half rounds up): 4 of 6 is 67%.
func (s Score) Percent() int { return Percent(s.Correct, s.Total) }

// Percent is correct out of total as a whole per cent, rounded to the
// nearest (a half rounds up); 0 when total is 0.
func Percent(correct, total int) int {
	if total <= 0 {
		return 0
	}
	return (correct*200 + total) / (total * 2)
}

// PercentText is the score as people read it against a pass mark: a whole
// per cent, unless rounding would show a score that failed as the pass
// mark or more; then to one decimal place, cut down (35 of 44 is "79.5%",
// not "80%", under an 80% mark).
func (s Score) PercentText(passMark int) string {
	p := s.Percent()
	if s.Total > 0 && !s.Passed && p >= passMark {
		return fmt.Sprintf("%d.%d%%", s.Correct*100/s.Total, s.Correct*1000/s.Total%10)
	}
	return fmt.Sprintf("%d%%", p)
}

// ScoreOf totals answers and compares them with the pass mark (a per cent).
// The comparison is exact: 4 of 5 passes an 80% mark, 7 of 9 (77.7%) fails it.
func ScoreOf(answers []Answer, passMark int) Score {
	s := Score{Total: len(answers)}
	for _, a := range answers {
		if a.Correct {
			s.Correct++
		}
	}
	s.Passed = s.Total > 0 && s.Correct*100 >= passMark*s.Total
	return s
}

// ModuleScore is how a member did on one module's questions in a quiz.
type ModuleScore struct {
	Module         string
	Asked, Correct int
}

// ByModule totals answers per module, modules in the order their first
// question was asked. answers[i] answers questions[i].
func ByModule(questions []Question, answers []Answer) []ModuleScore {
	var out []ModuleScore
	at := map[string]int{}
	for i, a := range answers {
		if i >= len(questions) {
			break
		}
		m := questions[i].Module
		j, ok := at[m]
		if !ok {
			j = len(out)
			at[m] = j
			out = append(out, ModuleScore{Module: m})
		}
		out[j].Asked++
		if a.Correct {
			out[j].Correct++
		}
	}
	return out
}

// Version is a short hash of the question as members meet it: its kind,
// scenario, prompt, and each option's text and whether it is right, in the
// authored order that answers' option numbers refer to. Feedback and cites
// are left out: mending them does not change what an answer meant. Answers
// record it, so that statistics count an answer only against the question
// it answered.
func (q Question) Version() string {
	h := sha256.New()
	// Each part is length-prefixed, so that moving text between parts
	// changes the hash.
	part := func(s string) {
		var n [8]byte
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	part(q.Kind.String())
	part(q.Scenario)
	part(q.Prompt)
	for _, o := range q.Options {
		part(o.Text)
		part(strconv.FormatBool(o.Correct))
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

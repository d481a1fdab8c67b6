// Package stats works out question and paragraph statistics from every
// answer in the records: for each question of the course, Moodle's item
// analysis (facility index, standard deviation, random guess score,
// discrimination index, discriminative efficiency) and how often each
// option was chosen, with flags that say plainly what to look at; and for
// each paragraph of the guidance, the share of members' first answers
// that were right, most missed first. docs/officer-guide.md defines every
// figure.
//
// Answers count only against the question they answered: one that
// records the question's version counts when it is the version in the
// course; an older one, written before answers recorded it, counts when
// its module's version is the module's current one. Answers to a changed
// question, and to attempts never finished, are counted apart and left
// out. No member is named: figures are shown only for groups of at least
// the course's MinGroup members.
//
// It reads the records through store.LogReader, as exports do, and
// imports no terminal library.
package stats

import (
	"cmp"
	"iter"
	"math"
	"slices"

	"course/internal/modules"
	"course/internal/quiz"
	"course/internal/record"
	"course/internal/store"
)

// Options say which answers count.
type Options struct {
	// All counts every finished attempt; otherwise only each member's
	// first answer to each question (Moodle's default: later attempts
	// build on the feedback of earlier ones).
	All bool
	// MinGroup is the fewest members a figure is shown for; below 3 (or
	// unset) it is 3.
	MinGroup int
}

// Report is the statistics of a course's questions and paragraphs.
type Report struct {
	All      bool
	MinGroup int
	// Questions are the course's questions, module by module, in quiz
	// order.
	Questions []Question
	// Paragraphs are the guidance's paragraphs, the most missed first
	// (see sortParagraphs).
	Paragraphs []Paragraph
	// Members is how many members answered any question counted.
	Members int
	// Changed counts the answers left out because their question has
	// changed since (or is no longer in the course), and Unfinished those
	// left out because their attempt was never finished.
	Changed, Unfinished int
}

// Question is one question's figures. Figures are per cent, as Moodle
// shows them; those that cannot be worked out (see Known) are NaN.
type Question struct {
	Module       string
	ModuleTitle  string
	ModuleNumber int
	ID           string
	Prompt       string
	Kind         quiz.Kind
	Cites        []string
	// Members is how many members answered it; Shown says they are at
	// least MinGroup, and so the figures below are given. When it is
	// false, they are all zero.
	Members int
	Shown   bool
	// Attempts is the number of answers counted.
	Attempts       int
	Facility       float64
	SD             float64
	RandomGuess    float64
	Discrimination float64
	Efficiency     float64
	Options        []Option
	Flags          []Flag
	// Changed counts this question's answers left out because the
	// question has changed since they were given.
	Changed int
}

// Option is how often one option was chosen (authored order).
type Option struct {
	Text   string
	Right  bool
	Chosen int
	// Share is Chosen out of the question's Attempts, per cent. Options
	// of a select-all question are chosen together, so shares may add up
	// to more than 100.
	Share float64
}

// notKnown is a figure that could not be worked out.
var notKnown = math.NaN()

// Known says whether a figure could be worked out: a discrimination
// needs answers that differ and quizzes whose other answers differ.
func Known(f float64) bool { return !math.IsNaN(f) }

// Paragraph is one guidance paragraph's figures: its questions' first
// answers.
type Paragraph struct {
	ID, Topic string
	// Questions are the ids of the questions that cite it.
	Questions []string
	Members   int
	Shown     bool
	// Answers and Right count the first answers to its questions; Share
	// is Right out of Answers, per cent. All three are zero unless Shown.
	Answers, Right int
	Share          float64
}

// Read works out the statistics of course c's questions from every event
// in the log.
func Read(log *store.LogReader, c *modules.Course, opts Options) (*Report, error) {
	return FromEvents(log.Events(), c, opts)
}

// FromEvents works out the statistics of course c's questions from events
// in log order.
func FromEvents(events iter.Seq2[*record.EventView, error], c *modules.Course, opts Options) (*Report, error) {
	t := newTally(c, opts)
	for e, err := range events {
		if err != nil {
			return nil, err
		}
		t.add(e)
	}
	return t.report(), nil
}

// minGroup is the group size a report uses: opts's, never below 3.
func minGroup(n int) int { return max(n, 3) }

// tally gathers the answers counted while the log is read.
type tally struct {
	c         *modules.Course
	opts      Options
	questions []qtally
	byID      map[string]int
	paragraph map[string]int // paragraph id → its place in c.Paragraphs
	paraCount []ptally
	// pending are the attempts not yet finished, by attempt id: their
	// places in attempts, whose places free are reused.
	pending  map[string]int32
	attempts []attempt
	free     []int32
	// members numbers the members met, and seen holds, for each, the
	// questions (and paragraphs) they have answered in a finished attempt,
	// as bit sets; counted is how many have.
	members   map[string]int32
	seen      []memberSeen
	counted   int
	changed   int
	nQuestion int
}

type qtally struct {
	q        quiz.Question
	module   *modules.Module
	version  string
	paras    []int
	members  int
	first    int // first answers
	right    int // of them right
	n        int // answers counted
	x        []bool
	restY    []float64 // the rest-of-test score of answers with one
	restX    []bool
	chosen   []int
	changed  int
	optCount int
}

type ptally struct{ members, answers, right int }

type memberSeen struct{ questions, paragraphs []uint64 }

type attempt struct {
	member  int32
	answers []answer
}

type answer struct {
	q       int
	correct bool
	chosen  uint64 // bit i: authored option i chosen
}

func newTally(c *modules.Course, opts Options) *tally {
	t := &tally{c: c, opts: opts, byID: map[string]int{}, paragraph: map[string]int{},
		pending: map[string]int32{}, members: map[string]int32{}}
	for i, p := range c.Paragraphs {
		t.paragraph[p.ID] = i
	}
	t.paraCount = make([]ptally, len(c.Paragraphs))
	for _, m := range c.Modules {
		for _, q := range m.Questions {
			qt := qtally{q: q, module: m, version: q.Version(), chosen: make([]int, len(q.Options)), optCount: len(q.Options)}
			for _, id := range q.Cites {
				if i, ok := t.paragraph[id]; ok && !slices.Contains(qt.paras, i) {
					qt.paras = append(qt.paras, i)
				}
			}
			t.byID[q.ID] = len(t.questions)
			t.questions = append(t.questions, qt)
		}
	}
	t.nQuestion = len(t.questions)
	return t
}

// add takes one event of the log.
func (t *tally) add(e *record.EventView) {
	switch record.Kind(e.Kind) {
	case record.QuestionAnswered:
		if len(e.Attempt) == 0 {
			return
		}
		i, ok := t.byID[string(e.Question)]
		if !ok || t.questions[i].module.ID != string(e.Module) {
			t.changed++
			return
		}
		qt := &t.questions[i]
		if !t.current(qt, e) {
			qt.changed++
			t.changed++
			return
		}
		at, ok := t.pending[string(e.Attempt)]
		if !ok {
			at = t.open(e.Member)
			t.pending[string(e.Attempt)] = at
		}
		a := &t.attempts[at]
		var chosen uint64
		for _, o := range e.Chosen {
			if o >= 0 && o < 64 {
				chosen |= 1 << o
			}
		}
		a.answers = append(a.answers, answer{q: i, correct: e.Correct, chosen: chosen})
	case record.QuizFinished, record.RefresherFinished:
		if at, ok := t.pending[string(e.Attempt)]; ok {
			delete(t.pending, string(e.Attempt))
			t.finish(&t.attempts[at])
			t.attempts[at].answers = t.attempts[at].answers[:0]
			t.free = append(t.free, at)
		}
	}
}

// open starts an attempt of a member, in a place free or a new one.
func (t *tally) open(member []byte) int32 {
	m, ok := t.members[string(member)]
	if !ok {
		m = int32(len(t.seen))
		t.members[string(member)] = m
		t.seen = append(t.seen, memberSeen{})
	}
	if n := len(t.free); n > 0 {
		at := t.free[n-1]
		t.free = t.free[:n-1]
		t.attempts[at].member = m
		return at
	}
	t.attempts = append(t.attempts, attempt{member: m})
	return int32(len(t.attempts) - 1)
}

// current says whether an answer answered the question as the course has
// it now: by the question's version it records, or, for an answer written
// before answers recorded one, by its module's version.
func (t *tally) current(qt *qtally, e *record.EventView) bool {
	if len(e.QuestionVersion) > 0 {
		return string(e.QuestionVersion) == qt.version
	}
	return string(e.ModuleVersion) == qt.module.Version
}

// finish counts the answers of a finished attempt.
func (t *tally) finish(a *attempt) {
	seen := &t.seen[a.member]
	if seen.questions == nil {
		seen.questions = make([]uint64, (t.nQuestion+63)/64)
		seen.paragraphs = make([]uint64, (len(t.c.Paragraphs)+63)/64)
		t.counted++
	}
	right := 0
	for _, ans := range a.answers {
		if ans.correct {
			right++
		}
	}
	for _, ans := range a.answers {
		qt := &t.questions[ans.q]
		first := !hasBit(seen.questions, ans.q)
		if first {
			setBit(seen.questions, ans.q)
			qt.members++
			qt.first++
			if ans.correct {
				qt.right++
			}
			for _, p := range qt.paras {
				pc := &t.paraCount[p]
				pc.answers++
				if ans.correct {
					pc.right++
				}
				if !hasBit(seen.paragraphs, p) {
					setBit(seen.paragraphs, p)
					pc.members++
				}
			}
		}
		if !first && !t.opts.All {
			continue
		}
		qt.n++
		qt.x = append(qt.x, ans.correct)
		for o := range qt.optCount {
			if ans.chosen&(1<<o) != 0 {
				qt.chosen[o]++
			}
		}
		// The rest of the test: the share right of the attempt's other
		// answers, so that a refresher's ten questions and a module's
		// quiz weigh alike (for attempts of one length it is the rest's
		// score, as Moodle's, scaled).
		if others := len(a.answers) - 1; others > 0 {
			rest := right
			if ans.correct {
				rest--
			}
			qt.restX = append(qt.restX, ans.correct)
			qt.restY = append(qt.restY, float64(rest)/float64(others))
		}
	}
}

func hasBit(set []uint64, i int) bool { return set[i/64]&(1<<(i%64)) != 0 }
func setBit(set []uint64, i int)      { set[i/64] |= 1 << (i % 64) }

// report works out the figures from what was tallied.
func (t *tally) report() *Report {
	group := minGroup(t.opts.MinGroup)
	r := &Report{All: t.opts.All, MinGroup: group, Members: t.counted, Changed: t.changed}
	for _, at := range t.pending {
		r.Unfinished += len(t.attempts[at].answers)
	}
	for _, qt := range t.questions {
		q := Question{Module: qt.module.ID, ModuleTitle: qt.module.Title, ModuleNumber: qt.module.Number, ID: qt.q.ID, Prompt: qt.q.Prompt, Kind: qt.q.Kind,
			Cites: qt.q.Cites, Members: qt.members, Shown: qt.members >= group, Changed: qt.changed}
		if q.Shown {
			q.Attempts = qt.n
			q.Facility, q.SD = facility(qt.x)
			q.RandomGuess = randomGuess(qt.q)
			q.Discrimination, q.Efficiency = discrimination(qt.restX, qt.restY)
			for o, opt := range qt.q.Options {
				q.Options = append(q.Options, Option{Text: opt.Text, Right: opt.Correct, Chosen: qt.chosen[o],
					Share: 100 * float64(qt.chosen[o]) / float64(qt.n)})
			}
			q.Flags = flags(q)
		}
		r.Questions = append(r.Questions, q)
	}
	for i, p := range t.c.Paragraphs {
		pc := t.paraCount[i]
		row := Paragraph{ID: p.ID, Topic: p.Topic, Members: pc.members, Shown: pc.members >= group}
		for _, qt := range t.questions {
			if slices.Contains(qt.paras, i) {
				row.Questions = append(row.Questions, qt.q.ID)
			}
		}
		if row.Shown {
			row.Answers, row.Right = pc.answers, pc.right
			row.Share = 100 * float64(pc.right) / float64(pc.answers)
		}
		r.Paragraphs = append(r.Paragraphs, row)
	}
	sortParagraphs(r.Paragraphs)
	return r
}

// sortParagraphs puts the paragraphs shown first, the most missed (the
// lowest share right) first, then those with too few answers to show, in
// the guidance's order (a stable sort keeps it among equals).
func sortParagraphs(ps []Paragraph) {
	slices.SortStableFunc(ps, func(a, b Paragraph) int {
		if a.Shown != b.Shown {
			if a.Shown {
				return -1
			}
			return 1
		}
		if !a.Shown {
			return 0
		}
		return cmp.Compare(a.Share, b.Share)
	})
}

// facility is Moodle's facility index and standard deviation of scores
// x (each 0 or 1), per cent: F = 100·mean(x), SD = 100·√(Σ(x−x̄)²/(N−1)).
// The SD of one answer is not known.
func facility(x []bool) (f, sd float64) {
	n := float64(len(x))
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	right := 0.0
	for _, v := range x {
		if v {
			right++
		}
	}
	mean := right / n
	if n < 2 {
		return 100 * mean, math.NaN()
	}
	// Σ(x−x̄)² = N·x̄·(1−x̄) for scores of 0 and 1.
	return 100 * mean, 100 * math.Sqrt(n*mean*(1-mean)/(n-1))
}

// randomGuess is the score, per cent, of a member choosing at random: one
// option of n for a single-answer question; for "select all that apply",
// which is right only with exactly the right options, one of the 2ⁿ−1
// non-empty sets of options.
func randomGuess(q quiz.Question) float64 {
	n := len(q.Options)
	if n == 0 {
		return math.NaN()
	}
	if q.Kind == quiz.Multiple {
		return 100 / (math.Exp2(float64(n)) - 1)
	}
	return 100 / float64(n)
}

// discrimination is Moodle's discrimination index, 100·r(x, y), the
// correlation of the question's scores x with the rest-of-test scores y
// of the same attempts, and its discriminative efficiency, 100·C(x,
// y)/Cmax(x, y), where Cmax is the covariance of x and y each sorted
// (the most the covariance could be, given the scores). Either is NaN
// when it cannot be worked out: fewer than two answers, or x or y all
// alike.
func discrimination(x []bool, y []float64) (index, efficiency float64) {
	n := len(x)
	if n < 2 {
		return math.NaN(), math.NaN()
	}
	var sx, sy float64
	for i := range x {
		sx += score(x[i])
		sy += y[i]
	}
	mx, my := sx/float64(n), sy/float64(n)
	var cxy, vx, vy float64
	for i := range x {
		dx, dy := score(x[i])-mx, y[i]-my
		cxy += dx * dy
		vx += dx * dx
		vy += dy * dy
	}
	if vx == 0 || vy == 0 {
		return math.NaN(), math.NaN()
	}
	index = 100 * cxy / math.Sqrt(vx*vy)
	// x sorted is its wrong answers (0) then its right ones (1): paired
	// with y sorted, the right answers take the highest rest scores.
	sorted := slices.Clone(y)
	slices.Sort(sorted)
	wrong := n - int(sx)
	var cmax float64
	for i, v := range sorted {
		xs := 0.0
		if i >= wrong {
			xs = 1
		}
		cmax += (xs - mx) * (v - my)
	}
	efficiency = math.NaN()
	if cmax > 0 {
		efficiency = 100 * cxy / cmax
	}
	return index, efficiency
}

func score(right bool) float64 {
	if right {
		return 1
	}
	return 0
}

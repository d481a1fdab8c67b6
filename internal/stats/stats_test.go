package stats

import (
	"encoding/json"
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"course/internal/modules"
	"course/internal/modules/modulestest"
	"course/internal/progress/progresstest"
	"course/internal/quiz"
	"course/internal/record"
	"course/internal/store"
)

// quizOne is module one's quiz for the hand-worked examples: a question
// everybody gets right, one the strongest members miss, one with a wrong
// option nobody chooses, and a select-all question.
const quizOne = `questions:
  - id: easy
    type: single
    question: Easy?
    cites: ["1.1"]
    options:
      - {text: Yes., correct: true, feedback: Right.}
      - {text: No., feedback: Wrong.}
      - {text: Maybe., feedback: Wrong.}
  - id: neg
    type: single
    question: Tricky?
    cites: ["1.1"]
    options:
      - {text: This., correct: true, feedback: Right.}
      - {text: That., feedback: Wrong.}
  - id: unused
    type: single
    question: Which?
    cites: ["1.2"]
    options:
      - {text: First., correct: true, feedback: Right.}
      - {text: Second., feedback: Wrong.}
      - {text: Third., feedback: Wrong.}
      - {text: Fourth., feedback: Wrong.}
  - id: multi
    type: multiple
    question: Which apply?
    cites: ["1.2"]
    options:
      - {text: A, correct: true, feedback: Yes.}
      - {text: B, correct: true, feedback: Yes.}
      - {text: C, feedback: No.}
`

func testCourse(t testing.TB) *modules.Course {
	t.Helper()
	fsys := modulestest.ValidFS()
	fsys["modules/1-one.quiz.yaml"].Data = []byte(quizOne)
	c, err := modules.Load(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// handWorked are the choices (authored option numbers) of five members,
// A to E, in one attempt each at module one's quiz, question by question
// (easy, neg, unused, multi). Their scores:
//
//	     easy neg unused multi
//	A     1    0    1     1
//	B     1    0    1     1
//	C     1    1    1     0
//	D     1    1    0     0
//	E     1    1    0     0
var handWorked = [][4][]int{
	{{0}, {1}, {0}, {0, 1}},
	{{0}, {1}, {0}, {0, 1}},
	{{0}, {0}, {0}, {0}},
	{{0}, {0}, {1}, {0, 2}},
	{{0}, {0}, {2}, {2}},
}

// record saves one finished attempt of member at module one's quiz with
// the choices given, graded as the course grades them.
func recordAttempt(t testing.TB, s *store.Store, c *modules.Course, member string, kind record.Kind, choices [][]int, questions []quiz.Question) {
	t.Helper()
	attempt := record.NewAttemptID()
	var events []record.Event
	score := 0
	for i, q := range questions {
		a, err := quiz.Grade(q, choices[i])
		if err != nil {
			t.Fatal(err)
		}
		if a.Correct {
			score++
		}
		mod := c.Module(q.Module)
		events = append(events, record.Event{Kind: record.QuestionAnswered, Member: member, Module: q.Module, ModuleVersion: mod.Version,
			Attempt: attempt, Question: q.ID, QuestionVersion: q.Version(), Chosen: a.Chosen, Correct: a.Correct})
	}
	end := record.Event{Kind: kind, Member: member, Attempt: attempt, Score: score, Total: len(questions)}
	if kind == record.QuizFinished {
		end.Module, end.ModuleVersion = questions[0].Module, c.Module(questions[0].Module).Version
	}
	if _, err := progresstest.SaveBatch(s, append(events, end)); err != nil {
		t.Fatal(err)
	}
}

func readReport(t testing.TB, s *store.Store, c *modules.Course, opts Options) *Report {
	t.Helper()
	var r *Report
	err := s.ReadLog(func(log *store.LogReader) error {
		var err error
		r, err = Read(log, c, opts)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func handWorkedStore(t testing.TB) (*store.Store, *modules.Course) {
	c := testCourse(t)
	s := progresstest.NewStore(t)
	for i, choices := range handWorked {
		m := progresstest.AddMember(t, s, string(rune('A'+i)))
		recordAttempt(t, s, c, m.Number, record.QuizFinished, choices[:], c.Modules[0].Questions)
	}
	return s, c
}

func near(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) < 0.01
}

func question(r *Report, id string) Question {
	for _, q := range r.Questions {
		if q.ID == id {
			return q
		}
	}
	return Question{}
}

func codes(q Question) []string {
	var cs []string
	for _, f := range q.Flags {
		cs = append(cs, f.Code)
	}
	return cs
}

// TestHandWorked checks the figures against ones worked out by hand (see
// handWorked).
func TestHandWorked(t *testing.T) {
	s, c := handWorkedStore(t)
	r := readReport(t, s, c, Options{MinGroup: 5})
	nan := math.NaN()
	for _, want := range []struct {
		id                           string
		facility, sd, guess, di, eff float64
		chosen                       []int
		flags                        []string
	}{
		// Everybody right: no spread, so no discrimination.
		{"easy", 100, 0, 100.0 / 3, nan, nan, []int{5, 0, 0}, []string{TooEasy, UnusedDistract}},
		// x = 0 0 1 1 1, rest = 1 1 ⅔ ⅓ ⅓: r = −⅔/√(1.2·⁴⁄₉) = −0.9129;
		// Cmax = ⅔, so the efficiency is −100.
		{"neg", 60, 100 * math.Sqrt(0.3), 50, -91.29, -100, []int{3, 2}, []string{NegativeDisc}},
		// Every rest score is ⅔: no discrimination.
		{"unused", 60, 100 * math.Sqrt(0.3), 25, nan, nan, []int{3, 1, 1, 0}, []string{UnusedDistract}},
		// x = 1 1 0 0 0, rest = ⅔ ⅔ 1 ⅔ ⅔: r = −0.1333/√(1.2·0.0889) =
		// −0.4082; Cmax = 0.2, efficiency −66.67. A guess: 1 of 7 sets.
		{"multi", 40, 100 * math.Sqrt(0.3), 100.0 / 7, -40.82, -66.67, []int{4, 2, 2}, []string{NegativeDisc}},
	} {
		q := question(r, want.id)
		if !q.Shown || q.Members != 5 || q.Attempts != 5 {
			t.Errorf("%s: shown %v, %d members, %d attempts; want shown, 5 and 5", want.id, q.Shown, q.Members, q.Attempts)
		}
		if !near(q.Facility, want.facility) || !near(q.SD, want.sd) || !near(q.RandomGuess, want.guess) ||
			!near(q.Discrimination, want.di) || !near(q.Efficiency, want.eff) {
			t.Errorf("%s: facility %.2f, SD %.2f, guess %.2f, discrimination %.2f, efficiency %.2f; want %.2f, %.2f, %.2f, %.2f, %.2f",
				want.id, q.Facility, q.SD, q.RandomGuess, q.Discrimination, q.Efficiency, want.facility, want.sd, want.guess, want.di, want.eff)
		}
		var chosen []int
		for _, o := range q.Options {
			chosen = append(chosen, o.Chosen)
		}
		if !slices.Equal(chosen, want.chosen) {
			t.Errorf("%s: options chosen %v times, want %v", want.id, chosen, want.chosen)
		}
		if !slices.Equal(codes(q), want.flags) {
			t.Errorf("%s: flags %v, want %v", want.id, codes(q), want.flags)
		}
	}
	// Paragraph 1.1 (easy, neg): 8 of 10 first answers right; 1.2
	// (unused, multi): 5 of 10, so it comes first; 2.1's question was
	// never answered.
	var got []string
	for _, p := range r.Paragraphs {
		got = append(got, fmt.Sprintf("%s %v %d/%d %.0f", p.ID, p.Shown, p.Right, p.Answers, p.Share))
	}
	if want := []string{"1.2 true 5/10 50", "1.1 true 8/10 80", "2.1 false 0/0 0"}; !slices.Equal(got, want) {
		t.Errorf("paragraphs %q, want %q", got, want)
	}
	if r.Members != 5 || r.Changed != 0 || r.Unfinished != 0 {
		t.Errorf("%d members, %d changed, %d unfinished; want 5, 0, 0", r.Members, r.Changed, r.Unfinished)
	}
}

// TestPrivacy: below the group size nothing is shown, and the group is
// never below three.
func TestPrivacy(t *testing.T) {
	s, c := handWorkedStore(t)
	r := readReport(t, s, c, Options{MinGroup: 6})
	for _, q := range r.Questions {
		if q.Shown || q.Attempts != 0 || Known(q.Facility) && q.Facility != 0 || q.Options != nil || q.Flags != nil {
			t.Errorf("%s shows figures of 5 members with a group of 6: %+v", q.ID, q)
		}
	}
	for _, p := range r.Paragraphs {
		if p.Shown || p.Answers != 0 {
			t.Errorf("paragraph %s shows figures of 5 members with a group of 6: %+v", p.ID, p)
		}
	}
	if r := readReport(t, s, c, Options{MinGroup: 1}); r.MinGroup != 3 {
		t.Errorf("a group of 1 was taken as %d, want 3", r.MinGroup)
	}
}

// TestVersions: an answer counts only against the question it answered,
// and a refresher's answers count toward their questions.
func TestVersions(t *testing.T) {
	s, c := handWorkedStore(t)
	mod := c.Modules[0]
	easy := mod.Questions[0]
	f := progresstest.AddMember(t, s, "F")
	answer := func(attempt, question, version, moduleVersion string, correct bool) record.Event {
		return record.Event{Kind: record.QuestionAnswered, Member: f.Number, Module: mod.ID, ModuleVersion: moduleVersion,
			Attempt: attempt, Question: question, QuestionVersion: version, Chosen: []int{0}, Correct: correct}
	}
	a1, a2, a3 := record.NewAttemptID(), record.NewAttemptID(), record.NewAttemptID()
	progresstest.Record(t, s,
		// An answer to an earlier version of "easy", and one to a question
		// no longer in the course: both left out.
		answer(a1, easy.ID, "0123456789ab", mod.Version, false),
		answer(a1, "gone", "", mod.Version, false),
		record.Event{Kind: record.QuizFinished, Member: f.Number, Module: mod.ID, ModuleVersion: mod.Version, Attempt: a1},
		// An answer written before answers recorded their question's
		// version: counted while its module is unchanged, left out once
		// it has changed.
		answer(a2, "neg", "", mod.Version, true),
		answer(a2, "unused", "", "old-module", true),
		record.Event{Kind: record.RefresherFinished, Member: f.Number, Attempt: a2},
		// An attempt never finished.
		answer(a3, "multi", mod.Questions[3].Version(), mod.Version, false),
	)
	r := readReport(t, s, c, Options{MinGroup: 5})
	if r.Changed != 3 || r.Unfinished != 1 {
		t.Errorf("%d answers left out as changed and %d as unfinished, want 3 and 1", r.Changed, r.Unfinished)
	}
	if q := question(r, "easy"); q.Changed != 1 || q.Members != 5 {
		t.Errorf("easy: %d changed, %d members; want 1 and 5", q.Changed, q.Members)
	}
	if q := question(r, "neg"); q.Members != 6 || !near(q.Facility, 400.0/6) {
		t.Errorf("neg: %d members, facility %.2f; want 6 and 66.67 (the refresher's answer counted)", q.Members, q.Facility)
	}
	if q := question(r, "unused"); q.Changed != 1 || q.Members != 5 {
		t.Errorf("unused: %d changed, %d members; want 1 and 5", q.Changed, q.Members)
	}
}

// TestFirstAndAll: by default only each member's first answer to a
// question counts; with All, every finished attempt does.
func TestFirstAndAll(t *testing.T) {
	s, c := handWorkedStore(t)
	a := readReport(t, s, c, Options{})
	var numberA string
	members, err := s.Members()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range members {
		if m.Name == "A" {
			numberA = m.Number
		}
	}
	// A's second attempt: everything right.
	recordAttempt(t, s, c, numberA, record.QuizFinished, [][]int{{0}, {0}, {0}, {0, 1}}, c.Modules[0].Questions)
	again := readReport(t, s, c, Options{})
	all := readReport(t, s, c, Options{All: true})
	if q, p := question(again, "neg"), question(a, "neg"); q.Attempts != 5 || q.Facility != p.Facility {
		t.Errorf("first answers: neg has %d attempts, facility %.2f; want 5 and %.2f", q.Attempts, q.Facility, p.Facility)
	}
	if q := question(all, "neg"); q.Attempts != 6 || q.Members != 5 || !near(q.Facility, 400.0/6) {
		t.Errorf("all attempts: neg has %d attempts of %d members, facility %.2f; want 6, 5, 66.67", q.Attempts, q.Members, q.Facility)
	}
	// Paragraphs always count first answers.
	if !slices.EqualFunc(again.Paragraphs, all.Paragraphs, func(a, b Paragraph) bool { return a.ID == b.ID && a.Right == b.Right }) {
		t.Error("the paragraphs differ between first and all attempts")
	}
}

// TestFlags: a wrong option chosen more than the right one is flagged, and
// a question that is neither too easy nor too hard is not.
func TestFlags(t *testing.T) {
	q := Question{Shown: true, Attempts: 10, Facility: 30, RandomGuess: 25, Discrimination: 35, Efficiency: 50, Options: []Option{
		{Text: "Right", Right: true, Chosen: 3, Share: 30}, {Text: "Tempting", Chosen: 5, Share: 50}, {Text: "Other", Chosen: 2, Share: 20}}}
	q.Flags = flags(q)
	if got := codes(q); !slices.Equal(got, []string{DistractorLeads}) {
		t.Errorf("flags %v, want only %s", got, DistractorLeads)
	}
	if !strings.Contains(q.Flags[0].Reason, `option 2 ("Tempting", 50%)`) {
		t.Errorf("the reason does not name the option: %s", q.Flags[0].Reason)
	}
	if got := flags(Question{Facility: 20, RandomGuess: 20, Discrimination: 5}); len(got) != 2 || got[0].Code != TooHard || got[1].Code != NearZeroDisc {
		t.Errorf("a question a guess does as well at, with discrimination 5: %v", got)
	}
}

// TestAgainstDefinitions compares the figures with a second working-out,
// straight from Moodle's definitions, on random answers: every attempt's
// scores kept, the rest of the test worked out per answer, the maximum
// covariance by sorting both lists.
func TestAgainstDefinitions(t *testing.T) {
	c := testCourse(t)
	qs := c.Modules[0].Questions
	rng := rand.New(rand.NewPCG(7, 29))
	var events []record.Event
	type attempt struct{ x []float64 }
	var attempts []attempt
	seq := uint64(0)
	add := func(e record.Event) {
		seq++
		e.Seq, e.Time = seq, time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(seq)*time.Second)
		events = append(events, e)
	}
	ability := make([]float64, 60)
	for m := range ability {
		ability[m] = rng.Float64()
	}
	for round := range 3 {
		for m := range ability {
			if round > 0 && rng.IntN(2) == 0 {
				continue
			}
			member, id := fmt.Sprintf("M%08d", m), record.NewAttemptID()
			var at attempt
			for _, q := range qs {
				var chosen []int
				if rng.Float64() < ability[m] {
					chosen = q.CorrectOptions()
				} else {
					chosen = []int{rng.IntN(len(q.Options))}
				}
				a, _ := quiz.Grade(q, chosen)
				at.x = append(at.x, score(a.Correct))
				add(record.Event{Kind: record.QuestionAnswered, Member: member, Module: q.Module, ModuleVersion: c.Modules[0].Version,
					Attempt: id, Question: q.ID, QuestionVersion: q.Version(), Chosen: a.Chosen, Correct: a.Correct})
			}
			add(record.Event{Kind: record.QuizFinished, Member: member, Module: qs[0].Module, Attempt: id})
			attempts = append(attempts, at)
		}
	}
	r, err := FromEvents(views(t, events), c, Options{All: true, MinGroup: 5})
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range qs {
		var x, y []float64
		for _, a := range attempts {
			total := 0.0
			for _, v := range a.x {
				total += v
			}
			x = append(x, a.x[i])
			y = append(y, (total-a.x[i])/float64(len(a.x)-1))
		}
		n := float64(len(x))
		mean := func(v []float64) float64 {
			s := 0.0
			for _, f := range v {
				s += f
			}
			return s / n
		}
		cov := func(a, b []float64) float64 {
			ma, mb, s := mean(a), mean(b), 0.0
			for k := range a {
				s += (a[k] - ma) * (b[k] - mb)
			}
			return s / (n - 1)
		}
		wantF, wantSD := 100*mean(x), 100*math.Sqrt(cov(x, x))
		wantDI := 100 * cov(x, y) / math.Sqrt(cov(x, x)*cov(y, y))
		xs, ys := slices.Clone(x), slices.Clone(y)
		slices.Sort(xs)
		slices.Sort(ys)
		wantDE := 100 * cov(x, y) / cov(xs, ys)
		got := question(r, q.ID)
		if got.Attempts != len(x) || !near(got.Facility, wantF) || !near(got.SD, wantSD) || !near(got.Discrimination, wantDI) || !near(got.Efficiency, wantDE) {
			t.Errorf("%s: %d attempts, F %.3f, SD %.3f, DI %.3f, DE %.3f; by the definitions %d, %.3f, %.3f, %.3f, %.3f",
				q.ID, got.Attempts, got.Facility, got.SD, got.Discrimination, got.Efficiency, len(x), wantF, wantSD, wantDI, wantDE)
		}
	}
}

// views yields events as the log does: each stored as json.Marshal writes
// it, read in place.
func views(t testing.TB, events []record.Event) iter.Seq2[*record.EventView, error] {
	return func(yield func(*record.EventView, error) bool) {
		var v record.EventView
		for _, e := range events {
			b, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			if err := v.Decode(b); !yield(&v, err) {
				return
			}
		}
	}
}

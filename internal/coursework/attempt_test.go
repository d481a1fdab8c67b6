package coursework

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"course/content/contenttest"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/progress/progresstest"
	"course/internal/quiz"
	"course/internal/record"
)

// right are the positions, as shown, of q's right options.
func right(q quiz.Shuffled) []int {
	var ps []int
	for j := range q.Order {
		if q.Option(j).Correct {
			ps = append(ps, j)
		}
	}
	return ps
}

// TestAttemptRecordsWhatItSays: an attempt answered, saved and finished
// through save.go leaves the answers and the result on the record in the
// course's mode; a part-way attempt read back by Load carries on with its
// saved answers; and the outcome names what to re-read.
func TestAttemptRecordsWhatItSays(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Ann Jones")
	mod := c.Modules[0]
	r := rand.New(rand.NewPCG(1, 2))
	a := NewQuiz(c, m.Number, record.ModeAccessible, mod, r)
	if len(a.Questions) != len(mod.Questions) || a.ID == "" {
		t.Fatalf("attempt has %d questions and id %q", len(a.Questions), a.ID)
	}

	// The first answer wrong, then the member leaves.
	q := a.Current()
	wrong := slices.IndexFunc(q.Order, func(i int) bool { return !q.Question.Options[i].Correct })
	v, err := a.Answer([]int{wrong})
	if err != nil {
		t.Fatal(err)
	}
	if v.Answer.Correct || v.Event.Kind != record.QuestionAnswered || v.Event.Mode != record.ModeAccessible || v.Event.Attempt != a.ID {
		t.Fatalf("verdict %+v", v)
	}
	if v.Event.QuestionVersion != q.Question.Version() || v.Event.ModuleVersion != mod.Version {
		t.Errorf("the answer records question version %q and module version %q, want %q and %q",
			v.Event.QuestionVersion, v.Event.ModuleVersion, q.Question.Version(), mod.Version)
	}
	if len(a.Answers) != 0 {
		t.Fatal("an answer was kept before it was saved")
	}
	if !v.Options[wrong].Chosen || v.Options[wrong].Why != "Your choice" {
		t.Errorf("the chosen option says %+v", v.Options[wrong])
	}
	for j, o := range v.Options {
		if o.Correct && o.Why == "" {
			t.Errorf("right option %d has no verdict", j)
		}
	}
	if _, err := SaveAnswer(s, v.Event); err != nil {
		t.Fatal(err)
	}
	a.Accept(v)

	st, err := Load(s, c, m.Number, progresstest.Start.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	u, ok := st.Unfinished(mod)
	if !ok {
		t.Fatal("the attempt left part way is not found")
	}
	if n := st.Next(c, func(md *modules.Module) int { u, _ := st.Unfinished(md); return len(u.Answers) }); n.Step != StepResumeQuiz || n.Module != mod || n.Answered != 1 {
		t.Errorf("next = %+v, want to carry on module 1's quiz with 1 answer", n)
	}
	b := NewQuiz(c, m.Number, record.ModeAccessible, mod, r)
	b.Resume(u)
	if b.ID != a.ID || b.Resumed != 1 || b.ResumedNote() != "Carrying on where you left off: your saved answer stands." {
		t.Fatalf("resumed %q with %d answers: %q", b.ID, b.Resumed, b.ResumedNote())
	}
	for !b.Done() {
		v, err := b.Answer(right(b.Current()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := SaveAnswer(s, v.Event); err != nil {
			t.Fatal(err)
		}
		b.Accept(v)
	}
	saved, err := FinishQuiz(s, b.Result())
	if err != nil {
		t.Fatal(err)
	}
	// Five of six right passes at 80%.
	if len(saved) != 2 || saved[0].Kind != record.QuizFinished || saved[1].Kind != record.ModuleCompleted || saved[0].Mode != record.ModeAccessible || !saved[0].Passed {
		t.Errorf("finishing saved %+v, want quiz-finished and module-completed in accessible mode", saved)
	}
	out := b.Outcome(saved, st.Events)
	if out.Score.Correct != len(mod.Questions)-1 || len(out.Reread) == 0 || out.RenewedLine() != "" || out.EarlierPassLine() != "" {
		t.Errorf("outcome %+v", out)
	}
	if _, err := SaveAnswer(s, v.Event); !errors.Is(err, progress.ErrAttemptFinished) {
		t.Errorf("an answer to a finished attempt: %v, want ErrAttemptFinished", err)
	}
	if got := Review(c, mustLoad(t, s, c, m.Number).Events, b.ID); len(got) != len(mod.Questions) || got[0].Answer.Correct || len(got[0].WronglyChosen()) != 1 {
		t.Errorf("review of %d answers, first %+v", len(got), got)
	}
}

func mustLoad(t *testing.T, s Records, c *modules.Course, member string) Standing {
	t.Helper()
	st, err := Load(s, c, member, progresstest.Start.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// TestNoRefresherBeforeAPass: with nothing passed there is no refresher.
func TestNoRefresherBeforeAPass(t *testing.T) {
	c := contenttest.Course(t)
	if _, ok := NewRefresher(c, "M1", "", Standing{}, rand.New(rand.NewPCG(1, 2))); ok {
		t.Error("a refresher was drawn with nothing passed")
	}
}

// TestWords: the verdict on each kind of option, and the status words.
func TestWords(t *testing.T) {
	right, wrong := quiz.Option{Correct: true}, quiz.Option{}
	for _, c := range []struct {
		o      quiz.Option
		chosen bool
		kind   quiz.Kind
		want   string
	}{
		{right, true, quiz.Single, "Your choice, and right"},
		{right, false, quiz.Single, "The right answer"},
		{right, false, quiz.Multiple, "You missed this one"},
		{wrong, true, quiz.Multiple, "Your choice"},
		{wrong, false, quiz.Single, ""},
	} {
		if got := Why(c.o, c.chosen, c.kind); got != c.want {
			t.Errorf("Why(%v, %v, %v) = %q, want %q", c.o.Correct, c.chosen, c.kind, got, c.want)
		}
	}
	read := progress.ModuleProgress{Status: progress.InProgress, Read: true}
	if StatusWords(read, false) != "read, quiz next" || StatusWords(read, true) != "lesson read, quiz next" {
		t.Errorf("status words for a lesson read: %q, %q", StatusWords(read, false), StatusWords(read, true))
	}
	if got := Sentence("élu"); got != "Élu" {
		t.Errorf("Sentence = %q", got)
	}
	for _, c := range []struct {
		q    quiz.Question
		want string
	}{
		{quiz.Question{Kind: quiz.Single, Prompt: "What should she do?"}, "Choose one answer."},
		{quiz.Question{Kind: quiz.Multiple, Prompt: "Which of these?"}, "Select all that apply."},
		{quiz.Question{Kind: quiz.Multiple, Prompt: "Which of these? Select all that apply."}, ""},
	} {
		if got := HowToAnswer(c.q); got != c.want {
			t.Errorf("HowToAnswer(%q) = %q, want %q", c.q.Prompt, got, c.want)
		}
	}
	now := progresstest.Start
	if _, problem, invalid := Elected("31/02/2023", now); problem == "" || invalid || !strings.HasPrefix(problem, "Date elected: ") {
		t.Errorf("no such date: %q, %v", problem, invalid)
	}
	if _, problem, invalid := Elected("01/01/2099", now); problem == "" || !invalid {
		t.Errorf("a date to come: %q, %v", problem, invalid)
	}
	if d, problem, _ := Elected("04/05/2023", now); problem != "" || d.Year() != 2023 {
		t.Errorf("a good date: %v, %q", d, problem)
	}
}

// TestActiveMembers: an erased member is not offered.
func TestActiveMembers(t *testing.T) {
	s := progresstest.NewStore(t)
	ann := progresstest.AddMember(t, s, "Ann Jones")
	bob := progresstest.AddMember(t, s, "Bob Smith")
	progresstest.Erase(t, s, bob.Number)
	got, err := ActiveMembers(s)
	if err != nil || len(got) != 1 || got[0].Number != ann.Number {
		t.Errorf("active members %+v, %v", got, err)
	}
}

// TestRefreshReadsTheLessonAgain: a module read and passed whose pass has
// grown old is carried on by reading its lesson again, not by going
// straight to its quiz, in both courses.
func TestRefreshReadsTheLessonAgain(t *testing.T) {
	c := contenttest.Course(t)
	mod := c.Modules[0]
	passed := progresstest.Start
	events := []record.Event{
		{Kind: record.ModuleOpened, Member: "M1", Module: mod.ID, ModuleVersion: mod.Version, Time: passed},
		{Kind: record.ModuleRead, Member: "M1", Module: mod.ID, ModuleVersion: mod.Version, Time: passed},
		{Kind: record.QuizFinished, Member: "M1", Module: mod.ID, ModuleVersion: mod.Version, Attempt: "a1", Score: 6, Total: 6, Passed: true, Time: passed},
		{Kind: record.ModuleCompleted, Member: "M1", Module: mod.ID, ModuleVersion: mod.Version, Attempt: "a1", Score: 6, Total: 6, Passed: true, Time: passed},
	}
	st := NewStanding(c, "M1", events, passed.AddDate(2, 0, 0))
	n := st.Next(c, func(*modules.Module) int { return 0 })
	if n.Module != mod || n.Step != StepRefresh || n.TakesQuiz() {
		t.Errorf("next = step %v for module %v, want to read module 1 again", n.Step, n.Module)
	}
	if got := StatusWords(n.Progress, true); got != "needs refresh: passed more than 12 months ago" {
		t.Errorf("status %q", got)
	}
}

// TestRefresherIsNotAQuizLeftPartWay: a refresher's answers, finished or
// left part way, are not taken for a module's quiz left part way, which
// would carry on the refresher's attempt; a module's own quiz left part
// way still is.
func TestRefresherIsNotAQuizLeftPartWay(t *testing.T) {
	c := contenttest.Course(t)
	one, two := c.Modules[0], c.Modules[1]
	answer := func(mod *modules.Module, q int, attempt string) record.Event {
		return record.Event{Kind: record.QuestionAnswered, Member: "M1", Module: mod.ID, ModuleVersion: mod.Version,
			Attempt: attempt, Question: mod.Questions[q].ID, Chosen: []int{0}}
	}
	events := []record.Event{
		answer(two, 0, "quiz"), // module 2's quiz, left part way
		answer(one, 0, "done"), answer(two, 1, "done"),
		{Kind: record.RefresherFinished, Member: "M1", Attempt: "done", Score: 0, Total: 2},
		answer(one, 1, "left"), answer(two, 2, "left"), // a refresher left part way
	}
	st := NewStanding(c, "M1", events, progresstest.Start)
	if u, ok := st.Unfinished(one); ok {
		t.Errorf("module 1 has a quiz left part way: %+v", u)
	}
	if u, ok := st.Unfinished(two); !ok || u.Attempt != "quiz" || len(u.Answers) != 1 {
		t.Errorf("module 2's quiz left part way: %+v, %v", u, ok)
	}
}

// A refresher's answers say so on the record, from the first, so that an
// export knows them before the refresher ends and a refresher left after
// one answer is not taken for that module's quiz; a quiz's answers do not.
func TestRefresherAnswersAreMarked(t *testing.T) {
	c := contenttest.Course(t)
	var events []record.Event
	for _, m := range c.Modules {
		events = append(events, record.Event{Kind: record.ModuleCompleted, Member: "M1", Module: m.ID, ModuleVersion: m.Version,
			Score: 5, Total: 5, Passed: true, Time: progresstest.Start})
	}
	st := NewStanding(c, "M1", events, progresstest.Start)
	r := rand.New(rand.NewPCG(1, 2))
	refresher, ok := NewRefresher(c, "M1", "", st, r)
	if !ok {
		t.Fatal("no refresher after every module is passed")
	}
	v, err := refresher.Answer(right(refresher.Current()))
	if err != nil {
		t.Fatal(err)
	}
	if v.Event.Reason != record.RefresherAnswer {
		t.Errorf("a refresher's answer has reason %q, want %q", v.Event.Reason, record.RefresherAnswer)
	}
	mod := c.Module(v.Event.Module)
	left := NewStanding(c, "M1", append(events, v.Event), progresstest.Start)
	if u, ok := left.Unfinished(mod); ok {
		t.Errorf("a refresher left after one answer is taken for module %s's quiz: %+v", mod.ID, u)
	}
	quiz := NewQuiz(c, "M1", "", c.Modules[0], r)
	if v, err := quiz.Answer(right(quiz.Current())); err != nil || v.Event.Reason != "" {
		t.Errorf("a quiz's answer: reason %q, %v; want none", v.Event.Reason, err)
	}
}

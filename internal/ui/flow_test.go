package ui

import (
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"course/content/contenttest"
	"course/internal/coursework"
	"course/internal/progress"
	"course/internal/quiz"
	"course/internal/record"
	"course/internal/store"
)

// flow runs the course as a real bubbletea program and lets a test wait
// for the model to reach a state.
type flow struct {
	t  *testing.T
	tm *teatest.TestModel
	mu sync.Mutex
	// latest is the state after the last message; changed is closed and
	// replaced whenever it changes.
	latest  flowState
	changed chan struct{}
}

type flowState struct {
	loaded bool // the welcome screen has the members
	state  state
	phase  quizPhase
	index  int
	passed int // modules the member has passed, once progress is loaded
	// rendered says the reader has its lesson on screen.
	rendered bool
}

// observed wraps the course's model and tells the flow its state after
// every Update, so a test waits for the state it needs, not for a time.
type observed struct {
	Model
	f *flow
}

func (o observed) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := o.Model.Update(msg)
	root := m.(Model)
	o.f.publish(flowState{root.welcome().Loaded(), root.state, root.quiz().phase, root.quiz().index, root.c.standing.Progress.Passed, root.reader().Shown() != pageKey{}})
	return observed{root, o.f}, cmd
}

func startFlow(t *testing.T, recs *store.Store, seed uint64) *flow {
	f := &flow{t: t, changed: make(chan struct{})}
	m := New(Options{Course: contenttest.Course(t), Store: recs, Now: func() time.Time { return testNow }, Dark: true, Rand: rand.New(rand.NewPCG(seed, seed))})
	f.tm = teatest.NewTestModel(t, observed{m, f}, teatest.WithInitialTermSize(80, 24))
	return f
}

func (f *flow) publish(s flowState) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s != f.latest {
		f.latest = s
		close(f.changed)
		f.changed = make(chan struct{})
	}
}

// flowBound is how long a flow waits for a state before failing: generous,
// since a synced write on a busy disk can take seconds.
const flowBound = 2 * time.Minute

// waitFor waits until the model satisfies cond.
func (f *flow) waitFor(what string, cond func(flowState) bool) {
	f.t.Helper()
	timer := time.NewTimer(flowBound)
	defer timer.Stop()
	for {
		f.mu.Lock()
		s, changed := f.latest, f.changed
		f.mu.Unlock()
		if cond(s) {
			return
		}
		select {
		case <-changed:
		case <-timer.C:
			f.t.Fatalf("no %s within %v (last state: %+v)", what, flowBound, s)
		}
	}
}

// final is the model once the program has quit.
func (f *flow) final() Model {
	f.t.Helper()
	return f.tm.FinalModel(f.t, teatest.WithFinalTimeout(flowBound)).(observed).Model
}

func (f *flow) press(keys ...string) {
	for _, k := range keys {
		f.tm.Send(keyMsg(k))
	}
}

// register signs a new member up from the welcome screen.
func (f *flow) register(name string) {
	f.t.Helper()
	f.waitFor("the welcome screen", func(fs flowState) bool { return fs.loaded })
	f.press("enter")
	f.waitFor("the form", inState(stateRegister))
	f.tm.Type(name)
	f.press("enter", "enter", "enter", "enter", "enter")
	f.waitFor("the home screen", inState(stateHome))
}

// answerRightly answers the quiz's questions, shuffled as the program
// shuffles them with rng, choosing every right option.
func (f *flow) answerRightly(questions []quiz.Question, rng *rand.Rand) {
	f.t.Helper()
	for i, q := range questions {
		s := quiz.Shuffle(q, rng)
		f.waitFor("question "+strconv.Itoa(i+1), func(fs flowState) bool {
			return fs.state == stateQuiz && fs.phase == phaseAnswer && fs.index == i
		})
		for pos := range s.Order {
			if s.Option(pos).Correct {
				f.press(strconv.Itoa(pos + 1))
			}
		}
		f.press("enter")
		f.waitFor("answer saved", func(fs flowState) bool { return fs.phase == phaseFeedback && fs.index == i })
		f.press("enter")
	}
}

func inState(s state) func(flowState) bool {
	return func(fs flowState) bool { return fs.state == s }
}

func TestWholeFlow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	recs := openStore(t, path)
	const seed = 3
	f := startFlow(t, recs, seed)
	f.register("Morgan Ellis")

	f.press("1")
	f.waitFor("the lesson", func(fs flowState) bool { return fs.state == stateReader && fs.rendered })
	f.press("G")
	f.press("enter")
	f.waitFor("the quiz", inState(stateQuiz))

	// The quiz shuffles with the seeded generator; replay it to know where
	// the right answers are.
	c := contenttest.Course(t)
	rng := rand.New(rand.NewPCG(seed, seed))
	mod := c.Modules[0]
	f.answerRightly(mod.Questions, rng)
	f.waitFor("the results", func(fs flowState) bool { return fs.phase == phaseResults })
	f.press("q")
	f.final()
	if err := recs.Close(); err != nil {
		t.Fatal(err)
	}

	// What the screen said was saved is on disk.
	recs = openStore(t, path)
	defer recs.Close()
	members, err := recs.Members()
	if err != nil || len(members) != 1 || members[0].Name != "Morgan Ellis" {
		t.Fatalf("members = %+v, %v", members, err)
	}
	events, err := recs.MemberEvents(members[0].Number)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[record.Kind]int{}
	for _, e := range events {
		counts[e.Kind]++
	}
	if counts[record.QuestionAnswered] != len(mod.Questions) || counts[record.QuizFinished] != 1 || counts[record.ModuleCompleted] != 1 || counts[record.ModuleRead] != 1 {
		t.Errorf("events by kind = %v", counts)
	}
	if rep, err := recs.VerifyHead(""); err != nil || !rep.OK {
		t.Errorf("verify = %+v, %v", rep, err)
	}

	// Starting again: the member is remembered and module 1 is passed.
	f = startFlow(t, recs, 1)
	f.waitFor("the welcome screen", func(fs flowState) bool { return fs.loaded })
	f.press("enter")
	f.waitFor("the home screen with progress", func(fs flowState) bool { return fs.state == stateHome && fs.passed == 1 })
	f.press("q")
	final := f.final()
	screen := ansi.Strip(final.View().Content)
	for _, want := range []string{"Morgan Ellis", "1 of 7 passed", "✓ passed (100%)", "Start module 2"} {
		if !strings.Contains(screen, want) {
			t.Errorf("home screen after restart lacks %q:\n%s", want, screen)
		}
	}
}

// TestSearchAndRefresherFlow runs search and a refresher quiz in the real
// program on a real record file.
func TestSearchAndRefresherFlow(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	recs := openStore(t, path)
	defer recs.Close()
	const seed = 5
	f := startFlow(t, recs, seed)
	f.register("Jo Baker")

	f.press("/")
	f.waitFor("the search", inState(stateSearch))
	f.tm.Type("trolls")
	f.press("enter")
	f.waitFor("the lesson", func(fs flowState) bool { return fs.state == stateReader && fs.rendered })
	f.press("esc", "esc")
	f.waitFor("the home screen again", inState(stateHome))

	// The refresher goes over passed modules: pass module 1 first. Its
	// questions are drawn from the member's record, their options in an
	// order from the course's source of chance.
	c := contenttest.Course(t)
	rng := rand.New(rand.NewPCG(seed, seed))
	mod := c.Modules[0]
	f.press("1", "t")
	f.answerRightly(mod.Questions, rng)
	f.waitFor("the results", func(fs flowState) bool { return fs.phase == phaseResults })
	f.press("esc")
	f.waitFor("the home screen with module 1 passed", func(fs flowState) bool { return fs.state == stateHome && fs.passed == 1 })
	before := onlyMembersEvents(t, recs)
	drawn, _ := coursework.NewRefresher(c, before[0].Member, "", coursework.NewStanding(c, before[0].Member, before, time.Now()), rand.New(rand.NewPCG(0, 0)))
	questions := drawn.Asked()
	f.press("r")
	f.answerRightly(questions, rng)
	f.waitFor("the results", func(fs flowState) bool { return fs.phase == phaseResults })
	f.press("q")
	f.final()

	events := onlyMembersEvents(t, recs)
	last := events[len(events)-1]
	if last.Kind != record.RefresherFinished && last.Reason != progress.RenewedByRefresher {
		t.Errorf("last event = %+v", last)
	}
	var finished record.Event
	for _, e := range events {
		if e.Kind == record.RefresherFinished {
			finished = e
		}
	}
	if n := len(questions); finished.Score != n || finished.Total != n || !finished.Passed {
		t.Errorf("refresher-finished event = %+v, want %d of %d passed", finished, n, n)
	}
}

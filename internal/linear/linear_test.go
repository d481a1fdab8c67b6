package linear

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"course/content/contenttest"
	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/progress/progresstest"
	"course/internal/quiz"
	"course/internal/record"
	"course/internal/store"
)

// run takes the course with piped input for a known member.
func run(t *testing.T, c *modules.Course, s *store.Store, member, input string) string {
	t.Helper()
	var out bytes.Buffer
	err := Run(context.Background(), Options{In: strings.NewReader(input), Out: &out, Course: c, Store: s,
		Member: member, Rand: rand.New(rand.NewPCG(1, 2)), Now: func() time.Time { return progresstest.Start }})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	return out.String()
}

// TestPipedQuizAnsweredInFull pipes a whole quiz's answers at once: every
// question is asked and answered, and every answer is on the record, marked
// as written in this mode.
func TestPipedQuizAnsweredInFull(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Ann Jones")
	mod := c.Modules[2]
	input := fmt.Sprintf("quiz %d\n", mod.Number) + strings.Repeat("1\n\n", len(mod.Questions)) + "\nquit\n"
	out := run(t, c, s, m.Number, input)
	for k := 1; k <= len(mod.Questions); k++ {
		if want := fmt.Sprintf("Module %d quiz, %s. Question %d of %d.", mod.Number, mod.Title, k, len(mod.Questions)); !strings.Contains(out, want) {
			t.Errorf("the transcript does not say %q", want)
		}
	}
	if !strings.Contains(out, "Results.") || !strings.Contains(out, "Goodbye. Your answers are saved.") {
		t.Errorf("the quiz did not end with its results:\n%s", out)
	}
	events, err := s.MemberEvents(m.Number)
	if err != nil {
		t.Fatal(err)
	}
	answered, finished := 0, 0
	for _, e := range events {
		switch e.Kind {
		case record.QuestionAnswered:
			answered++
		case record.QuizFinished:
			finished++
		}
		if e.Kind != record.MemberAdded && e.Mode != record.ModeAccessible {
			t.Errorf("%s event has mode %q, want %q", e.Kind, e.Mode, record.ModeAccessible)
		}
	}
	if answered != len(mod.Questions) || finished != 1 {
		t.Errorf("recorded %d answers and %d results, want %d and 1", answered, finished, len(mod.Questions))
	}
	if _, err := s.VerifyHead(""); err != nil {
		t.Errorf("the records with mode fields fail their check: %v", err)
	}
}

// comparable is an event without what differs between two members taking
// the same module: who (and the digest of their details), when, its place
// in the chain, the attempt id and the mode.
func comparable(e record.Event) record.Event {
	e.Seq, e.Time, e.Member, e.Prev, e.Hash, e.Attempt, e.Mode = 0, time.Time{}, "", "", "", "", ""
	e.DetailsDigest = "" // Each member's details have a salt of their own.
	return e
}

// TestSameEventsAsFullScreen: a module taken in this mode records the
// same events as the same answers given the way the full-screen course
// saves them (coursework.AnswerEvent and Result, through Record and
// FinishQuiz), apart from the mode.
func TestSameEventsAsFullScreen(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	linearMember := progresstest.AddMember(t, s, "Ann Jones")
	screenMember := progresstest.AddMember(t, s, "Bob Smith")
	mod := c.Modules[0]
	input := fmt.Sprintf("%d\n", mod.Number) + strings.Repeat("\n", 20) // read to the end, then the quiz
	input += strings.Repeat("2\n\n", len(mod.Questions)) + "\nquit\n"
	run(t, c, s, linearMember.Number, input)
	got, err := s.MemberEvents(linearMember.Number)
	if err != nil {
		t.Fatal(err)
	}

	// The same answers, saved as the full-screen course saves them.
	progresstest.Record(t, s,
		record.Event{Kind: record.ModuleOpened, Member: screenMember.Number, Module: mod.ID, ModuleVersion: mod.Version},
		record.Event{Kind: record.ModuleRead, Member: screenMember.Number, Module: mod.ID, ModuleVersion: mod.Version})
	attempt := record.NewAttemptID()
	var answers []quiz.Answer
	for _, e := range got {
		if e.Kind != record.QuestionAnswered {
			continue
		}
		var q quiz.Question
		for _, mq := range mod.Questions {
			if mq.ID == e.Question {
				q = mq
			}
		}
		a, err := quiz.Grade(q, e.Chosen)
		if err != nil {
			t.Fatal(err)
		}
		answers = append(answers, a)
		progresstest.Record(t, s, coursework.AnswerEvent(c, screenMember.Number, attempt, q, a))
	}
	score := quiz.ScoreOf(answers, c.PassMark)
	if _, err := coursework.FinishQuiz(s, coursework.Result(c, screenMember.Number, attempt, mod, mod.Questions, answers, score)); err != nil {
		t.Fatal(err)
	}
	want, err := s.MemberEvents(screenMember.Number)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("accessible mode recorded %d events, the full-screen way %d:\n%v\n%v", len(got), len(want), got, want)
	}
	for i := range got {
		if got[i].Kind != record.MemberAdded && got[i].Mode != record.ModeAccessible {
			t.Errorf("event %d (%s) has mode %q", i, got[i].Kind, got[i].Mode)
		}
		if want[i].Mode != "" {
			t.Errorf("a full-screen event has mode %q", want[i].Mode)
		}
		g, w := comparable(got[i]), comparable(want[i])
		if fmt.Sprint(g) != fmt.Sprint(w) {
			t.Errorf("event %d differs:\naccessible  %+v\nfull screen %+v", i, g, w)
		}
	}
}

// TestCancelClosesPromptly: a cancelled context (a server shutting down)
// ends Run while it waits for input, saying so.
func TestCancelClosesPromptly(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Ann Jones")
	in, w := io.Pipe()
	defer w.Close()
	var out syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, Options{In: in, Out: &out, Course: c, Store: s, Member: m.Number}) }()
	for !strings.Contains(out.String(), "help for more.") {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run returned %v, want context.Canceled", err)
	}
	if !strings.Contains(out.String(), "The course is closing. Your answers are saved.") {
		t.Errorf("Run did not say it was closing:\n%s", out.String())
	}
}

// TestUnknownMember: a member the record does not hold is refused.
func TestUnknownMember(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	err := Run(context.Background(), Options{In: strings.NewReader(""), Out: io.Discard, Course: c, Store: s, Member: "NOBODY"})
	if !errors.Is(err, ErrUnknownMember) {
		t.Errorf("Run = %v, want ErrUnknownMember", err)
	}
}

// TestRawTerminalEchoes: on a raw terminal (an SSH session) what is typed
// is echoed, backspace works, arrow keys are dropped and lines end in CR LF.
func TestRawTerminalEchoes(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Ann Jones")
	var out syncBuffer
	// The keys come once the first prompt is shown, as a person types: keys
	// typed ahead are echoed as they come, among what the course prints.
	in := &afterPrompt{out: &out, prompt: "or type help for more.\r\n", keys: &typist{"hx\x7fe\x1b[Alp\r" + "quit\r"}}
	if err := Run(context.Background(), Options{In: in, Out: &out, Raw: true, Course: c, Store: s, Member: m.Number}); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	// The Terminal erases x by moving back over it, writing a space and
	// moving back again.
	if !strings.Contains(got, "hx\x1b[D \x1b[Delp\r\n") {
		t.Errorf("typing was not echoed with its backspace: %q", got)
	}
	if !strings.Contains(got, "At the contents you can type:") {
		t.Errorf("the line typed with a correction was not read as help")
	}
	if strings.Contains(strings.ReplaceAll(got, "\r\n", ""), "\n") {
		t.Errorf("a line ends without CR LF on a raw terminal")
	}
}

// TestPlainLessons: lessons are read without Markdown's marks.
func TestPlainLessons(t *testing.T) {
	c := contenttest.Course(t)
	for _, mod := range c.Modules {
		pages, _ := lessonPages(c, mod)
		if len(pages) != max(len(mod.Headings()), 1) {
			t.Errorf("module %d has %d pages for %d headings", mod.Number, len(pages), len(mod.Headings()))
		}
		for _, p := range pages {
			for _, para := range p.paragraphs {
				for _, mark := range []string{"**", "## ", "- ", "> ", "__", "`"} {
					if strings.HasPrefix(para, mark) || (mark == "**" && strings.Contains(para, mark)) {
						t.Errorf("module %d reads a Markdown mark %q: %q", mod.Number, mark, para)
					}
				}
			}
		}
	}
	got := plainMarkdown(c, "## Heading\n\nSome **bold** and _light_ text\nacross lines (Guidance 3.1).\n\n1. one\n2. two\n\n- plain\n- list\n\n> a quote\n\n[a link](https://example.org)\n")
	want := []string{"Heading", "Some bold and light text across lines (Guidance\u00a03.1).", "1. one", "2. two", "• plain", "• list", "a quote", "a link (https://example.org)"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("plain text:\n got %q\nwant %q", got, want)
	}
}

// afterPrompt gives keys only once the output shows prompt.
type afterPrompt struct {
	out    *syncBuffer
	prompt string
	keys   io.Reader
	shown  bool
}

func (a *afterPrompt) Read(b []byte) (int, error) {
	for deadline := time.Now().Add(10 * time.Second); !a.shown; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			return 0, io.EOF // the test then says what was printed
		}
		a.shown = strings.Contains(a.out.String(), a.prompt)
	}
	return a.keys.Read(b)
}

// syncBuffer is a buffer written by Run and read by the test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestPromptsTakeHelpAndHalfTypedAnswers: help at the search prompt says
// how to search rather than searching for "help"; an answer cut off after
// a comma is asked for again, not taken; a quiz's search match opens the
// page where its paragraph is taught.
func TestPromptsTakeHelpAndHalfTypedAnswers(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Ann Jones")

	out := run(t, c, s, m.Number, "search\nhelp\n\nquit\n")
	if strings.Contains(out, "Search for help") || !strings.Contains(out, "Type one or more words") {
		t.Errorf("help at the search prompt:\n%s", out)
	}

	var multiple *modules.Module
	for _, mod := range c.Modules {
		if mod.Questions[0].Kind == quiz.Multiple {
			multiple = mod
			break
		}
	}
	if multiple != nil {
		out = run(t, c, s, m.Number, fmt.Sprintf("quiz %d\n2,\nquit\n", multiple.Number))
		if !strings.Contains(out, "ends with a comma") {
			t.Errorf("a half-typed answer was taken:\n%s", out)
		}
		events, err := s.MemberEvents(m.Number)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if e.Kind == record.QuestionAnswered {
				t.Errorf("a half-typed answer was saved: %+v", e)
			}
		}
	}

	// A quiz's match: where its first paragraph is taught. The course shows
	// quiz answers in search, as one used as a refresher does.
	c.AnswersInSearch = true
	for _, match := range c.Search("trolls") {
		if match.Question == "" || len(match.Paragraphs) == 0 {
			continue
		}
		pages, starts := lessonPages(c, match.Module)
		line := c.CitingLine(match.Module.Body, match.Paragraphs[0])
		want := 0
		for j, st := range starts {
			if st <= line {
				want = j
			}
		}
		matches := c.Search("trolls")
		at := slices.IndexFunc(matches, func(x modules.Match) bool { return x.Question == match.Question && x.Part == match.Part })
		out = run(t, c, s, m.Number, fmt.Sprintf("search trolls\n%d\ncontents\nquit\n", at+1))
		if page := fmt.Sprintf("Module %d of %d, %s. Page %d of %d.", match.Module.Number, len(c.Modules), match.Module.Title, want+1, len(pages)); !strings.Contains(out, page) {
			t.Errorf("the quiz's match did not open %q:\n%s", page, out)
		}
		if want == 0 {
			t.Error("the paragraph is taught on the first page, so this shows nothing")
		}
		break
	}
}

// TestQuitBeforeRegisteringSavesNothing: leaving while registering says
// goodbye without claiming anything was saved.
func TestQuitBeforeRegisteringSavesNothing(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	out := run(t, c, s, "", "Quinn Quitter\nquit\n")
	if strings.Contains(out, "Goodbye. Your answers are saved.") || !strings.HasSuffix(strings.TrimSpace(out), "Goodbye.") {
		t.Errorf("quitting while registering:\n%s", out)
	}
}

// TestContentsSayHowLong: the contents say how long each module still to
// pass takes, as the lessons say the course shows.
func TestContentsSayHowLong(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Ann Jones")
	out := run(t, c, s, m.Number, "quit\n")
	mod := c.Modules[0]
	if want := fmt.Sprintf("Module 1 of %d, %s, about %s: not started.", len(c.Modules), mod.Title, modules.Duration(mod.Minutes)); !strings.Contains(out, want) {
		t.Errorf("the contents do not say %q:\n%s", want, out)
	}
}

// endless is input that never ends a line: the same byte for ever.
type endless byte

func (b endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

// TestOverlongLineIsDropped: a line far longer than anything the course
// asks for (10 MB without an end of line, as a broken or hostile client
// may send) is not kept: the member is told it was too long and asked
// again, and the course goes on. Both the line-edited and the raw terminal
// readers are bounded.
func TestOverlongLineIsDropped(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Ann Jones")
	const overlong = 10 << 20
	for _, terminal := range []struct {
		name string
		raw  bool
		eol  string
	}{{"line-edited", false, "\n"}, {"raw", true, "\r"}} {
		in := io.MultiReader(io.LimitReader(endless('x'), overlong), strings.NewReader(terminal.eol+"help"+terminal.eol+"quit"+terminal.eol))
		var out bytes.Buffer
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err := Run(context.Background(), Options{In: in, Out: &out, Raw: terminal.raw, Course: c, Store: s, Member: m.Number})
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		// Far less than the line: none of it is kept, nor echoed.
		if used := after.TotalAlloc - before.TotalAlloc; used > overlong/4 {
			t.Errorf("%s: the course took %d bytes of memory for a line of %d", terminal.name, used, overlong)
		}
		if out.Len() > overlong/4 {
			t.Errorf("%s: the transcript has %d bytes: the line was kept", terminal.name, out.Len())
			continue
		}
		got := out.String()
		if !strings.Contains(got, "That line was too long: type at most 4096 characters.") {
			t.Errorf("%s: the member was not told the line was too long:\n%s", terminal.name, got)
		}
		if !strings.Contains(got, "At the contents you can type:") || !strings.Contains(got, "Goodbye. Your answers are saved.") {
			t.Errorf("%s: the course did not go on after the long line:\n%s", terminal.name, got)
		}
	}
}

// TestQuitAfterLastAnswerKeepsResult: the result is saved before the pause
// after the last answer's feedback, so quitting there loses nothing.
func TestQuitAfterLastAnswerKeepsResult(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Ann Jones")
	mod := c.Modules[2]
	input := fmt.Sprintf("quiz %d\n", mod.Number) + strings.Repeat("1\n\n", len(mod.Questions)-1) + "1\nquit\n"
	out := run(t, c, s, m.Number, input)
	if !strings.Contains(out, "Press enter for your results") || strings.Contains(out, "Results.") {
		t.Fatalf("the quiz did not stop at the pause before its results:\n%s", out)
	}
	events, err := s.MemberEvents(m.Number)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(events, func(e record.Event) bool { return e.Kind == record.QuizFinished }) {
		t.Error("quitting after the last answer did not keep the quiz's result")
	}
}

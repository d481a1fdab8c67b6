package linear

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"course/content/contenttest"
	"course/internal/progress/progresstest"
	"course/internal/quiz"
)

// What a member found walking through the plain text course with a screen
// reader, each in the words the reader would speak.

// TestAnswerEndsBeforeItsReason: an option's text that ends in no
// punctuation gets a full stop, so that "Snapchat" and the reason after it
// are read as two sentences.
func TestAnswerEndsBeforeItsReason(t *testing.T) {
	for text, want := range map[string]string{
		"Snapchat":                 "Snapchat.",
		"create and share content": "create and share content.",
		"X (formerly Twitter)":     "X (formerly Twitter).",
		"Blogs.":                   "Blogs.",
		`He said "no."`:            `He said "no."`,
		"Is it public?":            "Is it public?",
	} {
		if got := endSentence(text); got != want {
			t.Errorf("endSentence(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestPathsAndCodesAreNotBroken: at any place on a line, a path with
// spaces and hyphens and a code with hyphens are never split across two
// lines, nor is a word at a hyphen; a path longer than the line has a line
// of its own.
func TestPathsAndCodesAreNotBroken(t *testing.T) {
	const path = "/tmp/w1/home/Hand-in José Álvarez 2026-12-07.course-hand-in"
	const code = "3F2A-9C01-B7E4"
	long := "/home/ann/Documents/" + strings.Repeat("Hand-in ", 12) + "x.course-hand-in"
	for pad := range 80 {
		var out bytes.Buffer
		p := &printer{out: &out, eol: "\n"}
		lead := strings.Repeat("a", pad%20) + strings.Repeat(" a", pad/2)
		p.say(lead+" Saved your hand-in as "+whole(path)+".",
			lead+" Your certificate's verification code is "+code+".",
			lead+" Here is a hand-in.",
			"Saved as "+whole(long)+".")
		got := out.String()
		for _, want := range []string{path, code, "hand-in.", long} {
			if !strings.Contains(got, want) {
				t.Fatalf("%q is broken across lines:\n%s", want, got)
			}
		}
		for l := range strings.SplitSeq(got, "\n") {
			if strings.HasSuffix(l, "-") {
				t.Fatalf("a line breaks at a hyphen:\n%s", got)
			}
		}
	}
}

// TestContentsTypedAtALessonListsThem: contents typed while reading a
// lesson, or in a quiz, reads the contents out, as asked.
func TestContentsTypedAtALessonListsThem(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Ann Jones")
	out := run(t, c, s, m.Number, "1\ncontents\nquiz 2\ncontents\nquit\n")
	if n := strings.Count(out, "Module 7 of 7,"); n != 3 {
		t.Errorf("the contents were listed %d times, want 3 (at the start, and each time asked for):\n%s", n, out)
	}
}

// TestSearchResultLeadsBackToResults: a lesson opened from a search says
// how to go back to the results, and results does.
func TestSearchResultLeadsBackToResults(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Ann Jones")
	out := run(t, c, s, m.Number, "search trolls\n2\nhelp\nresults\n1\nresults\nquit\n")
	if n := strings.Count(out, "Search for trolls:"); n != 3 {
		t.Errorf("the results were read %d times, want 3:\n%s", n, out)
	}
	for _, want := range []string{"type results to go back to the search results", "results: go back to the search results."} {
		if !strings.Contains(out, want) {
			t.Errorf("the lesson does not say %q:\n%s", want, out)
		}
	}
}

// TestReviewAndQuizAtALesson: review and quiz work at a lesson as at the
// contents, with a module's number or for the module being read; with
// nothing to review, the lesson stays.
func TestReviewAndQuizAtALesson(t *testing.T) {
	c := contenttest.Course(t)
	s, clk := transcriptStore(t)
	m := progresstest.AddMember(t, s, "Ann Jones")
	pass(t, c, s, m.Number, c.Modules[0])
	out := transcript(t, c, s, clk, m.Number, "2", "review 1", "done", "2", "review", "quiz 3", "quit")
	for _, want := range []string{"Review of the module 1 quiz", "There is no finished attempt to review yet", "Module 3 quiz, "} {
		if !strings.Contains(out, want) {
			t.Errorf("the transcript does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "is not something you can do here") {
		t.Errorf("review or quiz was refused at a lesson:\n%s", out)
	}
}

// TestFullScreenAdviceWhenTheEnvironmentAsks: when $ACCESSIBLE starts the
// plain text course, how to take the full-screen course says to unset it.
func TestFullScreenAdviceWhenTheEnvironmentAsks(t *testing.T) {
	c := contenttest.Course(t)
	for _, fromEnvironment := range []bool{false, true} {
		s := progresstest.NewStore(t)
		m := progresstest.AddMember(t, s, "Ann Jones")
		if err := s.SetLastMember(m.Number); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		// Chosen on one's own computer (Member is not given), where the
		// command line decides which course starts.
		err := Run(context.Background(), Options{In: strings.NewReader("\nfull screen\nquit\n"), Out: &out, Course: c, Store: s,
			Rand: rand.New(rand.NewPCG(1, 2)), FromEnvironment: fromEnvironment})
		if err != nil {
			t.Fatal(err)
		}
		said := squeeze(out.String())
		if !strings.Contains(said, squeeze("run course without --accessible")) {
			t.Fatalf("full screen gave no advice:\n%s", out.String())
		}
		if got := strings.Contains(said, squeeze("remove the setting ACCESSIBLE from your environment")); got != fromEnvironment {
			t.Errorf("with ACCESSIBLE set %v, the advice speaks of it: %v\n%s", fromEnvironment, got, out.String())
		}
	}
}

// TestInterruptSaysHowToCarryOn: interrupted on one's own computer
// (ctrl+c), the course says the answers are saved and how to carry on.
func TestInterruptSaysHowToCarryOn(t *testing.T) {
	c := contenttest.Course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Ann Jones")
	in, w := io.Pipe()
	defer w.Close()
	var out syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Options{In: in, Out: &out, Course: c, Store: s, Member: m.Number, CarryOn: "course --accessible"})
	}()
	for !strings.Contains(out.String(), "help for more.") {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run returned %v, want context.Canceled", err)
	}
	if want := "Stopped. Your answers are saved. Type course --accessible to carry on where you left off."; !strings.Contains(squeeze(out.String()), squeeze(want)) {
		t.Errorf("the course does not say %q:\n%s", want, out.String())
	}
}

// TestSameReasonIsSaidOnce: right answers that share a reason are named
// together before it, not each before the same words.
func TestSameReasonIsSaidOnce(t *testing.T) {
	got := rightReasons([]quiz.Option{
		{Text: "Their ability.", Correct: true, Feedback: "A range of ability and frequency of use."},
		{Text: "How often they use it.", Correct: true, Feedback: "A range of ability and frequency of use."},
		{Text: "Reading leaflets.", Correct: true, Feedback: "Less likely to read leaflets."},
	})
	want := []string{"Why Their ability and How often they use it: A range of ability and frequency of use.", "Why Reading leaflets: Less likely to read leaflets."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("reasons:\n got %q\nwant %q", got, want)
	}
	if got := rightReasons([]quiz.Option{{Text: "Blogs.", Correct: true, Feedback: "Named."}}); len(got) != 1 || got[0] != "Why: Named." {
		t.Errorf("one right answer's reason = %q, want Why: Named.", got)
	}
}

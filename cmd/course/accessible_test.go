//go:build !windows

package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"course/content"
	"course/internal/modules"
	"course/internal/quiz"
)

// transcript drives the accessible course in a pseudo-terminal a line at a
// time, as a screen reader's user would.
type transcript struct {
	t      *testing.T
	tty    *os.File
	mu     sync.Mutex
	out    bytes.Buffer
	from   int // where the next wait starts reading
	wake   chan struct{}
	course *modules.Course
}

func startTranscript(t *testing.T, env ...string) (*transcript, *exec.Cmd) {
	bin := courseBinary(t)
	c, err := modules.Load(content.FS, content.Root)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--accessible")
	cmd.Env = append(os.Environ(), append([]string{"COURSE_DB=" + filepath.Join(t.TempDir(), "records.db"), "TERM=xterm-256color"}, env...)...)
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 80, Rows: 24})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	tr := &transcript{t: t, tty: tty, wake: make(chan struct{}), course: c}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			tr.mu.Lock()
			tr.out.Write(buf[:n])
			close(tr.wake)
			tr.wake = make(chan struct{})
			tr.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return tr, cmd
}

// waitFor waits for the first of wants to appear after the last wait, and
// returns which, with the text up to its end.
func (tr *transcript) waitFor(wants ...string) (string, string) {
	tr.t.Helper()
	timer := time.NewTimer(ptyBound)
	defer timer.Stop()
	for {
		tr.mu.Lock()
		got, wake := strings.ReplaceAll(tr.out.String()[tr.from:], "\r\n", "\n"), tr.wake
		best, at := "", -1
		for _, w := range wants {
			if i := strings.Index(got, w); i >= 0 && (at < 0 || i < at) {
				best, at = w, i
			}
		}
		if at >= 0 {
			// Advance by the raw bytes up to the match's end.
			raw := tr.out.String()[tr.from:]
			n := len(strings.ReplaceAll(got[:at+len(best)], "\n", "\r\n"))
			tr.from += min(n, len(raw))
			tr.mu.Unlock()
			return best, got[:at+len(best)]
		}
		tr.mu.Unlock()
		select {
		case <-wake:
		case <-timer.C:
			tr.t.Fatalf("the transcript did not say any of %q within %v; after the last wait it says:\n%s", wants, ptyBound, got)
		}
	}
}

func (tr *transcript) typeLine(s string) {
	tr.t.Helper()
	if _, err := tr.tty.Write([]byte(s + "\r")); err != nil {
		tr.t.Fatal(err)
	}
}

// rightAnswer finds the question a block of transcript asks, by its
// options, and says the numbers of its right answers as shown.
func rightAnswer(c *modules.Course, block string) (string, bool) {
	joined := strings.Join(strings.Fields(block), " ")
	for _, q := range c.Questions() {
		at := map[int]int{}
		for i, o := range q.Options {
			j := strings.Index(joined, strings.Join(strings.Fields(o.Text), " "))
			if j < 0 {
				break
			}
			at[i] = j
		}
		if len(at) != len(q.Options) {
			continue
		}
		order := make([]int, len(q.Options))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return at[a] - at[b] })
		var nums []string
		for pos, authored := range order {
			if q.Options[authored].Correct {
				nums = append(nums, fmt.Sprint(pos+1))
			}
		}
		return strings.Join(nums, ","), q.Kind == quiz.Multiple || len(nums) == 1
	}
	return "", false
}

// answerQuiz answers n questions rightly, checking each is announced.
func (tr *transcript) answerQuiz(title string, n int) {
	tr.t.Helper()
	for k := 1; k <= n; k++ {
		tr.waitFor(fmt.Sprintf("%s. Question %d of %d.", title, k, n))
		_, block := tr.waitFor("Type the number of your answer, or help.", "Type the numbers of every answer")
		answer, ok := rightAnswer(tr.course, block)
		if !ok {
			tr.t.Fatalf("no question in the course matches:\n%s", block)
		}
		tr.typeLine(answer)
		if got, _ := tr.waitFor("Correct.", "Not correct."); got != "Correct." {
			tr.t.Fatalf("%s question %d: the right answer %s was marked %q", title, k, answer, got)
		}
		next := "your results"
		if k < n {
			next = fmt.Sprintf("question %d of %d", k+1, n)
		}
		tr.waitFor("Press enter for " + next + ",")
		tr.typeLine("")
	}
}

// TestAccessibleWholeCourse takes every module, the certificate, a review,
// a search and a refresher in the accessible course, a line at a time in a
// terminal: nothing it prints may move the cursor, colour text or draw
// boxes, and every position is announced.
func TestAccessibleWholeCourse(t *testing.T) {
	tr, cmd := startTranscript(t)
	c := tr.course
	tr.waitFor("Your full name (required).")
	tr.typeLine("Ann Jones")
	for range 4 {
		tr.typeLine("")
	}
	tr.waitFor("Registered.")
	for _, mod := range c.Modules {
		tr.waitFor("Contents.")
		tr.waitFor("help for more.")
		tr.typeLine(fmt.Sprint(mod.Number))
		for p := 1; ; p++ {
			tr.waitFor(fmt.Sprintf("Module %d of %d, %s. Page %d of ", mod.Number, len(c.Modules), mod.Title, p))
			got, _ := tr.waitFor("Press enter for the next page", "Press enter to take this module's quiz")
			tr.typeLine("")
			if got != "Press enter for the next page" {
				break
			}
		}
		tr.answerQuiz(fmt.Sprintf("Module %d quiz, %s", mod.Number, mod.Title), len(mod.Questions))
		tr.waitFor("Passed. Your result is saved on your record.")
		tr.waitFor("Type review to go through your answers")
		if mod.Number == len(c.Modules) {
			tr.waitFor("press enter to hear your certificate.")
		}
		tr.typeLine("")
	}
	tr.waitFor("Certificate.")
	tr.waitFor("Ann Jones")
	tr.waitFor("Verification code: ")
	tr.typeLine("")
	tr.waitFor("help for more.")
	tr.typeLine("review 3")
	tr.waitFor(fmt.Sprintf("Review of the module 3 quiz, %s.", c.Modules[2].Title))
	tr.waitFor("Press enter for question 2 of ")
	tr.typeLine(fmt.Sprint(len(c.Modules[2].Questions)))
	tr.waitFor("End of the review.")
	tr.waitFor("help for more.")
	tr.typeLine("search trolls")
	tr.waitFor("Search for trolls:")
	tr.waitFor("Type a place's number")
	tr.typeLine("1")
	tr.waitFor("Page ")
	tr.typeLine("contents")
	tr.waitFor("help for more.")
	tr.typeLine("refresher")
	tr.answerQuiz("Refresher quiz", 10)
	tr.waitFor("Refresher quiz. Results.")
	tr.typeLine("quit")
	tr.waitFor("Goodbye. Your answers are saved.")
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("course exited with %v", err)
		}
	case <-time.After(ptyBound):
		cmd.Process.Kill()
		t.Fatalf("course did not end within %v of quit", ptyBound)
	}
	tr.mu.Lock()
	out := tr.out.String()
	tr.mu.Unlock()
	if i := strings.IndexByte(out, 0x1b); i >= 0 {
		t.Errorf("the transcript holds an escape sequence: %q", out[max(i-40, 0):min(i+20, len(out))])
	}
decoration:
	for l := range strings.SplitSeq(out, "\n") {
		// A list item's bullet is read out ("bullet"): it is a word to a
		// screen reader, not decoration.
		for _, r := range strings.TrimPrefix(l, "• ") {
			if (r >= 0x2500 && r <= 0x259f) || strings.ContainsRune("›✓✗•", r) {
				t.Errorf("the transcript holds a box-drawing or decorative character %q", r)
				break decoration
			}
		}
	}
	for l := range strings.SplitSeq(strings.ReplaceAll(out, "\r\n", "\n"), "\n") {
		if w := len([]rune(l)); w > 80 {
			t.Errorf("a line is %d characters wide, over the terminal's 80: %q", w, l)
			break
		}
	}
}

// TestAccessibleInterrupted: ctrl+c in the accessible course says that
// the answers are saved and how to carry on, not that the course was
// "interrupted", and the exit status says it was.
func TestAccessibleInterrupted(t *testing.T) {
	tr, cmd := startTranscript(t)
	tr.waitFor("Your full name (required).")
	tr.typeLine("Ann Jones")
	for range 4 {
		tr.typeLine("")
	}
	tr.waitFor("help for more.")
	if _, err := tr.tty.Write([]byte{0x03}); err != nil {
		t.Fatal(err)
	}
	_, said := tr.waitFor("left off.")
	if want := "Stopped. Your answers are saved. Type " + cmd.Path + " --accessible to carry on where you left off."; !strings.Contains(strings.Join(strings.Fields(said), " "), want) {
		t.Errorf("ctrl+c does not say %q:\n%s", want, said)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupt {
			t.Errorf("course exited with %v, want status %d", err, exitInterrupt)
		}
	case <-time.After(ptyBound):
		cmd.Process.Kill()
		t.Fatalf("course did not end within %v of ctrl+c", ptyBound)
	}
	tr.mu.Lock()
	out := tr.out.String()
	tr.mu.Unlock()
	if strings.Contains(out, "interrupted") {
		t.Errorf("ctrl+c is reported in technical words:\n%s", out)
	}
}

// TestDumbTerminalOffersAccessible: TERM=dumb says how to start the
// accessible course rather than start a full-screen one it cannot show,
// giving back the whole command, with the record file chosen.
func TestDumbTerminalOffersAccessible(t *testing.T) {
	bin := courseBinary(t)
	db := filepath.Join(t.TempDir(), "Ann's records", "records.db")
	cmd := exec.Command(bin, "--db", db)
	cmd.Env = append(os.Environ(), "TERM=dumb", "ACCESSIBLE=")
	tty, err := pty.Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	var out bytes.Buffer
	buf := make([]byte, 4096)
	for {
		n, err := tty.Read(buf)
		out.Write(buf[:n])
		if err != nil {
			break
		}
	}
	err = cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitUsage {
		t.Errorf("exit = %v, want %d", err, exitUsage)
	}
	if want := bin + " --db '" + strings.ReplaceAll(db, "'", `'\''`) + "' --accessible"; !strings.Contains(out.String(), want) {
		t.Errorf("TERM=dumb did not offer %s:\n%s", want, out.String())
	}
}

// TestAccessibleCommand: the command given back is the one typed, quoted
// as a shell reads it, with --accessible before any end of flags.
func TestAccessibleCommand(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "course --accessible"},
		{[]string{"course"}, "course --accessible"},
		{[]string{"./course", "--db", "/srv/course/records.db", "refresher"}, "./course --db /srv/course/records.db refresher --accessible"},
		{[]string{"course", "--content", "My Council"}, "course --content 'My Council' --accessible"},
		{[]string{"course", "--db", "/home/ann/Ann's.db"}, `course --db '/home/ann/Ann'\''s.db' --accessible`},
		{[]string{"course", "--db", "$HOME/x.db", "--", "extra"}, "course --db '$HOME/x.db' --accessible -- extra"},
	} {
		if got := accessibleCommand(c.args); got != c.want {
			t.Errorf("accessibleCommand(%q) = %s, want %s", c.args, got, c.want)
		}
	}
}

// TestAccessibleFromEnvironment: ACCESSIBLE=0 (or false, no, off) turns the
// plain text course off, as people who write it mean.
func TestAccessibleFromEnvironment(t *testing.T) {
	for value, want := range map[string]bool{"": false, "0": false, "false": false, "No": false, "off": false, "1": true, "yes": true, "true": true} {
		t.Setenv("ACCESSIBLE", value)
		if got := accessibleFromEnvironment(); got != want {
			t.Errorf("ACCESSIBLE=%q: %v, want %v", value, got, want)
		}
	}
}

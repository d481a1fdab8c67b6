//go:build !windows

package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
)

// ptyBound is how long the terminal test waits for the program to show
// something or to quit: generous, so that only a hang fails it.
const ptyBound = 2 * time.Minute

// TestInTerminal runs the program in a pseudo-terminal that, like some real
// ones, never answers the program's colour queries: the course must still
// start at once, respond to keys and quit cleanly.
func TestInTerminal(t *testing.T) {
	bin := courseBinary(t)
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "COURSE_DB="+filepath.Join(t.TempDir(), "records.db"), "TERM=xterm-256color")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 80, Rows: 24})
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	// The reader appends what the terminal shows and wakes waitFor after
	// every read, so the test waits for the words, not for a time.
	var mu sync.Mutex
	var screen bytes.Buffer
	changed := make(chan struct{})
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			mu.Lock()
			screen.Write(buf[:n])
			close(changed)
			changed = make(chan struct{})
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	waitFor := func(want string) {
		t.Helper()
		timer := time.NewTimer(ptyBound)
		defer timer.Stop()
		for {
			mu.Lock()
			got, wake := ansi.Strip(screen.String()), changed
			mu.Unlock()
			// Lines may be wrapped to the terminal: compare the words.
			if strings.Contains(strings.Join(strings.Fields(got), " "), want) {
				return
			}
			select {
			case <-wake:
			case <-timer.C:
				t.Fatalf("the terminal did not show %q within %v; it shows:\n%s", want, ptyBound, got)
			}
		}
	}
	waitFor("Who is taking the course?")
	if _, err := tty.Write([]byte("\r")); err != nil {
		t.Fatal(err)
	}
	waitFor("Register")
	if _, err := tty.Write([]byte{3}); err != nil { // ctrl+c
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("course exited with %v", err)
		}
	case <-time.After(ptyBound):
		cmd.Process.Kill()
		t.Fatalf("course did not quit within %v of ctrl+c", ptyBound)
	}
	// The screen it cleared is not left without a word, and the command
	// to start again is the program as it was run.
	waitFor("Nothing was saved: nobody was chosen. Type " + bin + " to start again.")
}

// TestMembersImportProgress imports with stderr on a terminal: a large
// roster shows its progress there on one line, which is cleared at the end;
// a small one shows nothing.
func TestMembersImportProgress(t *testing.T) {
	db := recordsIn(t)
	for _, tt := range []struct {
		rows int
		want []string
	}{
		{progressRows, nil},
		{progressRows + 1000, []string{"\rImporting members: 0 of 6,000…\x1b[K", "\rImporting members: 1,000 of 6,000…\x1b[K",
			"\rImporting members: 6,000 of 6,000…\x1b[K\r\x1b[2K"}},
	} {
		ptmx, tty, err := pty.Open()
		if err != nil {
			t.Fatal(err)
		}
		shown := make(chan string)
		go func() {
			got, _ := io.ReadAll(ptmx) // Ends when tty is closed.
			shown <- string(got)
		}()
		bigRoster(t, "roster.csv", tt.rows)
		cmd := newRootCmd()
		var out bytes.Buffer
		cmd.SetOut(&out)
		cmd.SetErr(tty)
		cmd.SetArgs([]string{"--db", db, "members", "import", "roster.csv"})
		err = cmd.Execute()
		tty.Close()
		got := <-shown
		ptmx.Close()
		if err != nil || !strings.Contains(out.String(), " added, ") {
			t.Fatalf("import of %d rows: %v\n%s", tt.rows, err, out.String())
		}
		if tt.want == nil && got != "" {
			t.Errorf("a roster of %d rows showed %q on the terminal", tt.rows, got)
		}
		for _, want := range tt.want {
			if !strings.Contains(got, want) {
				t.Errorf("the terminal did not show %q; it showed %q", want, got)
			}
		}
		if tt.want != nil && !strings.HasSuffix(got, "\r\x1b[2K") {
			t.Errorf("the progress line was not cleared at the end: %q", got)
		}
	}
}

// TestMembersEraseAsksOnATerminal: on a terminal, erase shows whose details
// go and erases only when their member number is typed.
func TestMembersEraseAsksOnATerminal(t *testing.T) {
	db := recordsIn(t)
	number := addedMember(t, db, "Llŷr Ŵynne")
	erase := func(typed string) (string, error) {
		t.Helper()
		ptmx, tty, err := pty.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer ptmx.Close()
		shown := make(chan string)
		go func() {
			got, _ := io.ReadAll(ptmx) // Ends when tty is closed.
			shown <- string(got)
		}()
		if _, err := ptmx.Write([]byte(typed + "\r")); err != nil {
			t.Fatal(err)
		}
		cmd := newRootCmd()
		cmd.SetIn(tty)
		cmd.SetOut(tty)
		cmd.SetErr(tty)
		cmd.SetArgs([]string{"--db", db, "members", "erase", number, "--reason", "left the council"})
		err = cmd.Execute()
		tty.Close()
		return <-shown, err
	}
	for _, typed := range []string{"", "M00000000", "y"} {
		got, err := erase(typed)
		if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "nothing was erased") {
			t.Errorf("typing %q: %q", typed, msg)
		}
		if !strings.Contains(got, "Name:  Llŷr Ŵynne") || !strings.Contains(got, "To erase them, type their number ("+number+")") {
			t.Errorf("typing %q, the terminal showed:\n%s", typed, got)
		}
		if rows := listedMembers(t, db); rowNamed(rows, "Llŷr Ŵynne") == nil {
			t.Fatalf("typing %q erased the member", typed)
		}
	}
	got, err := erase(strings.ToLower(number))
	if err != nil || !strings.Contains(got, "Erased the personal details of member "+number) {
		t.Fatalf("typing the number: %v\n%s", err, got)
	}
	if rowNamed(listedMembers(t, db), "Llŷr Ŵynne") != nil {
		t.Error("the member is still there")
	}
}

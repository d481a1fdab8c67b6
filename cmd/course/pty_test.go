//go:build !windows

package main

import (
	"bytes"
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
	var mu sync.Mutex
	var screen bytes.Buffer
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			mu.Lock()
			screen.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	waitFor := func(want string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			mu.Lock()
			got := ansi.Strip(screen.String())
			mu.Unlock()
			if strings.Contains(got, want) {
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
		t.Fatalf("the terminal never showed %q", want)
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
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("course did not quit on ctrl+c")
	}
}

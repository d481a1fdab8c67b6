//go:build !windows

package main

import (
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
)

// TestRemindFitsANarrowTerminal: what a run of reminders says about the
// members it leaves out is wrapped by words to the terminal's width, not
// broken in the middle of one by the terminal.
func TestRemindFitsANarrowTerminal(t *testing.T) {
	db := recordsIn(t)
	addedMember(t, db, "Ann Lee") // no email address
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	const width = 50
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: width, Rows: 24}); err != nil {
		t.Fatal(err)
	}
	shown := make(chan string)
	go func() {
		got, _ := io.ReadAll(ptmx) // Ends when tty is closed.
		shown <- string(got)
	}()
	cmd := newRootCmd()
	cmd.SetOut(tty)
	cmd.SetErr(tty)
	cmd.SetArgs([]string{"--db", db, "remind", "--dry-run"})
	err = cmd.Execute()
	tty.Close()
	got := strings.ReplaceAll(<-shown, "\r\n", "\n")
	ptmx.Close()
	if err != nil || !strings.Contains(got, "no email") {
		t.Fatalf("remind --dry-run (%v):\n%s", err, got)
	}
	for line := range strings.SplitSeq(got, "\n") {
		// A word wider than the terminal, such as a path, is kept whole.
		if ansi.StringWidth(line) > width && strings.Contains(strings.TrimSpace(line), " ") {
			t.Errorf("a line wider than the terminal's %d columns: %q", width, line)
		}
	}
}

//go:build !windows

package main

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"
)

// inTerminal runs a command line with its output and error output on a
// terminal width columns wide, and returns what the terminal shows.
func inTerminal(t *testing.T, width int, args ...string) string {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Cols: uint16(width), Rows: 24}); err != nil {
		t.Fatal(err)
	}
	shown := make(chan string)
	go func() {
		got, _ := io.ReadAll(ptmx) // Ends when tty is closed.
		shown <- string(got)
	}()
	runCommandLine(t.Context(), withStreams(tty), args, tty)
	tty.Close()
	got := strings.ReplaceAll(<-shown, "\r\n", "\n")
	ptmx.Close()
	return got
}

// withStreams is the command line with its output on w.
func withStreams(w *os.File) *cobra.Command {
	cmd := newRootCmd()
	cmd.SetOut(w)
	cmd.SetErr(w)
	return cmd
}

// fitsWidth fails the test when a line of shown is wider than width
// columns, or a word in whole is not on one line.
func fitsWidth(t *testing.T, width int, what, shown string, whole ...string) {
	t.Helper()
	for line := range strings.SplitSeq(shown, "\n") {
		if ansi.StringWidth(line) > width {
			t.Errorf("%s: a line wider than the terminal's %d columns: %q", what, width, line)
		}
	}
	for _, w := range whole {
		if !strings.Contains(shown, w) {
			t.Errorf("%s: %q is not whole on one line:\n%s", what, w, shown)
		}
	}
}

// TestMessagesFitTheTerminal: what the officer's commands say fits a
// terminal of 80 columns, with codes and numbers whole, and the data they
// write is not wrapped.
func TestMessagesFitTheTerminal(t *testing.T) {
	const width = 80
	f := newRecordsFixture(t)
	t.Chdir(filepath.Dir(f.path))
	ann := f.members["Ann"].Number
	db := []string{"--db", f.path}

	out := inTerminal(t, width, append(db, "certificate", ann, "--out", "ann.pdf")...)
	code := regexp.MustCompile(`[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}`).FindString(out)
	if code == "" {
		t.Fatalf("certificate said:\n%s", out)
	}
	fitsWidth(t, width, "certificate", out, ann, "ann.pdf.")
	fitsWidth(t, width, "verify --certificate", inTerminal(t, width, append(db, "verify", "--certificate", code)...), code, ann)

	if err := os.WriteFile("roster.ods", []byte("PK\x03\x04opendocument.spreadsheet"), 0o600); err != nil {
		t.Fatal(err)
	}
	fitsWidth(t, width, "members import", inTerminal(t, width, append(db, "members", "import", "roster.ods")...), "LibreOffice", `"CSV UTF-8 (Comma delimited)"`)
	added := inTerminal(t, width, append(db, "members", "add", "--name", "Gwŷn Ap-Rhys", "--ward", "Abbey")...)
	number := regexp.MustCompile(`member (M[0-9A-Z]{8})`).FindStringSubmatch(added)
	if number == nil {
		t.Fatalf("members add said:\n%s", added)
	}
	fitsWidth(t, width, "members add", added, "Gwŷn Ap-Rhys")
	fitsWidth(t, width, "members erase", inTerminal(t, width, append(db, "members", "erase", number[1], "--reason", "left the council May 2025, request 2025/17", "--yes")...), number[1])
	fitsWidth(t, width, "export", inTerminal(t, width, append(db, "export", "--out", "attempts.csv")...), "attempts.csv.")
	fitsWidth(t, width, "backup", inTerminal(t, width, append(db, "backup", "--out", "copy.db")...), "copy.db.")
	report := inTerminal(t, width, append(db, "report")...)
	fitsWidth(t, width, "report", report, ann)
	fitsWidth(t, width, "report --format xlsx", inTerminal(t, width, append(db, "report", "--format", "xlsx", "--out", "report.xlsx")...), "report.xlsx.")
	fitsWidth(t, width, "validate", inTerminal(t, width, "validate"))

	// Data shown on a terminal is as it is in a file: a CSV row is not
	// broken at its spaces.
	csv := inTerminal(t, width, append(db, "report", "--format", "json")...)
	if !strings.Contains(csv, `"name": "Ann Adams"`) && !strings.Contains(csv, `"name":"Ann Adams"`) {
		t.Errorf("report --format json on a terminal:\n%s", csv)
	}

	// Altered records: the warning fits too.
	deleteNewestEvent(t, f.path)
	fitsWidth(t, width, "export of altered records", inTerminal(t, width, append(db, "export", "--out", "again.csv")...), "again.csv.")
}

// TestServedMessagesFitTheTerminal: over SSH with a terminal (ssh -t) of
// 80 columns, the report's table and every message fit it; without one,
// the report is a table of 80 columns and messages are one line each.
func TestServedMessagesFitTheTerminal(t *testing.T) {
	const width = 80
	f := newRecordsFixture(t)
	ann := f.members["Ann"].Number
	certificate := mustRun(t, "--db", f.path, "certificate", ann, "--out", filepath.Join(t.TempDir(), "ann.pdf"))
	code := regexp.MustCompile(`[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}`).FindString(certificate)
	s := startServe(t, f.path)
	withTerminal := func(command string) string {
		t.Helper()
		c, err := gossh.Dial("tcp", s.addr, &gossh.ClientConfig{User: "officer", Auth: []gossh.AuthMethod{gossh.PublicKeys(s.officer)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey()})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		if err := sess.RequestPty("xterm", 24, width, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		got, _ := sess.CombinedOutput(command)
		return strings.ReplaceAll(string(got), "\r\n", "\n")
	}
	report := withTerminal("report")
	if !strings.Contains(report, "Ann Adams") {
		t.Fatalf("report over ssh -t:\n%s", report)
	}
	fitsWidth(t, width, "report over ssh -t", report, ann)
	fitsWidth(t, width, "verify --certificate over ssh -t", withTerminal("verify --certificate "+code), code, ann)
	fitsWidth(t, width, "a refused command over ssh -t", withTerminal("members add --name Eve Brown"), "'Eve Brown'")

	report, _, _ = s.run(s.officer, nil, "report")
	fitsWidth(t, width, "report over ssh", report, ann)
	_, errOut, _ := s.run(s.officer, nil, "members add --name Eve Brown")
	if !strings.Contains(errOut, "put the whole command in double quotes and the words with spaces in single quotes, for example:") {
		t.Errorf("messages over ssh without a terminal are wrapped:\n%s", errOut)
	}
}

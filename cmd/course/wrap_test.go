package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestWrapMessageKeepsWordsWhole: a message is broken only at its spaces:
// a code, a member's number, a path or a flag is never split, even when it
// is wider than the terminal, and a line's indent is kept on the lines it
// wraps onto.
func TestWrapMessageKeepsWordsWhole(t *testing.T) {
	long := "/srv/course/records/" + strings.Repeat("x", 40) + "/records.db"
	msg := "Wrote the certificate of Ann Lee (member M0DZ8C5BB, verification code 6A52-ABB5-D13D) to " + long + "."
	for width := 10; width <= 100; width++ {
		got := wrapMessage(msg, width)
		if strings.Join(strings.Fields(got), " ") != msg {
			t.Fatalf("at %d columns the words changed:\n%s", width, got)
		}
		for _, whole := range []string{"M0DZ8C5BB,", "6A52-ABB5-D13D)", long + "."} {
			if !strings.Contains(got, whole) {
				t.Errorf("at %d columns %q is split:\n%s", width, whole, got)
			}
		}
		for line := range strings.SplitSeq(got, "\n") {
			if len([]rune(line)) > width && strings.Contains(line, " ") {
				t.Errorf("at %d columns a line could have been broken at a space: %q", width, line)
			}
		}
	}
	got := wrapMessage("  M4K7Q2ZP9 Siân Jones (no email address: add one with members add)", 30)
	want := "  M4K7Q2ZP9 Siân Jones (no\n  email address: add one with\n  members add)"
	if got != want {
		t.Errorf("an indented line wraps as\n%s\nwant\n%s", got, want)
	}
}

// TestMessageWriterWrapsWhatComesInPieces: a line written in pieces is
// wrapped as one line, and a prompt is written at once, with its space,
// so that it shows before the answer is read.
func TestMessageWriterWrapsWhatComesInPieces(t *testing.T) {
	var b bytes.Buffer
	w := &messageWriter{w: &b, width: func() int { return 40 }}
	fmt.Fprint(w, "The hand-in file (SHA-256 ab12) was merged into these records")
	fmt.Fprint(w, " on 7 December 2026 at 10:04")
	fmt.Fprintln(w, " by officer key SHA256:abcdef.")
	want := "The hand-in file (SHA-256 ab12) was\nmerged into these records on 7 December\n2026 at 10:04 by officer key\nSHA256:abcdef.\n"
	if b.String() != want {
		t.Errorf("pieces wrapped as\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	fmt.Fprint(w, "To erase them, type their number (M4K7Q2ZP9); to stop, press enter: ")
	if want := "To erase them, type their number\n(M4K7Q2ZP9); to stop, press enter: "; b.String() != want {
		t.Errorf("a prompt is written as %q, want %q", b.String(), want)
	}
	// The terminal shows the answer and the Enter that ends it.
	answered(w)
	b.Reset()
	fmt.Fprintln(w, "Erased the personal details of member M4K7Q2ZP9.")
	if want := "Erased the personal details of member\nM4K7Q2ZP9.\n"; b.String() != want {
		t.Errorf("after an answer, a message is written as %q, want %q", b.String(), want)
	}
}

// TestDataIsNotWrapped: what is written as data reaches the output as it
// is, and messages to what is not a terminal are not wrapped.
func TestDataIsNotWrapped(t *testing.T) {
	var b bytes.Buffer
	if messages(&b) != &b {
		t.Error("messages to a buffer, which is not a terminal, would be wrapped")
	}
	line := strings.Repeat("M0DZ8C5BB,Ann Lee,ann@example.org,Abbey ", 4)
	m := messages(servedOutput{&b, func() int { return 80 }})
	fmt.Fprintln(dataWriter(m), line)
	if b.String() != line+"\n" {
		t.Errorf("data written through dataWriter changed:\n%s", b.String())
	}
}

// TestWrapMessageKeepsCommandsWhole: a command in quotes, and the command
// that reaches the server, are kept on one line when they fit on one.
func TestWrapMessageKeepsCommandsWhole(t *testing.T) {
	msg := "Over SSH, put the whole command in double quotes, for example: ssh -p 2222 course.example.gov.uk \"members add --name 'Eve Brown'\". " +
		"Run 'ssh -p 2222 course.example.gov.uk members list' to see everyone (the officer's list)."
	for width := 50; width <= 100; width++ {
		got := wrapMessage(msg, width)
		if strings.Join(strings.Fields(got), " ") != msg {
			t.Fatalf("at %d columns the words changed:\n%s", width, got)
		}
		for _, whole := range []string{"ssh -p 2222 course.example.gov.uk", `"members add --name 'Eve Brown'".`, "'ssh -p 2222 course.example.gov.uk members list'"} {
			if !strings.Contains(got, whole) {
				t.Errorf("at %d columns %q is split:\n%s", width, whole, got)
			}
		}
		for line := range strings.SplitSeq(got, "\n") {
			if len(line) > width {
				t.Errorf("at %d columns a line is wider: %q", width, line)
			}
		}
	}
	// A quotation too wide for a line is broken at its spaces, and a quote
	// that is not closed holds nothing together.
	if got := wrapMessage("Run 'course members list --status not-started' now.", 30); got != "Run 'course members list\n--status not-started' now." {
		t.Errorf("a quotation wider than the line:\n%s", got)
	}
	if got := wrapMessage("The 'name column is missing from the roster.", 20); got != "The 'name column is\nmissing from the\nroster." {
		t.Errorf("a quote not closed:\n%s", got)
	}
}

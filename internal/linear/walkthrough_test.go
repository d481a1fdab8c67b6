package linear

import (
	"bytes"
	"strings"
	"testing"
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

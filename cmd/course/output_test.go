package main

import (
	"strings"
	"testing"
)

// TestWrapMessageKeepsFlagsWhole: a message wrapped to a narrow terminal
// never breaks a flag or a hyphenated name at its hyphen.
func TestWrapMessageKeepsFlagsWhole(t *testing.T) {
	msg := "course remind: course.yaml names no mail server, so nothing can be sent. Add a mail: section, or give --dry-run to read the messages to Gwŷn Ap-Rhys."
	for width := 20; width <= 80; width++ {
		got := wrapMessage(msg, width)
		if strings.Join(strings.Fields(got), " ") != msg {
			t.Fatalf("at %d columns the words changed:\n%s", width, got)
		}
		for line := range strings.SplitSeq(got, "\n") {
			if strings.HasSuffix(line, "-") || strings.HasPrefix(line, "dry-run") || strings.HasPrefix(line, "Rhys") {
				t.Errorf("at %d columns a word is broken at its hyphen:\n%s", width, got)
				break
			}
		}
	}
}

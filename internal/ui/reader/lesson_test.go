package reader

import (
	"course/content/contenttest"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestReflowJoinsWhatTheAuthorBroke(t *testing.T) {
	in := "## Heading\nA paragraph\nover two lines.\n\n- An item\n  over two lines\n- Another\n\n> A quote\n> over two.\n\nHard break  \nkept.\n\n```\ncode\nlines\n```\n| a | b |\n| - | - |\n"
	want := "## Heading\nA paragraph over two lines.\n\n- An item over two lines\n- Another\n\n> A quote over two.\n\nHard break  \nkept.\n\n```\ncode\nlines\n```\n| a | b |\n| - | - |\n"
	if got := reflow(in); got != want {
		t.Errorf("reflow:\n%s\nwant:\n%s", got, want)
	}
}

// TestLessonLayout: at 60 columns a bullet's wrapped lines sit under its
// text, nothing is wider than the window, and no "##" shows.
func TestLessonLayout(t *testing.T) {
	md := "## Welcome\n\n- A bullet item that is long enough to need wrapping at sixty\n  columns, and then some more words to be sure.\n1. A numbered item that is also long enough to wrap at sixty columns wide.\n"
	out := ansi.Strip(Render(contenttest.Course(t), md, 60, true))
	if strings.Contains(out, "##") {
		t.Errorf("heading marks show:\n%s", out)
	}
	lines := strings.Split(out, "\n")
	bullet, number := -1, -1
	for i, l := range lines {
		if ansi.StringWidth(l) > 60 {
			t.Errorf("line %d is %d cells wide: %q", i, ansi.StringWidth(l), l)
		}
		switch t := strings.TrimSpace(l); {
		case strings.HasPrefix(t, "• "):
			bullet = i
		case strings.HasPrefix(t, "1. "):
			number = i
		}
	}
	if bullet < 0 || number < 0 {
		t.Fatalf("no items:\n%s", out)
	}
	at := func(i int) int { return len(lines[i]) - len(strings.TrimLeft(lines[i], " ")) }
	if got, want := at(bullet+1), at(bullet)+2; got != want {
		t.Errorf("a bullet's second line starts at %d, want %d (under its text):\n%s", got, want, out)
	}
	if got, want := at(number+1), at(number)+3; got != want {
		t.Errorf("a numbered item's second line starts at %d, want %d:\n%s", got, want, out)
	}
	if strings.Contains(out, "sixty\n") {
		t.Errorf("the source's line break was kept:\n%s", out)
	}
}

// TestLongQuotesFit: a quote joined from the source's lines is wrapped to
// the window with its bar on every line.
func TestLongQuotesFit(t *testing.T) {
	md := "> Think about it: When did you last share something without checking where it came from? Would you have shared it if your name was on it as the author? (Guidance 4.3)\n"
	for _, width := range []int{50, 60, 78, 98} {
		out := ansi.Strip(Render(contenttest.Course(t), md, width, true))
		for _, l := range strings.Split(out, "\n") {
			if ansi.StringWidth(strings.TrimRight(l, " ")) > width {
				t.Errorf("width %d: line of %d cells: %q", width, ansi.StringWidth(l), l)
			}
			if strings.TrimSpace(l) != "" && !strings.Contains(l, "│") {
				t.Errorf("width %d: a quote line without its bar: %q", width, l)
			}
		}
	}
}

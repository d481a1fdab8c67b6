package textwrap

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// A path longer than the line breaks after a folder's slash, and keeps
// every character, spaces and hyphens too; a name is cut only where it is
// longer than the whole line.
func TestPathKeepsEveryCharacter(t *testing.T) {
	path := "/home/robin/Documents/Hand-in Robin Hart 2026-03-02.course-hand-in"
	for width := 10; width <= 80; width++ {
		got := Path(path, width)
		if joined := strings.ReplaceAll(got, "\n", ""); joined != path {
			t.Errorf("Path at %d loses characters: %q", width, got)
		}
		lines := strings.Split(got, "\n")
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > width || (w < width && i < len(lines)-1 && !strings.HasSuffix(l, "/")) {
				t.Errorf("Path at %d: line of %d cells ends inside a name: %q", width, w, l)
			}
		}
		if width >= 46 && !strings.Contains(got, "Hand-in Robin Hart 2026-03-02.course-hand-in") {
			t.Errorf("Path at %d splits a name that fits on a line:\n%s", width, got)
		}
	}
}

// Lines break only at spaces: a code goes whole to the next line, a word
// longer than a line is cut only when asked, and a non-breaking hyphen the
// text holds stays one.
func TestAtSpaces(t *testing.T) {
	text := "Your code is 3F2A-9C01-B7E4; send C:\\Users\\robin\\Documents\\Hand-in.course-hand-in to the clerk, self\u2011made."
	for width := 15; width <= 60; width++ { // the code and its semicolon fit
		for _, cut := range []bool{false, true} {
			got := AtSpaces(text, width, cut)
			if !strings.Contains(got, "3F2A-9C01-B7E4") || !strings.Contains(got, "self\u2011made") {
				t.Errorf("at %d (cut %v), a hyphen broke a line or was lost:\n%s", width, cut, got)
			}
			long := strings.Contains(got, "C:\\Users\\robin\\Documents\\Hand-in.course-hand-in")
			for _, l := range strings.Split(got, "\n") {
				if w := ansi.StringWidth(l); cut && w > width {
					t.Errorf("at %d, cut, a line of %d cells: %q", width, w, l)
				}
			}
			if !cut && !long {
				t.Errorf("at %d, not cut, the long path was split:\n%s", width, got)
			}
		}
	}
}

package cells

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Wide (CJK, emoji) and combining characters take other numbers of cells
// than runes or bytes: text is measured in cells.
func TestPadRightAndTruncateCountCells(t *testing.T) {
	for _, s := range []string{"李小龍", "Zoe\u0308 Ha\u0308nsel", "Chloé 🙂", "Ana"} {
		if w := ansi.StringWidth(PadRight(s, 20)); w != 20 {
			t.Errorf("PadRight(%q, 20) is %d cells wide", s, w)
		}
		if w := ansi.StringWidth(PadRight(s, 2)); w != ansi.StringWidth(s)+1 {
			t.Errorf("PadRight(%q, 2) is %d cells wide, want the text and one space", s, w)
		}
	}
	if got := Truncate("社交媒体指南社交媒体", 9); got != "社交媒体…" {
		t.Errorf("truncate = %q", got)
	}
	// A combining mark stays with its letter.
	if got := Truncate("Zoe\u0308 Ha\u0308nsel", 4); got != "Zoe\u0308…" {
		t.Errorf("truncate = %q", got)
	}
}

// A code, a member number or a file's name goes whole to the next line:
// wrapping never splits it at a hyphen.
func TestWrapKeepsCodesWhole(t *testing.T) {
	const code = "3F2A-9C01-B7E4"
	text := "You completed the course: your certificate's verification code is " + code + ", and it verifies."
	for width := 20; width <= 90; width++ {
		for name, wrap := range map[string]func(string, int) string{"Wrap": Wrap, "BreakLines": BreakLines} {
			got := wrap(text, width)
			if !strings.Contains(got, code) {
				t.Errorf("%s at %d splits the code:\n%s", name, width, got)
			}
			for _, l := range strings.Split(got, "\n") {
				if w := ansi.StringWidth(l); w > width {
					t.Errorf("%s at %d: line of %d cells: %q", name, width, w, l)
				}
			}
		}
	}
}

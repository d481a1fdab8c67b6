package cells

import (
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

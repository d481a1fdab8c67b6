package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Wide (CJK, emoji) and combining characters take other numbers of cells
// than runes or bytes: text is measured in cells.
var wideNames = []string{"李小龍", "Zoe\u0308 Ha\u0308nsel", "Chloé 🙂", "Ana"}

func TestPadRightAndTruncateCountCells(t *testing.T) {
	for _, s := range wideNames {
		if w := ansi.StringWidth(padRight(s, 20)); w != 20 {
			t.Errorf("padRight(%q, 20) is %d cells wide", s, w)
		}
		if w := ansi.StringWidth(padRight(s, 2)); w != ansi.StringWidth(s)+1 {
			t.Errorf("padRight(%q, 2) is %d cells wide, want the text and one space", s, w)
		}
	}
	if got := truncate("社交媒体指南社交媒体", 9); got != "社交媒体…" {
		t.Errorf("truncate = %q", got)
	}
	// A combining mark stays with its letter.
	if got := truncate("Zoe\u0308 Ha\u0308nsel", 4); got != "Zoe\u0308…" {
		t.Errorf("truncate = %q", got)
	}
}

// cellColumn is the cell at which want starts in line, or -1.
func cellColumn(line, want string) int {
	i := strings.Index(line, want)
	if i < 0 {
		return -1
	}
	return ansi.StringWidth(line[:i])
}

func TestWideNameLinesUpInTheForm(t *testing.T) {
	h := newHarness(t, 80, 24)
	h.press("enter")
	h.typeText("李小龍")
	h.press("tab", "tab")
	h.typeText("Ha\u0308nsel Green")
	h.press("tab")
	values := map[string]string{
		"Name":                     "李小龍",
		"Email":                    "optional",
		"Ward":                     "Ha\u0308nsel Green",
		"Role":                     "(•) councillor",
		"Date elected or co-opted": "optional, e.g.",
	}
	for _, l := range strings.Split(h.screen(), "\n") {
		for label, value := range values {
			if strings.HasPrefix(strings.TrimLeft(l, " ›"), label+"  ") {
				if col := cellColumn(l, value); col != 28 {
					t.Errorf("%s's value starts in column %d, want 28: %q", label, col, l)
				}
				delete(values, label)
			}
		}
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line of %d cells: %q", w, l)
		}
	}
	if len(values) > 0 {
		t.Errorf("fields not shown: %v\n%s", values, h.screen())
	}
}

func TestWideTitlesLineUpOnHome(t *testing.T) {
	c := loadCourse(t)
	c.Modules[0].Title = "社交媒体指南社交媒体指南社交媒体指南社交媒体指南社交媒体"
	c.Modules[1].Title = "Zoe\u0308's page"
	store := openStore(t, filepath.Join(t.TempDir(), "records.db"))
	t.Cleanup(func() { store.Close() })
	h := startWith(t, store, c, 80, 24)
	h.register("李小龍")
	h.contains("李小龍")
	var cols []int
	for _, l := range strings.Split(h.screen(), "\n") {
		if col := cellColumn(l, "· not started"); col >= 0 {
			cols = append(cols, col)
		}
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line of %d cells: %q", w, l)
		}
	}
	if len(cols) != len(c.Modules) {
		t.Fatalf("%d statuses for %d modules:\n%s", len(cols), len(c.Modules), h.screen())
	}
	for _, col := range cols {
		if col != cols[0] {
			t.Errorf("statuses start in columns %v:\n%s", cols, h.screen())
			break
		}
	}
}

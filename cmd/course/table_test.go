package main

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestTermTableFits(t *testing.T) {
	rows := [][]string{
		{"M00000001", "Annabel Lee-Smythe of Northfield", "annabel.lee-smythe@example.gov.uk", "2 of 7"},
		{"M00000002", "Ann Lee", "ann.lee@example.gov.uk", "7 of 7"},
	}
	for _, boxed := range []bool{false, true} {
		for _, truncate := range []bool{false, true} {
			tbl := termTable{headers: []string{"Member", "Name", "Email", "Passed"}, rows: rows,
				flexible: []string{"Name", "Email"}, optional: []string{"Email"}, truncate: truncate, boxed: boxed}
			for _, width := range []int{0, 30, 50, 70, 200} {
				out := ansi.Strip(tbl.render(width))
				widest := 0
				for _, line := range strings.Split(out, "\n") {
					widest = max(widest, ansi.StringWidth(line))
				}
				if width > 0 && widest > width {
					t.Errorf("boxed %v, truncate %v: %d wide in %d:\n%s", boxed, truncate, widest, width, out)
				}
				// The member numbers and counts are never narrowed.
				if width >= 50 && (!strings.Contains(out, "M00000002") || !strings.Contains(out, "7 of 7")) {
					t.Errorf("boxed %v, width %d: a fixed column was cut:\n%s", boxed, width, out)
				}
				// The email goes before the name is cut below its narrowest.
				if hasEmail := strings.Contains(out, "Email"); width == 30 && !boxed && hasEmail {
					t.Errorf("width %d kept the optional column:\n%s", width, out)
				} else if (width == 0 || width == 200) && !hasEmail {
					t.Errorf("width %d left out a column although there is room:\n%s", width, out)
				}
				if width == 200 && !strings.Contains(out, "Annabel Lee-Smythe of Northfield") {
					t.Errorf("width 200 cut a name:\n%s", out)
				}
				if width == 50 && truncate && !strings.Contains(out, "…") {
					t.Errorf("width 50 should shorten a cell with …:\n%s", out)
				}
			}
		}
	}
}

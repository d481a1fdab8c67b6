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
				var header string // the line of headings
				for _, l := range strings.Split(out, "\n") {
					if strings.Contains(l, "Member") {
						header = l
						break
					}
				}
				if hasEmail := strings.Contains(header, "Email"); width == 30 && !boxed && hasEmail {
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

// TestTermTableLeavesOutWhatSaysNothing: an empty column is not drawn, and
// columns left out to fit are named under the table.
func TestTermTableLeavesOutWhatSaysNothing(t *testing.T) {
	rows := [][]string{
		{"M00000001", "Annabel Lee-Smythe of Northfield", "", "annabel.lee-smythe@example.gov.uk", "4 May 2023"},
		{"M00000002", "Ann Lee", "", "ann.lee@example.gov.uk", ""},
	}
	tbl := termTable{headers: []string{"Member", "Name", "Last active", "Email", "Elected"}, rows: rows,
		flexible: []string{"Name", "Email"}, optional: []string{"Elected"}, leaveOutFirst: true}
	wide := ansi.Strip(tbl.render(200))
	if strings.Contains(wide, "Last active") || !strings.Contains(wide, "Elected") || strings.Contains(wide, "left out") {
		t.Errorf("at 200 columns:\n%s", wide)
	}
	narrow := ansi.Strip(tbl.render(80))
	header, _, _ := strings.Cut(narrow, "\n")
	if strings.Contains(header, "Elected") || !strings.Contains(narrow, "the Elected column is left out") {
		t.Errorf("at 80 columns the date should be left out, and said so:\n%s", narrow)
	}
	// Left out before the name or email is narrowed: both still whole.
	if !strings.Contains(narrow, "Annabel Lee-Smythe of Northfield") || !strings.Contains(narrow, "annabel.lee-smythe@example.gov.uk") {
		t.Errorf("at 80 columns a name or email was cut:\n%s", narrow)
	}
}

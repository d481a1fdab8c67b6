package main

import (
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"charm.land/lipgloss/v2/table"
	"github.com/charmbracelet/x/ansi"
)

// termTable is a table for the terminal, fitted to its width. It is only
// for terminals: commands whose output is piped or redirected write plain
// text instead (tab-separated or aligned with spaces).
type termTable struct {
	headers []string
	rows    [][]string
	// flexible names the columns that give up width when the table is too
	// wide for the terminal, the widest first, down to narrowestColumn;
	// the others keep the width of their widest cell.
	flexible []string
	// optional names the columns left out, in this order, while the table
	// does not fit with its flexible columns at their narrowest; or, with
	// leaveOutFirst, while it does not fit at all, before any column is
	// narrowed (for tables whose narrowed cells would wrap over many lines).
	optional      []string
	leaveOutFirst bool
	// truncate cuts the cells of narrowed columns short with "…";
	// otherwise they wrap onto more lines.
	truncate bool
	// boxed draws a rounded border round every cell; otherwise columns
	// stand tableGap spaces apart under a rule.
	boxed bool
	// showsAll says what shows what was left out to fit, when it is not a
	// wider window or the output sent to a file.
	showsAll string
}

const (
	narrowestColumn = 8 // The narrowest a flexible column is made.
	tableGap        = 2 // Spaces between the columns of a table without a box.
)

// render lays the table out for a terminal width wide (0 for unknown,
// which leaves every column at its natural width). A table that cannot fit
// even so has its columns wrapped by lipgloss.
func (t termTable) render(width int) string {
	headers, rows := t.headers, t.rows
	// A column with nothing in it says nothing: it gives its room to the
	// others.
	for i := len(headers) - 1; i >= 0; i-- {
		if emptyColumn(rows, i) {
			headers, rows = withoutColumn(headers, rows, i)
		}
	}
	widths := columnWidths(headers, rows)
	var left []string
	shortened := false
	if width > 0 {
		fits := func() bool {
			if t.leaveOutFirst {
				return sum(widths)+t.frame(len(headers)) <= width
			}
			return t.fit(headers, widths, width)
		}
		for drop := t.optional; !fits() && len(drop) > 0; drop = drop[1:] {
			if i := slices.Index(headers, drop[0]); i >= 0 {
				headers, rows = withoutColumn(headers, rows, i)
				widths = columnWidths(headers, rows)
				left = append(left, drop[0])
			}
		}
		t.fit(headers, widths, width)
		narrowed := t.narrow(headers, rows, widths)
		shortened = t.truncate && !slices.EqualFunc(narrowed, rows, slices.Equal)
		rows = narrowed
	}
	var said []string
	switch len(left) {
	case 0:
	case 1:
		said = append(said, "the "+left[0]+" column is left out")
	default:
		last := len(left) - 1
		said = append(said, "the "+strings.Join(left[:last], ", ")+" and "+left[last]+" columns are left out")
	}
	if shortened {
		said = append(said, "entries marked … are shortened")
	}
	note := ""
	if len(said) > 0 {
		shows := t.showsAll
		if shows == "" {
			shows = "a wider window, or the command's output sent to a file,"
		}
		note = "\n(To fit this window, " + strings.Join(said, " and ") + ": " + shows + " shows everything.)"
	}
	tbl := table.New().Headers(headers...).Rows(rows...)
	header := lipgloss.NewStyle().Bold(true)
	if t.boxed {
		cell := lipgloss.NewStyle().Padding(0, 1)
		header = header.Padding(0, 1)
		tbl = tbl.Border(lipgloss.RoundedBorder()).StyleFunc(func(row, _ int) lipgloss.Style {
			if row == table.HeaderRow {
				return header
			}
			return cell
		})
	} else {
		last := len(headers) - 1
		tbl = tbl.Border(lipgloss.NormalBorder()).
			BorderTop(false).BorderBottom(false).BorderLeft(false).BorderRight(false).BorderColumn(false).
			StyleFunc(func(row, col int) lipgloss.Style {
				s := lipgloss.NewStyle()
				if row == table.HeaderRow {
					s = header
				}
				if col < last {
					s = s.PaddingRight(tableGap)
				}
				return s
			})
	}
	rendered := tbl.String()
	if width > 0 && lipgloss.Width(rendered) > width {
		rendered = tbl.Width(width).Wrap(true).String()
	}
	if note != "" {
		rendered += ansi.Wrap(note, max(width, 20), "")
	}
	return rendered
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// emptyColumn says whether every row's cell i is empty.
func emptyColumn(rows [][]string, i int) bool {
	for _, row := range rows {
		if strings.TrimSpace(row[i]) != "" {
			return false
		}
	}
	return len(rows) > 0
}

// frame is the width a table of n columns takes beyond its cells.
func (t termTable) frame(n int) int {
	if t.boxed {
		return n + 1 + 2*n // Borders, and a space each side of every cell.
	}
	return tableGap * (n - 1)
}

// fit narrows the flexible columns in widths, the widest first, until the
// table fits width or they are all at narrowestColumn, and says whether it
// fits.
func (t termTable) fit(headers []string, widths []int, width int) bool {
	room := width - t.frame(len(headers))
	var flexible []int
	for i, h := range headers {
		if slices.Contains(t.flexible, h) {
			flexible = append(flexible, i)
		} else {
			room -= widths[i]
		}
	}
	for {
		used, widest := 0, -1
		for _, i := range flexible {
			used += widths[i]
			if widths[i] > narrowestColumn && (widest < 0 || widths[i] > widths[widest]) {
				widest = i
			}
		}
		switch {
		case used <= room:
			return true
		case widest < 0:
			return false
		}
		widths[widest]--
	}
}

// narrow cuts or wraps the cells of the flexible columns to widths.
func (t termTable) narrow(headers []string, rows [][]string, widths []int) [][]string {
	narrowed := make([][]string, len(rows))
	for r, row := range rows {
		narrowed[r] = slices.Clone(row)
		for i, h := range headers {
			switch {
			case !slices.Contains(t.flexible, h):
			case t.truncate:
				narrowed[r][i] = ansi.Truncate(row[i], widths[i], "…")
			default:
				narrowed[r][i] = ansi.Wrap(row[i], widths[i], "@.")
			}
		}
	}
	return narrowed
}

// columnWidths is the width of each column's widest cell, header included.
func columnWidths(headers []string, rows [][]string) []int {
	widths := make([]int, len(headers))
	for i, h := range headers {
		widths[i] = lipgloss.Width(h)
		for _, row := range rows {
			widths[i] = max(widths[i], lipgloss.Width(row[i]))
		}
	}
	return widths
}

// withoutColumn is the table without its column i.
func withoutColumn(headers []string, rows [][]string, i int) ([]string, [][]string) {
	kept := make([][]string, len(rows))
	for r, row := range rows {
		kept[r] = slices.Delete(slices.Clone(row), i, i+1)
	}
	return slices.Delete(slices.Clone(headers), i, i+1), kept
}

package reader

import (
	"cmp"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"course/internal/modules"
	"course/internal/ui/cells"
)

// Highlight marks every occurrence of the words (folded, as
// modules.SearchWords gives them) in rendered text, whatever its case and
// accents, and returns the lines that hold one. Marked lines lose their other styling:
// the match is what matters on them.
func Highlight(rendered string, words []string, mark lipgloss.Style) (string, []int) {
	lines := strings.Split(rendered, "\n")
	var hits []int
	for i, l := range lines {
		plain := ansi.Strip(l)
		spans := modules.FoldedSpans(plain, words)
		if len(spans) == 0 {
			continue
		}
		hits = append(hits, i)
		slices.SortFunc(spans, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
		var b strings.Builder
		at := 0
		for _, sp := range spans {
			if sp[0] < at {
				sp[0] = at // overlapping words
			}
			if sp[1] <= sp[0] {
				continue
			}
			b.WriteString(plain[at:sp[0]])
			b.WriteString(mark.Render(plain[sp[0]:sp[1]]))
			at = sp[1]
		}
		b.WriteString(plain[at:])
		lines[i] = b.String()
	}
	return strings.Join(lines, "\n"), hits
}

// citingLine is the first rendered line that cites paragraph id, or -1.
func citingLine(course *modules.Course, rendered string, id string) int {
	return course.CitingLine(strings.ReplaceAll(ansi.Strip(rendered), cells.Nbsp, " "), id)
}

// citingLines are the rendered lines that cite paragraph id.
func citingLines(course *modules.Course, rendered string, id string) []int {
	var lines []int
	for i, l := range strings.Split(ansi.Strip(rendered), "\n") {
		for _, c := range course.Citations(strings.ReplaceAll(l, cells.Nbsp, " ")) {
			if c.Paragraph == id {
				lines = append(lines, i)
				break
			}
		}
	}
	return lines
}

// nearest returns the hit closest to line.
func nearest(hits []int, line int) int {
	best := 0
	for i, h := range hits {
		if abs(h-line) < abs(hits[best]-line) {
			best = i
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

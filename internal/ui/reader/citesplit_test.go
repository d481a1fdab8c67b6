package reader

import (
	"regexp"
	"strings"
	"testing"

	"course/content/contenttest"

	"github.com/charmbracelet/x/ansi"
)

// TestCitationsAreNeverSplit: no lesson of the course, at any width a
// window can have, ends a line inside a citation ("(Guidance 1." / "2)").
func TestCitationsAreNeverSplit(t *testing.T) {
	c := contenttest.Course(t)
	split := regexp.MustCompile(`Guidance \d+\.$`)
	startsNumber := regexp.MustCompile(`^\d`)
	for _, m := range c.Modules {
		for w := 40; w <= 100; w++ {
			lines := strings.Split(ansi.Strip(Render(c, m.Body, w, true)), "\n")
			for i, l := range lines[:len(lines)-1] {
				end, next := strings.TrimRight(l, " "), strings.TrimSpace(lines[i+1])
				if split.MatchString(end) || strings.HasSuffix(end, "Guidance") && startsNumber.MatchString(next) {
					t.Errorf("module %s at %d columns splits a citation: %q / %q", m.ID, w, l, lines[i+1])
				}
			}
		}
	}
}

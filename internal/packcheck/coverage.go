package packcheck

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"course/internal/modules"
)

// WriteCoverage prints, for every guidance paragraph, the modules that teach
// it and the questions that test it, then the totals. Lines fit width.
func WriteCoverage(w io.Writer, c *modules.Course, width int) error {
	const para, taught = 6, 22
	idsWidth := max(width-para-taught-2, 20)
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s%-*s%s\n", para, "Para", taught, "Taught by", "Tested by")
	for _, cov := range c.Coverage() {
		modules := strings.Join(cov.Modules, ", ")
		if modules == "" {
			modules = "NOT TAUGHT"
		}
		lines := wrapWords(cov.Questions, idsWidth)
		if len(lines) == 0 {
			lines = []string{"NOT TESTED"}
		}
		for i, l := range lines {
			if i == 0 {
				fmt.Fprintf(&b, "%-*s%-*s%s\n", para, cov.Paragraph.ID, taught, modules, l)
			} else {
				fmt.Fprintf(&b, "%*s%s\n", para+taught, "", l)
			}
		}
	}
	questions := len(c.Questions())
	fmt.Fprintf(&b, "\n%d modules, %d questions, %d guidance paragraphs.\n", len(c.Modules), questions, len(c.Paragraphs))
	_, err := io.WriteString(w, b.String())
	return err
}

// wrapWords joins words with ", " into lines no wider than width, never
// breaking a word: question ids hold hyphens, where a word wrap would break
// them, so they are held together with non-breaking hyphens while wrapping.
func wrapWords(words []string, width int) []string {
	if len(words) == 0 {
		return nil
	}
	joined := strings.ReplaceAll(strings.Join(words, ", "), "-", nonBreakingHyphen)
	wrapped := ansi.Wordwrap(joined, width, "")
	return strings.Split(strings.ReplaceAll(wrapped, nonBreakingHyphen, "-"), "\n")
}

const nonBreakingHyphen = "\u2011"

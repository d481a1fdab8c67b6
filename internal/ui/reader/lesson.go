package reader

import (
	"regexp"
	"strings"

	"charm.land/glamour/v2"
	gansi "charm.land/glamour/v2/ansi"
	gstyles "charm.land/glamour/v2/styles"
	"github.com/charmbracelet/x/ansi"

	"course/internal/modules"
	"course/internal/ui/cells"
)

// hang is how far a list item's wrapped lines sit in, under its text
// rather than its bullet or number ("• ", "1. ").
const hang = 3

// Render lays a lesson out for a window width: the source's own
// line breaks within a paragraph, list item or quote are joined first, so
// that text wraps at the window's width and not the author's; headings
// show as headings, without Markdown's "##"; and a list item's wrapped
// lines hang under its text.
func Render(c *modules.Course, body string, width int, dark bool) string {
	r, err := glamour.NewTermRenderer(glamour.WithStyles(lessonStyle(dark)), glamour.WithWordWrap(width-hang))
	if err == nil {
		var out string
		if out, err = r.Render(reflow(emphasiseCitations(c, body))); err == nil {
			// Citations' non-breaking spaces and dots have done their work.
			out = strings.ReplaceAll(out, cells.Nbsp, " ")
			out = strings.ReplaceAll(out, citeDot, ".")
			return spaceQuotes(hangItems(strings.TrimRight(out, "\n ")))
		}
	}
	// Markdown that cannot be rendered is still worth reading as it is.
	return cells.Wrap(body, width)
}

// emphasiseCitations makes citations ("Guidance 3.8") stand out in a lesson.
// Its spaces and dots become unbreakable, so that a citation is never split
// across two lines ("(Guidance" / "3.3)", "(Guidance 3." / "3)").
func emphasiseCitations(c *modules.Course, body string) string {
	return c.MarkCitations(body, func(cite string) string {
		return "**" + strings.NewReplacer(" ", cells.Nbsp, ".", citeDot).Replace(cite) + "**"
	})
}

// citeDot stands for a citation's dot while a lesson is wrapped: glamour
// breaks a list item's lines after a dot too, and would split "1.2".
const citeDot = "\u2024"

// lessonStyle is glamour's standard style for the background, with the
// heading marks taken off: colour and weight show a heading, and a screen
// reader should not read "hash hash".
func lessonStyle(dark bool) gansi.StyleConfig {
	s := gstyles.LightStyleConfig
	if dark {
		s = gstyles.DarkStyleConfig
	}
	for _, h := range []*gansi.StyleBlock{&s.H2, &s.H3, &s.H4, &s.H5, &s.H6} {
		h.Prefix = ""
	}
	// Glamour leaves a quote's text one cell for each level of indent, but
	// its bar "│ " takes two, so long quotes overflowed: the bar is one
	// cell here, and spaceQuotes adds the space after rendering.
	bar := quoteBar
	s.BlockQuote.IndentToken = &bar
	return s
}

// blockStart matches a line that starts a block of its own in Markdown
// rather than continuing the line before: a heading, list item, quote,
// table row, fence, rule or HTML.
var blockStart = regexp.MustCompile(`^\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s|>|\||` + "```" + `|~~~|---|\*\*\*|___|<)`)

// reflow joins the lines of each paragraph, list item and quote that the
// author broke for the source file, leaving hard breaks (a line ending in
// two spaces or a backslash), fenced code and every other block alone.
func reflow(md string) string {
	lines := strings.Split(md, "\n")
	out := make([]string, 0, len(lines))
	fenced := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fenced = !fenced
			out = append(out, l)
			continue
		}
		n := len(out)
		if fenced || n == 0 || t == "" {
			out = append(out, l)
			continue
		}
		prev := out[n-1]
		pt := strings.TrimSpace(prev)
		joinable := pt != "" && !strings.HasSuffix(prev, "  ") && !strings.HasSuffix(prev, "\\") &&
			!strings.HasPrefix(pt, "#") && !strings.HasPrefix(pt, "|") && !strings.HasPrefix(pt, "```")
		switch {
		case !joinable:
			out = append(out, l)
		case strings.HasPrefix(t, ">") && strings.HasPrefix(pt, ">"):
			// A quote's next line: join its text unless it starts a block.
			inner := strings.TrimSpace(strings.TrimPrefix(t, ">"))
			if inner == "" || blockStart.MatchString(inner) {
				out = append(out, l)
			} else {
				out[n-1] = strings.TrimRight(prev, " ") + " " + inner
			}
		case blockStart.MatchString(l):
			out = append(out, l)
		default:
			out[n-1] = strings.TrimRight(prev, " ") + " " + t
		}
	}
	return strings.Join(out, "\n")
}

// quoteBar is the bar glamour draws before a quote's lines.
const quoteBar = "│"

// quoteLine matches a rendered quote line: the margin, then the bar.
var quoteLine = regexp.MustCompile(`^\s*` + quoteBar)

// spaceQuotes puts a space between a quote's bar and its text. Rendering
// left hang cells spare on every line, so the lines still fit.
func spaceQuotes(rendered string) string {
	lines := strings.Split(rendered, "\n")
	for i, l := range lines {
		if quoteLine.MatchString(ansi.Strip(l)) {
			lines[i] = strings.Replace(l, quoteBar, quoteBar+" ", 1)
		}
	}
	return strings.Join(lines, "\n")
}

// itemStart matches the start of a rendered list item after its margin.
var itemStart = regexp.MustCompile(`^(\s*)(• |\d+\. )`)

// hangItems indents the wrapped lines of each rendered list item to sit
// under its text. Rendering wrapped everything hang cells narrower, so
// the indented lines still fit the window.
func hangItems(rendered string) string {
	lines := strings.Split(rendered, "\n")
	margin, marker := -1, 0 // the margin and marker width of the item being continued
	for i, l := range lines {
		plain := ansi.Strip(l)
		if m := itemStart.FindStringSubmatch(plain); m != nil {
			margin, marker = len(m[1]), ansi.StringWidth(m[2])
			continue
		}
		text := strings.TrimLeft(plain, " ")
		indent := len(plain) - len(text)
		switch {
		case text == "" || margin < 0 || indent != margin:
			margin = -1
		default:
			lines[i] = strings.Repeat(" ", marker) + l
		}
	}
	return strings.Join(lines, "\n")
}

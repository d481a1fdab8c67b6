package linear

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"course/internal/modules"
	"course/internal/safetext"
)

// nbsp holds a citation's words together while lines are wrapped.
const nbsp = "\u00a0"

// page is one page of a lesson: the text under one "## " heading (or
// before the first), as plain paragraphs.
type page struct {
	paragraphs []string
}

// lessonPages splits a lesson at its "## " headings and renders each part
// as plain text.
func lessonPages(c *modules.Course, m *modules.Module) ([]page, []int) {
	lines := strings.Split(m.Body, "\n")
	starts := []int{0}
	for _, h := range m.Headings() {
		if h.Line > 0 {
			starts = append(starts, h.Line)
		}
	}
	var pages []page
	var first []int // the body line each page starts at
	for i, s := range starts {
		end := len(lines)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		p := page{paragraphs: plainMarkdown(c, strings.Join(lines[s:end], "\n"))}
		if len(p.paragraphs) == 0 {
			continue
		}
		pages = append(pages, p)
		first = append(first, s)
	}
	return pages, first
}

// plainMarkdown renders Markdown as paragraphs of plain text, for reading
// aloud: headings as lines of their own, list items as lines ("1." for a
// numbered list, a bullet for another), and nothing for emphasis, quotes or rules. goldmark
// parses it (it is what glamour uses), so that the text is read the way
// the full-screen course shows it.
func plainMarkdown(c *modules.Course, md string) []string {
	src := []byte(c.MarkCitations(md, func(cite string) string { return strings.ReplaceAll(cite, " ", nbsp) }))
	doc := goldmark.New().Parser().Parse(text.NewReader(src))
	var out []string
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			switch b := ch.(type) {
			case *ast.Heading, *ast.Paragraph, *ast.TextBlock:
				if t := inlineText(b, src); t != "" {
					out = append(out, t)
				}
			case *ast.List:
				listItems(b, src, &out)
			case *ast.FencedCodeBlock, *ast.CodeBlock:
				var buf bytes.Buffer
				for i := 0; i < b.Lines().Len(); i++ {
					seg := b.Lines().At(i)
					buf.Write(seg.Value(src))
				}
				for l := range strings.SplitSeq(strings.TrimRight(buf.String(), "\n"), "\n") {
					out = append(out, safetext.Inert(l))
				}
			case *ast.ThematicBreak, *ast.HTMLBlock:
			default:
				walk(b) // a quote, say: its paragraphs
			}
		}
	}
	walk(doc)
	return out
}

// bullet marks an item of a list that is not numbered: screen readers
// say it ("bullet") where they pass over a dash.
const bullet = "• "

// listItems adds a list's items, numbered as the author numbered them, or
// each after a bullet, so that an item is heard as one.
func listItems(l *ast.List, src []byte, out *[]string) {
	n := l.Start
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		prefix := bullet
		if l.IsOrdered() {
			prefix = strconv.Itoa(n) + ". "
			n++
		}
		first := true
		for ch := item.FirstChild(); ch != nil; ch = ch.NextSibling() {
			if sub, ok := ch.(*ast.List); ok {
				listItems(sub, src, out)
				continue
			}
			t := inlineText(ch, src)
			if t == "" {
				continue
			}
			if first {
				t = prefix + t
				first = false
			}
			*out = append(*out, t)
		}
	}
}

// inlineText is a block's text without Markdown: emphasis markers, code
// marks and link syntax are dropped, and a link keeps its address when
// that is not its text.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for ch := n.FirstChild(); ch != nil; ch = ch.NextSibling() {
			switch t := ch.(type) {
			case *ast.Text:
				b.Write(t.Segment.Value(src))
				switch {
				case t.HardLineBreak():
					b.WriteString("\n")
				case t.SoftLineBreak():
					b.WriteString(" ")
				}
			case *ast.String:
				b.Write(t.Value)
			case *ast.CodeSpan:
				walk(t)
			case *ast.AutoLink:
				b.Write(t.URL(src))
			case *ast.Link:
				before := b.Len()
				walk(t)
				if label := b.String()[before:]; label != string(t.Destination) {
					b.WriteString(" (" + string(t.Destination) + ")")
				}
			case *ast.RawHTML:
			default:
				walk(ch)
			}
		}
	}
	walk(n)
	var lines []string
	for l := range strings.SplitSeq(b.String(), "\n") {
		if l = strings.TrimSpace(safetext.Inert(l)); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

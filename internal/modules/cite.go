package modules

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Labels and citations.
//
// A label names a paragraph or a section the way the guidance prints it:
// letters and digits, with dots or brackets between ("3.8", "A1", "3(b)",
// "2.1.4", "7").
//
// A citation is one of the pack's citation words followed by labels:
//
//	citation = word space item { join item }
//	item     = label [ dash label ]          a dash makes a range: 3.4–3.6
//	join     = "," | "&" | a join word       (Guidance 3.8, 3.9 and 3.10)
//
// A range runs over the paragraphs between its ends in course.yaml's order.
// Text after the word counts as a citation when its first label is a
// paragraph id or holds a digit, so that "the Guidance says" is prose while
// "Guidance C9" is a citation of a paragraph that does not exist.

// maxLabel is the longest label, in characters.
const maxLabel = 16

// Default citation words, for a course.yaml that gives none.
var (
	defaultCiteWords = []string{"Guidance"}
	defaultCiteJoins = []string{"and"}
)

// citing is how one course writes its citations, and its paragraphs in order.
type citing struct {
	words []string
	joins []string
	index map[string]int // position of each paragraph id
	ids   []string
}

func newCiting(words, joins []string, paras []Paragraph) *citing {
	ct := &citing{words: words, joins: joins, index: make(map[string]int, len(paras))}
	for i, p := range paras {
		ct.index[p.ID] = i
		ct.ids = append(ct.ids, p.ID)
	}
	return ct
}

// cites returns the course's citation syntax: made once when the course is
// loaded, or each time for a course built otherwise (as tests do).
func (c *Course) cites() *citing {
	if c.citing != nil {
		return c.citing
	}
	words, joins := c.CiteWords, c.CiteJoins
	if len(words) == 0 {
		words = defaultCiteWords
	}
	if joins == nil {
		joins = defaultCiteJoins
	}
	return newCiting(words, joins, c.Paragraphs)
}

// Cite names paragraphs the way the course's lessons cite them:
// "Guidance 3.8, 3.9".
func (c *Course) Cite(ids ...string) string {
	return c.cites().words[0] + " " + strings.Join(ids, ", ")
}

// Citation is a reference to a guidance paragraph in text.
type Citation struct {
	Paragraph string
	Line      int // line within the text, from 1
}

// Citations finds every paragraph cited in text: "Guidance 3.8",
// "Guidance 3.8, 3.9", "Guidance A1 and A3", a range "Guidance 3.4–3.6"
// giving each paragraph in it. Paragraphs that do not exist are left out
// (see citationProblems).
func (c *Course) Citations(text string) []Citation {
	cs, _ := c.readCitations(text)
	return cs
}

// citationProblems lists the citations in text that cannot be resolved.
// Each message follows a verb such as "cites": "paragraph "C9", which …".
func (c *Course) citationProblems(text string) []lineProblem {
	_, ps := c.readCitations(text)
	return ps
}

func (c *Course) readCitations(text string) (cs []Citation, ps []lineProblem) {
	line, counted := 1, 0
	for _, sp := range c.cites().scan(text) {
		line += strings.Count(text[counted:sp.start], "\n")
		counted = sp.start
		for _, id := range sp.ids {
			cs = append(cs, Citation{Paragraph: id, Line: line})
		}
		for _, msg := range sp.problems {
			ps = append(ps, lineProblem{Line: line, Msg: msg})
		}
	}
	return cs, ps
}

// MarkCitations returns text with every citation ("Guidance 3.8, 3.9")
// replaced by mark(citation).
func (c *Course) MarkCitations(text string, mark func(string) string) string {
	var b strings.Builder
	last := 0
	for _, sp := range c.cites().scan(text) {
		b.WriteString(text[last:sp.start])
		b.WriteString(mark(text[sp.start:sp.end]))
		last = sp.end
	}
	b.WriteString(text[last:])
	return b.String()
}

type citeSpan struct {
	start, end int
	ids        []string // resolved, ranges expanded
	problems   []string
}

// scan finds the citations in s. It is a small scanner rather than a
// regular expression because it runs over every line of the course at
// start-up.
func (ct *citing) scan(s string) []citeSpan {
	var spans []citeSpan
	for from := 0; ; {
		start, word := ct.nextWord(s, from)
		if start < 0 {
			return spans
		}
		from = start + len(word)
		pos := skipSpace(s, from)
		if pos == from {
			continue
		}
		sp, ok := ct.items(s, start, pos)
		if !ok {
			continue
		}
		spans = append(spans, sp)
		from = sp.end
	}
}

// nextWord finds the first citation word at or after from that stands as a
// word of its own: the longest, where two start at the same place.
func (ct *citing) nextWord(s string, from int) (int, string) {
	for from < len(s) {
		best, word := -1, ""
		for _, w := range ct.words {
			if i := strings.Index(s[from:], w); i >= 0 && (best < 0 || from+i < best || from+i == best && len(w) > len(word)) {
				best, word = from+i, w
			}
		}
		if best < 0 {
			return -1, ""
		}
		if r, _ := utf8.DecodeLastRuneInString(s[:best]); best == 0 || !isLabelRune(r) {
			return best, word
		}
		from = best + len(word)
	}
	return -1, ""
}

// items reads the labels at pos of a citation that starts at start.
func (ct *citing) items(s string, start, pos int) (citeSpan, bool) {
	sp := citeSpan{start: start}
	for {
		end, ok := ct.item(s, pos, &sp)
		if !ok {
			break
		}
		sp.end = end
		next, more := ct.join(s, end)
		if !more {
			break
		}
		pos = next
	}
	if sp.end == 0 {
		return sp, false
	}
	ct.checkDangling(s, &sp)
	return sp, true
}

// item reads one label or range at pos into sp, and returns where it ends.
func (ct *citing) item(s string, pos int, sp *citeSpan) (int, bool) {
	from, ok := ct.citedLabel(s, pos)
	if !ok {
		return pos, false
	}
	end := pos + len(from)
	if dash := skipBlanks(s, end); dash < len(s) {
		if r, size := utf8.DecodeRuneInString(s[dash:]); isDash(r) {
			at := skipBlanks(s, dash+size)
			if to, ok := ct.citedLabel(s, at); ok {
				ct.addRange(sp, from, to)
				return at + len(to), true
			}
		}
	}
	ct.addID(sp, from)
	return end, true
}

// citedLabel reads the label at pos if it can be a paragraph: one the
// course has, or one that holds a digit.
func (ct *citing) citedLabel(s string, pos int) (string, bool) {
	l := s[pos:scanLabel(s, pos)]
	if l == "" {
		return "", false
	}
	_, known := ct.index[l]
	return l, known || strings.ContainsFunc(l, unicode.IsDigit)
}

func (ct *citing) addID(sp *citeSpan, id string) {
	if _, ok := ct.index[id]; !ok {
		sp.problems = append(sp.problems, unknownParagraph(id))
		return
	}
	sp.ids = append(sp.ids, id)
}

func (ct *citing) addRange(sp *citeSpan, from, to string) {
	i, okFrom := ct.index[from]
	j, okTo := ct.index[to]
	switch {
	case !okFrom || !okTo:
		for _, id := range []string{from, to} {
			if _, ok := ct.index[id]; !ok {
				sp.problems = append(sp.problems, unknownParagraph(id))
			}
		}
	case j < i:
		sp.problems = append(sp.problems, fmt.Sprintf("the range %s–%s, which runs backwards in course.yaml's paragraphs: put the earlier paragraph first", from, to))
	default:
		sp.ids = append(sp.ids, ct.ids[i:j+1]...)
	}
}

func unknownParagraph(id string) string {
	return fmt.Sprintf("paragraph %q, which is not in course.yaml's paragraphs", id)
}

// join reads what joins two items of a list after end: a comma, "&" or a
// join word, followed by a label. It returns where the next label starts.
func (ct *citing) join(s string, end int) (int, bool) {
	p := skipBlanks(s, end)
	switch {
	case p < len(s) && (s[p] == ',' || s[p] == '&'):
		p = skipSpace(s, p+1)
	default:
		w := s[p:scanWord(s, p)]
		if p == end || !ct.isJoin(w) {
			return 0, false
		}
		after := p + len(w)
		if p = skipSpace(s, after); p == after {
			return 0, false
		}
	}
	_, ok := ct.citedLabel(s, p)
	return p, ok
}

func (ct *citing) isJoin(w string) bool {
	for _, j := range ct.joins {
		if w != "" && w == j {
			return true
		}
	}
	return false
}

// checkDangling reports a citation that seems to go on in a way the
// scanner does not read, such as "Guidance 3.4 to 3.6" or "Canllawiau 5.1
// neu 5.2", so that no part of a citation is silently left out.
func (ct *citing) checkDangling(s string, sp *citeSpan) {
	p := skipBlanks(s, sp.end)
	if p >= len(s) {
		return
	}
	r, size := utf8.DecodeRuneInString(s[p:])
	dash := isDash(r)
	link := s[p : p+size]
	if !dash {
		// A short word such as "to", "or" or "neu", after a space.
		link = s[p:scanWord(s, p)]
		if p == sp.end || link == "" || utf8.RuneCountInString(link) > 4 {
			return
		}
	}
	at := skipBlanks(s, p+len(link))
	if !dash && at == p+len(link) {
		return
	}
	if l, ok := ct.citedLabel(s, at); ok {
		sp.problems = append(sp.problems, fmt.Sprintf("%q and goes on with %q, which is not read: join paragraphs with a comma, %q or a dash, as in 3.4–3.6",
			s[sp.start:sp.end], s[p:at+len(l)], ct.joinWord()))
	}
}

func (ct *citing) joinWord() string {
	if len(ct.joins) > 0 {
		return ct.joins[0]
	}
	return "&"
}

// scanLabel returns where the label starting at s[i:] ends (i if none).
func scanLabel(s string, i int) int {
	j := scanAlnum(s, i)
	if j == i {
		return i
	}
	for j < len(s) {
		switch s[j] {
		case '.':
			if k := scanAlnum(s, j+1); k > j+1 {
				j = k
				continue
			}
		case '(':
			if k := scanAlnum(s, j+1); k > j+1 && k < len(s) && s[k] == ')' {
				j = k + 1
				continue
			}
		}
		break
	}
	return j
}

// isLabel says whether s is a paragraph or section label.
func isLabel(s string) bool {
	return s != "" && scanLabel(s, 0) == len(s) && utf8.RuneCountInString(s) <= maxLabel
}

func scanAlnum(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isLabelRune(r) {
			break
		}
		i += size
	}
	return i
}

// scanWord returns where the run of letters at s[i:] ends.
func scanWord(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			break
		}
		i += size
	}
	return i
}

func isLabelRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isDash(r rune) bool { return r == '-' || r == '–' || r == '—' }

// skipSpace skips spaces, tabs and line breaks.
func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
		i++
	}
	return i
}

// skipBlanks skips spaces and tabs on the same line.
func skipBlanks(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// CitingLine is the number (from 0) of the first line of text that cites
// paragraph id, or -1 when none does.
func (c *Course) CitingLine(text, id string) int {
	for i, l := range strings.Split(text, "\n") {
		for _, ct := range c.Citations(l) {
			if ct.Paragraph == id {
				return i
			}
		}
	}
	return -1
}

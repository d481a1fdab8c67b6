// Package cite reads the guidance's labels, and citations of them in text.
//
// A label names a paragraph or a section the way the guidance prints it:
// letters and digits, with dots or brackets between ("3.8", "A1", "3(b)",
// "2.1.4", "7").
//
// A citation is one of a course's citation words followed by labels:
//
//	citation = word space item { join item }
//	item     = label [ dash label ]          a dash makes a range: 3.4–3.6
//	join     = "," | "&" | a join word       (Guidance 3.8, 3.9 and 3.10)
//
// A range runs over the paragraphs between its ends in the course's order.
// Text after the word counts as a citation when its first label is a
// paragraph id or holds a digit, so that "the Guidance says" is prose while
// "Guidance C9" is a citation of a paragraph that does not exist.
//
// It knows nothing of how a course is loaded: internal/modules gives it a
// course's words and paragraphs, and places what it finds in the content.
package cite

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxLabel is the longest label, in characters.
const MaxLabel = 16

// Syntax is how one course writes its citations, and its paragraphs in
// order.
type Syntax struct {
	words []string
	joins []string
	index map[string]int // position of each paragraph id
	ids   []string
}

// New is the syntax of a course that cites with words (the first names
// paragraphs on screens), joins lists of paragraphs with joins besides
// commas, and has the paragraphs ids, in order.
func New(words, joins, ids []string) *Syntax {
	s := &Syntax{words: words, joins: joins, index: make(map[string]int, len(ids))}
	for i, id := range ids {
		s.index[id] = i
		s.ids = append(s.ids, id)
	}
	return s
}

// Word is the first citation word, the one that names paragraphs on
// screens.
func (s *Syntax) Word() string { return s.words[0] }

// Index is the position of paragraph id in the course's order, and whether
// the course has it.
func (s *Syntax) Index(id string) (int, bool) {
	i, ok := s.index[id]
	return i, ok
}

// Span is a citation found in text.
type Span struct {
	// Start and End are its byte offsets in the text.
	Start, End int
	// IDs are the paragraphs it names that the course has, ranges
	// expanded.
	IDs []string
	// Problems say what in it cannot be read, each as a phrase that
	// follows a verb such as "cites": "paragraph "C9", which …".
	Problems []string
}

// Scan finds the citations in text. It is a small scanner rather than a
// regular expression because it runs over every line of a course at
// start-up.
func (s *Syntax) Scan(text string) []Span {
	var spans []Span
	for from := 0; ; {
		start, word := s.nextWord(text, from)
		if start < 0 {
			return spans
		}
		from = start + len(word)
		pos := skipSpace(text, from)
		if pos == from {
			continue
		}
		sp, ok := s.items(text, start, pos)
		if !ok {
			continue
		}
		spans = append(spans, sp)
		from = sp.End
	}
}

// nextWord finds the first citation word at or after from that stands as a
// word of its own: the longest, where two start at the same place.
func (s *Syntax) nextWord(text string, from int) (int, string) {
	for from < len(text) {
		best, word := -1, ""
		for _, w := range s.words {
			if i := strings.Index(text[from:], w); i >= 0 && (best < 0 || from+i < best || from+i == best && len(w) > len(word)) {
				best, word = from+i, w
			}
		}
		if best < 0 {
			return -1, ""
		}
		if r, _ := utf8.DecodeLastRuneInString(text[:best]); best == 0 || !IsLabelRune(r) {
			return best, word
		}
		from = best + len(word)
	}
	return -1, ""
}

// items reads the labels at pos of a citation that starts at start.
func (s *Syntax) items(text string, start, pos int) (Span, bool) {
	sp := Span{Start: start}
	for {
		end, ok := s.item(text, pos, &sp)
		if !ok {
			break
		}
		sp.End = end
		next, more := s.join(text, end)
		if !more {
			break
		}
		pos = next
	}
	if sp.End == 0 {
		return sp, false
	}
	s.checkDangling(text, &sp)
	return sp, true
}

// item reads one label or range at pos into sp, and returns where it ends.
func (s *Syntax) item(text string, pos int, sp *Span) (int, bool) {
	from, ok := s.citedLabel(text, pos)
	if !ok {
		return pos, false
	}
	end := pos + len(from)
	if dash := skipBlanks(text, end); dash < len(text) {
		if r, size := utf8.DecodeRuneInString(text[dash:]); isDash(r) {
			at := skipBlanks(text, dash+size)
			if to, ok := s.citedLabel(text, at); ok {
				s.addRange(sp, from, to)
				return at + len(to), true
			}
		}
	}
	s.addID(sp, from)
	return end, true
}

// citedLabel reads the label at pos if it can be a paragraph: one the
// course has, or one that holds a digit.
func (s *Syntax) citedLabel(text string, pos int) (string, bool) {
	l := text[pos:scanLabel(text, pos)]
	if l == "" {
		return "", false
	}
	_, known := s.index[l]
	return l, known || strings.ContainsFunc(l, unicode.IsDigit)
}

func (s *Syntax) addID(sp *Span, id string) {
	if _, ok := s.index[id]; !ok {
		sp.Problems = append(sp.Problems, UnknownParagraph(id))
		return
	}
	sp.IDs = append(sp.IDs, id)
}

func (s *Syntax) addRange(sp *Span, from, to string) {
	i, okFrom := s.index[from]
	j, okTo := s.index[to]
	switch {
	case !okFrom || !okTo:
		for _, id := range []string{from, to} {
			if _, ok := s.index[id]; !ok {
				sp.Problems = append(sp.Problems, UnknownParagraph(id))
			}
		}
	case j < i:
		sp.Problems = append(sp.Problems, fmt.Sprintf("the range %s–%s, which runs backwards in course.yaml's paragraphs: put the earlier paragraph first", from, to))
	default:
		sp.IDs = append(sp.IDs, s.ids[i:j+1]...)
	}
}

// UnknownParagraph says that a paragraph named in the content is not one
// of the course's, as a phrase that follows a verb such as "cites".
func UnknownParagraph(id string) string {
	return fmt.Sprintf("paragraph %q, which is not in course.yaml's paragraphs", id)
}

// join reads what joins two items of a list after end: a comma, "&" or a
// join word, followed by a label. It returns where the next label starts.
func (s *Syntax) join(text string, end int) (int, bool) {
	p := skipBlanks(text, end)
	switch {
	case p < len(text) && (text[p] == ',' || text[p] == '&'):
		p = skipSpace(text, p+1)
	default:
		w := text[p:scanWord(text, p)]
		if p == end || !s.isJoin(w) {
			return 0, false
		}
		after := p + len(w)
		if p = skipSpace(text, after); p == after {
			return 0, false
		}
	}
	_, ok := s.citedLabel(text, p)
	return p, ok
}

func (s *Syntax) isJoin(w string) bool {
	for _, j := range s.joins {
		if w != "" && w == j {
			return true
		}
	}
	return false
}

// checkDangling reports a citation that seems to go on in a way the
// scanner does not read, such as "Guidance 3.4 to 3.6" or "Canllawiau 5.1
// neu 5.2", so that no part of a citation is silently left out.
func (s *Syntax) checkDangling(text string, sp *Span) {
	p := skipBlanks(text, sp.End)
	if p >= len(text) {
		return
	}
	r, size := utf8.DecodeRuneInString(text[p:])
	dash := isDash(r)
	link := text[p : p+size]
	if !dash {
		// A short word such as "to", "or" or "neu", after a space.
		link = text[p:scanWord(text, p)]
		if p == sp.End || link == "" || utf8.RuneCountInString(link) > 4 {
			return
		}
	}
	at := skipBlanks(text, p+len(link))
	if !dash && at == p+len(link) {
		return
	}
	if l, ok := s.citedLabel(text, at); ok {
		sp.Problems = append(sp.Problems, fmt.Sprintf("%q and goes on with %q, which is not read: join paragraphs with a comma, %q or a dash, as in 3.4–3.6",
			text[sp.Start:sp.End], text[p:at+len(l)], s.joinWord()))
	}
}

func (s *Syntax) joinWord() string {
	if len(s.joins) > 0 {
		return s.joins[0]
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

// IsLabel says whether s is a paragraph or section label.
func IsLabel(s string) bool {
	return s != "" && scanLabel(s, 0) == len(s) && utf8.RuneCountInString(s) <= MaxLabel
}

// Compare orders labels as people do: runs of digits by their value, so
// that 3 comes before 10 and 3.9 before 3.10.
func Compare(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		var c int
		switch {
		case da > 0 && db > 0:
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c = len(na) - len(nb); c == 0 {
				c = strings.Compare(na, nb)
			}
		default:
			da, db = max(da, 1), max(db, 1)
			c = strings.Compare(a[:da], b[:db])
		}
		if c != 0 {
			return c
		}
		a, b = a[da:], b[db:]
	}
	return len(a) - len(b)
}

func digitRun(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

func scanAlnum(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !IsLabelRune(r) {
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

// IsLabelRune says whether r can be part of a label: a letter or a digit.
func IsLabelRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

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

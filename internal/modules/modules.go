// Package modules loads and checks the course content: a course.yaml file of
// settings and guidance paragraphs, and one Markdown lesson with a YAML quiz
// for each guidance section.
//
//	course.yaml
//	modules/N-name.md         front matter + lesson
//	modules/N-name.quiz.yaml  scenario questions
//
// Content is read from any fs.FS: the embedded course or a council's own
// folder. Every problem names the file and line it was found at.
//
// It owns the content format and its checks. It must not import the
// terminal libraries or the record store: the screens and the command
// line read a *Course, and records refer to its ids.
package modules

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"course/internal/quiz"
)

// MaxFileSize is the largest content file accepted.
const MaxFileSize = 1 << 20

// Defaults for settings a course.yaml may leave out.
const (
	DefaultPassMark      = 80
	DefaultRefreshMonths = 12
	DefaultDueMonths     = 6
)

// Course is a loaded, checked course.
type Course struct {
	// ID names the course for good: the record file remembers it, so that
	// its records are never reported against another course. It is the
	// id in course.yaml, or else the xAPI activity_base.
	ID            string
	Council       string
	GuidanceTitle string
	// GuidanceVersion is the version of the guidance document the course teaches.
	GuidanceVersion string
	PassMark        int // per cent
	RefreshMonths   int
	DueMonths       int
	XAPI            XAPI
	Advice          []Contact
	Paragraphs      []Paragraph
	Modules         []*Module
	// Version is a hash of all the content: it changes when anything does.
	Version string
}

// XAPI holds the identifiers used in learning-record exports.
type XAPI struct {
	HomePage     string
	ActivityBase string
}

// Contact is a team members can ask for advice.
type Contact struct {
	Team  string
	Email string
	Phone string
}

// Paragraph is one numbered paragraph of the guidance.
type Paragraph struct {
	ID    string
	Topic string
}

// Module is one lesson and its quiz.
type Module struct {
	ID      string
	Title   string
	Section int
	Teaches []string
	Minutes int
	Summary string
	// Body is the lesson's Markdown, without front matter.
	Body string
	// BodyLine is the file line on which Body starts.
	BodyLine int
	// File and QuizFile are the paths the module was read from.
	File      string
	QuizFile  string
	Questions []quiz.Question
	// Version is a hash of the lesson and quiz files.
	Version string

	lesson        []byte         // the lesson file as read, for the version
	questionLines map[string]int // quiz file line of each question's id
}

// Module returns the module with the given id, or nil.
func (c *Course) Module(id string) *Module {
	for _, m := range c.Modules {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// Paragraph returns the guidance paragraph with the given id.
func (c *Course) Paragraph(id string) (Paragraph, bool) {
	for _, p := range c.Paragraphs {
		if p.ID == id {
			return p, true
		}
	}
	return Paragraph{}, false
}

// Minutes is the estimated time for the whole course.
func (c *Course) Minutes() int {
	total := 0
	for _, m := range c.Modules {
		total += m.Minutes
	}
	return total
}

// Questions returns every question in the course, module by module.
func (c *Course) Questions() []quiz.Question {
	var qs []quiz.Question
	for _, m := range c.Modules {
		qs = append(qs, m.Questions...)
	}
	return qs
}

// Heading is a "## " heading of a lesson: a page start and an outline entry.
type Heading struct {
	Title string
	Line  int // line within Body, from 0
}

// Headings lists the lesson's second-level headings in order.
func (m *Module) Headings() []Heading {
	var hs []Heading
	for i, l := range strings.Split(m.Body, "\n") {
		if t, ok := strings.CutPrefix(l, "## "); ok {
			hs = append(hs, Heading{Title: strings.TrimSpace(t), Line: i})
		}
	}
	return hs
}

// Citation is a reference to a guidance paragraph in text.
type Citation struct {
	Paragraph string
	Line      int // line within the text, from 1
}

// Citations finds every "Guidance 3.8" or "Guidance 3.8, 3.9" in text.
func Citations(text string) []Citation {
	var cs []Citation
	line, counted := 1, 0
	for _, c := range scanCitations(text) {
		line += strings.Count(text[counted:c.start], "\n")
		counted = c.start
		for _, id := range c.ids {
			cs = append(cs, Citation{Paragraph: id, Line: line})
		}
	}
	return cs
}

// MarkCitations returns text with every citation ("Guidance 3.8, 3.9")
// replaced by mark(citation).
func MarkCitations(text string, mark func(string) string) string {
	var b strings.Builder
	last := 0
	for _, c := range scanCitations(text) {
		b.WriteString(text[last:c.start])
		b.WriteString(mark(text[c.start:c.end]))
		last = c.end
	}
	b.WriteString(text[last:])
	return b.String()
}

type citationSpan struct {
	start, end int
	ids        []string
}

// scanCitations finds "Guidance" followed by paragraph ids ("3.8", "7")
// separated by commas. It is a small scanner rather than a regular
// expression because it runs over every line of the course at start-up.
func scanCitations(s string) []citationSpan {
	const word = "Guidance"
	var spans []citationSpan
	for from := 0; ; {
		i := strings.Index(s[from:], word)
		if i < 0 {
			return spans
		}
		start := from + i
		from = start + len(word)
		if start > 0 && isWordByte(s[start-1]) {
			continue
		}
		pos := skipSpace(s, from)
		if pos == from {
			continue
		}
		var ids []string
		end := from
		for {
			id, next := scanParagraphID(s, pos)
			if id == "" {
				break
			}
			ids, end = append(ids, id), next
			comma := skipSpace(s, next)
			if comma >= len(s) || s[comma] != ',' {
				break
			}
			pos = skipSpace(s, comma+1)
		}
		if len(ids) > 0 {
			spans = append(spans, citationSpan{start: start, end: end, ids: ids})
			from = end
		}
	}
}

// scanParagraphID reads "3", "3.8" or "3.10" at s[i:].
func scanParagraphID(s string, i int) (string, int) {
	j := skipDigits(s, i)
	if j == i {
		return "", i
	}
	if j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
		j = skipDigits(s, j+1)
	}
	return s[i:j], j
}

func skipDigits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
		i++
	}
	return i
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func isWordByte(b byte) bool {
	return isDigit(b) || b == '_' || (b|0x20 >= 'a' && b|0x20 <= 'z')
}

func hashOf(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		// Length-prefix each part so that moving bytes between parts changes the hash.
		var n [8]byte
		for i, l := 0, len(p); i < 8; i++ {
			n[i] = byte(l >> (8 * i))
		}
		h.Write(n[:])
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

package main

import (
	"io"
	"os"
	"regexp"
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
)

// The one rule for what a person reads: messages are word-wrapped to the
// width of where they are printed when that is a terminal (this program's
// own, or an officer's ssh -t over 'course serve'), and never broken inside
// a word, so that a code (ABCD-EFGH-JKMN), a member's number, a path, a
// flag (--dry-run) or a command stays whole on one line, as it must be
// typed or copied. Output that is data (CSV, JSON, xAPI, documents, text
// for files) is written to dataWriter, and so never wrapped.

// sizedWriter is an output whose terminal's width is known other than by
// its file: an officer's output over 'course serve'.
type sizedWriter interface {
	io.Writer
	terminalWidth() int
}

// servedOutput is an officer's output over 'course serve': width is the
// width of the officer's terminal, 0 when the session has none.
type servedOutput struct {
	io.Writer
	width func() int
}

func (o servedOutput) terminalWidth() int { return o.width() }

// isTerminal says whether w is a terminal, as opposed to a file or a pipe:
// tables and colour are for terminals, plain text for everything else.
func isTerminal(w io.Writer) bool {
	f, ok := dataWriter(w).(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// terminalWidth is the width of the terminal w writes to, or 0 when w is
// not a terminal.
func terminalWidth(w io.Writer) int {
	switch w := w.(type) {
	case *messageWriter:
		return w.width()
	case sizedWriter:
		return w.terminalWidth()
	case *os.File:
		if term.IsTerminal(w.Fd()) {
			if width, _, err := term.GetSize(w.Fd()); err == nil && width > 0 {
				return width
			}
		}
	}
	return 0
}

// messages is w for messages worded for a person: wrapped to the width of
// the terminal w writes to, or w itself when it is not a terminal.
func messages(w io.Writer) io.Writer {
	switch w.(type) {
	case *messageWriter:
		return w
	}
	if terminalWidth(w) <= 0 {
		return w
	}
	return &messageWriter{w: w, width: func() int { return terminalWidth(w) }}
}

// dataWriter is w as it was before messages wrapped it: for data, tables
// already fitted to the terminal, and screens.
func dataWriter(w io.Writer) io.Writer {
	if m, ok := w.(*messageWriter); ok {
		return m.w
	}
	return w
}

// printMessage prints a message worded for a person, word-wrapped to the
// terminal's width when w is a terminal (messages are written as one line
// per paragraph), and as it is otherwise, for logs and scripts.
func printMessage(w io.Writer, msg string) {
	io.WriteString(messages(w), msg+"\n")
}

// wrapMessage word-wraps msg at width (see messageWriter).
func wrapMessage(msg string, width int) string {
	var b strings.Builder
	m := &messageWriter{w: &b, width: func() int { return width }}
	io.WriteString(m, msg)
	return b.String()
}

// messageWriter word-wraps what is written to it as it comes, so that a
// prompt shows before its answer is read and a line written in pieces is
// wrapped as one. It breaks lines only at spaces: never at a hyphen, nor
// inside a word too long for a line, which is left whole for the terminal
// to show, nor inside a quoted command or the command that reaches a
// server that fits on a line (see unbroken). A line's indent is repeated on the lines it wraps onto, and so
// is a column's that starts after two spaces or more in its first half.
type messageWriter struct {
	w     io.Writer
	width func() int

	mu      sync.Mutex // several goroutines may write, as 'course serve' does
	col     int        // columns used on the line being written
	indent  int        // where the lines it wraps onto start
	started bool       // whether it has more than leading spaces
}

func (m *messageWriter) Write(p []byte) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	width := m.width()
	var b strings.Builder
	spaces := 0 // spaces between words, written once the next word is placed
	s := string(p)
	for len(s) > 0 {
		switch c := s[0]; {
		case c == '\n' || c == '\r':
			b.WriteByte(c)
			m.col, m.indent, m.started, spaces = 0, 0, false, 0
			s = s[1:]
		case c == ' ':
			n := len(s) - len(strings.TrimLeft(s, " "))
			if m.started {
				spaces += n
			} else {
				b.WriteString(s[:n])
				m.col += n
				m.indent += n
			}
			s = s[n:]
		default:
			end := unbroken(s, width)
			word := s[:end]
			s = s[end:]
			w := ansi.StringWidth(word)
			if m.started && width > 0 && m.col+spaces+w > width {
				indent := m.indent
				if indent*2 > width {
					indent = 0
				}
				b.WriteString("\n" + strings.Repeat(" ", indent))
				m.col, spaces = indent, 0
			}
			if spaces >= 2 && (m.col+spaces)*2 <= width {
				m.indent = m.col + spaces // a column, as in "label    text": its text wraps under itself
			}
			b.WriteString(strings.Repeat(" ", spaces) + word)
			m.col += spaces + w
			m.started, spaces = true, 0
		}
	}
	// Spaces at the end, as after a prompt, are written as far as the line
	// has room for them.
	if width > 0 {
		spaces = min(spaces, max(width-m.col, 0))
	}
	b.WriteString(strings.Repeat(" ", spaces))
	m.col += spaces
	if _, err := io.WriteString(m.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// unbroken is how long the start of s is that is kept on one line: a
// word; or, when it fits in width columns, a command in quotes ('course
// members list', "members add --name 'Eve Brown'") or the command that
// reaches a server (ssh -p 2222 HOST), as they are typed or copied whole.
func unbroken(s string, width int) int {
	line := s
	if i := strings.IndexAny(s, "\n\r"); i >= 0 {
		line = s[:i]
	}
	end := strings.IndexByte(line, ' ')
	if end < 0 {
		return len(line)
	}
	span := 0
	if m := reachServer.FindStringIndex(line); m != nil {
		span = m[1]
	} else if q := quoteOpens.FindString(line); q != "" {
		mark := q[len(q)-1]
		for i := len(q); i < len(line); i++ {
			if line[i] == mark && (i+1 == len(line) || strings.IndexByte(" .,;:)!?", line[i+1]) >= 0) {
				span = i + 1
				break
			}
		}
	}
	if span <= end {
		return end
	}
	// The span takes the rest of its last word, such as a full stop.
	if i := strings.IndexByte(line[span:], ' '); i >= 0 {
		span += i
	} else {
		span = len(line)
	}
	if width > 0 && ansi.StringWidth(line[:span]) > width {
		return end
	}
	return span
}

var (
	// reachServer is how the command that reaches a server starts a
	// word: ssh -p 2222 course.example.gov.uk, or ssh -t -p …
	reachServer = regexp.MustCompile(`^\(?ssh (?:-t )?-p [0-9]+ [^\s'"]+`)
	// quoteOpens is how a quotation starts a word.
	quoteOpens = regexp.MustCompile(`^\(?['"]`)
)

// answered tells w that a person typed an answer to what was last written
// to it: the Enter that ended the answer began a new line.
func answered(w io.Writer) {
	if m, ok := w.(*messageWriter); ok {
		m.mu.Lock()
		m.col, m.indent, m.started = 0, 0, false
		m.mu.Unlock()
	}
}

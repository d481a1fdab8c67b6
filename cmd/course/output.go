package main

import (
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
)

// isTerminal says whether w is a terminal, as opposed to a file or a pipe:
// tables and colour are for terminals, plain text for everything else.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// statusLine shows a changing status, such as how far a long job has got,
// on one line of a terminal, rewriting it in place.
type statusLine struct {
	w     io.Writer
	shown bool
}

func (l *statusLine) show(text string) {
	fmt.Fprint(l.w, "\r"+text+ansi.EraseLineRight)
	l.shown = true
}

// clear removes the line, so that what is printed next starts clean.
func (l *statusLine) clear() {
	if l.shown {
		fmt.Fprint(l.w, "\r"+ansi.EraseEntireLine)
		l.shown = false
	}
}

// thousands writes n with commas between groups of three digits: 40,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	start := 0
	if n < 0 {
		start = 1
	}
	for i := len(s) - 3; i > start; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

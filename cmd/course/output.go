package main

import (
	"fmt"
	"io"
	"os"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
)

// isTerminal says whether w is a terminal, as opposed to a file or a pipe:
// tables and colour are for terminals, plain text for everything else.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// terminalWidth is the width of the terminal w writes to, or 0 when w is
// not a terminal.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok && term.IsTerminal(f.Fd()) {
		if width, _, err := term.GetSize(f.Fd()); err == nil && width > 0 {
			return width
		}
	}
	return 0
}

// printMessage prints a message worded for a person, word-wrapped to the
// terminal's width when w is a terminal (messages are written as one line
// per paragraph), and as it is otherwise, for logs and scripts.
func printMessage(w io.Writer, msg string) {
	if width := terminalWidth(w); width > 0 {
		msg = ansi.Wrap(msg, width, "")
	}
	fmt.Fprintln(w, msg)
}

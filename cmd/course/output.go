package main

import (
	"io"
	"os"

	"github.com/charmbracelet/x/term"
)

// isTerminal says whether w is a terminal, as opposed to a file or a pipe:
// tables and colour are for terminals, plain text for everything else.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"

	"course/internal/atomicfile"
	"course/internal/progress"
	"course/internal/safetext"
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

// writeOutput writes the file a command's flag names (such as export's
// --out) in full or not at all, readable by its owner only. It never
// replaces the records (the record file, any other name for it, or its .id
// file) or anything that is not a regular file, such as a folder or a
// device. A refusal is a usage error; other failures are one line that
// says what to do.
func writeOutput(opts *options, command, flag, path string, fn func(w *bufio.Writer) error) error {
	records, err := recordPath(opts)
	if err != nil {
		return err
	}
	err = atomicfile.Write(path, 0o600, fn, progress.ProtectedFiles(records)...)
	switch {
	case err == nil, errors.Is(err, context.Canceled):
		return err
	case errors.Is(err, atomicfile.ErrRefused):
		return flagError(command, "%s: %s", flag, safetext.Inert(err.Error()))
	}
	return &exitError{code: exitFailure, msg: "course " + command + ": " + safetext.Inert(err.Error())}
}

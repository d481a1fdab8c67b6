package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"course/internal/atomicfile"
	"course/internal/safetext"
	"course/internal/store/chain"
)

// writeOutput writes the file a command's flag names (such as export's
// --out) in full or not at all, readable by its owner only. It never
// replaces the records (the record file, any other name for it, or its .id
// file) or anything that is not a regular file, such as a folder or a
// device. A refusal is a usage error; other failures are one line that
// says what to do.
//
// Output to standard output ("-", and over 'course serve' the only output
// there is) is written as it is made.
func writeOutput(opts *options, command, flag, path string, fn func(w *bufio.Writer) error) error {
	if toStandardOutput(opts, path) {
		w := bufio.NewWriter(opts.standardOutput())
		if err := fn(w); err != nil {
			return err
		}
		return w.Flush()
	}
	if opts.served != nil {
		return flagError(command, "%s: over SSH the output comes to your own computer: leave out %s and send it to a file there, for example: %s %s > FILE", flag, flag, opts.served.connect, command)
	}
	records, err := recordPath(opts)
	if err != nil {
		return err
	}
	err = atomicfile.Write(path, 0o600, fn, chain.ProtectedFiles(records)...)
	switch {
	case err == nil, errors.Is(err, context.Canceled):
		return err
	case errors.Is(err, atomicfile.ErrRefused):
		msg := safetext.Inert(err.Error())
		if info, serr := os.Stat(path); serr == nil && !info.Mode().IsRegular() && !info.IsDir() {
			// Such as --out /dev/stdout: standard output has its own name.
			msg += fmt.Sprintf(" To write to standard output, give %s -.", flag)
		}
		return flagError(command, "%s: %s", flag, msg)
	}
	return &exitError{code: exitFailure, msg: "course " + command + ": " + safetext.Inert(err.Error())}
}

// toStandardOutput says output named path goes to standard output: "-"
// names it, and over 'course serve' it is where output goes unless named.
func toStandardOutput(opts *options, path string) bool {
	return path == "-" || (path == "" && opts.served != nil)
}

// outputName is how a command's closing line names where its output went.
func outputName(opts *options, path string) string {
	if toStandardOutput(opts, path) {
		return "standard output"
	}
	return safetext.Inert(path)
}

// statusLine shows a changing status, such as how far a long job has got,
// on one line of a terminal, rewriting it in place.
type statusLine struct {
	w     io.Writer
	shown bool
}

func (l *statusLine) show(text string) {
	fmt.Fprint(dataWriter(l.w), "\r"+text+ansi.EraseLineRight)
	l.shown = true
}

// clear removes the line, so that what is printed next starts clean.
func (l *statusLine) clear() {
	if l.shown {
		fmt.Fprint(dataWriter(l.w), "\r"+ansi.EraseEntireLine)
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

// count is n and the noun that goes with it: "1 member", "3 members".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// writeDocument writes a document that is not text (a PDF, a workbook) to
// the file out names, through writeOutput, or to the command's output when
// out is "" and that is not a terminal (a pipe, a file, or whatever a
// server hands the command). Written to a terminal it would be noise, so
// that is refused with a sentence that says to use --out. what names the
// document ("the workbook") and ext its file name's ending (".xlsx").
func writeDocument(cmd *cobra.Command, opts *options, command, out, what, ext string, fn func(w io.Writer) error) error {
	if out == "" {
		w := dataWriter(cmd.OutOrStdout())
		if isTerminal(w) {
			return flagError(command, "%s cannot be shown on a terminal: say where to write it with --out FILE%s", what, ext)
		}
		bw := bufio.NewWriter(w)
		if err := fn(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	if got := filepath.Ext(out); !strings.EqualFold(got, ext) {
		return flagError(command, "--out %s: %s is a %s file, so its name must end %s (for example --out %s)",
			safetext.Inert(out), what, strings.ToUpper(strings.TrimPrefix(ext, ".")), ext,
			safetext.Inert(strings.TrimSuffix(filepath.Base(out), got)+ext))
	}
	return writeOutput(opts, command, "--out", out, func(w *bufio.Writer) error { return fn(w) })
}

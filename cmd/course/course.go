package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"course/internal/certificate"
	"course/internal/linear"
	"course/internal/modules"
	"course/internal/store"
	"course/internal/ui"
)

// noTerminal says the course needs a terminal, and what runs without one.
func noTerminal(opts *options) string {
	var given []string
	if opts.db != "" {
		given = append(given, "--db")
	}
	if opts.contentDir != "" {
		given = append(given, "--content")
	}
	same := ""
	if len(given) > 0 {
		same = " (give them the same " + strings.Join(given, " and ") + ")"
	}
	return `course: the course needs an interactive terminal (a window you can type in).
Run '` + typed(opts) + `' in a terminal such as Windows Terminal, PowerShell or Terminal.
For the course as plain lines of text (input may be piped), run:
  ` + typed(opts, "--accessible") + `
Commands that work without one` + same + `:
  course search WORDS     find where the course covers something
  course hand-in          save your records as a file to send to the council
  course report           who has completed what (for the monitoring officer)
  course export           attempts and completions as CSV, JSON or xAPI
  course members          import, list, add or erase members
  course verify           check the records have not been altered
  course serve            give every member the course over SSH
  course validate [DIR]   check course content`
}

// runCourse starts the course in the terminal.
func runCourse(cmd *cobra.Command, opts *options) error {
	return runUI(cmd, opts, false)
}

// dumbTerminal says how to take the course as plain text: with command,
// the command as it was typed with --accessible added.
func dumbTerminal(command string) string {
	return `course: this terminal (TERM=dumb) cannot show the full-screen course.
Take the course as plain lines of text instead, which also suits screen readers:
  ` + command
}

// accessibleCommand is the command line args (os.Args) with --accessible
// added, quoted for a shell, so that the advice keeps the record file and
// content the person chose.
func accessibleCommand(args []string) string {
	if len(args) == 0 {
		return "course --accessible"
	}
	rest := slices.Clone(args[1:])
	at := len(rest)
	if i := slices.Index(rest, "--"); i >= 0 {
		at = i // flags go before the end of flags
	}
	rest = slices.Insert(rest, at, "--accessible")
	words := []string{programWord(args[0])}
	for _, a := range rest {
		words = append(words, shellWord(a))
	}
	return strings.Join(words, " ")
}

// runUI runs the terminal course, optionally going straight to a refresher
// quiz once the member is chosen.
func runUI(cmd *cobra.Command, opts *options, refresher bool) error {
	if opts.accessible || accessibleFromEnvironment() {
		return runLinear(cmd, opts, refresher)
	}
	if os.Getenv("TERM") == "dumb" {
		return &exitError{code: exitUsage, msg: dumbTerminal(accessibleCommand(os.Args))}
	}
	if !term.IsTerminal(os.Stdin.Fd()) || !isTerminal(os.Stdout) {
		return &exitError{code: exitUsage, msg: noTerminal(opts)}
	}
	recs, c, err := openCourse(opts)
	if err != nil {
		return err
	}
	defer recs.Close()
	model := ui.New(ui.Options{Course: c, Store: recs, Dark: true, StartRefresher: refresher,
		CertificateFolder: certificate.Folder, HandIn: handInTo(recs, c)})
	// The renderer draws on a timer; at 120 frames a second the first screen
	// waits at most 8 ms for it (measured: first frame 51 → 38 ms). An idle
	// tick only compares frames, so the cost is negligible.
	p := tea.NewProgram(model, tea.WithContext(cmd.Context()), tea.WithFPS(120))
	final, err := p.Run()
	if m, ok := final.(ui.Model); ok && err == nil {
		// The course leaves a clear screen: say what became of the answers.
		fmt.Fprintln(cmd.OutOrStdout(), m.Goodbye(commandToCarryOn(os.Args[0], os.Args[1:])))
	}
	return err
}

// runLinear runs the course as a linear transcript on stdin and stdout
// (see internal/linear): it needs no terminal, so that input can be piped.
func runLinear(cmd *cobra.Command, opts *options, refresher bool) error {
	recs, c, err := openCourse(opts)
	if err != nil {
		return err
	}
	defer recs.Close()
	width := func() int {
		if w, _, err := term.GetSize(os.Stdout.Fd()); err == nil {
			return w
		}
		return 0
	}
	err = linear.Run(cmd.Context(), linear.Options{
		In: cmd.InOrStdin(), Out: dataWriter(cmd.OutOrStdout()), Width: width,
		Course: c, Store: recs, StartRefresher: refresher, HandIn: handInTo(recs, c),
		CertificateFolder: certificate.Folder,
		CarryOn:           commandToCarryOn(os.Args[0], os.Args[1:]), FromEnvironment: accessibleFromEnvironment(),
	})
	if errors.Is(err, context.Canceled) {
		// Interrupted: the course has said what is saved and how to carry on.
		return &exitError{code: exitInterrupt}
	}
	return err
}

// openCourse opens the record file for the course, held only while it
// reads or writes (see openCourseStore), with the course it belongs to,
// which it notes in the file. The caller closes the store.
func openCourse(opts *options) (*store.Store, *modules.Course, error) {
	recs, err := openCourseStore(opts)
	if err != nil {
		return nil, nil, err
	}
	ch, err := chooseCourse(opts, recs)
	if err == nil {
		err = bindCourse(recs, ch)
	}
	if err != nil {
		recs.Close()
		return nil, nil, err
	}
	return recs, ch.course, nil
}

// accessibleFromEnvironment says $ACCESSIBLE asks for the plain text
// course: set to anything but nothing, 0, false, no or off.
func accessibleFromEnvironment() bool {
	switch strings.ToLower(strings.TrimSpace(os.Getenv("ACCESSIBLE"))) {
	case "", "0", "false", "no", "off":
		return false
	}
	return true
}

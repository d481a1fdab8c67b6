package main

import (
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"course/internal/certificate"
	"course/internal/ui"
)

const noTerminal = `course: the course needs an interactive terminal (a window you can type in).
Run 'course' in a terminal such as Windows Terminal, PowerShell or Terminal.
Commands that work without one:
  course search WORDS     find where the course covers something
  course report           who has completed what (for the monitoring officer)
  course export           attempts and completions as CSV, JSON or xAPI
  course members          import, list, add or erase members
  course verify           check the records have not been altered
  course validate [DIR]   check course content`

// runCourse starts the course in the terminal.
func runCourse(cmd *cobra.Command, opts *options) error {
	return runUI(cmd, opts, false)
}

// runUI runs the terminal course, optionally going straight to a refresher
// quiz once the member is chosen.
func runUI(cmd *cobra.Command, opts *options, refresher bool) error {
	if !term.IsTerminal(os.Stdin.Fd()) || !isTerminal(os.Stdout) {
		return &exitError{code: exitUsage, msg: noTerminal}
	}
	store, err := openCourseStore(opts)
	if err != nil {
		return err
	}
	defer store.Close()
	c, err := courseFor(opts, store)
	if err != nil {
		return err
	}
	if err := bindCourse(opts, store, c); err != nil {
		return err
	}
	model := ui.New(ui.Options{Course: c, Store: store, Dark: true, StartRefresher: refresher,
		CertificateFolder: certificate.Folder})
	// The renderer draws on a timer; at 120 frames a second the first screen
	// waits at most 8 ms for it (measured: first frame 51 → 38 ms). An idle
	// tick only compares frames, so the cost is negligible.
	p := tea.NewProgram(model, tea.WithContext(cmd.Context()), tea.WithFPS(120))
	_, err = p.Run()
	return err
}

package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"course/internal/progress"
	"course/internal/safetext"
)

func newVerifyCmd(opts *options) *cobra.Command {
	return &cobra.Command{
		Use:   "verify",
		Short: "Check that the records have not been changed or damaged",
		Long: `Check the record file: its structure, then every event in the log
against the hash chain that links each one to the one before. The file is
only read, never written.

When all is well it prints the number of events and the chain head (the
hash of the newest event) and exits with status 0. Otherwise it names the
first event that does not match and why, and exits with status 1: keep the
file unchanged as evidence, and restore the records from a backup.`,
		Example: "  course verify\n  course verify --db ./records.db",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := openRecords(opts, true)
			if err != nil {
				return err
			}
			defer store.Close()
			if err := store.Check(); err != nil {
				if errors.Is(err, progress.ErrDamaged) {
					return &exitError{code: exitFailure, msg: "course: " + safetext.Inert(err.Error())}
				}
				return err
			}
			r, err := store.Verify()
			if errors.Is(err, progress.ErrTampered) {
				return &exitError{code: exitFailure, msg: tamperedMessage(store.Path(), r)}
			}
			if err != nil {
				return err
			}
			head := r.Head
			if head == "" {
				head = "none (no events yet)"
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "records intact: %d events, chain head %s\n", r.Events, head)
			fmt.Fprintf(out, "record file: %s\n", safetext.Inert(store.Path()))
			return nil
		},
	}
}

// tamperedMessage explains a broken chain and what to do about it.
func tamperedMessage(path string, r progress.VerifyReport) string {
	what := fmt.Sprintf("event %d does not match the record: %s.", r.FirstBad, r.Problem)
	intact := ""
	if r.FirstBad > 1 {
		intact = fmt.Sprintf(" Events 1 to %d are intact.", r.FirstBad-1)
	}
	if r.FirstBad == 0 {
		what = fmt.Sprintf("the index of events by member does not match the log: %s.", r.Problem)
	}
	return safetext.Inert(fmt.Sprintf("course: the records in %s have been altered or damaged: %s%s", path, what, intact)) + `
Keep this file unchanged as evidence (copy it somewhere safe and do not open it in the course),
then restore the records from a backup made before the change, and tell whoever looks after the course.`
}

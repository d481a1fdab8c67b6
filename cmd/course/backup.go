package main

import (
	"bufio"
	"fmt"

	"github.com/spf13/cobra"
)

func newBackupCmd(opts *options) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:         "backup",
		Annotations: overSSH(),
		Short:       "Copy the record file, consistent as of one moment, while the course goes on",
		Long: `Write a copy of the record file as it is at one moment. The course can
go on saving answers while the copy is made.

Over 'course serve' the copy comes to your own computer on standard
output: send it to a file there. Keep copies somewhere other than the
server.

To restore one: stop the course, put the copy in place of the record file
(records.db), delete records.db.id beside it (it pins the end of the
records the copy replaces; the next start pins the copy's end), and run
'course verify'.`,
		Example: "  course backup --out records-2026-11-26.db\n" +
			"  ssh -p 2222 course.example.gov.uk backup > records-2026-11-26.db",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" && opts.served == nil {
				return flagError("backup", "say where to write the copy with --out FILE")
			}
			if toStandardOutput(opts, out) && isTerminal(opts.standardOutput()) {
				return flagError("backup", "the copy is a database file, not text for the screen: send it to a file, for example: %s > records-copy.db", typed(opts, "backup", "--out", "-"))
			}
			store, err := openStore(opts, true)
			if err != nil {
				return err
			}
			defer store.Close()
			var n int64
			var head string
			var events int
			err = writeOutput(opts, "backup", "--out", out, func(w *bufio.Writer) (err error) {
				n, head, events, err = store.WriteBackup(w)
				return err
			})
			if err != nil {
				return err
			}
			say := cmd.OutOrStdout()
			if toStandardOutput(opts, out) {
				say = cmd.ErrOrStderr() // the copy itself went to standard output
			}
			fmt.Fprintf(say, "Copied the records (%s bytes) to %s.\n", thousands(int(n)), outputName(opts, out))
			fmt.Fprintf(say, "chain head %s over %d events\n", orNone(head), events)
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "file to write, or - for standard output")
	return cmd
}

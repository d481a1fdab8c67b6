package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"
)

func newSyncStatusCmd(opts *options) *cobra.Command {
	return &cobra.Command{
		Use:         "sync-status",
		Annotations: overSSH(),
		Short:       "How far behind the learning record store is (over 'course serve')",
		Long: `Say how far behind the learning record store (LRS) is, and how the
server's last background sync went. It reports on a running 'course serve',
so run it over SSH:

  ssh -p 2222 course.example.gov.uk sync-status

On this computer, 'course sync --dry-run' says what is waiting to be sent.`,
		Example: "  ssh -p 2222 course.example.gov.uk sync-status",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case opts.served == nil:
				return flagError("sync-status", "it reports on a running 'course serve': run it over SSH (ssh -p PORT HOST sync-status), or run '%s' here to see what is waiting", typed(opts, "sync", "--dry-run"))
			case opts.served.syncer == nil:
				fmt.Fprintln(cmd.OutOrStdout(), "This server sends nothing to a learning record store: course.yaml names none (lrs: endpoint: ADDRESS), or it was started with --sync-every 0.")
				return nil
			}
			fmt.Fprint(cmd.OutOrStdout(), syncStatusText(opts.served.syncer.Status(), time.Now()))
			return nil
		},
	}
}

package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"course/internal/safetext"
	"course/internal/server"
)

// servedCommands are the commands an officer's key may run over 'course
// serve'. Each works on the server's records and course, and takes its
// files from, and gives them to, the officer's own computer.
var servedCommands = []string{"report", "export", "verify", "members", "backup", "certificate", "sync-status", "help"}

// serverFlags name files or courses on the server, which are the server's
// to choose.
var serverFlags = []string{"--db", "--content", "--any-course"}

// runServed runs an officer's command line, sent over SSH, on the server's
// open records.
func runServed(shared *served) server.CommandFunc {
	return func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
		if msg := refuseServed(args); msg != "" {
			fmt.Fprintln(stderr, msg)
			return exitUsage
		}
		each := *shared
		each.stdout = stdout
		opts := &options{served: &each}
		cmd := newRootCmdWith(opts)
		if len(args) == 1 && (args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
			fmt.Fprint(stdout, servedHelp(cmd, shared.connect))
			return exitOK
		}
		watched := &watchedWriter{w: stderr, watch: "but was given"}
		cmd.SetIn(stdin)
		cmd.SetOut(stdout)
		cmd.SetErr(watched)
		code := runCommandLine(ctx, cmd, args, watched)
		if code == exitUsage && watched.seen {
			// The officer's own shell took the quotes they typed: ssh
			// sends the words, and the server splits them again.
			fmt.Fprintf(stderr, "Over SSH, a name with spaces needs quotes that reach the server: put the whole command in double quotes and the name in single quotes, for example: %s \"members invite 'Eve Brown'\"\n", shared.connect)
		}
		return code
	}
}

// watchedWriter passes writes on, noting whether watch was written.
type watchedWriter struct {
	w     io.Writer
	watch string
	seen  bool
}

func (w *watchedWriter) Write(p []byte) (int, error) {
	w.seen = w.seen || strings.Contains(string(p), w.watch)
	return w.w.Write(p)
}

// refuseServed says why a command line cannot run over SSH, or "".
func refuseServed(args []string) string {
	first := args[0]
	if !slices.Contains(servedCommands, first) && first != "--help" && first != "-h" && first != "--version" {
		return fmt.Sprintf("course: %q is not one of the commands the server runs. Over SSH you can run: %s.",
			safetext.Inert(first), strings.Join(servedCommands, ", "))
	}
	for _, a := range args {
		if a == "--" {
			break
		}
		for _, f := range serverFlags {
			if a == f || strings.HasPrefix(a, f+"=") {
				return fmt.Sprintf("course: %s cannot be given over SSH: the server uses its own record file and course.", f)
			}
		}
	}
	return ""
}

// servedHelp lists the commands an officer can run over SSH.
func servedHelp(root *cobra.Command, connect string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "The officer's commands, run over SSH: %s COMMAND\n\n", connect)
	for _, name := range servedCommands {
		if name == "help" {
			continue
		}
		for _, c := range root.Commands() {
			if c.Name() == name {
				fmt.Fprintf(&b, "  %-12s %s\n", name, c.Short)
			}
		}
	}
	fmt.Fprintf(&b, `
Files come from your computer and go back to it: a roster or a key as
standard input, with - in place of the file name, and output to a file
with >. For example:
  %[1]s report --format csv > report.csv
  %[1]s members import - < roster.csv
  %[1]s backup > records-backup.db
Put a command with a name that has spaces in double quotes, and the name
in single quotes:
  %[1]s "members add --name 'Dee Jones'"

%[1]s "help COMMAND" says more about one command.
`, connect)
	return b.String()
}

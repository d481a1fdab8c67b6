package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"charm.land/ssh"
	"github.com/spf13/cobra"

	"course/internal/safetext"
	"course/internal/server"
)

// servedAnnotation marks a command that an officer's key may run over
// 'course serve': it works on the server's records and course, and takes its
// files from, and gives them to, the officer's own computer. Each command
// is marked on its own: one without the mark is refused over SSH, whatever
// its parent's.
const servedAnnotation = "served"

// overSSH are the annotations of a command an officer may run over SSH.
func overSSH() map[string]string { return map[string]string{servedAnnotation: "yes"} }

// isServed says c may run over SSH.
func isServed(c *cobra.Command) bool { return c.Annotations[servedAnnotation] == "yes" }

// servedCommands are the names of the commands under root that may run
// over SSH, in the order help lists them.
func servedCommands(root *cobra.Command) []string {
	var names []string
	for _, c := range root.Commands() {
		if isServed(c) {
			names = append(names, c.Name())
		}
	}
	return names
}

// servedName is the name of the command a command line sent over SSH runs,
// such as "members keys remove": all that is logged of it, as its other
// words may name a member.
func servedName(args []string) string {
	root := newRootCmd()
	c, _, err := root.Find(args)
	switch {
	case err != nil:
		return "(not a command)"
	case c == root && len(args) > 0 && slices.Contains(rootWords, args[0]):
		return args[0]
	case c == root:
		return "(not a command)"
	}
	return commandWords(c)
}

// rootWords are what an officer may give with no command.
var rootWords = []string{"--help", "-h", "--version"}

// commandWords are the words that call c, without the program's name.
func commandWords(c *cobra.Command) string {
	return strings.TrimPrefix(c.CommandPath(), c.Root().Name()+" ")
}

// serverFlags name files or courses on the server, which are the server's
// to choose.
var serverFlags = []string{"--db", "--content", "--any-course"}

// runServed runs an officer's command line, sent over SSH, on the server's
// open records.
func runServed(shared *served) server.CommandFunc {
	return func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
		// Messages fit the officer's terminal (ssh -t). Without one its
		// width is not known, and they are left for it to wrap: one line
		// each, as for a script or a file.
		width := func() int { return server.TerminalWidth(ctx) }
		stdout, stderr = servedOutput{stdout, width}, servedOutput{stderr, width}
		each := *shared
		each.stdout = stdout
		if k, ok := ctx.Value(ssh.ContextKeyPublicKey).(ssh.PublicKey); ok && k != nil {
			each.officerKey = server.Fingerprint(k)
		}
		opts := &options{served: &each}
		cmd := newRootCmdWith(opts)
		if cmd.Annotations == nil {
			cmd.Annotations = map[string]string{}
		}
		cmd.Annotations[connectAnnotation] = shared.connect
		if msg := refuseServed(cmd, args); msg != "" {
			printMessage(stderr, msg)
			return exitUsage
		}
		hideUnserved(cmd)
		if len(args) == 1 && (args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
			fmt.Fprint(messages(stdout), servedHelp(cmd, shared.connect))
			return exitOK
		}
		// The watches read the messages before they are wrapped.
		split := &watchedWriter{w: messages(stderr), watch: "but was given"}
		unknown := &watchedWriter{w: split, watch: "no member is called"}
		cmd.SetIn(stdin)
		cmd.SetOut(stdout)
		cmd.SetErr(unknown)
		code := runCommandLine(ctx, cmd, args, unknown)
		if hint := quotingHint(cmd, args, shared.connect, code == exitUsage && split.seen, code == exitFailure && unknown.seen); hint != "" {
			printMessage(stderr, hint)
		}
		return code
	}
}

// quotingHint is what an officer is told when the words of a command line
// sent over SSH were split (split), or a member named in it was not found
// (unknown): the officer's own shell takes the quotes they type, ssh sends
// the words, and the server splits them again at every space, taking any
// quotes it finds (and so a name's apostrophe). A member number needs no
// quotes. It is "" for other failures.
func quotingHint(root *cobra.Command, args []string, connect string, split, unknown bool) string {
	if !split && !unknown {
		return ""
	}
	cmd, _, err := root.Find(args)
	if err != nil {
		cmd = root
	}
	byNumber := fmt.Sprintf("name the member by number (see '%s members list'), for example: %s %s NUMBER",
		connect, connect, strings.TrimPrefix(cmd.CommandPath(), root.Name()+" "))
	switch {
	case unknown:
		return "Over SSH, quotes around a name may not reach the server, and an apostrophe in a name is taken as a quote: " + byNumber + "."
	case strings.Contains(cmd.Use, "MEMBER"):
		return "Over SSH, your own shell takes the quotes you type, and the server splits what is left at every space: " + byNumber +
			". Put any other words with spaces in single quotes, and the whole command in double quotes."
	}
	hint := fmt.Sprintf("Over SSH, your own shell takes the quotes you type, and the server splits what is left at every space: "+
		"put the whole command in double quotes and the words with spaces in single quotes, for example: %s \"members add --name 'Eve Brown'\".", connect)
	if cmd.Flags().Lookup("name") != nil {
		hint += fmt.Sprintf(" A name with an apostrophe, such as O'Brien, cannot be quoted so: add that member from a roster instead (%s members import - < roster.csv).", connect)
	}
	return hint
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
func refuseServed(root *cobra.Command, args []string) string {
	c, _, err := root.Find(args)
	switch {
	case len(args) == 0:
		return "course: give a command. Over SSH you can run: " + strings.Join(servedCommands(root), ", ") + "."
	case err == nil && c == root && slices.Contains(rootWords, args[0]):
	case err != nil || !isServed(c):
		name := args[0]
		if err == nil && c != root {
			name = commandWords(c)
		}
		return fmt.Sprintf("course: %q is not one of the commands the server runs. Over SSH you can run: %s.",
			safetext.Inert(name), strings.Join(servedCommands(root), ", "))
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

// hideUnserved hides the commands that cannot run over SSH from the help
// the officer reads.
func hideUnserved(root *cobra.Command) {
	for _, c := range root.Commands() {
		if !isServed(c) {
			c.Hidden = true
			continue
		}
		hideUnserved(c)
	}
}

// servedHelp lists the commands an officer can run over SSH.
func servedHelp(root *cobra.Command, connect string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "The officer's commands, run over SSH: %s COMMAND\n\n", connect)
	for _, c := range root.Commands() {
		if isServed(c) && c.Name() != "help" {
			fmt.Fprintf(&b, "  %-12s %s\n", c.Name(), c.Short)
		}
	}
	fmt.Fprintf(&b, `
Files come from your computer and go back to it: a roster or a key as
standard input, with - in place of the file name, and output to a file
with >. For example:
  %[1]s report --format csv > report.csv
  %[1]s members import - < roster.csv
  %[1]s backup > records-backup.db
Name members by their number (see members list) rather than by name:
  %[1]s members invite NUMBER
Put a command with words that have spaces in double quotes, and those
words in single quotes:
  %[1]s "members add --name 'Dee Jones'"
A name with an apostrophe (O'Brien) cannot be quoted so: add that member
from a roster with members import.

%[1]s "help COMMAND" says more about one command.
`, connect)
	return b.String()
}

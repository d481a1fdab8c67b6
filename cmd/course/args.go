package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"course/internal/safetext"
)

// The checks of a command's words, in place of cobra's own: each says
// what is wrong in a sentence, with the command's first example, and is a
// usage error (exit status 2).

// usageError is a mistake in how a command was typed: "course search: "
// and the sentence format makes, then an example and where to read more.
func usageError(cmd *cobra.Command, format string, args ...any) error {
	msg := cmd.CommandPath() + ": " + fmt.Sprintf(format, args...)
	if ex := firstExample(cmd); ex != "" && ex != cmd.CommandPath() {
		msg += " For example: " + asTyped(cmd, ex)
	}
	return &exitError{code: exitUsage, msg: msg + "\nRun '" + asTyped(cmd, cmd.CommandPath()+" --help") + "' for more."}
}

// connectAnnotation, on the root command of a command run over SSH, holds
// the command that reaches the server ("ssh -p 2222 HOST"), which an
// officer types in place of "course".
const connectAnnotation = "connect"

// asTyped is a command line that starts "course " as the person must type
// it: over SSH, with the server's connect command in place of "course".
func asTyped(cmd *cobra.Command, line string) string {
	connect := cmd.Root().Annotations[connectAnnotation]
	if rest, ok := strings.CutPrefix(line, cmd.Root().Name()+" "); ok && connect != "" {
		return connect + " " + rest
	}
	return line
}

// firstExample is the first line of a command's examples, without its
// comment.
func firstExample(cmd *cobra.Command) string {
	line, _, _ := strings.Cut(strings.TrimSpace(cmd.Example), "\n")
	line, _, _ = strings.Cut(line, "  ")
	return strings.TrimSpace(line)
}

// noArgs accepts no words after the command; a word there is most often a
// command that does not exist.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.HasSubCommands() {
		return usageError(cmd, "there is no command %q.", safetext.Inert(args[0]))
	}
	return usageError(cmd, "it takes nothing after it, but was given %q.", safetext.Inert(strings.Join(args, " ")))
}

// needs accepts at least min and at most max words (max < 0: any number),
// which the messages call what (for example "a roster file").
func needs(min, max int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch {
		case len(args) < min:
			return usageError(cmd, "give %s.", what)
		case max >= 0 && len(args) > max:
			return usageError(cmd, "it takes %s, but was given %d words: %q. Put quotes around a name with spaces.",
				what, len(args), safetext.Inert(strings.Join(args, " ")))
		}
		return nil
	}
}

// flagMistake rewords pflag's errors about options as sentences.
func flagMistake(cmd *cobra.Command, err error) error {
	msg := err.Error()
	for prefix, say := range map[string]string{
		"unknown flag: ":           "there is no option %s.",
		"unknown shorthand flag: ": "there is no option %s.",
		"flag needs an argument: ": "the option %s needs a value after it.",
	} {
		if rest, ok := strings.CutPrefix(msg, prefix); ok {
			return usageError(cmd, say, safetext.Inert(rest))
		}
	}
	return usageError(cmd, "%s.", safetext.Inert(msg))
}

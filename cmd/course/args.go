package main

import (
	"fmt"
	"strings"

	"github.com/anmitsu/go-shlex"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

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
// it: over SSH, with the server's connect command in place of "course",
// and quoted as servedLine quotes it, since the officer's shell takes one
// round of quotes before the server splits the words again.
func asTyped(cmd *cobra.Command, line string) string {
	connect := cmd.Root().Annotations[connectAnnotation]
	rest, ok := strings.CutPrefix(line, cmd.Root().Name()+" ")
	if !ok || connect == "" {
		return line
	}
	words, err := shlex.Split(rest, true)
	if err != nil {
		return connect + " " + rest
	}
	return servedLine(connect, words)
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
			given := safetext.Inert(strings.Join(args, " "))
			if took := oneWordValues(cmd); took != "" {
				return usageError(cmd, "it takes %s, but %s, as an option's value ends at the first space unless it is in quotes, and so it was given %d words: %q. Put quotes around a name or a value with spaces.",
					what, took, len(args), given)
			}
			return usageError(cmd, "it takes %s, but was given %d words: %q. Put quotes around a name with spaces.", what, len(args), given)
		}
		return nil
	}
}

// oneWordValues says which of the command's own options took a value of
// one word ("--reason took only "left""), as one given a value with spaces
// and no quotes takes its first word, and its other words are counted as
// the command's; "" when none did.
func oneWordValues(cmd *cobra.Command) string {
	var took []string
	cmd.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
		if f.Changed && f.Value.Type() == "string" && !strings.ContainsAny(f.Value.String(), " \t") {
			took = append(took, fmt.Sprintf("--%s took only %q", f.Name, safetext.Inert(f.Value.String())))
		}
	})
	if len(took) == 0 {
		return ""
	}
	return joinAnd(took, "", "")
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

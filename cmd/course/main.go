// Command course is a terminal training course for councillors on their
// council's guidance, from a content pack, with the record of who has
// completed it.
//
// It wires flags to the packages under internal/ and prints their results:
// one file per command. Rules belong in those packages, not here.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/spf13/cobra"
)

// Exit codes.
const (
	exitOK        = 0
	exitFailure   = 1
	exitUsage     = 2
	exitInterrupt = 130
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:]))
}

func run(ctx context.Context, args []string) int {
	return runCommandLine(ctx, newRootCmd(), args, os.Stderr)
}

// runCommandLine runs the command line args on cmd, says what went wrong on
// stderr, and returns the exit status.
func runCommandLine(ctx context.Context, cmd *cobra.Command, args []string, stderr io.Writer) int {
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		if ee.msg != "" {
			printMessage(stderr, ee.msg)
		}
		return ee.code
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		fmt.Fprintln(stderr, "course: interrupted")
		return exitInterrupt
	}
	printMessage(stderr, fmt.Sprintf("course: %v", err))
	return exitFailure
}

// exitError carries an exit code and an optional message already worded for
// a person.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

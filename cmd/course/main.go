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
	"os"
	"os/signal"
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
	cmd := newRootCmd()
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		if ee.msg != "" {
			printMessage(os.Stderr, ee.msg)
		}
		return ee.code
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		fmt.Fprintln(os.Stderr, "course: interrupted")
		return exitInterrupt
	}
	printMessage(os.Stderr, fmt.Sprintf("course: %v", err))
	return exitFailure
}

// exitError carries an exit code and an optional message already worded for
// a person.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

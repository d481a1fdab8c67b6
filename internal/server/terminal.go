package server

import "context"

// terminalKey is the context key of the width of an officer's terminal.
type terminalKey struct{}

// TerminalWidth is the width, in columns, of the terminal an officer's
// command run with ctx writes to: the window of an ssh client that asked
// for a terminal (ssh -t), as it is now. It is 0 when the session has no
// terminal, as the width of whatever shows the output is then not known.
func TerminalWidth(ctx context.Context) int {
	if width, ok := ctx.Value(terminalKey{}).(func() int); ok {
		return width()
	}
	return 0
}

// withTerminal gives ctx the width of the session's terminal, which
// follows the window's changes, when the session has one.
func withTerminal(ctx context.Context, st *channelState) context.Context {
	if st == nil || !st.pty {
		return ctx
	}
	return context.WithValue(ctx, terminalKey{}, func() int { return st.window.get().Width })
}

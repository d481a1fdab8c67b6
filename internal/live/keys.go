package live

import (
	"context"
	"io"
	"log/slog"
	"sync"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
)

// A session's keys, and its terminal's answers to the program's questions,
// are read here rather than by the program, which is given an input that
// never has anything to read (idleInput).
//
// The program's own reader hands what it has read to the program on a
// channel that nothing reads once the program stops: when a client's last
// bytes arrive as the program ends (an answer to a question the program
// asked on its way out, or the start of an escape sequence), its reader
// waits on that channel for ever, one goroutine lost for each such
// session of a server that runs for months. Here the same parser reads
// the connection and passes each event on with Program.Send, which gives
// up once the program has stopped, so reading ends when the connection's
// input ends, whatever it held.
//
// The program still asks its questions (the background's colour, whether
// the terminal draws in one go), as it has an input: their answers come
// back as events like any key.

// feedKeys reads in until it ends, giving p each key and answer in it.
// It returns when in ends: the caller closes in once the session is over.
// A panic in reading ends the session (with p), not the server.
func feedKeys(in io.Reader, p *tea.Program, log *slog.Logger) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	defer Recovered(log, "reading a session's keys", p.Kill)
	events := make(chan uv.Event)
	go func() {
		defer close(events)
		defer Recovered(log, "reading a session's keys", func() { cancel(); p.Kill() })
		// The terminal's name only picks keys from its terminfo entry,
		// which the reader is not asked to use; the program's own reader
		// is made the same way.
		_ = uv.NewTerminalReader(in, "").StreamEvents(ctx, events)
	}()
	for ev := range events {
		p.Send(ev) // a no-op once the program has stopped
	}
}

// idleInput is an input with nothing to read until it is closed.
type idleInput struct {
	once   sync.Once
	closed chan struct{}
}

func newIdleInput() *idleInput { return &idleInput{closed: make(chan struct{})} }

func (i *idleInput) Read([]byte) (int, error) {
	<-i.closed
	return 0, io.EOF
}

func (i *idleInput) Close() error {
	i.once.Do(func() { close(i.closed) })
	return nil
}

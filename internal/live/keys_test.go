package live

import (
	"context"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// TestKeysAfterTheEndLeaveNothing: a client whose last bytes reach the
// server as its program ends (a key that quits, then the start of an
// escape sequence, as a terminal's answer cut off by a dropped
// connection) leaves no goroutine behind once its connection closes.
// Each session is run to its end before the next, as a server sees them.
func TestKeysAfterTheEndLeaveNothing(t *testing.T) {
	h := NewHub(Limits{}, nil, nil)
	defer h.Close()
	session := func() {
		l := NewSession(Screens, "M1", "SHA256:M1", "127.0.0.1", h.Now())
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		l.Follow(h.log, cancel, cancel)
		in, feed := io.Pipe()
		out := &syncBuffer{}
		done := make(chan error, 1)
		go func() {
			_, err := h.RunScreens(ctx, l, quitter{}, in, out, []tea.ProgramOption{tea.WithWindowSize(80, 24)}, nil)
			done <- err
		}()
		// One write: the key that ends the program and the bytes after it
		// are read together.
		if _, err := feed.Write([]byte("q\x1b[")); err != nil {
			t.Fatal(err)
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the key did not end the program")
		}
		if !strings.Contains(out.String(), "the course") {
			t.Fatalf("the program did not draw: %q", out.String())
		}
		in.Close() // the connection closes
	}
	session() // the first session starts what every session shares
	time.Sleep(100 * time.Millisecond)
	before := runtime.NumGoroutine()
	for range 5 {
		session()
	}
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines after five sessions closed, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

package live

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

// quitter is a model that shows a line and quits on any key.
type quitter struct{}

func (quitter) Init() tea.Cmd { return nil }
func (q quitter) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tea.KeyPressMsg); ok {
		return q, tea.Quit
	}
	return q, nil
}
func (quitter) View() tea.View { return tea.NewView("the course") }

// syncBuffer is a buffer written by a program and read by a test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// run runs quitter for member in h, returning when it ends.
func run(t *testing.T, h *Hub, member string, started chan<- *Session) (<-chan string, *syncBuffer) {
	t.Helper()
	l := NewSession(Screens, member, "SHA256:"+member, "127.0.0.1", h.Now())
	ctx, cancel := context.WithCancel(context.Background())
	l.Follow(h.log, cancel, cancel)
	out := &syncBuffer{}
	in, _ := io.Pipe()
	done := make(chan string, 1)
	go func() {
		defer cancel()
		defer in.Close()
		_, err := h.RunScreens(ctx, l, quitter{}, in, out, []tea.ProgramOption{tea.WithWindowSize(80, 24)},
			func(*tea.Program) { started <- l })
		if err != nil {
			done <- err.Error()
			return
		}
		done <- out.String()
	}()
	return done, out
}

func wait(t *testing.T, done <-chan string) string {
	t.Helper()
	select {
	case s := <-done:
		return s
	case <-time.After(10 * time.Second):
		t.Fatal("the session did not end")
		return ""
	}
}

// TestTakeOver: a member's second window ends the first, which is told
// why; another member's window is left alone.
func TestTakeOver(t *testing.T) {
	h := NewHub(Limits{}, nil, nil)
	started := make(chan *Session, 3)
	first, _ := run(t, h, "M1", started)
	<-started
	other, _ := run(t, h, "M2", started)
	<-started
	second, _ := run(t, h, "M1", started)
	l := <-started
	if got := wait(t, first); !strings.Contains(got, "opened in another window") {
		t.Errorf("the first window was not told it was taken over: %q", got)
	}
	select {
	case <-other:
		t.Error("another member's window was ended")
	case <-time.After(100 * time.Millisecond):
	}
	if len(h.Sessions()) != 2 {
		t.Errorf("%d sessions tracked, want 2", len(h.Sessions()))
	}
	l.Kill()
	wait(t, second)
	h.Close()
	if got := wait(t, other); !strings.Contains(got, "closed for maintenance") {
		t.Errorf("closing did not tell the session: %q", got)
	}
	if _, err := h.RunScreens(context.Background(), NewSession(Screens, "M3", "", "", h.Now()), quitter{}, strings.NewReader(""), io.Discard, nil, nil); !errors.Is(err, ErrClosing) {
		t.Errorf("a closed hub started a session: %v", err)
	}
}

// TestClock: the hub warns an idle session before closing it, and closes
// it when its key is no longer signed in.
func TestClock(t *testing.T) {
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	limits := DefaultLimits
	h := NewHub(limits, clock, nil)
	started := make(chan *Session, 1)
	done, out := run(t, h, "M1", started)
	l := <-started
	mu.Lock()
	now = now.Add(limits.Idle - limits.Warning)
	mu.Unlock()
	h.checkSessions()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "closes in a minute") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(out.String(), "closes in a minute") {
		t.Error("no warning before closing an idle session")
	}
	signedIn := true
	l.CheckKey(func() bool { return signedIn })
	h.checkSessions()
	if l.Ended() != NotEnding {
		t.Fatalf("a session signed in was ended: %v", l.Ended())
	}
	signedIn = false
	h.checkSessions()
	if got := wait(t, done); !strings.Contains(got, "key has been removed") {
		t.Errorf("a session whose key was removed was not told: %q", got)
	}
}

// TestOpenMember: the cap holds for every server of the hub.
func TestOpenMember(t *testing.T) {
	h := NewHub(Limits{MaxSessions: 2, Idle: time.Hour}, nil, nil)
	for range 2 {
		if _, ok := h.OpenMember(); !ok {
			t.Fatal("refused below the cap")
		}
	}
	if open, ok := h.OpenMember(); ok || open != 2 {
		t.Errorf("over the cap: ok %v with %d open", ok, open)
	}
	h.CloseMember()
	h.CloseMember()
	if _, ok := h.OpenMember(); !ok {
		t.Error("refused after a session closed")
	}
}

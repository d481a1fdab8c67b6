package server

import (
	"course/internal/live"
	"log/slog"
	"strings"
	"sync"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Bounds on what a client may ask of a session, checked before the request
// reaches anything else: a client decides every number in a request.
const (
	// MaxColumns and MaxRows bound the window a session is drawn for: a
	// maximised terminal on a large screen is well inside them, and the
	// screen the course keeps for a session grows with its area.
	MaxColumns = 400
	MaxRows    = 150
	// maxTerm bounds the TERM a client names (xterm-256color is 14).
	maxTerm = 64
	// maxModes bounds the terminal modes of a pty request (OpenSSH sends
	// about 300 bytes); larger ones are dropped, as the course needs none.
	maxModes = 1024
	// maxEnv is how many environment variables a session may set, and
	// maxEnvValue how long each may be.
	maxEnv      = 16
	maxEnvValue = 256
	// maxCommand bounds an officer's command line.
	maxCommand = 4096
)

// envAllowed says whether a client may set the environment variable key:
// only those that say how to draw the screen, as OpenSSH's AcceptEnv
// lists by default.
func envAllowed(key string) bool {
	switch key {
	case "TERM", "NO_COLOR", "COLORTERM", "LANG":
		return true
	}
	return strings.HasPrefix(key, "LC_") && len(key) <= 32
}

// ptyRequest is a pty-req's payload (RFC 4254 6.2).
type ptyRequest struct {
	Term                  string
	Columns, Rows         uint32
	PixelWidth, PixelHigh uint32
	Modes                 string
}

// windowChange is a window-change's payload (RFC 4254 6.7).
type windowChange struct {
	Columns, Rows         uint32
	PixelWidth, PixelHigh uint32
}

// envRequest is an env request's payload (RFC 4254 6.4).
type envRequest struct{ Key, Value string }

// clampWindow keeps a window size a client sent inside the course's
// bounds; 0, which a client may send to give the size in pixels alone,
// means the common 80 by 24.
func clampWindow(columns, rows uint32) (int, int) {
	c, r := int64(columns), int64(rows)
	if c == 0 {
		c = 80
	}
	if r == 0 {
		r = 24
	}
	return int(min(c, MaxColumns)), int(min(r, MaxRows))
}

// checkPty reads a pty-req's payload and returns it rewritten within
// bounds, or ok false when it is not a pty request.
func checkPty(payload []byte) (rewritten []byte, w ssh.Window, ok bool) {
	var p ptyRequest
	if err := gossh.Unmarshal(payload, &p); err != nil {
		return nil, w, false
	}
	if len(p.Term) > maxTerm || !printable(p.Term) {
		p.Term = "xterm"
	}
	if len(p.Modes) > maxModes {
		p.Modes = ""
	}
	w.Width, w.Height = clampWindow(p.Columns, p.Rows)
	p.Columns, p.Rows = uint32(w.Width), uint32(w.Height)
	p.PixelWidth, p.PixelHigh = 0, 0
	return gossh.Marshal(p), w, true
}

// checkWindow reads a window-change's payload, within bounds.
func checkWindow(payload []byte) (w ssh.Window, ok bool) {
	var c windowChange
	if err := gossh.Unmarshal(payload, &c); err != nil {
		return w, false
	}
	w.Width, w.Height = clampWindow(c.Columns, c.Rows)
	return w, true
}

// checkEnv says whether an env request may be kept.
func checkEnv(payload []byte) bool {
	var e envRequest
	if err := gossh.Unmarshal(payload, &e); err != nil {
		return false
	}
	return envAllowed(e.Key) && len(e.Value) <= maxEnvValue && printable(e.Value)
}

// checkCommand says whether an exec request's command may be run.
func checkCommand(payload []byte) bool {
	var c struct{ Command string }
	return gossh.Unmarshal(payload, &c) == nil && len(c.Command) <= maxCommand
}

// printable says s has no control characters, which a value written to a
// terminal or a log must not carry.
func printable(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// windowFeed passes a session's latest window size to whoever draws it.
// A client may send sizes faster than a screen is drawn: only the latest
// counts, and sending one never waits.
type windowFeed struct {
	mu      sync.Mutex
	latest  ssh.Window
	changed chan struct{}
}

func newWindowFeed() *windowFeed { return &windowFeed{changed: make(chan struct{}, 1)} }

func (f *windowFeed) set(w ssh.Window) {
	f.mu.Lock()
	f.latest = w
	f.mu.Unlock()
	select {
	case f.changed <- struct{}{}:
	default:
	}
}

func (f *windowFeed) get() ssh.Window {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.latest
}

// channelState is what the server keeps of one session channel beside the
// SSH library's own session: its window, and the connection it is on.
type channelState struct {
	conn   *connState
	window *windowFeed
	pty    bool
	env    int
	// closed is closed once the channel is: no more requests come.
	closed chan struct{}
	// caller is who opened the session (see admission).
	caller *caller
}

// channelStateKey finds a session's channelState in its context.
var channelStateKey = &struct{ name string }{"course channel"}

// channelContext is a session channel's context: the connection's, and
// the channel's own state.
type channelContext struct {
	ssh.Context
	state *channelState
}

func (c *channelContext) Value(key any) any {
	if key == channelStateKey {
		return c.state
	}
	return c.Context.Value(key)
}

// stateOf is a session's channelState.
func stateOf(sess ssh.Session) *channelState {
	st, _ := sess.Context().Value(channelStateKey).(*channelState)
	return st
}

// screenedChannel is a new session channel whose requests are screened
// before the SSH library's session sees them.
type screenedChannel struct {
	gossh.NewChannel
	screen func(in <-chan *gossh.Request) <-chan *gossh.Request
}

func (c screenedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := c.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	return ch, c.screen(reqs), nil
}

// screenRequests passes on the requests of a session channel that the
// course takes, within bounds, and answers the rest itself. Window changes
// go to the channel's windowFeed, never through the library, whose
// session would wait for its handler to take each one.
func (s *Server) screenRequests(st *channelState, addr string) func(in <-chan *gossh.Request) <-chan *gossh.Request {
	return func(in <-chan *gossh.Request) <-chan *gossh.Request {
		out := make(chan *gossh.Request)
		log := s.log.With("addr", addr)
		go func() {
			defer close(st.closed)
			defer close(out)
			for req := range in {
				if s.screenSafely(req, st, addr, log) {
					out <- req
				}
			}
		}()
		return out
	}
}

// screenSafely is screen, with a panic in it logged and the request
// refused: the session's other requests are still answered.
func (s *Server) screenSafely(req *gossh.Request, st *channelState, addr string, log *slog.Logger) (pass bool) {
	defer live.Recovered(log, "screening a request", func() {
		pass = false
		if req.WantReply {
			req.Reply(false, nil)
		}
	})
	return s.screen(req, st, addr)
}

// screen says whether req goes on to the session, rewritten within
// bounds, and answers it when it does not.
func (s *Server) screen(req *gossh.Request, st *channelState, addr string) bool {
	refuse := func() bool {
		if req.WantReply {
			req.Reply(false, nil)
		}
		return false
	}
	switch req.Type {
	case "pty-req":
		payload, w, ok := checkPty(req.Payload)
		if !ok || st.pty {
			return refuse()
		}
		st.pty = true
		st.window.set(w)
		req.Payload = payload
		return true
	case "window-change":
		if w, ok := checkWindow(req.Payload); ok && st.pty {
			st.window.set(w)
		}
		return refuse() // answered here: nothing else needs it
	case "env":
		st.env++
		if st.env > maxEnv || !checkEnv(req.Payload) {
			return refuse()
		}
		return true
	case "exec":
		if !checkCommand(req.Payload) {
			s.quiet.Note("refused: a command too long", addr)
			return refuse()
		}
		return true
	case "shell", "subsystem":
		return true
	case "auth-agent-req@openssh.com":
		s.quiet.Note("refused: agent forwarding", addr)
		return refuse()
	case "x11-req":
		s.quiet.Note("refused: X11 forwarding", addr)
		return refuse()
	}
	return refuse() // signals, breaks and anything else: the course takes none
}

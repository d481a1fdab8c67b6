// Package live keeps the course's live sessions, whichever way they reach
// the server (SSH, or a browser's WebSocket): one hub holds every session
// open, so that the rules hold across both. A member has one window on the
// course at a time (opening another ends the first), sessions close when
// idle or past their maximum time with a warning a minute before, a session
// whose client stops reading is closed, a session whose key is removed
// ends, the number of members' sessions is capped, and closing the server
// tells every session. The hub also runs a session's program: the course's
// screens or its plain text, killed when its connection closes, with a
// panic logged and told to the member rather than ending the server.
package live

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// ErrClosing says a session was not started because the server is
// closing.
var ErrClosing = errors.New("the course is closing")

// Hub holds every live session of one server.
type Hub struct {
	limits Limits
	now    func() time.Time
	log    *slog.Logger

	mu      sync.Mutex
	live    map[*Session]struct{}
	closing bool
	ticks   []func()

	members  atomic.Int64 // members' sessions open
	start    sync.Once
	stopTick chan struct{}
}

// NewHub makes a hub for sessions within limits (zero: DefaultLimits), by
// the course's clock now (nil: time.Now), logging to log (nil: nowhere).
func NewHub(limits Limits, now func() time.Time, log *slog.Logger) *Hub {
	if limits == (Limits{}) {
		limits = DefaultLimits
	}
	if limits.Stall == 0 {
		limits.Stall = DefaultLimits.Stall
	}
	if limits.NoSession == 0 {
		limits.NoSession = DefaultLimits.NoSession
	}
	if limits.Check == 0 {
		limits.Check = DefaultLimits.Check
	}
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Hub{limits: limits, now: now, log: log, live: map[*Session]struct{}{}, stopTick: make(chan struct{})}
}

// Limits are the hub's limits.
func (h *Hub) Limits() Limits { return h.limits }

// Now is the time by the course's clock.
func (h *Hub) Now() time.Time { return h.now() }

// OnTick adds f to what the hub does every Limits.Check.
func (h *Hub) OnTick(f func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ticks = append(h.ticks, f)
}

// Start starts the hub's clock, once however often it is called; Close
// stops it.
func (h *Hub) Start() { h.start.Do(func() { go h.tick() }) }

// tick looks at every session every Limits.Check, until the hub closes:
// at its clock, at whether its key still signs it in, and at whether its
// client still reads. Nothing here waits for a session, and a panic in
// one look is logged and the next look made: the limits hold.
func (h *Hub) tick() {
	t := time.NewTicker(h.limits.Check)
	defer t.Stop()
	for {
		select {
		case <-h.stopTick:
			return
		case <-t.C:
			func() {
				defer Recovered(h.log, "checking the sessions", nil)
				h.checkSessions()
			}()
			h.mu.Lock()
			ticks := h.ticks
			h.mu.Unlock()
			for _, f := range ticks {
				func() {
					defer Recovered(h.log, "checking the sessions", nil)
					f()
				}()
			}
		}
	}
}

// checkSessions looks at every session once.
func (h *Hub) checkSessions() {
	now, real := h.now(), time.Now()
	for _, l := range h.Sessions() {
		switch {
		case l.Stalled(real, h.limits.Stall):
			l.log.Warn("closing a session whose client stopped reading")
			if l.onStall != nil {
				l.onStall()
			}
			l.Kill()
		case l.overdue(real, h.limits.Grace):
			l.Kill()
		case l.Ended() == NotEnding:
			if l.kind != Command {
				l.checkClock(now, h.limits)
			}
			if l.signedIn != nil && !l.signedIn() {
				l.End(EndKeyRemoved)
			}
		}
	}
}

// Sessions are the sessions open now.
func (h *Hub) Sessions() []*Session {
	h.mu.Lock()
	defer h.mu.Unlock()
	all := make([]*Session, 0, len(h.live))
	for l := range h.live {
		all = append(all, l)
	}
	return all
}

// Track adds a session, and ends any other course session the same
// member has open (two windows on one quiz would each finish it); it
// refuses once the hub is closing.
func (h *Hub) Track(l *Session) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closing {
		return false
	}
	h.takeOverLocked(l, l.Member())
	h.live[l] = struct{}{}
	return true
}

// Bind makes l the session of member, who has just signed in within it.
func (h *Hub) Bind(l *Session, member string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.takeOverLocked(l, member)
	l.setMember(member)
}

func (h *Hub) takeOverLocked(l *Session, member string) {
	if member == "" || l.kind == Command {
		return
	}
	for other := range h.live {
		if other != l && other.kind != Command && other.Member() == member {
			other.End(EndTakenOver)
		}
	}
}

// Untrack forgets a session that has ended.
func (h *Hub) Untrack(l *Session) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.live, l)
}

// Closing says the hub is closing.
func (h *Hub) Closing() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.closing
}

// Close stops the hub's clock and tells every session that the course is
// closing; it takes no new sessions after. Waiting for the sessions is
// each server's.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closing {
		close(h.stopTick)
	}
	h.closing = true
	for l := range h.live {
		l.End(EndClosing)
	}
}

// OpenMember counts a member's session as open, up to Limits.MaxSessions
// for every server of the hub: ok false means the course is full, with
// open sessions open already. Each OpenMember is matched by a
// CloseMember, ok or not.
func (h *Hub) OpenMember() (open int, ok bool) {
	n := h.members.Add(1)
	if h.limits.MaxSessions > 0 && n > int64(h.limits.MaxSessions) {
		return int(n - 1), false
	}
	return int(n), true
}

// CloseMember counts a member's session as closed.
func (h *Hub) CloseMember() { h.members.Add(-1) }

// RunScreens runs model, the course's screens, for session l until the
// member quits, the session reaches a limit, the hub closes, or ctx (the
// session's) ends; the program is killed then. Its output goes to out,
// watched for a client that stops reading; its keys come from in, read
// until in ends (see feedKeys: the caller closes in once the session is
// over), and opts give the program its size and terminal. started, when
// not nil, is called with the program once the session is tracked, to
// pass it window changes.
// How the program ended goes to the session's log, and to the member when
// it panicked or was ended by the hub; the result is the exit status,
// or ErrClosing when the session was not started.
func (h *Hub) RunScreens(ctx context.Context, l *Session, model tea.Model, in io.Reader, out io.Writer, opts []tea.ProgramOption, started func(*tea.Program)) (int, error) {
	limited := newLimited(model, h.limits, func() { l.Typed(h.now()) })
	// The server's own signals are for the server (see Close), not for
	// each session.
	screen := l.Watch(out)
	idle := newIdleInput()
	defer idle.Close()
	opts = append(opts, tea.WithInput(idle), tea.WithContext(ctx), tea.WithFPS(120), tea.WithoutSignalHandler(), tea.WithOutput(screen))
	p := tea.NewProgram(limited, opts...)
	l.program = p
	l.idleText = IdleWarning
	l.tell = func(text string, idle bool) { p.Send(noticeMsg{text: text, idle: idle}) }
	if !h.Track(l) {
		return 1, ErrClosing
	}
	defer h.Untrack(l)
	if started != nil {
		started(p)
	}
	go feedKeys(in, p, l.log)
	_, err := p.Run()
	p.Kill() // put away whatever way Run ended (a no-op when Run did it)
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		// The program caught the panic, and wrote it to the server's
		// standard error: here is whose session it ended.
		l.log.Error("the course stopped on a panic")
		fmt.Fprint(screen, Lines(StoppedOnAnError))
		return 1, nil
	case err != nil && !errors.Is(err, tea.ErrProgramKilled) && ctx.Err() == nil:
		l.log.Error("the course stopped", "err", err.Error())
	}
	if msg := Farewell(limited.ending, h.limits); msg != "" {
		l.log.Info("session ended", "why", limited.ending.String())
		if limited.width > 0 { // the window is the terminal's own again: wrap at words
			msg = ansi.Wrap(msg, limited.width, "")
		}
		fmt.Fprint(screen, Lines(msg))
	}
	return 0, nil
}

// RunPlain runs the course as plain lines of text for session l: run
// writes to the writer it is given (out, watched, with the hub's notices
// kept whole between its writes, each line ended with eol) until the
// member leaves or ctx ends. It returns ErrClosing when the session was
// not started.
func (h *Hub) RunPlain(ctx context.Context, l *Session, out io.Writer, eol string, run func(out io.Writer) error) error {
	w := &serialWriter{w: l.Watch(out)}
	l.idleText = TypedIdleWarning
	l.tell = func(text string, _ bool) { io.WriteString(w, eol+text+eol) }
	if !h.Track(l) {
		return ErrClosing
	}
	defer h.Untrack(l)
	l.log.Info("accessible course")
	if err := run(w); err != nil && ctx.Err() == nil {
		l.log.Error("the course stopped", "err", err.Error())
	}
	// The course itself says it is closing; why is said here, but for the
	// server closing, which it has said.
	if why := l.Ended(); why != NotEnding && why != EndClosing {
		l.log.Info("session ended", "why", why.String())
		l.tell(Farewell(why, h.limits), false)
	}
	return nil
}

// RunCommand runs an officer's command for session l, tracked so that it
// ends when the key is removed; it returns ErrClosing when the session was
// not started.
func (h *Hub) RunCommand(l *Session, run func()) error {
	if !h.Track(l) {
		return ErrClosing
	}
	defer h.Untrack(l)
	run()
	return nil
}

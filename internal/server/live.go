package server

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
)

// sessionKind is what a session runs.
type sessionKind int

const (
	screens   sessionKind = iota // the course's screens
	plainText                    // the course as plain lines of text
	command                      // an officer's command
)

// liveSession is a session as the server keeps track of it: to keep its
// clock, to end it (the server closing, the member opening the course
// elsewhere, their key removed) and to close it when it stops reading.
// Nothing the server does to a session waits for the session: a client
// that never reads holds up only itself.
type liveSession struct {
	kind        sessionKind
	fingerprint string
	addr        string
	log         *slog.Logger
	// program runs the screens; the other kinds end by cancel.
	program *tea.Program
	cancel  context.CancelFunc
	// closeConn closes the session's connection, which ends every wait
	// on the client.
	closeConn func()
	// tell shows the member a notice: idle says it is the warning that
	// goes when they press a key.
	tell func(text string, idle bool)

	mu     sync.Mutex
	member string // "" until known

	why     atomic.Int32 // why it was ended, once it was
	endedAt atomic.Int64 // when, by the real clock (Unix nanoseconds)

	started    time.Time    // by the course's clock
	lastInput  atomic.Int64 // by the course's clock (Unix nanoseconds)
	warnedIdle atomic.Bool
	warnedMax  atomic.Bool
	idleText   string

	outs    []*watchedWriter
	telling atomic.Bool
}

func newLiveSession(kind sessionKind, member, fingerprint, addr string, started time.Time) *liveSession {
	l := &liveSession{kind: kind, member: member, fingerprint: fingerprint, addr: addr, started: started,
		log: slog.New(slog.DiscardHandler)} // follow gives it the session's
	l.lastInput.Store(started.UnixNano())
	return l
}

func (l *liveSession) memberNumber() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.member
}

func (l *liveSession) setMember(number string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.member = number
}

// watch wraps w so that the server can see a write that does not finish.
// It is called before the session is tracked.
func (l *liveSession) watch(w io.Writer) io.Writer {
	ww := &watchedWriter{w: w}
	l.outs = append(l.outs, ww)
	return ww
}

// end ends the session, saying why; only the first reason counts.
func (l *liveSession) end(why ending) {
	if !l.why.CompareAndSwap(0, int32(why)) {
		return
	}
	l.endedAt.Store(time.Now().UnixNano())
	switch l.kind {
	case screens:
		// Send waits for the program, or for its context to end.
		go func() {
			defer recovered(l.log, "ending a session", l.kill)
			l.program.Send(endMsg{why})
		}()
	case command:
		// A removed officer's command stops at once; one running as the
		// server closes has the time closing gives every session.
		if why != endClosing {
			l.kill()
		}
	default:
		l.cancel()
	}
}

// ended is why the session was ended, if it was.
func (l *liveSession) ended() ending { return ending(l.why.Load()) }

// kill ends the session at once, closing its connection.
func (l *liveSession) kill() {
	l.cancel()
	l.closeConn()
}

// overdue says the session was told to end longer than grace ago and has
// not.
func (l *liveSession) overdue(now time.Time, grace time.Duration) bool {
	at := l.endedAt.Load()
	return at != 0 && now.Sub(time.Unix(0, at)) > grace
}

// stalled says a write to the session has waited longer than limit: the
// client has stopped reading.
func (l *liveSession) stalled(now time.Time, limit time.Duration) bool {
	for _, w := range l.outs {
		if at := w.since.Load(); at != 0 && now.Sub(time.Unix(0, at)) > limit {
			return true
		}
	}
	return false
}

// say shows the member a notice without waiting: it reports false when
// the last notice is still on its way, to be tried again later.
func (l *liveSession) say(text string, idle bool) bool {
	if !l.telling.CompareAndSwap(false, true) {
		return false
	}
	go func() {
		defer l.telling.Store(false)
		defer recovered(l.log, "telling a session", l.kill)
		l.tell(text, idle)
	}()
	return true
}

// checkClock warns the member a minute before the session closes for
// being idle or lasting too long, and closes it then. This is the one
// clock of every course session, whichever way the course is shown.
func (l *liveSession) checkClock(now time.Time, limits Limits) {
	idle := now.Sub(time.Unix(0, l.lastInput.Load()))
	lasted := now.Sub(l.started)
	switch {
	case limits.Idle > 0 && idle >= limits.Idle:
		l.end(endIdle)
	case limits.MaxTime > 0 && lasted >= limits.MaxTime:
		l.end(endMaxTime)
	case limits.Idle > 0 && idle >= limits.Idle-limits.Warning:
		if !l.warnedIdle.Load() && l.say(l.idleText, true) {
			l.warnedIdle.Store(true)
		}
	case limits.MaxTime > 0 && lasted >= limits.MaxTime-limits.Warning:
		if !l.warnedMax.Load() && l.say(maxTimeWarning(limits), false) {
			l.warnedMax.Store(true)
		}
	}
}

// typed notes that the member typed or pressed a key.
func (l *liveSession) typed(now time.Time) {
	l.lastInput.Store(now.UnixNano())
	l.warnedIdle.Store(false)
}

// activity passes the plain text course's input on, noting when the
// member last typed.
type activity struct {
	r   io.Reader
	l   *liveSession
	now func() time.Time
}

func (a activity) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 {
		a.l.typed(a.now())
	}
	return n, err
}

// watchedWriter notes when a write started and has not finished, by the
// real clock.
type watchedWriter struct {
	w     io.Writer
	since atomic.Int64
}

func (w *watchedWriter) Write(p []byte) (int, error) {
	w.since.Store(time.Now().UnixNano())
	defer w.since.Store(0)
	return w.w.Write(p)
}

// serialWriter keeps whole writes whole when the course and the server's
// warnings write to one session.
type serialWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *serialWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

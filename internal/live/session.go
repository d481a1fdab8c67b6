package live

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Kind is what a session runs.
type Kind int

const (
	Screens   Kind = iota // the course's screens
	PlainText             // the course as plain lines of text
	Command               // an officer's command
)

// Session is a session as the hub keeps track of it: to keep its clock, to
// end it (the server closing, the member opening the course elsewhere,
// their key removed) and to close it when it stops reading. Nothing the
// hub does to a session waits for the session: a client that never reads
// holds up only itself.
type Session struct {
	kind        Kind
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
	// signedIn says the session's key still signs it in (nil: always).
	signedIn func() bool
	// onStall is called as the session is closed for not reading.
	onStall func()

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

// NewSession is a session of member ("" until known) signed in with the
// key of this fingerprint from addr, started at started by the course's
// clock. Follow must be called before it runs.
func NewSession(kind Kind, member, fingerprint, addr string, started time.Time) *Session {
	l := &Session{kind: kind, member: member, fingerprint: fingerprint, addr: addr, started: started,
		log: slog.New(slog.DiscardHandler), cancel: func() {}, closeConn: func() {}}
	l.lastInput.Store(started.UnixNano())
	return l
}

// Follow gives the session its log, the cancel of the context it runs in,
// and how to close its connection.
func (l *Session) Follow(log *slog.Logger, cancel context.CancelFunc, closeConn func()) {
	l.log, l.cancel, l.closeConn = log, cancel, closeConn
}

// CheckKey sets how the hub's clock asks whether the session's key still
// signs it in; when it says no, the session ends.
func (l *Session) CheckKey(signedIn func() bool) { l.signedIn = signedIn }

// OnStall sets what is done, beside closing it, to a session whose client
// stopped reading.
func (l *Session) OnStall(f func()) { l.onStall = f }

// Kind is what the session runs.
func (l *Session) Kind() Kind { return l.kind }

// Fingerprint names the key the session signed in with, or "".
func (l *Session) Fingerprint() string { return l.fingerprint }

// Member is the number of the session's member, or "" until known.
func (l *Session) Member() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.member
}

func (l *Session) setMember(number string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.member = number
}

// Watch wraps w so that the hub can see a write that does not finish.
// It is called before the session is tracked.
func (l *Session) Watch(w io.Writer) io.Writer {
	ww := &watchedWriter{w: w}
	l.outs = append(l.outs, ww)
	return ww
}

// End ends the session, saying why; only the first reason counts.
func (l *Session) End(why Ending) {
	if !l.why.CompareAndSwap(0, int32(why)) {
		return
	}
	l.endedAt.Store(time.Now().UnixNano())
	switch l.kind {
	case Screens:
		// Send waits for the program, or for its context to end.
		go func() {
			defer Recovered(l.log, "ending a session", l.Kill)
			l.program.Send(endMsg{why})
		}()
	case Command:
		// A removed officer's command stops at once; one running as the
		// server closes has the time closing gives every session.
		if why != EndClosing {
			l.Kill()
		}
	default:
		l.cancel()
	}
}

// Ended is why the session was ended, if it was.
func (l *Session) Ended() Ending { return Ending(l.why.Load()) }

// Kill ends the session at once, closing its connection.
func (l *Session) Kill() {
	l.cancel()
	l.closeConn()
}

// overdue says the session was told to end longer than grace ago and has
// not.
func (l *Session) overdue(now time.Time, grace time.Duration) bool {
	at := l.endedAt.Load()
	return at != 0 && now.Sub(time.Unix(0, at)) > grace
}

// Stalled says a write to the session has waited longer than limit: the
// client has stopped reading.
func (l *Session) Stalled(now time.Time, limit time.Duration) bool {
	for _, w := range l.outs {
		if at := w.since.Load(); at != 0 && now.Sub(time.Unix(0, at)) > limit {
			return true
		}
	}
	return false
}

// say shows the member a notice without waiting: it reports false when
// the last notice is still on its way, to be tried again later.
func (l *Session) say(text string, idle bool) bool {
	if l.tell == nil || !l.telling.CompareAndSwap(false, true) {
		return false
	}
	go func() {
		defer l.telling.Store(false)
		defer Recovered(l.log, "telling a session", l.Kill)
		l.tell(text, idle)
	}()
	return true
}

// checkClock warns the member a minute before the session closes for
// being idle or lasting too long, and closes it then. This is the one
// clock of every course session, whichever way the course is shown.
func (l *Session) checkClock(now time.Time, limits Limits) {
	idle := now.Sub(time.Unix(0, l.lastInput.Load()))
	lasted := now.Sub(l.started)
	switch {
	case limits.Idle > 0 && idle >= limits.Idle:
		l.End(EndIdle)
	case limits.MaxTime > 0 && lasted >= limits.MaxTime:
		l.End(EndMaxTime)
	case limits.Idle > 0 && idle >= limits.Idle-limits.Warning:
		if !l.warnedIdle.Load() && l.say(l.idleText, true) {
			l.warnedIdle.Store(true)
		}
	case limits.MaxTime > 0 && lasted >= limits.MaxTime-limits.Warning:
		if !l.warnedMax.Load() && l.say(MaxTimeWarning(limits), false) {
			l.warnedMax.Store(true)
		}
	}
}

// Typed notes that the member typed or pressed a key.
func (l *Session) Typed(now time.Time) {
	l.lastInput.Store(now.UnixNano())
	l.warnedIdle.Store(false)
}

// Input passes the plain text course's input on from r, noting when the
// member last typed by the clock now.
func (l *Session) Input(r io.Reader, now func() time.Time) io.Reader {
	return activity{r: r, l: l, now: now}
}

// activity passes input on, noting when the member last typed.
type activity struct {
	r   io.Reader
	l   *Session
	now func() time.Time
}

func (a activity) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 {
		a.l.Typed(a.now())
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

// serialWriter keeps whole writes whole when the course and the hub's
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

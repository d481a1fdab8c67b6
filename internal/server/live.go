package server

import (
	"context"
	"io"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
)

// liveSession is a session of the course as the server keeps track of it:
// to end it (the server closing, the member opening the course elsewhere,
// their key removed) and, for the plain text course, to time it.
type liveSession struct {
	member      string // "" until known
	fingerprint string
	// program runs the screens; nil for the plain text course, which
	// cancel ends instead.
	program *tea.Program
	cancel  context.CancelFunc
	why     atomic.Int32 // why the plain text course was ended

	// The plain text course's clock: the screens keep their own.
	started    time.Time
	lastInput  atomic.Int64 // Unix nanoseconds
	warnedIdle atomic.Bool
	warnedMax  atomic.Bool
	say        func(text string)
}

// end ends the session, saying why.
func (l *liveSession) end(why ending) {
	if l.program != nil {
		go l.program.Send(endMsg{why}) // a program busy saving must not hold up the rest
		return
	}
	l.why.CompareAndSwap(0, int32(why))
	l.cancel()
}

// ended is why the plain text course was ended, if it was.
func (l *liveSession) ended() ending { return ending(l.why.Load()) }

// checkClock warns the plain text course a minute before it closes, and
// closes it, as the screens' own clock does.
func (l *liveSession) checkClock(now time.Time, limits Limits) {
	idle := now.Sub(time.Unix(0, l.lastInput.Load()))
	lasted := now.Sub(l.started)
	switch {
	case limits.Idle > 0 && idle >= limits.Idle:
		l.end(endIdle)
	case limits.MaxTime > 0 && lasted >= limits.MaxTime:
		l.end(endMaxTime)
	case limits.Idle > 0 && idle >= limits.Idle-limits.Warning:
		if !l.warnedIdle.Swap(true) {
			l.say("No answer has been typed for a while: this session closes in a minute unless you type something. Your answers are saved.")
		}
	case limits.MaxTime > 0 && lasted >= limits.MaxTime-limits.Warning:
		if !l.warnedMax.Swap(true) {
			l.say(maxTimeWarning(limits))
		}
	}
}

// activity passes a session's input on, noting when the member last typed.
type activity struct {
	r   io.Reader
	l   *liveSession
	now func() time.Time
}

func (a activity) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 {
		a.l.lastInput.Store(a.now().UnixNano())
		a.l.warnedIdle.Store(false)
	}
	return n, err
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

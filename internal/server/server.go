// Package server gives the course to every member over SSH from one
// process that holds the record file: each member is known by their
// public key, and the monitoring officer's keys may run the officer's
// commands with their output sent back to their own computer.
//
// A session with a terminal gets the same screens as the terminal program,
// with the client's size, resizes and colours. Nothing is kept per session
// after it ends: the store and the rendered lessons are shared.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	gossh "golang.org/x/crypto/ssh"

	"course/internal/modules"
	"course/internal/record"
	"course/internal/ui"
)

// Members is what the server needs from the record file to know who is
// connecting: the member a key is enrolled for, and enrolment by code.
type Members interface {
	ui.Records
	KeyMember(fingerprint string) (record.Member, bool, error)
	// Accessible says the member chose the course as plain lines of text.
	Accessible(member string) (bool, error)
	Redeem(code string, key gossh.PublicKey, comment string) (record.Member, error)
}

// Throttle limits wrong enrolment codes (see internal/throttle).
type Throttle interface {
	Allow(keys ...string) (ok bool, wait time.Duration)
	Fail(keys ...string) time.Duration
	Succeed(keys ...string)
}

// CommandFunc runs one of the officer's commands with its input and output
// on the officer's own computer, and returns its exit status.
type CommandFunc func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int

// Limits bound sessions.
type Limits struct {
	// MaxSessions is how many sessions may be open at once.
	MaxSessions int
	// Idle closes a course session after this long without a key press.
	Idle time.Duration
	// MaxTime closes a course session after this long.
	MaxTime time.Duration
	// Warning is how long before either the session is told.
	Warning time.Duration
	// Check is how often a session looks at its clock.
	Check time.Duration
	// Grace is how long a closing server waits for sessions to end, and
	// how long a session told to end has before its connection is closed.
	Grace time.Duration
	// Stall closes a session whose client has not taken its output for
	// this long: it has stopped reading.
	Stall time.Duration
	// NoSession closes a connection that has signed in and has no
	// session open for this long.
	NoSession time.Duration
}

// DefaultLimits suit a council: an hour idle, four hours in all, and room
// for every member of a large council at once.
var DefaultLimits = Limits{
	MaxSessions: 200,
	Idle:        time.Hour,
	MaxTime:     4 * time.Hour,
	Warning:     time.Minute,
	Check:       10 * time.Second,
	Grace:       10 * time.Second,
	Stall:       30 * time.Second,
	NoSession:   30 * time.Second,
}

// Config configures a Server.
type Config struct {
	Course  *modules.Course
	Members Members
	// HostKey is the server's private key.
	HostKey gossh.Signer
	// OfficersFile lists the officers' public keys (authorized_keys
	// format); it is read again when it changes. "" means no officers.
	OfficersFile string
	// Commands runs an officer's command; an officer's key that connects
	// without one, and is no member's, runs "help".
	Commands CommandFunc
	// CommandName names the command a command line runs, such as
	// "members keys remove": all that is logged of it, as its other words
	// may name a member. Nil means the line's first word.
	CommandName func(args []string) string
	// Connect is the command that reaches this server, such as
	// "ssh -p 2222 course.example.gov.uk", for the messages that say what
	// to type.
	Connect string
	// Throttle limits wrong codes typed with one key; AddressThrottle,
	// with a higher limit, those from one address, which many members in
	// one office may share. A nil AddressThrottle uses Throttle.
	Throttle        Throttle
	AddressThrottle Throttle
	Limits          Limits
	Log             *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Accessible, when set, runs the course as plain lines of text for a
	// member who asks for it (ssh -t HOST accessible).
	// raw says in and out are a terminal (a PTY) that does not edit lines.
	Accessible func(ctx context.Context, member record.Member, in io.Reader, out io.Writer, raw bool, width func() int) error
}

// defaultConnect stands for the command that reaches the server when the
// server was not told it.
const defaultConnect = "ssh -p PORT HOST"

// Server is the course over SSH.
type Server struct {
	cfg      Config
	ssh      *ssh.Server
	officers *officers
	pages    *ui.Pages
	log      *slog.Logger
	quiet    *quietLog
	gate     *gate

	active   atomic.Int64 // sessions open
	members  atomic.Int64 // of them, members' courses
	mu       sync.Mutex
	live     map[*liveSession]struct{}
	closing  bool
	sessions sync.WaitGroup
	stopTick chan struct{}
}

// New makes a server; Serve starts it.
func New(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.AddressThrottle == nil {
		cfg.AddressThrottle = cfg.Throttle
	}
	if cfg.Connect == "" {
		cfg.Connect = defaultConnect
	}
	if cfg.CommandName == nil {
		cfg.CommandName = firstWord
	}
	if cfg.Limits == (Limits{}) {
		cfg.Limits = DefaultLimits
	}
	off, err := loadOfficers(cfg.OfficersFile)
	if err != nil {
		return nil, err
	}
	if cfg.Limits.Stall == 0 {
		cfg.Limits.Stall = DefaultLimits.Stall
	}
	if cfg.Limits.NoSession == 0 {
		cfg.Limits.NoSession = DefaultLimits.NoSession
	}
	if err := checkHostKey(cfg.HostKey); err != nil {
		return nil, err
	}
	quiet := newQuietLog(cfg.Log)
	s := &Server{cfg: cfg, officers: off, pages: ui.NewPages(cfg.Course), log: cfg.Log, quiet: quiet,
		gate: newGate(cfg.Limits, quiet), live: map[*liveSession]struct{}{}, stopTick: make(chan struct{})}
	s.ssh = &ssh.Server{
		Version:      "course",
		HostSigners:  []ssh.Signer{cfg.HostKey},
		ConnCallback: s.admit,
		// Every key is let in, to be known by it or enrolled; a member
		// whose computer has no key yet is let in to be told how to make
		// one. Without a key nothing else is possible.
		PublicKeyHandler:           func(ctx ssh.Context, key ssh.PublicKey) bool { return s.signIn(ctx, key) },
		KeyboardInteractiveHandler: func(ctx ssh.Context, _ gossh.KeyboardInteractiveChallenge) bool { return s.signIn(ctx, nil) },
		HandshakeTimeout:           30 * time.Second,
		ConnectionFailedCallback: func(conn net.Conn, err error) {
			s.quiet.note("connection failed before signing in", host(conn.RemoteAddr()))
		},
		// Sessions only: nobody gets port forwarding, agent forwarding or
		// a subsystem such as sftp; the attempts are logged.
		ChannelHandlers: map[string]ssh.ChannelHandler{
			"session":      s.sessionChannel,
			"direct-tcpip": s.refuseChannel("refused: port forwarding"),
			"default":      s.refuseChannel("refused: a channel other than a session"),
		},
		RequestHandlers: map[string]ssh.RequestHandler{
			"tcpip-forward": func(ctx ssh.Context, _ *ssh.Server, _ *gossh.Request) (bool, []byte) {
				s.quiet.note("refused: port forwarding", host(ctx.RemoteAddr()))
				return false, nil
			},
			"default": func(ssh.Context, *ssh.Server, *gossh.Request) (bool, []byte) { return false, nil },
		},
		SubsystemHandlers: map[string]ssh.SubsystemHandler{"sftp": func(sess ssh.Session) {
			s.log.Warn("refused: sftp", "addr", host(sess.RemoteAddr()), "key", keyOf(sess.Context()))
			refuse(sess, "This server gives the course, not files.")
		}},
	}
	if err := s.ssh.SetOption(wish.WithMiddleware(s.middleware()...)); err != nil {
		return nil, err
	}
	// Backstops for connections a session's own limits cannot reach (a
	// command that never reads, a client that stops answering).
	if l := cfg.Limits; l.Idle > 0 {
		s.ssh.IdleTimeout = l.Idle + 2*l.Warning + l.Check
	}
	if l := cfg.Limits; l.MaxTime > 0 {
		s.ssh.MaxTimeout = l.MaxTime + 2*l.Warning + l.Check
	}
	return s, nil
}

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	go s.tick()
	err := s.ssh.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// tick looks at every session every Limits.Check, until the server
// closes: at its clock, at whether its key still signs it in, and at
// whether its client still reads. Nothing here waits for a session, and a
// panic in one look is logged and the next look made: the limits hold.
func (s *Server) tick() {
	t := time.NewTicker(s.cfg.Limits.Check)
	defer t.Stop()
	for {
		select {
		case <-s.stopTick:
			return
		case <-t.C:
			func() {
				defer recovered(s.log, "checking the sessions", nil)
				s.checkSessions()
				s.quiet.flush()
			}()
		}
	}
}

// checkSessions looks at every session once.
func (s *Server) checkSessions() {
	now, real := s.cfg.Now(), time.Now()
	limits := s.cfg.Limits
	for _, l := range s.liveSessions() {
		switch {
		case l.stalled(real, limits.Stall):
			s.log.Warn("closing a session whose client stopped reading", "addr", l.addr, "key", l.fingerprint)
			s.gate.penalise(l.addr, penaltyStalled)
			l.kill()
		case l.overdue(real, limits.Grace):
			l.kill()
		case l.ended() == notEnding:
			if l.kind != command {
				l.checkClock(now, limits)
			}
			s.checkKey(l)
		}
	}
}

// checkKey ends a session once its key no longer signs it in: the officer
// removed the member's key or erased the member, or an officer's key left
// the officers' file.
func (s *Server) checkKey(l *liveSession) {
	if l.fingerprint == "" {
		return
	}
	if l.kind == command {
		if !s.isOfficer(l.fingerprint) {
			s.log.Info("stopping the command of a key no longer an officer's", "key", l.fingerprint)
			l.end(endKeyRemoved)
		}
		return
	}
	member := l.memberNumber()
	if member == "" {
		return
	}
	m, ok, err := s.cfg.Members.KeyMember(l.fingerprint)
	if err == nil && (!ok || m.Number != member) {
		s.log.Info("ending the session of a removed key", "key", l.fingerprint, "member", member)
		l.end(endKeyRemoved)
	}
}

// liveSessions are the sessions of the course open now.
func (s *Server) liveSessions() []*liveSession {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := make([]*liveSession, 0, len(s.live))
	for l := range s.live {
		all = append(all, l)
	}
	return all
}

// track adds a session, and ends any other course session the same
// member has open (two windows on one quiz would each finish it); it
// refuses once the server is closing.
func (s *Server) track(l *liveSession) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.takeOverLocked(l, l.memberNumber())
	s.live[l] = struct{}{}
	return true
}

// bind makes l the session of member, who has just enrolled its key.
func (s *Server) bind(l *liveSession, member string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.takeOverLocked(l, member)
	l.setMember(member)
}

func (s *Server) takeOverLocked(l *liveSession, member string) {
	if member == "" || l.kind == command {
		return
	}
	for other := range s.live {
		if other != l && other.kind != command && other.memberNumber() == member {
			other.end(endTakenOver)
		}
	}
}

func (s *Server) untrack(l *liveSession) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.live, l)
}

func (s *Server) isClosing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}

// Shutdown stops taking connections, tells every course session that the
// course is closing and that its answers are saved, and waits for the
// sessions to end, until ctx is done; then it closes what is left. Every
// answer was saved when it was given, so a session cut off loses nothing.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	if !s.closing {
		close(s.stopTick)
	}
	s.closing = true
	for l := range s.live {
		l.end(endClosing)
	}
	s.mu.Unlock()
	done := make(chan error, 1)
	go func() {
		defer recovered(s.log, "closing the server", nil)
		done <- s.ssh.Shutdown(ctx)
	}()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		s.log.Warn("closing sessions that did not end in time", "sessions", s.active.Load())
		s.ssh.Close()
	}
	// Closing the connections ends every wait on a client; a session busy
	// saving an answer has a moment to finish it.
	ended := make(chan struct{})
	go func() {
		defer recovered(s.log, "closing the server", nil)
		s.sessions.Wait()
		close(ended)
	}()
	select {
	case <-ended:
		return nil
	case <-time.After(closeWait):
		s.log.Error("sessions still running after their connections closed", "sessions", s.active.Load())
		return errors.New("sessions still running after their connections closed")
	}
}

// closeWait bounds how long a closing server waits, after closing every
// connection, for the sessions' own work to end.
const closeWait = 5 * time.Second

func itoa(n int) string { return strconv.Itoa(n) }

// keyOf is the fingerprint of the key a connection signed in with, or "".
func keyOf(ctx ssh.Context) string {
	if k, ok := ctx.Value(ssh.ContextKeyPublicKey).(ssh.PublicKey); ok && k != nil {
		return Fingerprint(k)
	}
	return ""
}

// refuse ends a session with msg for the person at the other end, on
// their standard error, and exit status 1.
func refuse(sess ssh.Session, msg string) {
	fmt.Fprint(sess.Stderr(), lines(msg))
	sess.Exit(1)
}

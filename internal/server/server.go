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
	gossh "golang.org/x/crypto/ssh"

	"course/internal/modules"
	"course/internal/progress"
	"course/internal/ui"
)

// Members is what the server needs from the record file to know who is
// connecting: the member a key is enrolled for, and enrolment by code.
type Members interface {
	ui.Records
	KeyMember(fingerprint string) (progress.Member, bool, error)
	// Accessible says the member chose the course as plain lines of text.
	Accessible(member string) (bool, error)
	Redeem(code string, key gossh.PublicKey, comment string) (progress.Member, error)
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
	// Grace is how long a closing server waits for sessions to end.
	Grace time.Duration
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
	// Commands runs an officer's command.
	Commands CommandFunc
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
	Accessible func(ctx context.Context, member progress.Member, in io.Reader, out io.Writer, raw bool, width func() int) error
}

// Server is the course over SSH.
type Server struct {
	cfg      Config
	ssh      *ssh.Server
	officers *officers
	pages    *ui.Pages
	log      *slog.Logger

	active   atomic.Int64
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
		cfg.Connect = "ssh -p PORT HOST"
	}
	if cfg.Limits == (Limits{}) {
		cfg.Limits = DefaultLimits
	}
	off, err := loadOfficers(cfg.OfficersFile)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, officers: off, pages: ui.NewPages(cfg.Course), log: cfg.Log,
		live: map[*liveSession]struct{}{}, stopTick: make(chan struct{})}
	s.ssh = &ssh.Server{
		Version:          "course",
		HostSigners:      []ssh.Signer{cfg.HostKey},
		Handler:          s.handle,
		PublicKeyHandler: func(ssh.Context, ssh.PublicKey) bool { return true },
		// A member whose computer has no key yet is let in to be told how
		// to make one; without a key nothing else is possible.
		KeyboardInteractiveHandler: func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true },
		HandshakeTimeout:           30 * time.Second,
		ConnectionFailedCallback: func(conn net.Conn, err error) {
			s.log.Info("connection failed", "addr", conn.RemoteAddr().String(), "err", err.Error())
		},
		// Nobody gets port forwarding or a subsystem such as sftp; the
		// attempts are logged.
		LocalPortForwardingCallback: func(ctx ssh.Context, _ string, _ uint32) bool {
			s.log.Warn("refused: port forwarding", "addr", host(ctx.RemoteAddr()), "key", keyOf(ctx))
			return false
		},
		ReversePortForwardingCallback: func(ctx ssh.Context, _ string, _ uint32) bool {
			s.log.Warn("refused: port forwarding", "addr", host(ctx.RemoteAddr()), "key", keyOf(ctx))
			return false
		},
		SubsystemHandlers: map[string]ssh.SubsystemHandler{"sftp": func(sess ssh.Session) {
			s.log.Warn("refused: sftp", "addr", host(sess.RemoteAddr()), "key", keyOf(sess.Context()))
			refuse(sess, "This server gives the course, not files.")
		}},
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
// closes: at its clock, and at whether its key still belongs to its member.
func (s *Server) tick() {
	t := time.NewTicker(s.cfg.Limits.Check)
	defer t.Stop()
	for {
		select {
		case <-s.stopTick:
			return
		case <-t.C:
			now := s.cfg.Now()
			for _, l := range s.liveSessions() {
				if l.program != nil {
					l.program.Send(checkMsg{})
				} else {
					l.checkClock(now, s.cfg.Limits)
				}
				s.checkKey(l)
			}
		}
	}
}

// checkKey ends a member's session once their key no longer signs them in
// (the officer removed it, or erased the member).
func (s *Server) checkKey(l *liveSession) {
	if l.member == "" || l.fingerprint == "" {
		return
	}
	m, ok, err := s.cfg.Members.KeyMember(l.fingerprint)
	if err == nil && (!ok || m.Number != l.member) {
		s.log.Info("ending the session of a removed key", "key", l.fingerprint, "member", l.member)
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

// track adds a session of the course, and ends any other the same member
// has open (two windows on one quiz would each finish it); it refuses once
// the server is closing.
func (s *Server) track(l *liveSession) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	if l.member != "" {
		for other := range s.live {
			if other.member == l.member {
				other.end(endTakenOver)
			}
		}
	}
	s.live[l] = struct{}{}
	return true
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
	go func() { done <- s.ssh.Shutdown(ctx) }()
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
	s.sessions.Wait()
	return nil
}

// Active is how many sessions are open.
func (s *Server) Active() int { return int(s.active.Load()) }

func itoa(n int) string { return strconv.Itoa(n) }

// keyOf is the fingerprint of the key a connection signed in with, or "".
func keyOf(ctx ssh.Context) string {
	if k, ok := ctx.Value(ssh.ContextKeyPublicKey).(ssh.PublicKey); ok && k != nil {
		return Fingerprint(k)
	}
	return ""
}

// sessionError is a message for the person at the other end, and the exit
// status their ssh command ends with.
func refuse(sess ssh.Session, msg string) {
	fmt.Fprint(sess.Stderr(), lines(msg))
	sess.Exit(1)
}

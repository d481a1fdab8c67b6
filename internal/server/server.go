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

	"course/internal/live"
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

// Limits bound sessions (see live.Limits).
type Limits = live.Limits

// DefaultLimits suit a council (see live.DefaultLimits).
var DefaultLimits = live.DefaultLimits

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
	// Hub holds the sessions of this server and of any other way to the
	// course (a browser's), so that their limits and the
	// one-window-per-member rule hold across them. Nil means a hub of the
	// server's own, with Limits; a hub given has its own limits.
	Hub *live.Hub
	Log *slog.Logger
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
	quiet    *live.QuietLog
	gate     *gate
	hub      *live.Hub

	active   atomic.Int64 // sessions open
	sessions sync.WaitGroup
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
	if cfg.Hub == nil {
		cfg.Hub = live.NewHub(cfg.Limits, cfg.Now, cfg.Log)
	}
	cfg.Limits = cfg.Hub.Limits()
	off, err := loadOfficers(cfg.OfficersFile)
	if err != nil {
		return nil, err
	}
	if err := checkHostKey(cfg.HostKey); err != nil {
		return nil, err
	}
	quiet := live.NewQuietLog(cfg.Log)
	s := &Server{cfg: cfg, officers: off, pages: ui.NewPages(cfg.Course), log: cfg.Log, quiet: quiet,
		gate: newGate(cfg.Limits, quiet), hub: cfg.Hub}
	s.hub.OnTick(quiet.Flush)
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
			s.quiet.Note("connection failed before signing in", host(conn.RemoteAddr()))
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
				s.quiet.Note("refused: port forwarding", host(ctx.RemoteAddr()))
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
	s.hub.Start()
	err := s.ssh.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// watchKey has the hub end session l once its key no longer signs it in:
// the officer removed the member's key or erased the member, or an
// officer's key left the officers' file. A session whose client stops
// reading is closed by the hub, and its address penalised here.
func (s *Server) watchKey(l *live.Session, addr string) {
	l.OnStall(func() { s.gate.penalise(addr, penaltyStalled) })
	fingerprint := l.Fingerprint()
	if fingerprint == "" {
		return
	}
	if l.Kind() == live.Command {
		l.CheckKey(func() bool {
			if !s.isOfficer(fingerprint) {
				s.log.Info("stopping the command of a key no longer an officer's", "key", fingerprint)
				return false
			}
			return true
		})
		return
	}
	l.CheckKey(func() bool { return s.stillMember(l) })
}

// stillMember says the key of member session l still signs it in.
func (s *Server) stillMember(l *live.Session) bool {
	member := l.Member()
	if member == "" {
		return true
	}
	m, ok, err := s.cfg.Members.KeyMember(l.Fingerprint())
	if err == nil && (!ok || m.Number != member) {
		s.log.Info("ending the session of a removed key", "key", l.Fingerprint(), "member", member)
		return false
	}
	return true
}

// liveSessions are the sessions of the course open now.
func (s *Server) liveSessions() []*live.Session { return s.hub.Sessions() }

// Shutdown stops taking connections, tells every course session that the
// course is closing and that its answers are saved, and waits for the
// sessions to end, until ctx is done; then it closes what is left. Every
// answer was saved when it was given, so a session cut off loses nothing.
func (s *Server) Shutdown(ctx context.Context) error {
	s.hub.Close()
	done := make(chan error, 1)
	go func() {
		defer live.Recovered(s.log, "closing the server", nil)
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
		defer live.Recovered(s.log, "closing the server", nil)
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
	fmt.Fprint(sess.Stderr(), live.Lines(msg))
	sess.Exit(1)
}

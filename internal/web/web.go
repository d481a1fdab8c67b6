// Package web gives the course to members in a web browser: one page that
// runs the same screens as an SSH session, drawn by a terminal emulator
// (xterm.js, embedded) over a WebSocket, and a plain page that gives the
// plain text course as lines in a live region for screen readers and small
// phones. Its sessions live in the same hub as SSH's (internal/live), so
// that the one-window-per-member rule, the time limits, the closing notice
// and the session cap hold across both.
//
// A browser is known by a random token in a cookie, bound to a member
// with the enrolment code from their letter; the record file keeps only
// the token's hash, as a key of type "browser" beside the member's SSH
// keys (see record.BrowserKey). Nothing reaches the course without it.
package web

import (
	"context"
	"crypto/tls"
	"embed"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"course/internal/live"
	"course/internal/modules"
	"course/internal/record"
	"course/internal/ui"
)

//go:embed assets
var assets embed.FS

// Members is what the web server needs from the record file: the member
// a browser's key is bound to, binding one with a code, and forgetting
// one.
type Members interface {
	ui.Records
	KeyMember(fingerprint string) (record.Member, bool, error)
	// Accessible says the member chose the course as plain lines of text.
	Accessible(member string) (bool, error)
	SetAccessible(member string, on bool) error
	Redeem(code string, key gossh.PublicKey, comment string) (record.Member, error)
	RemoveKey(member, fingerprint string) (record.MemberKey, error)
}

// Throttle limits wrong enrolment codes (see internal/throttle).
type Throttle interface {
	Allow(keys ...string) (ok bool, wait time.Duration)
	Fail(keys ...string) time.Duration
	Succeed(keys ...string)
}

// Config configures a Server.
type Config struct {
	Course  *modules.Course
	Members Members
	// Hub holds the sessions, shared with the SSH server when there is
	// one; nil means a hub of the web server's own.
	Hub *live.Hub
	// Throttle limits wrong codes from one address; give the SSH server's
	// AddressThrottle, so that codes typed either way count together.
	Throttle Throttle
	// Proxy is the address of the reverse proxy in front of the server,
	// if any: only from it is X-Forwarded-For believed, for the address
	// wrong codes are counted and sessions logged by.
	Proxy string
	// TLS serves HTTPS; nil serves plain HTTP, for a reverse proxy or a
	// test on this computer.
	TLS *tls.Config
	Log *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Accessible runs the course as plain lines of text (see
	// server.Config.Accessible); nil turns the plain page off.
	Accessible func(ctx context.Context, member record.Member, in io.Reader, out io.Writer, raw bool, width func() int) error
}

// Limits of the web server beside the hub's.
const (
	// maxMessage bounds a message from a browser: a key, a pasted line,
	// a new size.
	maxMessage = 16 << 10
	// maxForm bounds a form's body.
	maxForm = 4 << 10
	// helloWait is how long a socket has to say its size.
	helloWait = 10 * time.Second
	// maxConnsSpare is how many connections past twice the session cap
	// the server holds at once (pages, sign-ins, sockets).
	maxConnsSpare = 100
	// minPerAddress is the least number of connections one address may
	// hold at once: members in one office share an address.
	minPerAddress = 50
)

// Server is the course in a web browser.
type Server struct {
	cfg   Config
	hub   *live.Hub
	log   *slog.Logger
	quiet *live.QuietLog
	pages *ui.Pages
	http  *http.Server

	mu       sync.Mutex
	sessions sync.WaitGroup
	open     map[*live.Session]struct{}
	closing  bool
}

// New makes a web server; Serve starts it.
func New(cfg Config) (*Server, error) {
	if cfg.Course == nil || cfg.Members == nil || cfg.Throttle == nil {
		return nil, errors.New("the web server needs a course, its records and a throttle")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Hub == nil {
		cfg.Hub = live.NewHub(live.Limits{}, cfg.Now, cfg.Log)
	}
	s := &Server{cfg: cfg, hub: cfg.Hub, log: cfg.Log, quiet: live.NewQuietLog(cfg.Log), pages: ui.NewPages(cfg.Course),
		open: map[*live.Session]struct{}{}}
	s.hub.OnTick(s.quiet.Flush)
	s.http = &http.Server{
		Handler:           s.Handler(),
		TLSConfig:         cfg.TLS,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second, // a socket, once upgraded, has none (see live.Hub's stall check)
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(cfg.Log.Handler(), slog.LevelDebug),
	}
	return s, nil
}

// Handler serves the pages, their assets and the socket.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(assets, "assets")
	mux.Handle("GET /assets/", http.StripPrefix("/assets/", assetServer(static)))
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /terminal", s.terminalPage)
	mux.HandleFunc("GET /plain", s.plainPage)
	mux.HandleFunc("POST /signin", s.signIn)
	mux.HandleFunc("POST /forget", s.forget)
	mux.HandleFunc("GET /socket", s.socket)
	return secured(mux, s.cfg.TLS != nil)
}

// Serve accepts connections on ln until Shutdown, with TLS when the
// server has it.
func (s *Server) Serve(ln net.Listener) error {
	s.hub.Start()
	limits := s.hub.Limits()
	ln = limitListener(newAddressListener(ln, max(minPerAddress, limits.MaxSessions/4), s.cfg.Proxy, s.quiet),
		2*limits.MaxSessions+maxConnsSpare)
	var err error
	if s.cfg.TLS != nil {
		err = s.http.ServeTLS(ln, "", "")
	} else {
		err = s.http.Serve(ln)
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops taking connections, tells every session of the hub that
// the course is closing, and waits until ctx is done for this server's
// sessions to end; then it closes what is left. Every answer was saved
// when it was given, so a session cut off loses nothing.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	s.mu.Unlock()
	s.hub.Close()
	err := s.http.Shutdown(ctx)
	ended := make(chan struct{})
	go func() {
		s.sessions.Wait()
		close(ended)
	}()
	select {
	case <-ended:
		return err
	case <-ctx.Done():
	}
	s.log.Warn("closing browser sessions that did not end in time")
	s.http.Close()
	s.mu.Lock()
	for l := range s.open {
		l.Kill()
	}
	s.mu.Unlock()
	select {
	case <-ended:
		return nil
	case <-time.After(5 * time.Second):
		return errors.New("browser sessions still running after their connections closed")
	}
}

// begin counts session l, so that Shutdown waits for it; false once the
// server is closing.
func (s *Server) begin(l *live.Session) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.sessions.Add(1)
	s.open[l] = struct{}{}
	return true
}

// end counts session l as ended.
func (s *Server) end(l *live.Session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.open, l)
	s.sessions.Done()
}

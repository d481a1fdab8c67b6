package server

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"course/content"
	"course/internal/linear"
	"course/internal/modules"
	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/store"
	"course/internal/throttle"
)

// bound is how long a test waits for the server to show something: only a
// hang reaches it.
const bound = 2 * time.Minute

// clock is a test clock that tests move on by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testServer is a course server on loopback with its record file.
type testServer struct {
	t       testing.TB
	srv     *Server
	store   *store.Store
	course  *modules.Course
	addr    string
	hostKey gossh.PublicKey
	officer gossh.Signer
	clock   *clock
	log     *bytes.Buffer
	logMu   *sync.Mutex
	stopped bool
}

// serverOptions change a test server's configuration before it starts.
type serverOption func(*Config)

func startServer(t testing.TB, options ...serverOption) *testServer {
	t.Helper()
	dir := t.TempDir()
	clk := &clock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	recs, err := store.Open(filepath.Join(dir, "records.db"), store.Options{Now: clk.Now, AppVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	course, err := modules.Load(content.FS, content.Root)
	if err != nil {
		t.Fatal(err)
	}
	hostKey, _, err := LoadHostKey(filepath.Join(dir, "host_key"))
	if err != nil {
		t.Fatal(err)
	}
	officer := newKey(t)
	officers := filepath.Join(dir, "officers.pub")
	if err := os.WriteFile(officers, gossh.MarshalAuthorizedKey(officer.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	logBuf, logMu := &bytes.Buffer{}, &sync.Mutex{}
	cfg := Config{
		Course:       course,
		Members:      recs,
		HostKey:      hostKey,
		OfficersFile: officers,
		Commands: func(_ context.Context, args []string, _ io.Reader, stdout, _ io.Writer) int {
			io.WriteString(stdout, "ran "+strings.Join(args, " ")+"\n")
			return 0
		},
		Throttle: throttle.New(throttle.Config{Now: clk.Now}),
		Limits:   DefaultLimits,
		Log:      slog.New(slog.NewTextHandler(lockedWriter{logBuf, logMu}, nil)),
		Now:      clk.Now,
		Accessible: func(ctx context.Context, m record.Member, in io.Reader, out io.Writer, raw bool, width func() int) error {
			return linear.Run(ctx, linear.Options{In: in, Out: out, Raw: raw, Width: width, Course: course, Store: recs, Member: m.Number, Now: clk.Now})
		},
	}
	for _, o := range options {
		o(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	ts := &testServer{t: t, srv: srv, store: recs, course: course, addr: ln.Addr().String(),
		hostKey: hostKey.PublicKey(), officer: officer, clock: clk, log: logBuf, logMu: logMu}
	t.Cleanup(ts.stop)
	return ts
}

// stop closes the server and then the store, as 'course serve' does.
func (ts *testServer) stop() {
	if ts.stopped {
		return
	}
	ts.stopped = true
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ts.srv.Shutdown(ctx)
	ts.store.Close()
}

func (ts *testServer) logText() string {
	ts.logMu.Lock()
	defer ts.logMu.Unlock()
	return ts.log.String()
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func newKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, private, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(private)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// member adds a member with an enrolled key.
func (ts *testServer) member(name string) (record.Member, gossh.Signer) {
	ts.t.Helper()
	m, err := ts.store.AddMember(record.NewMember{Name: name})
	if err != nil {
		ts.t.Fatal(err)
	}
	key := newKey(ts.t)
	progresstest.AddKey(ts.t, ts.store, m.Number, key.PublicKey(), "test")
	return m, key
}

// dial connects with key (nil: with no key, by keyboard-interactive).
func (ts *testServer) dial(key gossh.Signer) *gossh.Client {
	ts.t.Helper()
	c, err := ts.dialTo(ts.addr, key)
	if err != nil {
		ts.t.Fatal(err)
	}
	return c
}

// dialTo connects to addr (the server, or a proxy in front of it) with key
// (nil: with no key, by keyboard-interactive), and says if it was refused.
func (ts *testServer) dialTo(addr string, key gossh.Signer) (*gossh.Client, error) {
	auth := []gossh.AuthMethod{gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })}
	if key != nil {
		auth = []gossh.AuthMethod{gossh.PublicKeys(key)}
	}
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User:            "councillor",
		Auth:            auth,
		HostKeyCallback: gossh.FixedHostKey(ts.hostKey),
		Timeout:         bound,
	})
}

// invited adds a member with an enrolment code that lasts for ttl.
func (ts *testServer) invited(name string, ttl time.Duration) (record.Member, string) {
	ts.t.Helper()
	m, err := ts.store.AddMember(record.NewMember{Name: name})
	if err != nil {
		ts.t.Fatal(err)
	}
	code, _, err := ts.store.Invite(m.Number, ttl)
	if err != nil {
		ts.t.Fatal(err)
	}
	return m, code
}

// run runs a command as key and returns its output, error output and exit
// status.
func (ts *testServer) run(key gossh.Signer, stdin io.Reader, command string) (stdout, stderr string, status int) {
	ts.t.Helper()
	c := ts.dial(key)
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		ts.t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	s.Stdin, s.Stdout, s.Stderr = stdin, &out, &errOut
	err = s.Run(command)
	var exit *gossh.ExitError
	switch {
	case err == nil:
	case asExit(err, &exit):
		status = exit.ExitStatus()
	default:
		ts.t.Fatalf("running %q: %v", command, err)
	}
	return out.String(), errOut.String(), status
}

func asExit(err error, exit **gossh.ExitError) bool {
	e, ok := err.(*gossh.ExitError)
	*exit = e
	return ok
}

// terminal is a session with a terminal: a terminal emulator shows what the
// server draws, and answers its questions as a real terminal would.
type terminal struct {
	t       testing.TB
	client  *gossh.Client
	session *gossh.Session
	screen  *vt.SafeEmulator
	stdin   io.WriteCloser
	inMu    sync.Mutex
	mu      sync.Mutex
	changed chan struct{}
	ended   chan struct{}
	raw     bytes.Buffer
}

// open starts a session with a terminal of the given size.
func (ts *testServer) open(key gossh.Signer, width, height int) *terminal {
	ts.t.Helper()
	c := ts.dial(key)
	return ts.openOn(c, width, height)
}

func (ts *testServer) openOn(c *gossh.Client, width, height int) *terminal {
	ts.t.Helper()
	return ts.openCommand(c, "", width, height)
}

// openCommand starts a session with a terminal running command ("" for
// none).
func (ts *testServer) openCommand(c *gossh.Client, command string, width, height int) *terminal {
	t := ts.t
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", height, width, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, err := s.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := s.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	term := &terminal{t: t, client: c, session: s, screen: vt.NewSafeEmulator(width, height), stdin: stdin,
		changed: make(chan struct{}), ended: make(chan struct{})}
	go func() { // the terminal's answers to the program's questions
		buf := make([]byte, 256)
		for {
			n, err := term.screen.Read(buf)
			if err != nil {
				return
			}
			term.inMu.Lock()
			term.stdin.Write(buf[:n])
			term.inMu.Unlock()
		}
	}()
	go func() {
		defer close(term.ended)
		buf := make([]byte, 32<<10)
		for {
			n, err := stdout.Read(buf)
			term.screen.Write(buf[:n])
			term.mu.Lock()
			term.raw.Write(buf[:n])
			close(term.changed)
			term.changed = make(chan struct{})
			term.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	if command == "" {
		err = s.Shell()
	} else {
		err = s.Start(command)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeScreen(term.screen); c.Close() })
	return term
}

// text is what the terminal shows, without colours.
func (term *terminal) text() string { return ansi.Strip(term.screen.Render()) }

// all is everything the server sent, without escape sequences: what stays
// in the member's window after the course's screen is gone.
func (term *terminal) all() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return ansi.Strip(term.raw.String())
}

// waitFor waits until the screen shows every one of wants.
func (term *terminal) waitFor(wants ...string) {
	term.t.Helper()
	term.waitUntil(func() bool {
		text := term.text()
		for _, w := range wants {
			if !strings.Contains(text, w) {
				return false
			}
		}
		return true
	}, "the screen to show %q", wants)
}

func (term *terminal) waitUntil(done func() bool, what string, args ...any) {
	term.t.Helper()
	timer := time.NewTimer(bound)
	defer timer.Stop()
	// Some conditions (the server's log) change without the screen
	// changing: look again now and then as well.
	poll := time.NewTicker(50 * time.Millisecond)
	defer poll.Stop()
	for {
		term.mu.Lock()
		wake := term.changed
		term.mu.Unlock()
		if done() {
			return
		}
		select {
		case <-wake:
		case <-poll.C:
		case <-term.ended:
			if done() {
				return
			}
			term.t.Fatalf("the session ended while waiting for "+what+"; the screen shows:\n%s", append(args, term.text())...)
		case <-timer.C:
			term.t.Fatalf("waited %v for "+what+"; the screen shows:\n%s", append(append([]any{bound}, args...), term.text())...)
		}
	}
}

// send types keys: text as it is, "enter", "esc" and "ctrl+c" as those keys.
func (term *terminal) send(keys ...string) {
	term.t.Helper()
	for _, k := range keys {
		b := map[string]string{"enter": "\r", "esc": "\x1b", "ctrl+c": "\x03"}[k]
		if b == "" {
			b = k
		}
		term.inMu.Lock()
		_, err := term.stdin.Write([]byte(b))
		term.inMu.Unlock()
		if err != nil {
			term.t.Fatalf("typing %q: %v", k, err)
		}
	}
}

// waitEnd waits for the session to end and returns its exit status.
func (term *terminal) waitEnd() int {
	term.t.Helper()
	done := make(chan error, 1)
	go func() { done <- term.session.Wait() }()
	select {
	case err := <-done:
		select { // everything sent before the end is read
		case <-term.ended:
		case <-time.After(bound):
			term.t.Fatal("the session ended but its output did not")
		}
		var exit *gossh.ExitError
		if err != nil && asExit(err, &exit) {
			return exit.ExitStatus()
		}
		if err != nil {
			term.t.Fatalf("session: %v", err)
		}
		return 0
	case <-time.After(bound):
		term.t.Fatalf("the session did not end; the screen shows:\n%s", term.text())
	}
	return -1
}

// resize tells the server the window changed size.
func (term *terminal) resize(width, height int) {
	term.t.Helper()
	term.screen.Resize(width, height)
	if err := term.session.WindowChange(height, width); err != nil {
		term.t.Fatal(err)
	}
}

// authorized is key as a line of an authorized_keys file.
func authorized(key gossh.Signer) string { return string(gossh.MarshalAuthorizedKey(key.PublicKey())) }

// closeScreen ends the emulator's answers, so that the goroutine passing
// them on ends. (Emulator.Close is not safe beside a Read.)
func closeScreen(screen *vt.SafeEmulator) {
	if pw, ok := screen.InputPipe().(*io.PipeWriter); ok {
		pw.Close()
	}
}

// open is how many sessions are open.
func (s *Server) open() int { return int(s.active.Load()) }

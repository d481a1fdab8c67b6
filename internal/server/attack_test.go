package server

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// These tests are clients that do what any SSH client may do, as someone
// without a key or code would, and check the server holds.

// rawSession opens a session channel on c, its requests answered by the
// test (the server sends none that matter here).
func rawSession(t testing.TB, c *gossh.Client) gossh.Channel {
	t.Helper()
	ch, reqs, err := c.OpenChannel("session", nil)
	if err != nil {
		t.Fatal(err)
	}
	go gossh.DiscardRequests(reqs)
	return ch
}

// rawShell asks c for a session with a terminal and a shell, reading and
// dropping what the server sends; it says if the session was refused.
func rawShell(c *gossh.Client) bool {
	ch, reqs, err := c.OpenChannel("session", nil)
	if err != nil {
		return false
	}
	go gossh.DiscardRequests(reqs)
	ch.SendRequest("pty-req", true, ptyPayload("xterm", 80, 24))
	ch.SendRequest("shell", true, nil)
	go io.Copy(io.Discard, ch)
	return true
}

func ptyPayload(term string, columns, rows uint32) []byte {
	return gossh.Marshal(ptyRequest{Term: term, Columns: columns, Rows: rows})
}

// heapInUse is the heap in use after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

func TestHugeWindowIsDrawnWithinBounds(t *testing.T) {
	ts := startServer(t)
	before := heapInUse()
	c := ts.dial(nil)
	defer c.Close()
	ch := rawSession(t, c)
	if ok, err := ch.SendRequest("pty-req", true, ptyPayload("xterm", 1<<32-1, 1<<32-1)); err != nil || !ok {
		t.Fatalf("pty-req: %v %v", ok, err)
	}
	for range 20 { // and as window changes
		ch.SendRequest("window-change", false, gossh.Marshal(windowChange{Columns: 1<<32 - 1, Rows: 3000}))
	}
	if ok, err := ch.SendRequest("shell", true, nil); err != nil || !ok {
		t.Fatalf("shell: %v %v", ok, err)
	}
	var got []byte
	buf := make([]byte, 64<<10)
	for !strings.Contains(string(got), "ssh-keygen") { // the screen is drawn
		n, err := ch.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			t.Fatalf("after %q: %v", got, err)
		}
	}
	if grown := int64(heapInUse()) - int64(before); grown > 64<<20 {
		t.Errorf("one session with a huge window took %d MB", grown>>20)
	}
	// A member still gets in.
	_, key := ts.member("Robin Hart")
	term := ts.open(key, 80, 24)
	term.waitFor(ts.course.Modules[0].Title)
}

func TestCheckPtyClamps(t *testing.T) {
	for _, c := range []struct {
		columns, rows uint32
		w, h          int
	}{
		{80, 24, 80, 24},
		{1<<32 - 1, 1<<32 - 1, MaxColumns, MaxRows},
		{0, 0, 80, 24},
		{3000, 3000, MaxColumns, MaxRows},
	} {
		payload, w, ok := checkPty(ptyPayload(strings.Repeat("x", 10000), c.columns, c.rows))
		if !ok || w.Width != c.w || w.Height != c.h {
			t.Errorf("%dx%d: got %dx%d, %v", c.columns, c.rows, w.Width, w.Height, ok)
		}
		var p ptyRequest
		if err := gossh.Unmarshal(payload, &p); err != nil || p.Term != "xterm" || int(p.Columns) != c.w || int(p.Rows) != c.h {
			t.Errorf("%dx%d: rewritten as %+v, %v", c.columns, c.rows, p, err)
		}
	}
}

func TestOneConnectionCannotFillTheServer(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.Limits.MaxSessions = 20 })
	c := ts.dial(nil)
	defer c.Close()
	opened := 0
	for range 210 {
		if rawShell(c) {
			opened++
		}
	}
	if opened > channelsUnknown {
		t.Errorf("a connection without a key opened %d sessions", opened)
	}
	// Nor can many connections from one address.
	for range 30 {
		c, err := ts.dialTo(ts.addr, nil)
		if err != nil {
			continue // refused: the address misbehaved
		}
		defer c.Close()
		rawShell(c)
	}
	for _, name := range []string{"Robin Hart", "Siân Ellis"} {
		_, key := ts.member(name)
		term := ts.open(key, 80, 24)
		term.waitFor(ts.course.Modules[0].Title)
	}
	_, errOut, status := ts.run(ts.officer, nil, "report")
	if status != 0 {
		t.Errorf("the officer could not run a command: %d %s", status, errOut)
	}
	if n := ts.srv.gate.unknownOpen(); n > unknownPerAddress {
		t.Errorf("%d sessions of no key from one address", n)
	}
}

func TestEnvironmentIsBounded(t *testing.T) {
	ts := startServer(t)
	c := ts.dial(nil)
	defer c.Close()
	ch := rawSession(t, c)
	before := heapInUse()
	accepted := 0
	value := strings.Repeat("v", 32<<10)
	for i := range 2000 {
		ok, err := ch.SendRequest("env", true, gossh.Marshal(envRequest{Key: "LC_X" + itoa(i), Value: value}))
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			accepted++
		}
	}
	for i := range 100 {
		if ok, _ := ch.SendRequest("env", true, gossh.Marshal(envRequest{Key: "LC_Y" + itoa(i), Value: "en_GB.UTF-8"})); ok {
			accepted++
		}
	}
	if accepted > maxEnv {
		t.Errorf("%d environment variables accepted", accepted)
	}
	if grown := int64(heapInUse()) - int64(before); grown > 8<<20 {
		t.Errorf("environment requests took %d MB", grown>>20)
	}
	for _, e := range []envRequest{{"TERM", "xterm"}, {"NO_COLOR", "1"}, {"LANG", "cy_GB.UTF-8"}} {
		if !checkEnv(gossh.Marshal(e)) {
			t.Errorf("%s refused", e.Key)
		}
	}
	for _, e := range []envRequest{{"LD_PRELOAD", "x"}, {"PATH", "/tmp"}, {"LANG", "a\x1b[2Jb"}} {
		if checkEnv(gossh.Marshal(e)) {
			t.Errorf("%s=%q accepted", e.Key, e.Value)
		}
	}
}

// TestWindowChangesBeforeTheSessionStartsLeakNothing: a window change sent
// before the shell once left a goroutine behind for good.
func TestWindowChangesBeforeTheSessionStartsLeakNothing(t *testing.T) {
	ts := startServer(t)
	settle := func() int {
		var n int
		for range 200 {
			runtime.GC()
			n = runtime.NumGoroutine()
			time.Sleep(10 * time.Millisecond)
			if runtime.NumGoroutine() == n {
				break
			}
		}
		return n
	}
	before := settle()
	for range 50 {
		c := ts.dial(nil)
		ch := rawSession(t, c)
		ch.SendRequest("pty-req", true, ptyPayload("xterm", 80, 24))
		for range 5 {
			ch.SendRequest("window-change", false, gossh.Marshal(windowChange{Columns: 90, Rows: 30}))
		}
		c.Close()
	}
	var after int
	for range 50 {
		if after = settle(); after <= before+2 {
			return
		}
	}
	buf := make([]byte, 1<<20)
	t.Errorf("%d goroutines before 50 connections, %d after:\n%s", before, after, buf[:runtime.Stack(buf, true)])
}

func TestConnectionsWithNoSessionAreBounded(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.Limits.NoSession = 500 * time.Millisecond })
	var held []*gossh.Client
	refused := 0
	for range 3 * sessionlessPerAddress {
		c, err := ts.dialTo(ts.addr, newKey(t))
		if err != nil {
			refused++
			continue
		}
		held = append(held, c)
	}
	if len(held) > sessionlessPerAddress {
		t.Errorf("%d connections with no session held from one address", len(held))
	}
	for _, c := range held {
		closed := make(chan error, 1)
		go func() { closed <- c.Wait() }()
		select {
		case <-closed:
		case <-time.After(bound):
			t.Fatal("a connection with no session was kept")
		}
	}
	if refused == 0 {
		t.Error("no connection was refused")
	}
}

// stallingProxy takes one connection and passes it on to s, until stop:
// from then on it takes nothing more of what the server writes, as a
// client that never reads, while still passing on all the client sends.
//
// The server's end is a pipe, which holds nothing, so that once the proxy
// stops the server's next write waits for good, and the client's keys
// still reach it. A TCP connection whose reader stops cannot promise both:
// with its receive buffer full, the kernel may drop what the server wrote
// and then the acknowledgements of the client's own keys with it, so that
// the keys stop reaching the server, which then has nothing more to draw
// and never waits.
func stallingProxy(t *testing.T, s *Server) (addr string, stop func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	stopped := make(chan struct{})
	go func() {
		client, err := ln.Accept()
		ln.Close()
		if err != nil {
			return
		}
		served, server := net.Pipe()
		t.Cleanup(func() { client.Close(); server.Close() })
		go s.Serve(newOneConn(fromClient{served, client}))
		go io.Copy(server, client)
		buf := make([]byte, 4096)
		for {
			n, err := server.Read(buf)
			select {
			case <-stopped:
				return // reads no more: the server's next write waits
			default:
			}
			if _, werr := client.Write(buf[:n]); werr != nil || err != nil {
				return
			}
		}
	}()
	return ln.Addr().String(), sync.OnceFunc(func() { close(stopped) })
}

// fromClient is the server's end of a pipe, with the addresses of the
// client's connection to the proxy, as if the client had connected
// straight to the server.
type fromClient struct {
	net.Conn
	client net.Conn
}

func (c fromClient) RemoteAddr() net.Addr { return c.client.RemoteAddr() }
func (c fromClient) LocalAddr() net.Addr  { return c.client.LocalAddr() }

// oneConn is a listener that gives one connection, then waits until it is
// closed.
type oneConn struct {
	conns  chan net.Conn
	closed chan struct{}
	close  func()
	addr   net.Addr
}

func newOneConn(c net.Conn) *oneConn {
	l := &oneConn{conns: make(chan net.Conn, 1), closed: make(chan struct{}), addr: c.LocalAddr()}
	l.conns <- c
	l.close = sync.OnceFunc(func() { close(l.closed) })
	return l
}

func (l *oneConn) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

func (l *oneConn) Close() error   { l.close(); return nil }
func (l *oneConn) Addr() net.Addr { return l.addr }

// stalledMember opens the course for key through a proxy that then stops
// reading, and keeps giving the server things to draw.
func stalledMember(t *testing.T, ts *testServer, key gossh.Signer) *gossh.Client {
	t.Helper()
	addr, stop := stallingProxy(t, ts.srv)
	c, err := ts.dialTo(addr, key)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", MaxRows, MaxColumns, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, _ := s.StdinPipe()
	stdout, _ := s.StdoutPipe()
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	if _, err := stdout.Read(buf); err != nil { // the course has started
		t.Fatal(err)
	}
	stop()
	go func() { // the keys panel shown and hidden and the size changed: a whole screen to draw again each time, until the connection goes
		for i := 0; ; i++ {
			if err := s.WindowChange(MaxRows-i%2, MaxColumns-i%2); err != nil {
				return
			}
			if _, err := stdin.Write([]byte("?")); err != nil {
				return
			}
			time.Sleep(time.Millisecond)
		}
	}()
	return c
}

func TestClientThatStopsReadingStallsNothing(t *testing.T) {
	ts := startServer(t, func(c *Config) {
		c.Limits.Check, c.Limits.Stall = 20*time.Millisecond, time.Hour
	})
	_, stalledKey := ts.member("Stalled Reader")
	stalled := stalledMember(t, ts, stalledKey)
	defer stalled.Close()
	// Wait until the server is stuck writing to it.
	deadline := time.Now().Add(bound)
	for !ts.srv.anyStalled(time.Second) {
		if time.Now().After(deadline) {
			t.Fatal("the server never had to wait for the client")
		}
		time.Sleep(50 * time.Millisecond)
	}

	// The server's clock goes on: a removed key's session ends.
	m, key := ts.member("Robin Hart")
	term := ts.open(key, 80, 24)
	term.waitFor(ts.course.Modules[0].Title)
	if _, err := ts.store.RemoveKey(m.Number, Fingerprint(key.PublicKey())); err != nil {
		t.Fatal(err)
	}
	term.waitEnd()
	if !strings.Contains(term.all(), "key has been removed") {
		t.Errorf("the member was not told their key was removed:\n%s", term.all())
	}
	// And closing the server still ends.
	done := make(chan struct{})
	go func() { ts.stop(); close(done) }()
	select {
	case <-done:
	case <-time.After(bound):
		t.Fatal("the server did not close with a client that stopped reading")
	}
}

func TestClientThatStopsReadingIsClosed(t *testing.T) {
	ts := startServer(t, func(c *Config) {
		c.Limits.Check, c.Limits.Stall = 20*time.Millisecond, time.Second
	})
	_, key := ts.member("Stalled Reader")
	stalled := stalledMember(t, ts, key)
	defer stalled.Close()
	waitLog(t, ts, "closing a session whose client stopped reading")
	term := ts.open(key, 80, 24) // nothing else is held against the member
	term.waitFor(ts.course.Modules[0].Title)
}

// waitLog waits until the server's log says want.
func waitLog(t *testing.T, ts *testServer, want string) {
	t.Helper()
	deadline := time.Now().Add(bound)
	for !strings.Contains(ts.logText(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the log never said %q:\n%s", want, ts.logText())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestErasingAMemberEnrolledInTheSessionEndsIt(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.Limits.Check = 20 * time.Millisecond })
	m, code := ts.invited("Siân Ellis", 14*24*time.Hour)
	term := ts.open(newKey(t), 80, 24)
	term.waitFor("not enrolled")
	term.send(code, "enter")
	term.waitFor("Enrolled", "Siân Ellis")
	if err := ts.store.EraseMember(m.Number, "left the council"); err != nil {
		t.Fatal(err)
	}
	term.waitEnd()
	if !strings.Contains(term.all(), "key has been removed") {
		t.Errorf("the session was not ended for the erasure:\n%s", term.all())
	}
}

func TestRemovedOfficerCommandIsStopped(t *testing.T) {
	started, stopped := make(chan struct{}), make(chan struct{})
	ts := startServer(t, func(c *Config) {
		c.Limits.Check = 20 * time.Millisecond
		c.Commands = func(ctx context.Context, _ []string, _ io.Reader, _, _ io.Writer) int {
			close(started)
			<-ctx.Done()
			close(stopped)
			return 1
		}
	})
	c := ts.dial(ts.officer)
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.Start("export"); err != nil {
		t.Fatal(err)
	}
	<-started
	if err := os.WriteFile(ts.srv.cfg.OfficersFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	select {
	case <-stopped:
	case <-time.After(bound):
		t.Fatal("the command of a removed officer went on")
	}
	sess.Wait() // and its session ends
	waitLog(t, ts, "stopping the command of a key no longer an officer's")
}

func TestUnbalancedQuoteIsRefused(t *testing.T) {
	ran := false
	ts := startServer(t, func(c *Config) {
		inner := c.Commands
		c.Commands = func(ctx context.Context, args []string, in io.Reader, out, errOut io.Writer) int {
			ran = true
			return inner(ctx, args, in, out, errOut)
		}
	})
	_, errOut, status := ts.run(ts.officer, nil, "members add --name 'abc")
	if status == 0 || ran || !strings.Contains(errOut, "quotation mark is not closed") {
		t.Errorf("status %d, ran %v, %q", status, ran, errOut)
	}
}

func TestForwardingIsRefusedAndLogged(t *testing.T) {
	ts := startServer(t)
	c := ts.dial(nil)
	defer c.Close()
	if _, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
		t.Error("remote forwarding was allowed")
	}
	if _, err := c.Dial("tcp", ts.addr); err == nil {
		t.Error("local forwarding was allowed")
	}
	ch := rawSession(t, c)
	if ok, _ := ch.SendRequest("auth-agent-req@openssh.com", true, nil); ok {
		t.Error("agent forwarding was acknowledged")
	}
	waitLog(t, ts, "refused: port forwarding")
	waitLog(t, ts, "refused: agent forwarding")
}

func TestWeakHostKeyIsRefused(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(key, "")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "host")
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadHostKey(path); err == nil || !strings.Contains(err.Error(), "1024 bits") {
		t.Errorf("a 1024-bit RSA host key: %v", err)
	}
}

func TestFailedConnectionsAreLoggedAtARate(t *testing.T) {
	ts := startServer(t)
	for range 40 {
		conn, err := net.Dial("tcp", ts.addr)
		if err != nil {
			continue // refused for misbehaving, as it should be
		}
		conn.Write([]byte("SSH-2.0-x\r\nnot ssh\r\n"))
		io.Copy(io.Discard, conn)
		conn.Close()
	}
	if n := strings.Count(ts.logText(), "connection failed before signing in"); n > 2 {
		t.Errorf("%d log lines for failed connections:\n%s", n, ts.logText())
	}
	// The address is refused but for members' and officers' keys.
	if _, err := ts.dialTo(ts.addr, newKey(t)); err == nil {
		t.Error("an address whose connections kept failing was let in with an unknown key")
	}
	_, key := ts.member("Robin Hart")
	term := ts.open(key, 80, 24)
	term.waitFor(ts.course.Modules[0].Title)
	if _, _, status := ts.run(ts.officer, nil, "report"); status != 0 {
		t.Error("the officer was refused")
	}
}

// anyStalled says a session's client has not taken its output for d.
func (s *Server) anyStalled(d time.Duration) bool {
	for _, l := range s.liveSessions() {
		if l.Stalled(time.Now(), d) {
			return true
		}
	}
	return false
}

// unknownOpen is how many sessions of unknown keys are open.
func (g *gate) unknownOpen() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.unknown
}

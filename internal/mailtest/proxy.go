package mailtest

import (
	"bufio"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Proxy passes SMTP connections through to a server and can fail them
// part way through a batch, as a network or a server may: drop the
// connection, or stop answering while keeping it open. It counts the
// messages of each connection by reading the conversation, so it works
// only on connections that are not encrypted.
type Proxy struct {
	ln     net.Listener
	target string

	mu     sync.Mutex
	fault  fault
	conns  map[net.Conn]bool
	closed bool
	wg     sync.WaitGroup
}

// fault is what the proxy does to a connection once it has carried after
// messages.
type fault struct {
	act     action
	unreply bool // at the server's reply to the next message's end, not at the next command
	after   int
}

type action int

const (
	pass action = iota
	drop
	hang
)

// NewProxy listens on a free port of 127.0.0.1 and passes each
// connection to target (host:port). It stops when the test ends, or at
// Close.
func NewProxy(t testing.TB, target string) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(p.Close)
	return p
}

// Host is the address the proxy listens on.
func (p *Proxy) Host() string { return "127.0.0.1" }

// Port is the port the proxy listens on.
func (p *Proxy) Port() int { return p.ln.Addr().(*net.TCPAddr).Port }

// Addr is host:port.
func (p *Proxy) Addr() string { return net.JoinHostPort(p.Host(), strconv.Itoa(p.Port())) }

// DropAfter makes the proxy close a connection once n messages have gone
// through it, when the client next speaks: message n+1 never reaches the
// server.
func (p *Proxy) DropAfter(n int) { p.set(fault{act: drop, after: n}) }

// HangAfter makes the proxy stop passing anything on a connection once n
// messages have gone through it, when the client next speaks, and keep
// the connection open: the client waits for an answer that never comes.
func (p *Proxy) HangAfter(n int) { p.set(fault{act: hang, after: n}) }

// DropUnanswered makes the proxy pass message n+1 of a connection whole
// to the server and then close the connection before the server's reply
// reaches the client, which cannot know whether it was delivered.
func (p *Proxy) DropUnanswered(n int) { p.set(fault{act: drop, unreply: true, after: n}) }

// HangUnanswered is DropUnanswered, but keeping the connection open with
// no answer.
func (p *Proxy) HangUnanswered(n int) { p.set(fault{act: hang, unreply: true, after: n}) }

// set sets the fault of the connections made from now on.
func (p *Proxy) set(f fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fault = f
}

// Close stops listening, closes every connection and waits for the
// proxy's goroutines to end.
func (p *Proxy) Close() {
	p.ln.Close()
	p.mu.Lock()
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			client.Close()
			continue
		}
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			client.Close()
			server.Close()
			return
		}
		p.conns[client], p.conns[server] = true, true
		f := p.fault
		p.mu.Unlock()
		s := &session{p: p, client: client, server: server, fault: f}
		p.wg.Add(2)
		go s.fromClient()
		go s.fromServer()
	}
}

// session is one connection through the proxy.
type session struct {
	p              *Proxy
	client, server net.Conn
	fault          fault

	mu       sync.Mutex
	inData   bool // the client is sending a message's content
	messages int  // messages whose end the client has sent
	cut      bool // the next reply from the server is not passed on
	stopped  bool // nothing more is passed either way
}

// fail drops or hangs the connection; the caller holds s.mu.
func (s *session) fail() {
	s.stopped = true
	if s.fault.act == drop {
		s.client.Close()
		s.server.Close()
	}
}

func (s *session) fromClient() {
	defer s.p.wg.Done()
	r := bufio.NewReader(s.client)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			s.server.Close()
			return
		}
		s.mu.Lock()
		switch {
		case s.stopped:
			s.mu.Unlock()
			continue
		case s.inData && line == ".\r\n":
			s.inData = false
			s.messages++
			s.cut = s.fault.act != pass && s.fault.unreply && s.messages == s.fault.after+1
		case !s.inData && s.fault.act != pass && !s.fault.unreply && s.messages >= s.fault.after:
			s.fail()
			s.mu.Unlock()
			continue
		}
		s.mu.Unlock()
		if _, err := s.server.Write([]byte(line)); err != nil {
			return
		}
	}
}

func (s *session) fromServer() {
	defer s.p.wg.Done()
	r := bufio.NewReader(s.server)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			s.client.Close()
			return
		}
		s.mu.Lock()
		switch {
		case s.stopped:
			s.mu.Unlock()
			continue
		case s.cut:
			s.fail()
			s.mu.Unlock()
			continue
		case strings.HasPrefix(line, "354"):
			s.inData = true
		}
		s.mu.Unlock()
		if _, err := s.client.Write([]byte(line)); err != nil {
			return
		}
	}
}

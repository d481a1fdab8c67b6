//go:build linux

package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"github.com/coder/websocket"
	gossh "golang.org/x/crypto/ssh"

	"course/content"
	"course/internal/modules"
	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/store"
)

// BenchmarkServeSessions runs the real server and N members connected at
// once on loopback, over SSH (via=ssh) or as browsers do, over a
// WebSocket (via=web, with no browser: a terminal emulator in Go reads
// the socket as xterm.js would), each answering the whole of module 1's quiz
// at the speed the server allows. It reports the answers saved a second,
// how long an answer takes to be acknowledged on the member's screen
// (from the key press to "Correct." or "Not quite.", which the screen
// shows only once the answer is saved), and the server's memory for each
// connected, idle session (its resident memory with the N sessions open,
// less its memory before they came).
//
//	go test ./cmd/course -run '^$' -bench ServeSessions -benchtime 1x
//
// With pause=0 every member answers the moment the next question shows, a
// load far beyond a council's; with pause=1s each reads for a second
// first, which for 100 members is still about 100 answers a second.
func BenchmarkServeSessions(b *testing.B) {
	for _, c := range []struct {
		n     int
		pause time.Duration
	}{{10, 0}, {100, 0}, {100, time.Second}} {
		for _, via := range []string{"ssh", "web"} {
			b.Run(fmt.Sprintf("sessions=%d/pause=%v/via=%s", c.n, c.pause, via), func(b *testing.B) {
				for range b.N {
					benchSessions(b, c.n, c.pause, via)
				}
			})
		}
	}
}

func benchSessions(b *testing.B, n int, pause time.Duration, via string) {
	b.StopTimer()
	bin, err := buildCourse()
	if err != nil {
		b.Fatal(err)
	}
	course, err := modules.Load(content.FS, content.Root)
	if err != nil {
		b.Fatal(err)
	}
	questions := len(course.Modules[0].Questions)
	dir := b.TempDir()
	db := filepath.Join(dir, "records.db")
	recs, err := store.Open(db, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	keys := make([]gossh.Signer, n)
	tokens := make([]string, n)
	for i := range keys {
		m, err := recs.AddMember(record.NewMember{Name: fmt.Sprintf("Member %d", i)})
		if err != nil {
			b.Fatal(err)
		}
		_, private, _ := ed25519.GenerateKey(rand.Reader)
		keys[i], _ = gossh.NewSignerFromKey(private)
		progresstest.AddKey(b, recs, m.Number, keys[i].PublicKey(), "bench")
		tokens[i] = record.NewBrowserToken()
		browser, _ := record.BrowserKey(tokens[i])
		progresstest.AddKey(b, recs, m.Number, browser, "bench")
	}
	recs.Close()

	server := runServer(b, bin, "serve", "--db", db, "--listen", "127.0.0.1:0", "--web", "127.0.0.1:0", "--max-sessions", strconv.Itoa(n+10))
	defer server.stop()
	dial := func(i int) *benchSession {
		if via == "web" {
			return dialWebSession(b, server.webURL, tokens[i])
		}
		return dialSession(b, server.addr, keys[i])
	}

	// One session first, so that the lessons are rendered and the
	// program's own memory settles before the baseline.
	warm := dial(0)
	warm.waitFor(b, func(t string) bool { return strings.Contains(t, course.Modules[0].Title) })
	warm.close()
	time.Sleep(500 * time.Millisecond)
	before := residentKB(b, server.pid())

	b.StartTimer()
	start := time.Now()
	var mu sync.Mutex
	var latencies []time.Duration
	var wg sync.WaitGroup
	sessions := make([]*benchSession, n)
	// Members connect a few at a time, as the SSH server takes only a
	// few connections signing in at once from everywhere (see its gate);
	// once connected they all answer at once.
	signingIn := make(chan struct{}, 8)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			signingIn <- struct{}{}
			s := dial(i)
			sessions[i] = s
			s.waitFor(b, func(t string) bool { return strings.Contains(t, course.Modules[0].Title) })
			<-signingIn
			s.waitFor(b, func(t string) bool { return strings.Contains(t, "Why this guidance exists") })
			s.send("1")
			s.waitFor(b, func(t string) bool { return strings.Contains(t, "t quiz") })
			s.send("t")
			for q := 1; q <= questions; q++ {
				question := fmt.Sprintf("Question %d of", q)
				s.waitFor(b, func(t string) bool { return strings.Contains(t, question) && !feedback(t) })
				time.Sleep(pause)
				sent := time.Now()
				s.send("1\r")
				s.waitFor(b, func(t string) bool { return strings.Contains(t, question) && feedback(t) })
				took := time.Since(sent)
				mu.Lock()
				latencies = append(latencies, took)
				mu.Unlock()
				s.send("\r")
			}
			s.waitFor(b, func(t string) bool { return !strings.Contains(t, "Question") })
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	time.Sleep(500 * time.Millisecond)
	after := residentKB(b, server.pid())
	for _, s := range sessions {
		if s != nil {
			s.close()
		}
	}

	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(len(latencies))/elapsed.Seconds(), "answers/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(after-before)/1024/float64(n), "MB/session")
}

// serverProcess is a server program running beside the benchmark.
type serverProcess struct {
	cmd    *exec.Cmd
	addr   string
	webURL string // course serve --web's
	once   sync.Once
}

// listening is the line in which a server says where it listens: "Serving
// … over SSH on ADDRESS." from course serve, "Listening on ADDRESS" from
// the reference server.
var listening = regexp.MustCompile(`(?:over SSH|Listening) on (127\.0\.0\.1:\d+)`)

// runServer runs bin with args until it says where it listens; it is
// stopped when the benchmark ends, if not before.
func runServer(b *testing.B, bin string, args ...string) *serverProcess {
	b.Helper()
	p := &serverProcess{cmd: exec.Command(bin, args...)}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	p.cmd.Stderr = io.Discard
	if err := p.cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(p.stop)
	lines := bufio.NewScanner(stdout)
	for p.addr == "" && lines.Scan() {
		if m := listening.FindStringSubmatch(lines.Text()); m != nil {
			p.addr = m[1]
		}
	}
	for slices.Contains(args, "--web") && p.webURL == "" && lines.Scan() {
		if m := regexp.MustCompile(`in a browser at: (\S+)`).FindStringSubmatch(lines.Text()); m != nil {
			p.webURL = m[1]
		}
	}
	go io.Copy(io.Discard, stdout)
	if p.addr == "" {
		b.Fatalf("%s did not say where it listens", filepath.Base(bin))
	}
	return p
}

func (p *serverProcess) pid() int { return p.cmd.Process.Pid }

// stop interrupts the server and waits for it to end, killing it if it
// takes more than ten seconds.
func (p *serverProcess) stop() {
	p.once.Do(func() {
		p.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { p.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			p.cmd.Process.Kill()
			<-done
		}
	})
}

// residentKB is a process's resident memory, from /proc.
func residentKB(b *testing.B, pid int) int {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			kb, _ := strconv.Atoi(strings.Fields(line)[1])
			return kb
		}
	}
	b.Fatal("no VmRSS")
	return 0
}

// feedback says the screen shows an answer's feedback.
func feedback(screen string) bool {
	return strings.Contains(screen, "Correct.") || strings.Contains(screen, "Not quite.")
}

// benchSession is a member's session on a terminal emulator.
type benchSession struct {
	write  func(keys string)
	hangUp func()
	screen *vt.SafeEmulator
	mu     sync.Mutex
	wake   chan struct{}
}

// shown passes what the server sent to the session's screen.
func (s *benchSession) shown(data []byte) {
	s.screen.Write(data)
	s.mu.Lock()
	close(s.wake)
	s.wake = make(chan struct{})
	s.mu.Unlock()
}

// dialSession opens a session with an 80x24 terminal, signed in with key,
// or with no key at all (keyboard-interactive, answering nothing) when key
// is nil.
// sources counts the loopback addresses sessions have come from.
var sources atomic.Uint32

// nextSource is a loopback address (127.1.x.y) not used before in this run.
func nextSource() *net.TCPAddr {
	n := sources.Add(1)
	return &net.TCPAddr{IP: net.IPv4(127, 1, byte(n/250), byte(n%250+1))}
}

func dialSession(b *testing.B, addr string, key gossh.Signer) *benchSession {
	auth := gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) { return nil, nil })
	if key != nil {
		auth = gossh.PublicKeys(key)
	}
	// Each session comes from an address of its own, as members' own
	// computers do: the server limits what one address may have signing
	// in, or open without a known key.
	conn, err := (&net.Dialer{LocalAddr: nextSource(), Timeout: time.Minute}).Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	sc, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{User: "member", Auth: []gossh.AuthMethod{auth},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	c := gossh.NewClient(sc, chans, reqs)
	sess, err := c.NewSession()
	if err != nil {
		b.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		b.Fatal(err)
	}
	s := &benchSession{wake: make(chan struct{}), screen: vt.NewSafeEmulator(80, 24)}
	stdin, _ := sess.StdinPipe()
	s.write = func(keys string) { stdin.Write([]byte(keys)) }
	s.hangUp = func() { c.Close() }
	out, _ := sess.StdoutPipe()
	go io.Copy(io.Discard, s.screen) // the terminal's answers are not needed
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := out.Read(buf)
			s.shown(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	if err := sess.Shell(); err != nil {
		b.Fatal(err)
	}
	return s
}

// dialWebSession opens the course's socket as a browser bound by token
// does, with an 80x24 terminal, from an address of its own.
func dialWebSession(b *testing.B, webURL, token string) *benchSession {
	dialer := &net.Dialer{LocalAddr: nextSource(), Timeout: time.Minute}
	client := &http.Client{Transport: &http.Transport{DialContext: dialer.DialContext}}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(webURL, "http")+"/socket?mode=screens",
		&websocket.DialOptions{HTTPClient: client, HTTPHeader: http.Header{"Cookie": {"course_browser=" + token}}})
	if err != nil {
		b.Fatal(err)
	}
	s := &benchSession{wake: make(chan struct{}), screen: vt.NewSafeEmulator(80, 24)}
	send := func(msg any) {
		data, _ := json.Marshal(msg)
		conn.Write(context.Background(), websocket.MessageText, data)
	}
	send(map[string]any{"t": "hello", "cols": 80, "rows": 24, "dark": true})
	s.write = func(keys string) { send(map[string]string{"t": "in", "d": keys}) }
	s.hangUp = func() { conn.CloseNow() }
	go io.Copy(io.Discard, s.screen) // the terminal's answers are not needed
	go func() {
		for {
			_, data, err := conn.Read(context.Background())
			if err != nil {
				s.shown(nil)
				return
			}
			s.shown(data)
		}
	}()
	return s
}

func (s *benchSession) send(keys string) { s.write(keys) }

func (s *benchSession) close() { closeScreen(s.screen); s.hangUp() }

// waitFor waits until the screen's text is as done wants.
func (s *benchSession) waitFor(b *testing.B, done func(screen string) bool) {
	deadline := time.After(2 * time.Minute)
	for {
		s.mu.Lock()
		wake := s.wake
		s.mu.Unlock()
		text := ansi.Strip(s.screen.Render())
		if done(text) {
			return
		}
		select {
		case <-wake:
		case <-deadline:
			b.Fatalf("waited 2 minutes; the session shows:\n%s", text)
		}
	}
}

// closeScreen ends the emulator's answers, so that the goroutine reading
// them ends. (Emulator.Close is not safe beside a Read.)
func closeScreen(screen *vt.SafeEmulator) {
	if pw, ok := screen.InputPipe().(*io.PipeWriter); ok {
		pw.Close()
	}
}

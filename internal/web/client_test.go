package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
	"github.com/coder/websocket"

	"course/content/contenttest"
	"course/internal/linear"
	"course/internal/live"
	"course/internal/modules"
	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/store"
	"course/internal/throttle"
)

// bound is how long a test waits for what should come at once.
const bound = 15 * time.Second

// testWeb is a web server on this computer's loopback address, over a
// fresh record file.
type testWeb struct {
	t      *testing.T
	store  *store.Store
	course *modules.Course
	hub    *live.Hub
	srv    *Server
	url    string
	logs   *syncBuffer
	served chan error
}

// syncBuffer is a buffer written by the server and read by a test.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func startWeb(t *testing.T, limits live.Limits) *testWeb {
	t.Helper()
	tw := &testWeb{t: t, store: progresstest.NewStore(t), course: contenttest.Course(t), logs: &syncBuffer{}, served: make(chan error, 1)}
	log := slog.New(slog.NewTextHandler(tw.logs, nil))
	tw.hub = live.NewHub(limits, nil, log)
	srv, err := New(Config{
		Course: tw.course, Members: tw.store, Hub: tw.hub, Log: log,
		Throttle: throttle.New(throttle.Config{Failures: 3}),
		Accessible: func(ctx context.Context, member record.Member, in io.Reader, out io.Writer, raw bool, width func() int) error {
			return linear.Run(ctx, linear.Options{In: in, Out: out, Raw: raw, Width: width, Course: tw.course, Store: tw.store, Member: member.Number})
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	tw.srv = srv
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tw.url = "http://" + ln.Addr().String()
	go func() { tw.served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), bound)
		defer cancel()
		srv.Shutdown(ctx)
	})
	return tw
}

// invite adds a member and issues them a code.
func (tw *testWeb) invite(name string) (record.Member, string) {
	tw.t.Helper()
	m := progresstest.AddMember(tw.t, tw.store, name)
	code, _, err := tw.store.Invite(m.Number, time.Hour)
	if err != nil {
		tw.t.Fatal(err)
	}
	return m, code
}

// client makes requests as a browser would, but follows no redirect.
var client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: bound}

// post sends a form from the course's own page (or origin's, when given)
// with the cookie token ("" for none).
func (tw *testWeb) post(path, token, origin string, form url.Values) *http.Response {
	tw.t.Helper()
	req, _ := http.NewRequest("POST", tw.url+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if origin == "" {
		origin = tw.url
	}
	req.Header.Set("Origin", origin)
	if token != "" {
		req.AddCookie(&http.Cookie{Name: cookieName, Value: token})
	}
	resp, err := client.Do(req)
	if err != nil {
		tw.t.Fatal(err)
	}
	return resp
}

// get fetches a page with the cookie token ("" for none), returning it and
// its body.
func (tw *testWeb) get(path, token string) (*http.Response, string) {
	tw.t.Helper()
	req, _ := http.NewRequest("GET", tw.url+path, nil)
	if token != "" {
		req.AddCookie(&http.Cookie{Name: cookieName, Value: token})
	}
	resp, err := client.Do(req)
	if err != nil {
		tw.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// signIn types code on the sign-in page and returns the browser's token.
func (tw *testWeb) signIn(code string) string {
	tw.t.Helper()
	resp := tw.post("/signin", "", "", url.Values{"code": {code}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		tw.t.Fatalf("signing in: %s", resp.Status)
	}
	for _, c := range resp.Cookies() {
		if c.Name == cookieName {
			return c.Value
		}
	}
	tw.t.Fatal("signing in set no cookie")
	return ""
}

// tab is a course page open in a browser: a terminal emulator shows what
// the server draws, and answers its questions as xterm.js would.
type tab struct {
	t       *testing.T
	conn    *websocket.Conn
	screen  *vt.SafeEmulator
	mu      sync.Mutex
	raw     bytes.Buffer
	changed chan struct{}
	ended   chan struct{}
	closed  websocket.CloseError
}

// dial opens the socket of mode ("screens" or "plain") with the cookie
// token, without saying hello.
func (tw *testWeb) dial(mode, token string, header http.Header) (*websocket.Conn, *http.Response, error) {
	if header == nil {
		header = http.Header{}
	}
	if token != "" {
		header.Set("Cookie", cookieName+"="+token)
	}
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	return websocket.Dial(ctx, "ws"+strings.TrimPrefix(tw.url, "http")+"/socket?mode="+mode, &websocket.DialOptions{HTTPHeader: header})
}

// open opens the course's page of mode with the cookie token, at a size.
func (tw *testWeb) open(mode, token string, width, height int) *tab {
	tw.t.Helper()
	conn, _, err := tw.dial(mode, token, nil)
	if err != nil {
		tw.t.Fatal(err)
	}
	p := &tab{t: tw.t, conn: conn, screen: vt.NewSafeEmulator(width, height), changed: make(chan struct{}), ended: make(chan struct{})}
	p.sendJSON(message{T: "hello", Cols: width, Rows: height, Dark: true})
	go func() { // the terminal's answers to the program's questions
		buf := make([]byte, 256)
		for {
			n, err := p.screen.Read(buf)
			if err != nil {
				return
			}
			p.sendJSON(message{T: "in", D: string(buf[:n])})
		}
	}()
	go func() {
		defer close(p.ended)
		for {
			_, data, err := conn.Read(context.Background())
			if err != nil {
				p.mu.Lock()
				p.closed.Code = websocket.CloseStatus(err)
				errors.As(err, &p.closed)
				p.mu.Unlock()
				return
			}
			p.screen.Write(data)
			p.mu.Lock()
			p.raw.Write(data)
			close(p.changed)
			p.changed = make(chan struct{})
			p.mu.Unlock()
		}
	}()
	tw.t.Cleanup(func() {
		if pw, ok := p.screen.InputPipe().(*io.PipeWriter); ok {
			pw.Close()
		}
		conn.CloseNow()
	})
	return p
}

func (p *tab) sendJSON(m message) {
	b, _ := json.Marshal(m)
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	p.conn.Write(ctx, websocket.MessageText, b) // fails once the page has closed, as a browser's would
}

// send types keys: text as it is, "enter" as that key.
func (p *tab) send(keys ...string) {
	for _, k := range keys {
		if k == "enter" {
			k = "\r"
		}
		p.sendJSON(message{T: "in", D: k})
	}
}

// text is what the terminal shows; all is everything the server sent,
// without escape sequences.
func (p *tab) text() string { return ansi.Strip(p.screen.Render()) }

func (p *tab) all() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return ansi.Strip(p.raw.String())
}

// waitFor waits until what shows holds every one of wants.
func (p *tab) waitFor(shows func() string, wants ...string) {
	p.t.Helper()
	deadline := time.After(bound)
	poll := time.NewTicker(20 * time.Millisecond)
	defer poll.Stop()
	for {
		text := shows()
		ok := true
		for _, w := range wants {
			ok = ok && strings.Contains(text, w)
		}
		if ok {
			return
		}
		select {
		case <-poll.C:
		case <-p.ended:
			if text := shows(); !containsAll(text, wants) {
				p.t.Fatalf("the page closed (%v) while waiting for %q; it shows:\n%s", p.closeError(), wants, text)
			}
			return
		case <-deadline:
			p.t.Fatalf("waited %v for %q; the page shows:\n%s", bound, wants, shows())
		}
	}
}

func containsAll(text string, wants []string) bool {
	for _, w := range wants {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// waitClosed waits for the server to close the socket, and says how.
func (p *tab) waitClosed() websocket.CloseError {
	p.t.Helper()
	select {
	case <-p.ended:
	case <-time.After(bound):
		p.t.Fatalf("the socket did not close; the page shows:\n%s", p.text())
	}
	return p.closeError()
}

func (p *tab) closeError() websocket.CloseError {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.closed
}

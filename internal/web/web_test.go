package web

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	gossh "golang.org/x/crypto/ssh"

	"course/internal/live"
	"course/internal/record"
)

// answered is how many of member's answers are on the record.
func (tw *testWeb) answered(member string) int {
	tw.t.Helper()
	events, err := tw.store.MemberEvents(member)
	if err != nil {
		tw.t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if e.Kind == record.QuestionAnswered {
			n++
		}
	}
	return n
}

// answerOne opens the first module's quiz from the home screen and
// answers its first question, waiting for the feedback, which is shown
// once the answer is saved.
func (p *tab) answerOne(tw *testWeb) {
	p.t.Helper()
	p.waitFor(p.text, tw.course.Modules[0].Title)
	p.send("1")
	p.waitFor(p.text, "t quiz")
	p.send("t")
	p.waitFor(p.text, "Question 1 of")
	p.send("1", "enter")
	deadline := time.Now().Add(bound)
	for time.Now().Before(deadline) {
		if s := p.text(); strings.Contains(s, "Correct.") || strings.Contains(s, "Not quite.") {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.t.Fatalf("no feedback on the answer; the page shows:\n%s", p.text())
}

// TestBrowserTakesTheCourse: the code from the letter binds the browser,
// which then goes straight to the course's screens; an answer given there
// is on the record; a second tab takes over the first.
func TestBrowserTakesTheCourse(t *testing.T) {
	tw := startWeb(t, live.Limits{})
	m, code := tw.invite("Gwenllïan Ŵyn")

	resp, body := tw.get("/", "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `action="/signin"`) || !strings.Contains(body, `<label for="code">`) {
		t.Fatalf("a new browser is not asked for its code: %s\n%s", resp.Status, body)
	}
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self';", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("the Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-eval") || strings.Contains(body, "<script>") || strings.Contains(body, "http://") || strings.Contains(body, "https://") {
		t.Errorf("the page runs inline script or loads from elsewhere:\n%s", body)
	}

	bad := tw.post("/signin", "", "", url.Values{"code": {"ABCD-EFGH-JKMN"}})
	badBody, _ := io.ReadAll(bad.Body)
	bad.Body.Close()
	if bad.StatusCode != http.StatusUnauthorized || !strings.Contains(string(badBody), "That code is not right") || len(bad.Cookies()) > 0 {
		t.Errorf("a wrong code: %s %v\n%s", bad.Status, bad.Cookies(), badBody)
	}

	resp = tw.post("/signin", "", "", url.Values{"code": {strings.ToLower(code)}})
	resp.Body.Close()
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == cookieName {
			cookie = c
		}
	}
	if resp.StatusCode != http.StatusSeeOther || cookie == nil {
		t.Fatalf("the right code: %s, cookies %v", resp.Status, resp.Cookies())
	}
	if !cookie.HttpOnly || !cookie.Secure || cookie.SameSite != http.SameSiteStrictMode || cookie.Path != "/" || cookie.MaxAge < 30*24*3600 {
		t.Errorf("the cookie is not kept safe: %+v", cookie)
	}
	keys, err := tw.store.Keys(m.Number)
	if err != nil || len(keys) != 1 || keys[0].Type != record.BrowserKeyType {
		t.Fatalf("the browser is not among the member's keys: %+v %v", keys, err)
	}
	if strings.Contains(tw.logs.String(), code) || strings.Contains(tw.logs.String(), cookie.Value) || strings.Contains(tw.logs.String(), "Gwenll") {
		t.Errorf("the log holds a code, a token or a name:\n%s", tw.logs)
	}

	again := tw.post("/signin", "", "", url.Values{"code": {code}})
	againBody, _ := io.ReadAll(again.Body)
	again.Body.Close()
	if again.StatusCode != http.StatusUnauthorized || !strings.Contains(string(againBody), "already been used") {
		t.Errorf("a code used again: %s\n%s", again.Status, againBody)
	}

	resp, body = tw.get("/", cookie.Value)
	if !strings.Contains(body, `<script src="/assets/xterm/xterm.js">`) || !strings.Contains(body, `action="/forget"`) {
		t.Fatalf("a bound browser does not go to the course: %s\n%s", resp.Status, body)
	}
	for _, asset := range []string{"/assets/xterm/xterm.js", "/assets/xterm/addon-fit.js", "/assets/term.js", "/assets/xterm/xterm.css"} {
		if resp, _ := tw.get(asset, ""); resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %s", asset, resp.Status)
		}
	}

	first := tw.open("screens", cookie.Value, 100, 30)
	first.answerOne(tw)
	if n := tw.answered(m.Number); n != 1 {
		t.Errorf("%d answers on the record, want 1", n)
	}
	second := tw.open("screens", cookie.Value, 80, 24)
	second.waitFor(second.text, tw.course.Modules[0].Title)
	first.waitFor(first.all, "opened in another window")
	if ce := first.waitClosed(); ce.Code != websocket.StatusNormalClosure {
		t.Errorf("the first tab closed with %v", ce)
	}
	second.sendJSON(message{T: "size", Cols: 120, Rows: 40})
	second.screen.Resize(120, 40)
	second.waitFor(second.text, tw.course.Modules[0].Title)
}

// TestWrongCodesAreThrottled: after the throttle's wrong codes from one
// address, even the right code waits.
func TestWrongCodesAreThrottled(t *testing.T) {
	tw := startWeb(t, live.Limits{})
	_, code := tw.invite("Robin Hart")
	for range 3 {
		resp := tw.post("/signin", "", "", url.Values{"code": {"ABCD-EFGH-JKMN"}})
		resp.Body.Close()
	}
	resp := tw.post("/signin", "", "", url.Values{"code": {code}})
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(string(body), "Too many wrong codes") || len(resp.Cookies()) > 0 {
		t.Errorf("a code after too many wrong ones: %s\n%s", resp.Status, body)
	}
}

// TestRefusals: no socket without a bound browser, nor from another
// site's page; no sign-in from another site's page; a message too large
// closes the socket; a forgotten browser is refused, and its open tab
// ends.
func TestRefusals(t *testing.T) {
	limits := live.DefaultLimits
	limits.Check = 50 * time.Millisecond
	tw := startWeb(t, limits)
	m, code := tw.invite("Sam Lee")
	token := tw.signIn(code)

	if _, resp, err := tw.dial("screens", "", nil); err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a socket without a cookie: %v", err)
	}
	if _, resp, err := tw.dial("screens", record.NewBrowserToken(), nil); err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a socket with a cookie bound to nobody: %v", err)
	}
	if _, resp, err := tw.dial("screens", token, http.Header{"Origin": {"https://elsewhere.example"}}); err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("a socket from another site's page: %v", err)
	}
	resp := tw.post("/signin", "", "https://elsewhere.example", url.Values{"code": {"ABCD-EFGH-JKMN"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a sign-in from another site's page: %s", resp.Status)
	}
	resp = tw.post("/forget", token, "https://elsewhere.example", nil)
	resp.Body.Close()
	if keys, _ := tw.store.Keys(m.Number); resp.StatusCode != http.StatusForbidden || len(keys) != 1 {
		t.Errorf("forgetting from another site's page: %s, keys %v", resp.Status, keys)
	}

	big := tw.open("screens", token, 80, 24)
	big.waitFor(big.text, tw.course.Modules[0].Title)
	big.sendJSON(message{T: "in", D: strings.Repeat("x", maxMessage+1)})
	if ce := big.waitClosed(); ce.Code != websocket.StatusMessageTooBig {
		t.Errorf("a message too large closed the socket with %v", ce)
	}

	// Removed by the officer: the open tab ends within the hub's check.
	open := tw.open("screens", token, 80, 24)
	open.waitFor(open.text, tw.course.Modules[0].Title)
	if _, err := tw.store.RemoveKey(m.Number, record.Fingerprint(mustKey(t, token))); err != nil {
		t.Fatal(err)
	}
	open.waitFor(open.all, "removed from the course")
	open.waitClosed()
	if _, resp, err := tw.dial("screens", token, nil); err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a socket from a removed browser: %v", err)
	}
	if _, body := tw.get("/", token); !strings.Contains(body, `action="/signin"`) {
		t.Errorf("a removed browser is not asked for a code:\n%s", body)
	}
}

func mustKey(t *testing.T, token string) gossh.PublicKey {
	t.Helper()
	k, ok := record.BrowserKey(token)
	if !ok {
		t.Fatal("not a token")
	}
	return k
}

// TestForgetThisBrowser: the member's "forget this browser" removes its
// key, ends its tab and clears its cookie.
func TestForgetThisBrowser(t *testing.T) {
	tw := startWeb(t, live.Limits{})
	m, code := tw.invite("Ana Díaz")
	token := tw.signIn(code)
	open := tw.open("screens", token, 80, 24)
	open.waitFor(open.text, tw.course.Modules[0].Title)
	resp := tw.post("/forget", token, "", nil)
	resp.Body.Close()
	cleared := false
	for _, c := range resp.Cookies() {
		cleared = cleared || (c.Name == cookieName && c.MaxAge < 0)
	}
	if resp.StatusCode != http.StatusOK || !cleared {
		t.Errorf("forgetting: %s, cookies %v", resp.Status, resp.Cookies())
	}
	if keys, _ := tw.store.Keys(m.Number); len(keys) != 0 {
		t.Errorf("the browser's key is still bound: %v", keys)
	}
	open.waitClosed()
}

// TestShutdownKeepsAnswers: closing the server tells an open tab, closes
// its socket, and every answer it acknowledged is on the record.
func TestShutdownKeepsAnswers(t *testing.T) {
	tw := startWeb(t, live.Limits{})
	m, code := tw.invite("Kai Moss")
	p := tw.open("screens", tw.signIn(code), 80, 24)
	p.answerOne(tw)
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	if err := tw.srv.Shutdown(ctx); err != nil {
		t.Errorf("closing: %v", err)
	}
	p.waitFor(p.all, "closed for maintenance")
	if ce := p.waitClosed(); ce.Reason != reasonClosing {
		t.Errorf("the tab was closed with %v", ce)
	}
	if n := tw.answered(m.Number); n != 1 {
		t.Errorf("%d answers on the record after closing, want 1", n)
	}
	select {
	case err := <-tw.served:
		if err != nil {
			t.Errorf("serving: %v", err)
		}
	case <-time.After(bound):
		t.Error("Serve did not return")
	}
}

// TestPlainPage: the plain page gives the plain text course, without
// escape sequences, and remembers the choice; opening the screens
// changes it back.
func TestPlainPage(t *testing.T) {
	tw := startWeb(t, live.Limits{})
	m, code := tw.invite("Robin Hart")
	token := tw.signIn(code)
	if _, body := tw.get("/plain", token); !strings.Contains(body, `role="log"`) || !strings.Contains(body, `<label for="line">`) {
		t.Fatalf("the plain page has no live region or labelled input:\n%s", body)
	}
	p := tw.open("plain", token, 0, 0)
	p.waitFor(p.all, "Hello, Robin Hart.")
	p.send("quit\n")
	p.waitClosed()
	p.mu.Lock()
	raw := p.raw.String()
	p.mu.Unlock()
	if strings.ContainsRune(raw, 0x1b) {
		t.Errorf("the plain page was sent escape sequences: %q", raw)
	}
	if on, _ := tw.store.Accessible(m.Number); !on {
		t.Error("the choice of the plain page was not remembered")
	}
	if _, body := tw.get("/", token); !strings.Contains(body, `role="log"`) {
		t.Error("the member's next visit does not open the plain page")
	}
	screens := tw.open("screens", token, 80, 24)
	screens.waitFor(screens.text, tw.course.Modules[0].Title)
	if on, _ := tw.store.Accessible(m.Number); on {
		t.Error("opening the screens did not change the choice back")
	}
}

// TestClientAddr: X-Forwarded-For is believed from the configured proxy
// alone, and then only the address the proxy itself added.
func TestClientAddr(t *testing.T) {
	s := &Server{cfg: Config{Proxy: "127.0.0.1"}}
	for _, c := range []struct {
		remote    string
		forwarded []string
		want      string
	}{
		{"127.0.0.1:5000", []string{"203.0.113.9"}, "203.0.113.9"},
		{"127.0.0.1:5000", []string{"10.0.0.1, 203.0.113.9"}, "203.0.113.9"},
		{"127.0.0.1:5000", []string{"198.51.100.1", "203.0.113.9"}, "203.0.113.9"},
		{"127.0.0.1:5000", []string{"not an address"}, "127.0.0.1"},
		{"127.0.0.1:5000", nil, "127.0.0.1"},
		{"192.0.2.7:5000", []string{"203.0.113.9"}, "192.0.2.7"},
	} {
		r, _ := http.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		for _, f := range c.forwarded {
			r.Header.Add("X-Forwarded-For", f)
		}
		if got := s.clientAddr(r); got != c.want {
			t.Errorf("from %s with %q: %s, want %s", c.remote, c.forwarded, got, c.want)
		}
	}
	if got := (&Server{}).clientAddr(&http.Request{RemoteAddr: "127.0.0.1:1", Header: http.Header{"X-Forwarded-For": {"203.0.113.9"}}}); got != "127.0.0.1" {
		t.Errorf("with no proxy configured, X-Forwarded-For was believed: %s", got)
	}
}

// TestAddressListener: one address holds at most its share of
// connections; a closed one gives its place back.
func TestAddressListener(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	al := newAddressListener(ln, 2, "", live.NewQuietLog(slog.New(slog.DiscardHandler)))
	defer al.Close()
	accepted := make(chan net.Conn, 4)
	go func() {
		for {
			c, err := al.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	dial := func() net.Conn {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	first, _ := dial(), dial()
	a1, a2 := <-accepted, <-accepted
	third := dial()
	third.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := third.Read(make([]byte, 1)); err == nil {
		t.Error("a third connection from one address was kept")
	}
	select {
	case <-accepted:
		t.Error("a third connection from one address was accepted")
	default:
	}
	a1.Close()
	first.Close()
	dial()
	select {
	case c := <-accepted:
		c.Close()
	case <-time.After(5 * time.Second):
		t.Error("a closed connection did not give its place back")
	}
	a2.Close()
}

// TestSessionsLeaveNothing: once a page closes its socket, its session's
// goroutines end.
func TestSessionsLeaveNothing(t *testing.T) {
	tw := startWeb(t, live.Limits{})
	_, code := tw.invite("Lee Park")
	token := tw.signIn(code)
	warm := tw.open("screens", token, 80, 24) // the lessons' cache and the server's own goroutines
	warm.waitFor(warm.text, tw.course.Modules[0].Title)
	warm.conn.Close(websocket.StatusNormalClosure, "")
	warm.waitClosed()
	time.Sleep(200 * time.Millisecond)
	before := runtime.NumGoroutine()
	for range 3 {
		p := tw.open("screens", token, 80, 24)
		p.waitFor(p.text, tw.course.Modules[0].Title)
		p.conn.Close(websocket.StatusNormalClosure, "")
		p.waitClosed()
		if pw, ok := p.screen.InputPipe().(*io.PipeWriter); ok {
			pw.Close()
		}
	}
	deadline := time.Now().Add(bound)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines after the sessions closed, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
	if n := len(tw.hub.Sessions()); n != 0 {
		t.Errorf("%d sessions still tracked", n)
	}
}

// TestSignInAgainForgetsThePreviousKey: a browser that signs in with
// another code (a shared computer) leaves no key of its old token bound.
func TestSignInAgainForgetsThePreviousKey(t *testing.T) {
	tw := startWeb(t, live.Limits{})
	ann, annCode := tw.invite("Ann Lee")
	ben, benCode := tw.invite("Ben Ode")
	first := tw.signIn(annCode)
	resp := tw.post("/signin", first, "", url.Values{"code": {benCode}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("signing in again: %s", resp.Status)
	}
	if keys, _ := tw.store.Keys(ann.Number); len(keys) != 0 {
		t.Errorf("the first member keeps the browser's old key: %v", keys)
	}
	if keys, _ := tw.store.Keys(ben.Number); len(keys) != 1 {
		t.Errorf("the second member has %d keys, want 1", len(keys))
	}
}

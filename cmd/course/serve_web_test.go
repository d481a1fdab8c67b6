package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/coder/websocket"
	gossh "golang.org/x/crypto/ssh"
)

// TestServeWebRefusesPlainHTTPToTheNetwork: the course goes over plain
// HTTP only to this computer, for a proxy that gives HTTPS.
func TestServeWebRefusesPlainHTTPToTheNetwork(t *testing.T) {
	db := recordsIn(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--web", ":8080"}, "plain HTTP across the network"},
		{[]string{"--web", "192.0.2.1:8080"}, "plain HTTP across the network"},
		{[]string{"--web", "127.0.0.1:8080", "--tls-cert", "cert.pem"}, "both --tls-cert and --tls-key"},
		{[]string{"--tls-cert", "cert.pem", "--tls-key", "key.pem"}, "give --web ADDRESS:PORT too"},
		{[]string{"--web", "127.0.0.1:8080", "--web-url", "http://course.example.gov.uk"}, "must start https://"},
		{[]string{"--web", "127.0.0.1:8080", "--web-proxy", "proxy.example"}, "not an IP address"},
	} {
		_, err := execute(t, append([]string{"--db", db, "serve", "--listen", "127.0.0.1:0"}, c.args...)...)
		if msg := wantExit(t, err, exitUsage); !strings.Contains(msg, c.want) {
			t.Errorf("%q: %s", c.args, msg)
		}
	}
	_, err := execute(t, "--db", db, "members", "invite", "M00000000", "--web-url", "ftp://x")
	if msg := wantExit(t, err, exitUsage); !strings.Contains(msg, "--web-url") {
		t.Errorf("an invitation with a wrong --web-url: %s", msg)
	}
}

// TestServeWeb: with --web, the officer's invitation over SSH carries a
// link with the code; the code opens the course in a browser (here, its
// socket), and the browser is among the member's keys.
func TestServeWeb(t *testing.T) {
	db := recordsIn(t)
	ann := addedMember(t, db, "Ann Lee")
	f := startServe(t, db, "--web", "127.0.0.1:0")
	if !strings.HasPrefix(f.webURL, "http://127.0.0.1:") {
		t.Fatalf("serve did not say where browsers open the course: %q\n%s", f.webURL, f.log.String())
	}
	letter, errOut, status := f.run(f.officer, nil, "members invite "+ann)
	m := regexp.MustCompile(`(http://\S+)/#code=(\S+)`).FindStringSubmatch(letter)
	if status != 0 || m == nil || m[1] != f.webURL {
		t.Fatalf("the letter has no link: status %d %s\n%s", status, errOut, letter)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 10 * time.Second}
	req, _ := http.NewRequest("POST", f.webURL+"/signin", strings.NewReader(url.Values{"code": {m[2]}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", f.webURL)
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var token string
	for _, c := range resp.Cookies() {
		token = c.Value
	}
	if resp.StatusCode != http.StatusSeeOther || token == "" {
		t.Fatalf("signing in with the letter's code: %s", resp.Status)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(f.webURL, "http")+"/socket?mode=screens",
		&websocket.DialOptions{HTTPHeader: http.Header{"Cookie": {resp.Cookies()[0].Name + "=" + token}}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	conn.Write(ctx, websocket.MessageText, []byte(`{"t":"hello","cols":80,"rows":24}`))
	var seen strings.Builder
	for !strings.Contains(ansi.Strip(seen.String()), "Hello, Ann") && !strings.Contains(ansi.Strip(seen.String()), "Ann Lee") {
		_, data, err := conn.Read(ctx)
		if err != nil {
			t.Fatalf("the course did not open in the browser: %v\n%s", err, ansi.Strip(seen.String()))
		}
		seen.Write(data)
	}
	keys, _, _ := f.run(f.officer, nil, "members keys list "+ann)
	if !strings.Contains(keys, "browser") {
		t.Errorf("the browser is not among the member's keys:\n%s", keys)
	}

	// The member opens the course over SSH too: the browser's window
	// closes, as a second SSH window would close the first.
	_, private, _ := ed25519.GenerateKey(rand.Reader)
	key, _ := gossh.NewSignerFromKey(private)
	if _, errOut, status := f.run(f.officer, bytes.NewReader(gossh.MarshalAuthorizedKey(key.PublicKey())), "members keys add "+ann+" -"); status != 0 {
		t.Fatalf("adding an SSH key: %s", errOut)
	}
	c, err := gossh.Dial("tcp", f.addr, &gossh.ClientConfig{User: "member", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	sess.Stdout = io.Discard
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	for !strings.Contains(ansi.Strip(seen.String()), "opened in another window") {
		_, data, err := conn.Read(ctx)
		if err != nil {
			t.Fatalf("the browser's window was not told it was taken over: %v\n%s", err, ansi.Strip(seen.String()))
		}
		seen.Write(data)
	}
}

// TestServeWebAlone: --listen off serves browsers alone, and refuses to
// serve nothing at all.
func TestServeWebAlone(t *testing.T) {
	db := recordsIn(t)
	_, err := execute(t, "--db", db, "serve", "--listen", "off")
	if msg := wantExit(t, err, exitUsage); !strings.Contains(msg, "give --web") {
		t.Errorf("--listen off without --web: %s", msg)
	}
	cmd := newRootCmd()
	out, w := io.Pipe()
	cmd.SetOut(w)
	cmd.SetErr(io.Discard)
	cmd.SetArgs([]string{"--db", db, "serve", "--listen", "off", "--web", "127.0.0.1:0"})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- cmd.ExecuteContext(ctx)
		w.Close()
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("serve ended with %v", err)
		}
	}()
	var webURL, said string
	lines := bufio.NewScanner(out)
	for webURL == "" && lines.Scan() {
		said += lines.Text() + "\n"
		if m := regexp.MustCompile(`in a browser at: (\S+)`).FindStringSubmatch(lines.Text()); m != nil {
			webURL = m[1]
		}
	}
	go io.Copy(io.Discard, out)
	if webURL == "" || strings.Contains(said, "over SSH") {
		t.Fatalf("serve with --listen off said:\n%s", said)
	}
	resp, err := http.Get(webURL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `action="/signin"`) {
		t.Errorf("the page asks for no code:\n%s", body)
	}
}

// Package mailtest runs a real mail server for tests: Start starts
// Mailpit (github.com/axllent/mailpit) on free ports of 127.0.0.1, and
// Server.Messages reads back what it received through Mailpit's HTTP API.
// A Proxy in front of it can drop the connection or stop answering part
// way through a batch.
//
// Mailpit is found on PATH or in $(go env GOPATH)/bin; without it a test
// is skipped, except in CI (the CI variable set), where it fails: .ci/run
// installs it (go install github.com/axllent/mailpit@v1.33.1).
//
// It is for tests only and imports only the standard library.
package mailtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Version is the Mailpit that .ci/run installs and these tests are
// written against.
const Version = "v1.33.1"

// Option changes how Start runs Mailpit.
type Option func(*config)

type config struct {
	startTLS, implicitTLS bool
	user, password        string
	chaos                 bool
	allowedRecipients     string
}

// WithSTARTTLS makes the server offer STARTTLS, with a certificate for
// 127.0.0.1 and localhost that only Server.RootCAs trusts.
func WithSTARTTLS() Option { return func(c *config) { c.startTLS = true } }

// WithImplicitTLS makes the server speak TLS from the start (as on port
// 465), with a certificate as WithSTARTTLS's.
func WithImplicitTLS() Option { return func(c *config) { c.implicitTLS = true } }

// WithAuth makes the server require signing in as user with password,
// neither of which may hold a space or a colon (Mailpit's password file
// splits at them). Mailpit offers PLAIN and LOGIN inside TLS only, so use
// it with WithSTARTTLS or WithImplicitTLS.
func WithAuth(user, password string) Option {
	return func(c *config) { c.user, c.password = user, password }
}

// WithChaos lets a test make the server refuse recipients
// (Server.RefuseRecipients).
func WithChaos() Option { return func(c *config) { c.chaos = true } }

// WithAllowedRecipients makes the server refuse (550) every recipient
// address that the regular expression re does not match.
func WithAllowedRecipients(re string) Option { return func(c *config) { c.allowedRecipients = re } }

// Server is a running Mailpit.
type Server struct {
	// Host and Port are where it takes SMTP.
	Host string
	Port int
	api  string // the HTTP API's base URL
	ca   *x509.CertPool
	http *http.Client
}

// Addr is the SMTP address, host:port.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// RootCAs trusts the server's certificate (nil without TLS).
func (s *Server) RootCAs() *x509.CertPool { return s.ca }

// Start starts Mailpit for the test, with its messages in a temporary
// folder, and stops it when the test ends.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	var c config
	for _, o := range opts {
		o(&c)
	}
	bin := find(t)
	dir := t.TempDir()
	s := &Server{Host: "127.0.0.1", http: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}}
	args := []string{"--database", filepath.Join(dir, "mailpit.db"), "--disable-version-check", "--smtp-disable-rdns"}
	if c.startTLS || c.implicitTLS {
		var certFile, keyFile string
		s.ca, certFile, keyFile = certificate(t, dir)
		args = append(args, "--smtp-tls-cert", certFile, "--smtp-tls-key", keyFile)
		if c.implicitTLS {
			args = append(args, "--smtp-require-tls")
		}
	}
	if c.user != "" {
		auth := filepath.Join(dir, "smtp-users")
		if err := os.WriteFile(auth, []byte(c.user+":"+c.password+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--smtp-auth-file", auth)
	}
	if c.user != "" && !c.startTLS && !c.implicitTLS {
		// Mailpit offers to sign in without TLS only when told to, as a
		// relay on the same computer does.
		args = append(args, "--smtp-auth-allow-insecure")
	}
	if c.chaos {
		args = append(args, "--enable-chaos")
	}
	if c.allowedRecipients != "" {
		args = append(args, "--smtp-allowed-recipients", c.allowedRecipients)
	}
	// Free ports can be taken between choosing and listening: try again.
	var lastLog string
	for range 3 {
		smtpPort, apiPort := freePort(t), freePort(t)
		ok, log := s.run(t, bin, append(args, "--smtp", "127.0.0.1:"+strconv.Itoa(smtpPort), "--listen", "127.0.0.1:"+strconv.Itoa(apiPort)), smtpPort, apiPort)
		if ok {
			return s
		}
		lastLog = log
	}
	t.Fatalf("mailpit did not start:\n%s", lastLog)
	return nil
}

// run starts Mailpit and waits until it answers; false and its output if
// it stopped first.
func (s *Server) run(t testing.TB, bin string, args []string, smtpPort, apiPort int) (bool, string) {
	t.Helper()
	var out lockedBuffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting mailpit: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	stop := func() {
		_ = cmd.Process.Kill()
		<-exited
	}
	s.Port, s.api = smtpPort, "http://127.0.0.1:"+strconv.Itoa(apiPort)
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-exited:
			return false, out.String()
		case <-time.After(50 * time.Millisecond):
		}
		if s.ready() {
			t.Cleanup(func() {
				stop()
				if t.Failed() {
					t.Logf("mailpit's log:\n%s", out.String())
				}
			})
			return true, ""
		}
		if time.Now().After(deadline) {
			stop()
			t.Fatalf("mailpit did not answer within 30 s:\n%s", out.String())
		}
	}
}

// ready says whether both the API and SMTP answer.
func (s *Server) ready() bool {
	resp, err := s.http.Get(s.api + "/readyz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false
	}
	conn, err := net.DialTimeout("tcp", s.Addr(), time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// find returns Mailpit's path, or skips the test (fails it in CI).
func find(t testing.TB) string {
	t.Helper()
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		for _, dir := range filepath.SplitList(strings.TrimSpace(string(out))) {
			p := filepath.Join(dir, "bin", "mailpit")
			if info, err := os.Stat(p); err == nil && !info.IsDir() {
				return p
			}
		}
	}
	why := "mailpit is not installed (neither on PATH nor in $(go env GOPATH)/bin): install it with go install github.com/axllent/mailpit@" + Version
	if os.Getenv("CI") != "" {
		t.Fatal(why)
	}
	t.Skip(why)
	return ""
}

func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// certificate writes a self-signed certificate and key for 127.0.0.1 and
// localhost into dir, and returns a pool that trusts it.
func certificate(t testing.TB, dir string) (*x509.CertPool, string, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mailtest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return pool, certFile, keyFile
}

// Address is a name and an address, as Mailpit decodes them.
type Address struct {
	Name    string
	Address string
}

// Message is one message the server received.
type Message struct {
	ID                    string
	From                  Address
	To, Cc, Bcc, ReplyTo  []Address
	Subject               string // decoded
	Text                  string // the plain text body, decoded
	Headers               map[string][]string
	Raw                   string // the message as received
	MessageID, ReturnPath string
	Username              string // who signed in to send it
}

// Recipients are the addresses the message went to: To, Cc and Bcc (the
// envelope's recipients that no header names).
func (m Message) Recipients() []string {
	var rs []string
	for _, a := range slices.Concat(m.To, m.Cc, m.Bcc) {
		rs = append(rs, a.Address)
	}
	return rs
}

// Messages returns every message the server has received, oldest first.
func (s *Server) Messages(t testing.TB) []Message {
	t.Helper()
	var list struct {
		Messages []struct{ ID string } `json:"messages"`
	}
	s.get(t, "/api/v1/messages?limit=1000", &list)
	var ms []Message
	for _, summary := range slices.Backward(list.Messages) {
		var m Message
		s.get(t, "/api/v1/message/"+summary.ID, &m)
		s.get(t, "/api/v1/message/"+summary.ID+"/headers", &m.Headers)
		var raw rawText
		s.get(t, "/api/v1/message/"+summary.ID+"/raw", &raw)
		m.Raw = string(raw)
		// The text as written: mail carries its lines ended CR LF.
		m.Text = strings.ReplaceAll(m.Text, "\r\n", "\n")
		ms = append(ms, m)
	}
	return ms
}

// rawText takes a response as it is.
type rawText []byte

// RefuseRecipients makes the server answer every RCPT TO with code (such
// as 451 or 550) until it is called with 0. Start it WithChaos.
func (s *Server) RefuseRecipients(t testing.TB, code int) {
	t.Helper()
	body := "{}"
	if code != 0 {
		body = fmt.Sprintf(`{"Recipient": {"ErrorCode": %d, "Probability": 100}}`, code)
	}
	req, err := http.NewRequest(http.MethodPut, s.api+"/api/v1/chaos", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("setting mailpit's chaos: %s: %s", resp.Status, b)
	}
}

func (s *Server) get(t testing.TB, path string, v any) {
	t.Helper()
	resp, err := s.http.Get(s.api + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s: %s", path, resp.Status, b)
	}
	if raw, ok := v.(*rawText); ok {
		*raw = b
		return
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// lockedBuffer collects a process's output from two pipes at once.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

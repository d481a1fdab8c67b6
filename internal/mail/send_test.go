package mail_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"course/internal/mail"
	"course/internal/mailtest"
)

// settings reach a server on this computer without TLS.
func settings(host string, port int) mail.Settings {
	return mail.Settings{
		Host: host, Port: port, Security: mail.None,
		From: "democratic.services@example.gov.uk", FromName: "Democratic Services",
		ReplyTo: "help@example.gov.uk", Timeout: 10 * time.Second,
	}
}

// sendAll sends ms over one connection and fails the test on any error.
func sendAll(t *testing.T, s mail.Settings, password string, ms ...mail.Message) {
	t.Helper()
	c, err := mail.Dial(context.Background(), s, password)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if err := c.Send(context.Background(), m); err != nil {
			t.Fatalf("sending to %s: %v", m.To, err)
		}
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
}

// lf is text with its line breaks as a program reads them back.
func lf(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

func header(m mailtest.Message, name string) string { return strings.Join(m.Headers[name], "\n") }

func TestMessagesArriveWhole(t *testing.T) {
	srv := mailtest.Start(t)
	long := strings.Repeat("Cyngor Sir Gwynedd — hyfforddiant ", 60) // one line of about 2,000 characters
	body := "Annwyl Siân,\n\n" + long + "\n.\n..a line that starts with dots\nFrom the start of a line\nCofion, Gwŷn\n"
	welsh := mail.Message{ToName: "Siân Gwŷn", To: "sian@example.org", Subject: "Atgoffa: hyfforddiant y cyfryngau cymdeithasol — erbyn 1 Mehefin", Text: body}
	plain := mail.Message{ToName: "Ann Other", To: "ann@example.org", Subject: "Your course code", Text: "Your code is ABCD-1234.\n"}
	sendAll(t, settings(srv.Host, srv.Port), "", welsh, plain)

	got := srv.Messages(t)
	if len(got) != 2 {
		t.Fatalf("the server received %d messages, want 2", len(got))
	}
	for i, want := range []mail.Message{welsh, plain} {
		m := got[i]
		if !slices.Equal(m.Recipients(), []string{want.To}) {
			t.Errorf("message %d went to %v, want only %s", i, m.Recipients(), want.To)
		}
		if len(m.To) != 1 || m.To[0].Name != want.ToName {
			t.Errorf("message %d: To = %+v, want the name %q", i, m.To, want.ToName)
		}
		if m.From != (mailtest.Address{Name: "Democratic Services", Address: "democratic.services@example.gov.uk"}) {
			t.Errorf("message %d: From = %+v", i, m.From)
		}
		if len(m.ReplyTo) != 1 || m.ReplyTo[0].Address != "help@example.gov.uk" {
			t.Errorf("message %d: Reply-To = %+v", i, m.ReplyTo)
		}
		if m.Subject != want.Subject {
			t.Errorf("message %d: subject %q, want %q", i, m.Subject, want.Subject)
		}
		if lf(m.Text) != want.Text {
			t.Errorf("message %d: the text arrived as\n%q\nwant\n%q", i, lf(m.Text), want.Text)
		}
		if h := header(m, "Auto-Submitted"); h != "auto-generated" {
			t.Errorf("message %d: Auto-Submitted = %q", i, h)
		}
		if h := header(m, "Content-Type"); !strings.Contains(h, "text/plain") || !strings.Contains(strings.ToLower(h), "charset=utf-8") {
			t.Errorf("message %d: Content-Type = %q", i, h)
		}
		if h := header(m, "Message-Id"); !strings.HasPrefix(h, "<") || !strings.HasSuffix(h, "@example.gov.uk>") {
			t.Errorf("message %d: Message-ID = %q, want one on the From address's domain", i, h)
		}
		if _, err := time.Parse(time.RFC1123Z, header(m, "Date")); err != nil {
			t.Errorf("message %d: Date: %v", i, err)
		}
		if h := header(m, "User-Agent") + header(m, "X-Mailer"); h != "" {
			t.Errorf("message %d names the program that sent it: %q", i, h)
		}
		// Headers travel in ASCII: the Welsh names and subject encoded.
		head, _, _ := strings.Cut(lf(m.Raw), "\n\n")
		for _, r := range head {
			if r > 0x7e {
				t.Errorf("message %d: a raw %q in the header:\n%s", i, r, head)
				break
			}
		}
	}
	if head, _, _ := strings.Cut(lf(got[0].Raw), "\n\n"); !strings.Contains(head, "=?UTF-8?") {
		t.Errorf("the Welsh message's header has no RFC 2047 word:\n%s", head)
	}
}

func TestNamesAndSubjectsCannotAddHeaders(t *testing.T) {
	srv := mailtest.Start(t)
	attempts := []string{
		"Ann\r\nBcc: evil@example.org",
		"\n\nbody",
		"Ann\rBcc: evil@example.org",
		"Ann\nBcc: evil@example.org",
		"Ann\u2028Bcc: evil@example.org",
		"Ann\u0085Bcc: evil@example.org",
		"Ann\x00\x1b[31m\tBcc: evil@example.org",
	}
	var ms []mail.Message
	for i, a := range attempts {
		ms = append(ms, mail.Message{ToName: a, To: fmt.Sprintf("member%d@example.org", i), Subject: "Reminder " + a, Text: "The text.\n"})
	}
	sendAll(t, settings(srv.Host, srv.Port), "", ms...)
	got := srv.Messages(t)
	if len(got) != len(ms) {
		t.Fatalf("the server received %d messages, want %d", len(got), len(ms))
	}
	known := []string{"From", "To", "Reply-To", "Subject", "Date", "Message-Id", "Auto-Submitted",
		"Mime-Version", "Content-Type", "Content-Transfer-Encoding", "Return-Path", "Received"}
	for i, m := range got {
		if !slices.Equal(m.Recipients(), []string{ms[i].To}) {
			t.Errorf("%q: the message went to %v, want only %s", attempts[i], m.Recipients(), ms[i].To)
		}
		for name := range m.Headers {
			if !slices.Contains(known, name) {
				t.Errorf("%q: a header %s: %q", attempts[i], name, m.Headers[name])
			}
		}
		if len(m.Headers["Subject"]) != 1 || len(m.Headers["To"]) != 1 {
			t.Errorf("%q: Subject %q, To %q; want one of each", attempts[i], m.Headers["Subject"], m.Headers["To"])
		}
		if strings.ContainsAny(m.Subject, "\r\n\u2028\u0085\x00\x1b") || !strings.Contains(m.Subject, "Bcc: evil@example.org") && strings.Contains(attempts[i], "Bcc") {
			t.Errorf("%q: subject arrived as %q, want it on one line, whole", attempts[i], m.Subject)
		}
		if lf(m.Text) != "The text.\n" {
			t.Errorf("%q: the text arrived as %q", attempts[i], m.Text)
		}
	}
	// What a dry run shows has the same tidy header lines.
	for _, m := range ms {
		head, _, _ := strings.Cut(mail.Preview(settings(srv.Host, srv.Port), m), "\n\n")
		if lines := strings.Split(head, "\n"); len(lines) != 4 || strings.ContainsAny(head, "\r\u2028\u0085\x00\x1b") {
			t.Errorf("Preview of %q has the header\n%q\nwant From, To, Reply-To and Subject lines alone", m.ToName, head)
		}
	}
}

func TestBadAddressesAreRefusedBeforeSending(t *testing.T) {
	srv := mailtest.Start(t)
	c, err := mail.Dial(context.Background(), settings(srv.Host, srv.Port), "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, to := range []string{"ann@example.org\r\nBcc: evil@example.org", "Ann <ann@example.org>", "ann@example.org, evil@example.org", "not an address", ""} {
		err := c.Send(context.Background(), mail.Message{To: to, Subject: "Hello", Text: "Hello.\n"})
		var re *mail.RecipientError
		if !errors.As(err, &re) || re.Code != 0 || !strings.Contains(err.Error(), "is not an email address") {
			t.Errorf("To %q: %v; want a RecipientError saying it is not an email address", to, err)
		}
	}
	// The connection goes on.
	if err := c.Send(context.Background(), mail.Message{To: "ann@example.org", Subject: "Hello", Text: "Hello.\n"}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Messages(t); len(got) != 1 || !slices.Equal(got[0].Recipients(), []string{"ann@example.org"}) {
		t.Errorf("the server received %d messages; want one, to ann@example.org", len(got))
	}
}

func TestSignInOverSTARTTLS(t *testing.T) {
	srv := mailtest.Start(t, mailtest.WithSTARTTLS(), mailtest.WithAuth("officer", "correct-horse-battery"))
	s := settings(srv.Host, srv.Port)
	s.Security, s.Username, s.RootCAs = mail.StartTLS, "officer", srv.RootCAs()
	sendAll(t, s, "correct-horse-battery", mail.Message{ToName: "Siân", To: "sian@example.org", Subject: "Hello", Text: "Hello.\n"})
	got := srv.Messages(t)
	if len(got) != 1 || got[0].Username != "officer" {
		t.Fatalf("the server received %+v; want one message, sent by officer", got)
	}

	_, err := mail.Dial(context.Background(), s, "wrong horse")
	if err == nil || !strings.Contains(err.Error(), "refused the user name or password") || !strings.Contains(err.Error(), mail.PasswordVar) || strings.Contains(err.Error(), "horse") {
		t.Errorf("a wrong password: %v; want the sentence, without the password", err)
	}
	// The sentence names where the wrong password came from.
	s.PasswordFile = "/etc/course/mail-password.txt"
	if _, err := mail.Dial(context.Background(), s, "wrong horse"); err == nil || !strings.Contains(err.Error(), "the password in /etc/course/mail-password.txt") {
		t.Errorf("a wrong password from a file: %v", err)
	}
	t.Setenv(mail.PasswordVar, "wrong horse")
	if _, err := mail.Dial(context.Background(), s, "wrong horse"); err == nil || !strings.Contains(err.Error(), "the password in "+mail.PasswordVar+", which is used before any password file") {
		t.Errorf("a wrong password from %s: %v", mail.PasswordVar, err)
	}
}

// TestSignInToARelayOnThisComputer: with security none, which is only for
// a server on this computer, the password may go without TLS.
func TestSignInToARelayOnThisComputer(t *testing.T) {
	srv := mailtest.Start(t, mailtest.WithAuth("officer", "secret-2"))
	s := settings(srv.Host, srv.Port)
	s.Security, s.Username = mail.None, "officer"
	sendAll(t, s, "secret-2", mail.Message{To: "ann@example.org", Subject: "Hello", Text: "Hello.\n"})
	if got := srv.Messages(t); len(got) != 1 || got[0].Username != "officer" {
		t.Errorf("the server received %+v; want one message, sent by officer", got)
	}
}

func TestImplicitTLS(t *testing.T) {
	srv := mailtest.Start(t, mailtest.WithImplicitTLS(), mailtest.WithAuth("officer", "secret-1"))
	s := settings(srv.Host, srv.Port)
	s.Security, s.Username, s.RootCAs = mail.TLS, "officer", srv.RootCAs()
	sendAll(t, s, "secret-1", mail.Message{To: "ann@example.org", Subject: "Hello", Text: "Hello.\n"})
	if got := srv.Messages(t); len(got) != 1 {
		t.Errorf("the server received %d messages, want 1", len(got))
	}
}

func TestNoMessageWithoutTLS(t *testing.T) {
	plain := mailtest.Start(t)
	s := settings(plain.Host, plain.Port)
	s.Security, s.Username = mail.StartTLS, "officer"
	_, err := mail.Dial(context.Background(), s, "secret-1")
	if err == nil || !strings.Contains(err.Error(), "does not offer STARTTLS") {
		t.Errorf("STARTTLS required of a server without it: %v", err)
	}

	tlsServer := mailtest.Start(t, mailtest.WithSTARTTLS())
	s = settings(tlsServer.Host, tlsServer.Port)
	s.Security = mail.StartTLS // with the computer's own authorities, which do not know the test's
	_, err = mail.Dial(context.Background(), s, "")
	if err == nil || !strings.Contains(err.Error(), "certificate this computer does not trust") || !strings.Contains(err.Error(), "SSL_CERT_FILE") {
		t.Errorf("an untrusted certificate: %v", err)
	}
	if n := len(plain.Messages(t)) + len(tlsServer.Messages(t)); n != 0 {
		t.Errorf("the servers received %d messages, want none", n)
	}
}

func TestRefusedRecipients(t *testing.T) {
	srv := mailtest.Start(t, mailtest.WithChaos(), mailtest.WithAllowedRecipients(`@example\.org$`))
	c, err := mail.Dial(context.Background(), settings(srv.Host, srv.Port), "")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	send := func(to string) error {
		return c.Send(context.Background(), mail.Message{To: to, Subject: "Reminder", Text: "Please finish the course.\n"})
	}
	var re *mail.RecipientError
	err = send("gone@example.net")
	if !errors.As(err, &re) || re.Code != 550 || re.Temporary() || re.To != "gone@example.net" || !strings.Contains(err.Error(), "check the member's email address") {
		t.Errorf("a refused address: %v; want a permanent RecipientError", err)
	}
	srv.RefuseRecipients(t, 451)
	err = send("ann@example.org")
	if !errors.As(err, &re) || re.Code != 451 || !re.Temporary() || !strings.Contains(err.Error(), "try again later") {
		t.Errorf("an address refused for now: %v; want a temporary RecipientError", err)
	}
	srv.RefuseRecipients(t, 0)
	if err := send("bob@example.org"); err != nil {
		t.Fatalf("after the refusals: %v", err)
	}
	if got := srv.Messages(t); len(got) != 1 || !slices.Equal(got[0].Recipients(), []string{"bob@example.org"}) {
		t.Errorf("the server received %d messages; want one, to bob@example.org", len(got))
	}
}

// batch sends n numbered messages through s, stopping at the first error
// that is not a RecipientError, and returns the errors.
func batch(t *testing.T, s mail.Settings, n int) []error {
	t.Helper()
	c, err := mail.Dial(context.Background(), s, "")
	if err != nil {
		t.Fatal(err)
	}
	var errs []error
	for i := range n {
		errs = append(errs, c.Send(context.Background(), mail.Message{To: fmt.Sprintf("member%d@example.org", i+1), Subject: "Reminder", Text: "Please finish the course.\n"}))
	}
	if err := c.Close(); err != nil {
		t.Error(err)
	}
	return errs
}

// goroutines waits for the number of goroutines to fall back to before,
// and fails the test with their stacks if it does not.
func goroutines(t *testing.T, before int) {
	t.Helper()
	for range 500 {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	buf := make([]byte, 1<<20)
	t.Errorf("%d goroutines left behind, %d before:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
}

func TestMidBatchFailures(t *testing.T) {
	for _, c := range []struct {
		name      string
		fail      func(*mailtest.Proxy)
		arrived   int
		says      []string
		maybeSent bool
	}{
		{"dropped", func(p *mailtest.Proxy) { p.DropAfter(2) }, 2,
			[]string{"dropped the connection while sending to \"member3@example.org\"", "nothing was sent to \"member3@example.org\""}, false},
		{"hung", func(p *mailtest.Proxy) { p.HangAfter(2) }, 2,
			[]string{"did not answer within 2 s while sending to \"member3@example.org\"", "nothing was sent"}, false},
		{"dropped before the reply", func(p *mailtest.Proxy) { p.DropUnanswered(2) }, 3,
			[]string{"dropped the connection while sending to \"member3@example.org\"", "may or may not have been delivered"}, true},
		{"hung before the reply", func(p *mailtest.Proxy) { p.HangUnanswered(2) }, 3,
			[]string{"did not answer within 2 s", "may or may not have been delivered"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := mailtest.Start(t)
			proxy := mailtest.NewProxy(t, srv.Addr())
			c.fail(proxy)
			before := runtime.NumGoroutine()
			s := settings(proxy.Host(), proxy.Port())
			s.Timeout = 2 * time.Second
			errs := batch(t, s, 4)
			if errs[0] != nil || errs[1] != nil {
				t.Fatalf("the first two: %v", errs[:2])
			}
			var re *mail.RecipientError
			for i, err := range errs[2:] {
				if err == nil || errors.As(err, &re) {
					t.Fatalf("message %d: %v; want the connection's failure", i+3, err)
				}
			}
			for _, want := range c.says {
				if !strings.Contains(errs[2].Error(), want) {
					t.Errorf("the error %q does not say %q", errs[2], want)
				}
			}
			if got := errors.Is(errs[2], mail.ErrMaybeDelivered); got != c.maybeSent {
				t.Errorf("errors.Is(%v, ErrMaybeDelivered) = %v", errs[2], got)
			}
			if errs[3].Error() != errs[2].Error() {
				t.Errorf("after the failure, Send says %q; want the same failure", errs[3])
			}
			proxy.Close()
			goroutines(t, before)
			if got := srv.Messages(t); len(got) != c.arrived {
				t.Errorf("the server received %d messages, want %d", len(got), c.arrived)
			}
		})
	}
}

func TestDialFailures(t *testing.T) {
	srv := mailtest.Start(t)
	hung := mailtest.NewProxy(t, srv.Addr())
	hung.HangAfter(0) // greets, then never answers
	s := settings(hung.Host(), hung.Port())
	s.Timeout = time.Second
	before := runtime.NumGoroutine()
	if _, err := mail.Dial(context.Background(), s, ""); err == nil || !strings.Contains(err.Error(), "did not answer within 1 s") || !strings.Contains(err.Error(), "check host and port under mail: in course.yaml") {
		t.Errorf("a server that does not answer: %v", err)
	}
	hung.Close()
	goroutines(t, before)

	closed := mailtest.NewProxy(t, srv.Addr())
	port := closed.Port()
	closed.Close()
	if _, err := mail.Dial(context.Background(), settings("127.0.0.1", port), ""); err == nil || !strings.Contains(err.Error(), "refused the connection") {
		t.Errorf("a closed port: %v", err)
	}

	bad := settings(srv.Host, srv.Port)
	bad.From = "Democratic Services <ds@example.gov.uk>"
	if _, err := mail.Dial(context.Background(), bad, ""); err == nil || !strings.Contains(err.Error(), "from ") {
		t.Errorf("settings with a problem: %v", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := mail.Dial(ctx, settings(srv.Host, srv.Port), ""); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled dial: %v", err)
	}
}

// TestNoInvisibleCharactersArrive: a name that holds a right-to-left
// override or a zero-width space arrives without it, in the header and
// the text, and so does what a dry run shows.
func TestNoInvisibleCharactersArrive(t *testing.T) {
	srv := mailtest.Start(t)
	m := mail.Message{ToName: "\u202eesreveR Rtl", To: "rtl@example.org", Subject: "Reminder for Zero\u200bWidth",
		Text: "Dear \u202eesreveR Rtl,\nSiân Zero\u200bWidth.\n"}
	sendAll(t, settings(srv.Host, srv.Port), "", m)
	got := srv.Messages(t)
	if len(got) != 1 {
		t.Fatalf("the server received %d messages, want 1", len(got))
	}
	if got[0].To[0].Name != "esreveR Rtl" || got[0].Subject != "Reminder for ZeroWidth" || lf(got[0].Text) != "Dear esreveR Rtl,\nSiân ZeroWidth.\n" {
		t.Errorf("arrived: to %q, subject %q, text %q", got[0].To[0].Name, got[0].Subject, got[0].Text)
	}
	if p := mail.Preview(settings(srv.Host, srv.Port), m); strings.ContainsAny(p, "\u202e\u200b") || !strings.Contains(p, "Dear esreveR Rtl,") {
		t.Errorf("the dry run shows:\n%q", p)
	}
}

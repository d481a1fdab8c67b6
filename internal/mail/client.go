package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"

	"course/internal/safetext"
)

// ErrMaybeDelivered is wrapped by the error of a Send that failed after
// the whole message had reached the mail server: it may or may not be
// delivered, and sending it again may deliver it twice.
var ErrMaybeDelivered = errors.New("the message may or may not have been delivered")

// RecipientError means that one message was not sent because of its
// recipient, and that the connection can go on with the next: the address
// is not one a message can be sent to, or the mail server refused it.
type RecipientError struct {
	// To is the address refused.
	To string
	// Code is the mail server's reply (such as 550, or 451 for a refusal
	// for now), or 0 when the address was refused before sending.
	Code int
	// Status is the server's enhanced status code (such as 5.1.1), if
	// it gives one.
	Status string

	server  string // host:port
	problem string // AddressProblem's phrase, when Code is 0
}

func (e *RecipientError) Error() string {
	switch {
	case e.Code == 0:
		return "not sent: " + e.problem
	case e.Temporary():
		return fmt.Sprintf("the mail server %s refused %s for now (%s): nothing was sent to it; try again later",
			e.server, strconv.Quote(e.To), e.reply())
	}
	return fmt.Sprintf("the mail server %s refused %s (%s): nothing was sent to it; check the member's email address",
		e.server, strconv.Quote(e.To), e.reply())
}

// Temporary says whether the server refused the address for now only
// (a 4xx reply): sending again later may succeed.
func (e *RecipientError) Temporary() bool { return e.Code >= 400 && e.Code < 500 }

func (e *RecipientError) reply() string {
	return strings.TrimSpace(strconv.Itoa(e.Code) + " " + e.Status)
}

// Reply is the mail server's reply to the address, such as "550 5.1.1",
// or "" when it was refused before sending.
func (e *RecipientError) Reply() string {
	if e.Code == 0 {
		return ""
	}
	return e.reply()
}

// Client is a connection to the mail server, for sending a batch of
// messages one at a time. It is not for use by several goroutines at once.
type Client struct {
	s       Settings
	server  string // host:port, for messages
	conn    net.Conn
	smtp    *smtp.Client
	sender  *gomail.Client
	timeout time.Duration
	// broken is why the connection can no longer be used, once it cannot.
	broken error
}

// Dial connects to the mail server the settings name, secures the
// connection as they say (STARTTLS is then required, not hoped for) and
// signs in when they give a Username, with password (see Password). Only
// a way of signing in that keeps the password from the network is used:
// a challenge (SCRAM, CRAM-MD5), or PLAIN or LOGIN inside TLS. ctx and
// the settings' Timeout bound the whole of it. Its errors are sentences
// for the officer that say what failed and what to check.
func Dial(ctx context.Context, s Settings, password string) (*Client, error) {
	if ps := s.Problems(); len(ps) > 0 {
		return nil, fmt.Errorf("the mail settings under mail: in course.yaml cannot be used: %s", strings.Join(ps, "; "))
	}
	c := &Client{s: s, server: net.JoinHostPort(s.Host, strconv.Itoa(s.port())), timeout: s.timeout()}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	conn, err := c.connect(ctx)
	if err != nil {
		return nil, err
	}
	c.conn = conn
	// Closing the connection is what stops a server that does not answer.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	err = c.open(password)
	if !stop() || err != nil {
		conn.Close()
		if ctx.Err() != nil {
			return nil, c.stopped(ctx, "while connecting")
		}
		return nil, err
	}
	sender, err := gomail.NewClient(s.Host, gomail.WithTimeout(c.timeout), gomail.WithoutRset(), gomail.WithTLSPolicy(gomail.NoTLS))
	if err != nil {
		conn.Close()
		return nil, err
	}
	c.sender = sender
	return c, nil
}

// connect opens the connection, in TLS from the start for Security TLS.
func (c *Client) connect(ctx context.Context) (net.Conn, error) {
	dialer := &net.Dialer{}
	conn, err := dialer.DialContext(ctx, "tcp", c.server)
	if err != nil {
		var dnsErr *net.DNSError
		switch {
		case ctx.Err() != nil:
			return nil, c.stopped(ctx, "while connecting")
		case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
			return nil, fmt.Errorf("the mail server's name %s is not known here: check host under mail: in course.yaml", strconv.Quote(c.s.Host))
		case errors.Is(err, syscall.ECONNREFUSED):
			return nil, fmt.Errorf("the mail server %s refused the connection: check host and port under mail: in course.yaml (usually 587 for starttls, 465 for tls)", c.server)
		}
		return nil, fmt.Errorf("cannot connect to the mail server %s (%v): check host and port under mail: in course.yaml, and that this computer may reach it", c.server, err)
	}
	if c.s.security() != TLS {
		return conn, nil
	}
	tlsConn := tls.Client(conn, c.tlsConfig())
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	err = tlsConn.HandshakeContext(ctx)
	if !stop() || err != nil {
		conn.Close()
		if ctx.Err() != nil {
			return nil, c.stopped(ctx, "while starting TLS")
		}
		return nil, c.tlsFailed(err)
	}
	return tlsConn, nil
}

func (c *Client) tlsConfig() *tls.Config {
	return &tls.Config{ServerName: c.s.Host, MinVersion: tls.VersionTLS12, RootCAs: c.s.RootCAs}
}

// open reads the server's greeting, says hello, starts TLS when the
// settings require it and signs in.
func (c *Client) open(password string) error {
	if err := c.conn.SetDeadline(time.Now().Add(c.timeout)); err != nil {
		return err
	}
	sc, err := smtp.NewClient(c.conn, c.s.Host)
	if err != nil {
		return c.notSMTP(err)
	}
	c.smtp = sc
	if err := sc.Hello(helloName()); err != nil {
		return c.notSMTP(err)
	}
	if c.s.security() == StartTLS {
		if ok, _ := sc.Extension("STARTTLS"); !ok {
			return fmt.Errorf("the mail server %s does not offer STARTTLS, so the password and messages would cross the network unencrypted. "+
				"Check host and port under mail: in course.yaml, or use security: tls if the server expects TLS from the start (usually port 465)", c.server)
		}
		if err := sc.StartTLS(c.tlsConfig()); err != nil {
			return c.tlsFailed(err)
		}
	}
	if c.s.Username == "" {
		return nil
	}
	ok, offered := sc.Extension("AUTH")
	if !ok {
		return fmt.Errorf("the mail server %s does not offer to sign in, and username is set under mail: in course.yaml: remove username if the server needs none, or check host and port", c.server)
	}
	state, encrypted := sc.TLSConnectionState()
	// Without TLS only to a server on this computer (Problems allows none
	// nowhere else), where nothing crosses a network to be read.
	safe := encrypted || c.s.security() == None
	auth := chooseAuth(strings.Fields(offered), c.s.Username, password, c.s.Host, encrypted, safe, &state)
	if auth == nil {
		return fmt.Errorf("the mail server %s offers no way of signing in that keeps the password safe on this connection (it offers %s): use security: starttls or tls under mail: in course.yaml",
			c.server, safetext.Inert(offered))
	}
	if err := sc.Auth(auth); err != nil {
		var reply *textproto.Error
		switch {
		case errors.As(err, &reply) && reply.Code >= 400 && reply.Code < 500:
			return fmt.Errorf("the mail server %s could not check the user name and password for now (%d): try again later", c.server, reply.Code)
		case errors.As(err, &reply):
			return fmt.Errorf("the mail server %s refused the user name or password (%d): check username under mail: in course.yaml, and %s", c.server, reply.Code, c.s.passwordSource())
		}
		return c.dropped("while signing in", err)
	}
	return nil
}

// passwordSource names where the password came from, as Password reads
// it, so that the officer corrects the one that was used.
func (s Settings) passwordSource() string {
	switch {
	case os.Getenv(PasswordVar) != "":
		return "the password in " + PasswordVar + ", which is used before any password file"
	case s.PasswordFile != "":
		return "the password in " + safetext.Inert(s.PasswordFile)
	}
	return PasswordVar + " or the password file"
}

// chooseAuth picks the safest way of signing in that the server offers:
// a challenge first, then PLAIN or LOGIN only where the password is safe
// (inside TLS, or to a server on this computer). nil when none will do.
func chooseAuth(offered []string, user, password, host string, encrypted, safe bool, state *tls.ConnectionState) smtp.Auth {
	has := func(mech string) bool {
		return slices.ContainsFunc(offered, func(o string) bool { return strings.EqualFold(o, mech) })
	}
	switch {
	case encrypted && has("SCRAM-SHA-256-PLUS"):
		return smtp.ScramSHA256PlusAuth(user, password, state)
	case has("SCRAM-SHA-256"):
		return smtp.ScramSHA256Auth(user, password)
	case encrypted && has("SCRAM-SHA-1-PLUS"):
		return smtp.ScramSHA1PlusAuth(user, password, state)
	case has("SCRAM-SHA-1"):
		return smtp.ScramSHA1Auth(user, password)
	case has("CRAM-MD5"):
		return smtp.CRAMMD5Auth(user, password)
	case safe && has("PLAIN"):
		return smtp.PlainAuth("", user, password, host, !encrypted)
	case safe && has("LOGIN"):
		return smtp.LoginAuth(user, password, host, !encrypted)
	}
	return nil
}

// helloName is this computer's name, for the server's greeting.
func helloName() string {
	if name, err := os.Hostname(); err == nil && name != "" && !strings.ContainsFunc(name, isControl) && !strings.ContainsRune(name, ' ') {
		return name
	}
	return "localhost"
}

// Send sends one message over the connection: nil once the mail server
// has accepted it, so the caller can record it before the next. A
// *RecipientError (see errors.As) means only this message was not sent,
// and the batch can go on; any other error means the connection can no
// longer be used, and the batch must stop (an error wrapping
// ErrMaybeDelivered means this message may have reached the server).
// ctx and the settings' Timeout bound the whole message.
func (c *Client) Send(ctx context.Context, m Message) error {
	if c.broken != nil {
		return c.broken
	}
	msg, err := c.s.compose(m)
	if err != nil {
		return err
	}
	to := strconv.Quote(m.To)
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	started := time.Now()
	stop := context.AfterFunc(ctx, func() { c.conn.Close() })
	// go-mail asks whether the server is still there before it sets a
	// deadline of its own: that question needs one too.
	_ = c.conn.SetDeadline(started.Add(c.timeout))
	err = c.sender.SendWithSMTPClient(c.smtp, msg)
	ranOut := !stop()
	if err == nil {
		if ranOut { // accepted just as time ran out: the next Send fails
			c.broken = c.stopped(ctx, "just after sending to "+to)
		}
		return nil
	}
	var se *gomail.SendError
	if !errors.As(err, &se) {
		se = &gomail.SendError{Reason: gomail.ErrAmbiguous}
	}
	code := se.ErrorCode()
	reply := strings.TrimSpace(strconv.Itoa(code) + " " + se.EnhancedStatusCode())
	// Once the whole message has gone, only the server's reply says
	// whether it took it.
	maybe := (se.Reason == gomail.ErrWriteContent || se.Reason == gomail.ErrSMTPDataClose) && code < 400
	outcome := "nothing was sent to " + to
	if maybe {
		outcome = fmt.Sprintf("%s; check whether it arrived before sending it again", ErrMaybeDelivered)
	}
	switch {
	case ranOut || time.Since(started) >= c.timeout:
		if !errors.Is(context.Cause(ctx), context.DeadlineExceeded) && ctx.Err() != nil {
			c.broken = fmt.Errorf("stopped while sending to %s (%w): %s", to, context.Cause(ctx), outcome)
		} else {
			c.broken = fmt.Errorf("the mail server %s did not answer within %s while sending to %s: %s",
				c.server, seconds(c.timeout), to, outcome)
		}
	case se.Reason == gomail.ErrSMTPRcptTo && code >= 400:
		return &RecipientError{To: m.To, Code: code, Status: se.EnhancedStatusCode(), server: c.server}
	case se.Reason == gomail.ErrSMTPMailFrom && code >= 400:
		c.broken = fmt.Errorf("the mail server %s refused to send from %s (%s): nothing was sent to %s; check from under mail: in course.yaml, and that username may send from it",
			c.server, strconv.Quote(c.s.From), reply, to)
	case se.Reason == gomail.ErrSMTPDataClose && code >= 400:
		c.broken = fmt.Errorf("the mail server %s refused the message to %s after reading it (%s): nothing was sent to %s; the server's administrators can say why",
			c.server, to, reply, to)
	case code >= 400:
		c.broken = fmt.Errorf("the mail server %s refused to go on (%s) before sending to %s: %s", c.server, reply, to, outcome)
	default:
		c.broken = fmt.Errorf("the mail server %s dropped the connection while sending to %s: %s", c.server, to, outcome)
	}
	if maybe {
		c.broken = &maybeDelivered{c.broken}
	}
	c.conn.Close()
	return c.broken
}

// maybeDelivered marks an error as ErrMaybeDelivered (see errors.Is)
// while its sentence says so in words of its own.
type maybeDelivered struct{ error }

func (e *maybeDelivered) Unwrap() []error { return []error{e.error, ErrMaybeDelivered} }

// Close says goodbye to the mail server and closes the connection. Its
// error is always nil: once the messages are sent, nothing is lost with
// the goodbye.
func (c *Client) Close() error {
	defer c.conn.Close()
	if c.broken != nil {
		return nil
	}
	c.broken = errors.New("the connection to the mail server is closed")
	// Every message is sent by now: a lost goodbye loses nothing.
	if c.smtp.UpdateDeadline(c.timeout) == nil {
		_ = c.smtp.Quit()
	}
	return nil
}

// stopped is the error when ctx ended during what doing says.
func (c *Client) stopped(ctx context.Context, doing string) error {
	if errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
		return fmt.Errorf("the mail server %s did not answer within %s %s: check host and port under mail: in course.yaml, and that this computer may reach it",
			c.server, seconds(c.timeout), doing)
	}
	return fmt.Errorf("stopped %s: %w", doing, context.Cause(ctx))
}

// dropped is the error when the connection failed during what doing says.
func (c *Client) dropped(doing string, err error) error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return fmt.Errorf("the mail server %s did not answer within %s %s: check host and port under mail: in course.yaml, and that this computer may reach it",
			c.server, seconds(c.timeout), doing)
	}
	return fmt.Errorf("the mail server %s dropped the connection %s (%v): try again later, or check host and port under mail: in course.yaml", c.server, doing, err)
}

// notSMTP is the error when what answered does not speak as a mail
// server should.
func (c *Client) notSMTP(err error) error {
	var reply *textproto.Error
	if errors.As(err, &reply) {
		return fmt.Errorf("the mail server %s refused to talk (%d %s): check host and port under mail: in course.yaml, or ask its administrators whether this computer may send through it",
			c.server, reply.Code, safetext.Inert(reply.Msg))
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return c.dropped("when greeted", err)
	}
	return fmt.Errorf("what answered at %s is not a mail server, or not one speaking %s (%v): check host, port and security under mail: in course.yaml (starttls is usually port 587, tls 465)",
		c.server, c.s.security(), err)
}

// tlsFailed is the error when TLS could not be started.
func (c *Client) tlsFailed(err error) error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return c.dropped("while starting TLS", err)
	}
	var unknown x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &hostname):
		return fmt.Errorf("the mail server %s has a certificate for another name (%v): check host under mail: in course.yaml, which must be the name the certificate gives", c.server, err)
	case errors.As(err, &unknown):
		return fmt.Errorf("the mail server %s has a certificate this computer does not trust (%v): check host under mail: in course.yaml, and ask the server's administrators about its certificate. "+
			"If the council signs its certificates itself, add its authority to this computer's trusted certificates, or give the authority's certificate file in SSL_CERT_FILE", c.server, err)
	case errors.As(err, &invalid):
		return fmt.Errorf("the mail server %s has a certificate that is not valid (%v): ask the server's administrators to renew it", c.server, err)
	}
	return fmt.Errorf("could not start TLS with the mail server %s (%v): check port and security under mail: in course.yaml (starttls is usually port 587, tls 465)", c.server, err)
}

// seconds is d as a person reads it: "30 s".
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
}

// Package mail sends the course's email (invitations and reminders) to the
// council's own mail server over SMTP, with github.com/wneessen/go-mail:
// the settings course.yaml gives (Settings), the password from the
// environment or a file only its owner can read, and messages whose
// headers no name or ward can break out of.
//
// It knows nothing of the course: what a message says is the content
// pack's (internal/modules), and whom to send it to is the caller's.
package mail

import (
	"crypto/x509"
	"fmt"
	"net"
	"net/mail"
	"strings"
	"time"
)

// The ways of securing the connection to the mail server.
const (
	// StartTLS connects in plain text and then requires STARTTLS before
	// anything is sent (usually port 587). The default.
	StartTLS = "starttls"
	// TLS connects with TLS from the start (usually port 465).
	TLS = "tls"
	// None sends without encryption: only to a server on this computer.
	None = "none"
)

// DefaultTimeout is how long a connection, a command or a message may take
// before the mail server is given up on, unless the settings say otherwise.
const DefaultTimeout = 30 * time.Second

// PasswordVar is the environment variable that gives the mail server's
// password; else it comes from the file Settings.PasswordFile names.
const PasswordVar = "COURSE_MAIL_PASSWORD"

// Settings say how to reach the council's mail server and whom messages
// are from, as course.yaml's mail: section gives them. The password is
// never among them (see Password).
type Settings struct {
	Host string
	// Port is the server's port; zero means the usual one for Security
	// (587, or 465 for TLS, or 25 for None).
	Port int
	// Security is StartTLS, TLS or None; "" means StartTLS.
	Security string
	// Username signs in to the server; "" sends without signing in.
	Username string
	// PasswordFile holds the password, readable by its owner only, as
	// course.yaml gives it (a relative path is from the content folder,
	// which the loader resolves); "" for none.
	PasswordFile string
	// From is the address messages are from, FromName the name shown
	// with it ("" for none), ReplyTo where replies go ("" for From).
	From, FromName, ReplyTo string
	// Timeout bounds connecting, each command and each message; zero
	// means DefaultTimeout.
	Timeout time.Duration
	// RootCAs are the certificate authorities trusted to vouch for the
	// server's certificate; nil means this computer's own. For tests, and
	// for a council whose server's certificate comes from a private
	// authority that the computer does not trust.
	RootCAs *x509.CertPool
}

// Configured says whether the settings name a mail server at all.
func (s Settings) Configured() bool { return s.Host != "" }

// Security or its default.
func (s Settings) security() string {
	if s.Security == "" {
		return StartTLS
	}
	return s.Security
}

// port or its default.
func (s Settings) port() int {
	switch {
	case s.Port != 0:
		return s.Port
	case s.security() == TLS:
		return 465
	case s.security() == None:
		return 25
	}
	return 587
}

// timeout or its default.
func (s Settings) timeout() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return DefaultTimeout
}

// Problems says what is wrong with the settings, each as a sentence that
// names the setting (under mail: in course.yaml) and what to write
// instead; none when they can be used. Settings that name no host have
// none: the course then sends no email.
func (s Settings) Problems() []string {
	if !s.Configured() {
		return nil
	}
	var ps []string
	if strings.ContainsAny(s.Host, " /:@") || hasControl(s.Host) {
		ps = append(ps, fmt.Sprintf("host %q must be the mail server's name or address alone, such as smtp.example.gov.uk (the port goes in port:)", s.Host))
	}
	if s.Port < 0 || s.Port > 65535 {
		ps = append(ps, fmt.Sprintf("port %d must be a port number (587 for starttls, 465 for tls)", s.Port))
	}
	switch s.security() {
	case StartTLS, TLS:
	case None:
		if !loopback(s.Host) {
			ps = append(ps, fmt.Sprintf("security: none sends the password and every message unencrypted, so it is allowed only to a server on this computer (localhost), not to %q: use starttls or tls", s.Host))
		}
	default:
		ps = append(ps, fmt.Sprintf("security %q must be starttls (usually port 587), tls (usually port 465) or none (a server on this computer only)", s.Security))
	}
	if s.From == "" {
		ps = append(ps, "from must give the address messages are sent from, such as democratic.services@example.gov.uk")
	} else if a, err := mail.ParseAddress(s.From); err == nil && a.Name != "" && !hasControl(s.From) {
		// The usual way of writing a sender, which has a setting of its own here.
		ps = append(ps, fmt.Sprintf("from %q gives a name with the address: write the address alone in from (%s), and the name in from_name", s.From, a.Address))
	} else if msg := addressProblem(s.From); msg != "" {
		ps = append(ps, "from "+msg)
	}
	if s.ReplyTo != "" {
		if msg := addressProblem(s.ReplyTo); msg != "" {
			ps = append(ps, "reply_to "+msg)
		}
	}
	if hasControl(s.FromName) {
		ps = append(ps, "from_name must be one line of text")
	}
	if hasControl(s.Username) {
		ps = append(ps, "username must be one line of text")
	}
	if s.Timeout < 0 {
		ps = append(ps, "timeout must be a number of seconds, such as 30")
	}
	return ps
}

// AddressProblem says what is wrong with an email address as a phrase
// that follows it ("is not an email address …"), or "" when it is a
// plain address a message can be sent to.
func AddressProblem(addr string) string { return addressProblem(addr) }

func addressProblem(addr string) string {
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Address != addr || a.Name != "" || hasControl(addr) {
		return fmt.Sprintf("%q is not an email address: give the address alone, such as name@example.gov.uk", addr)
	}
	return ""
}

// hasControl says whether s holds a control character, such as a line
// break, which must never reach a message's header.
func hasControl(s string) bool { return strings.ContainsFunc(s, isControl) }

// isControl says whether r is a control character, or a line or paragraph
// separator, which some programs take for a line break.
func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == '\u2028' || r == '\u2029'
}

// loopback says whether host names this computer.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

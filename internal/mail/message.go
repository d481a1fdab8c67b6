package mail

import (
	"crypto/rand"
	"encoding/hex"
	"net/mail"
	"strings"

	gomail "github.com/wneessen/go-mail"

	"course/internal/safetext"
)

// Message is one email to one person.
type Message struct {
	// ToName is the name shown with the address, any text: line breaks
	// and other control characters become spaces, and invisible format
	// characters (bidirectional overrides, zero-width spaces) go, as
	// they go from Text.
	ToName string
	// To is the address alone, such as name@example.gov.uk.
	To string
	// Subject is any text, tidied as ToName is.
	Subject string
	// Text is the message itself, plain text in UTF-8.
	Text string
}

// oneLine returns s with every control character (line breaks, tabs,
// escapes, U+2028 and U+2029 among them) made a space, so that a name or
// subject can neither end its header nor start another, and without
// invisible format characters (see safetext.Visible), so that a name
// cannot turn round or hide what a mail program shows.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return ' '
		}
		return r
	}, safetext.Visible(s))
}

// named is an address as a header shows it, with its name made one line.
func named(name, addr string) *mail.Address {
	return &mail.Address{Name: strings.TrimSpace(oneLine(name)), Address: addr}
}

// compose builds the message go-mail sends, or a *RecipientError when
// m.To is not an address that can be sent to.
func (s Settings) compose(m Message) (*gomail.Msg, error) {
	if problem := AddressProblem(m.To); problem != "" {
		return nil, &RecipientError{To: m.To, problem: problem}
	}
	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP), gomail.WithNoDefaultUserAgent())
	msg.SetAddrHeaderFromMailAddress(gomail.HeaderFrom, named(s.FromName, s.From))
	msg.SetAddrHeaderFromMailAddress(gomail.HeaderTo, named(m.ToName, m.To))
	if s.ReplyTo != "" {
		msg.SetAddrHeaderFromMailAddress(gomail.HeaderReplyTo, &mail.Address{Address: s.ReplyTo})
	}
	msg.Subject(oneLine(m.Subject))
	msg.SetDate()
	msg.SetMessageIDWithValue(messageID(s.From))
	// RFC 3834: an automatic message, to which no automatic reply (an
	// out-of-office notice) should be sent.
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, safetext.Visible(m.Text))
	return msg, nil
}

// messageID is a new Message-ID (without its angle brackets) on the
// domain of the address messages are from, as RFC 5322 suggests.
func messageID(from string) string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails.
	domain := from[strings.LastIndexByte(from, '@')+1:]
	return hex.EncodeToString(b[:]) + "@" + domain
}

// Preview returns m as a person reads it once received, for a dry run:
// From, To, Reply-To (when set) and Subject lines, a blank line and the
// text, with the names and subject tidied as Send tidies them, so that
// what a dry run shows is what is sent.
func Preview(s Settings, m Message) string {
	var b strings.Builder
	line := func(header, value string) {
		b.WriteString(header + ": " + value + "\n")
	}
	line("From", shown(s.FromName, s.From))
	line("To", shown(m.ToName, m.To))
	if s.ReplyTo != "" {
		line("Reply-To", s.ReplyTo)
	}
	line("Subject", oneLine(m.Subject))
	b.WriteString("\n")
	text := safetext.Visible(m.Text)
	b.WriteString(text)
	if !strings.HasSuffix(text, "\n") {
		b.WriteString("\n")
	}
	return b.String()
}

// shown is a name and address as a mail program shows them.
func shown(name, addr string) string {
	name, addr = strings.TrimSpace(oneLine(name)), oneLine(addr)
	if name == "" {
		return addr
	}
	return name + " <" + addr + ">"
}

package modules

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"go.yaml.in/yaml/v3"

	"course/internal/mail"
)

// course.yaml's mail section: the council's mail server, which
// internal/mail checks and speaks to, and the wording of the two messages
// the course sends, the invitation and the reminder.
//
// A message's text is paragraphs separated by empty lines. Besides the
// course's own placeholders, each message has its own (messagePlaceholders);
// a paragraph that uses one with nothing to fill in (such as {{link}} when
// the course has no browser address) is left out of that message, so one
// text serves every member.

type mailSection struct {
	Host         string      `yaml:"host"`
	Port         int         `yaml:"port"`
	Security     string      `yaml:"security"`
	Username     string      `yaml:"username"`
	PasswordFile string      `yaml:"password_file"`
	From         string      `yaml:"from"`
	FromName     string      `yaml:"from_name"`
	ReplyTo      string      `yaml:"reply_to"`
	Timeout      *int        `yaml:"timeout"`
	Invitation   messageText `yaml:"invitation"`
	Reminder     messageText `yaml:"reminder"`
}

// messageText is a message's wording as course.yaml gives it.
type messageText struct {
	Subject string `yaml:"subject"`
	Text    string `yaml:"text"`
}

const mailFields = "mail (host, port, security, username, password_file, from, from_name, reply_to, timeout, invitation (subject, text), reminder (subject, text))"

// The messages' wording when course.yaml gives none: plain English that
// names nothing of any one council.
var (
	defaultInvitation = messageText{
		Subject: "Your enrolment code for the {{course}}",
		Text: `Dear {{name}},

{{council}} asks every member to take the {{course}}. Your enrolment code is:

    {{code}}

It is for member {{number}} and works once, until {{expires}}.

To take the course in your web browser, open this link, which fills in the code. After that, the same browser opens the course without the code.

    {{link}}

To take the course in a terminal (on Windows: PowerShell; on a Mac: Terminal), type the line below. The first time, the course asks for the code: type it, in capitals or not, with or without the dashes. After that, the same computer signs you in without a code.

    {{connect}}

The first time you connect in a terminal, ssh asks whether you trust the server and shows its fingerprint. Type yes only if the fingerprint is the one below; if it is different, type no and tell whoever sent you this code.

    {{fingerprint}}

If you need help, ask: {{contacts}}.`,
	}
	defaultReminder = messageText{
		Subject: "Reminder: the {{course}}",
		Text: `Dear {{name}},

This is a reminder from {{council}} about the {{course}}.

You have not yet passed these modules:
{{left}}

You passed these modules more than {{refresh_months}} months ago, so they need taking again:
{{refresh}}

Please complete the course by {{due}}.

The course was due to be completed by {{overdue}}. Please complete it as soon as you can.

To take the course in a terminal (on Windows: PowerShell; on a Mac: Terminal), type:

    {{connect}}

Or take it in your web browser:

    {{link}}

If you need help, ask: {{contacts}}.`,
	}
)

// messagePlaceholders are each message's own placeholders, with a sample
// value that the checks at loading fill in.
var messagePlaceholders = map[string]map[string]string{
	"invitation": {
		"name": "Siân Jones", "number": "M4K7Q2ZP9", "code": "ABCD-EFGH-JKLM",
		"expires": "Monday 2 March 2026 at 17:00 GMT", "connect": "ssh -p 2222 course.example.gov.uk",
		"link": "https://course.example.gov.uk/#code=ABCD-EFGH-JKLM", "fingerprint": "SHA256:…",
		"contacts": "Democratic Services",
	},
	"reminder": {
		"name": "Siân Jones", "number": "M4K7Q2ZP9", "status": "in progress",
		"left": "- 1. Purpose of this Guidance", "refresh": "- 2. What is Social Media?", "refresh_months": "12",
		"due": "1 March 2026", "overdue": "1 March 2026", "connect": "ssh -p 2222 course.example.gov.uk",
		"link": "https://course.example.gov.uk/", "contacts": "Democratic Services",
	},
}

// Invitation is what an invitation to the course says.
type Invitation struct {
	Name, Number string
	Code         string
	Expires      time.Time
	// Connect is the command that connects to the course over SSH, Link
	// the browser address with the code, Fingerprint the server's host
	// key's: each "" when there is none.
	Connect, Link, Fingerprint string
}

// Reminder is what a reminder to finish the course says.
type Reminder struct {
	Name, Number string
	// Status is the member's standing, as the report names it.
	Status string
	// Left are the modules not yet passed, Refresh those passed that need
	// taking again, in course order.
	Left, Refresh []*Module
	// Due is the date the course is due by, when it is still to come;
	// Overdue the date it was due by, when that has passed. Zero for none.
	Due, Overdue time.Time
	// Connect and Link are as Invitation's.
	Connect, Link string
}

// dateForm is how messages write a date.
const dateForm = "2 January 2006"

// InvitationText is the invitation's subject and text for one member.
func (c *Course) InvitationText(in Invitation) (subject, text string) {
	expires := ""
	if !in.Expires.IsZero() {
		expires = in.Expires.Format("Monday 2 January 2006 at 15:04 MST")
	}
	return c.message(c.invitation, map[string]string{
		"name": in.Name, "number": in.Number, "code": in.Code, "expires": expires,
		"connect": in.Connect, "link": in.Link, "fingerprint": in.Fingerprint, "contacts": c.ConnectList(),
	})
}

// ReminderText is the reminder's subject and text for one member.
func (c *Course) ReminderText(r Reminder) (subject, text string) {
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(dateForm)
	}
	return c.message(c.reminder, map[string]string{
		"name": r.Name, "number": r.Number, "status": r.Status,
		"left": moduleList(r.Left), "refresh": moduleList(r.Refresh), "refresh_months": strconv.Itoa(c.RefreshMonths),
		"due": date(r.Due), "overdue": date(r.Overdue),
		"connect": r.Connect, "link": r.Link, "contacts": c.ConnectList(),
	})
}

// moduleList is modules one to a line, as "- 3. Keeping you safe".
func moduleList(ms []*Module) string {
	lines := make([]string, len(ms))
	for i, m := range ms {
		lines[i] = fmt.Sprintf("- %d. %s", m.Number, m.Title)
	}
	return strings.Join(lines, "\n")
}

// message fills in a message's placeholders, leaving out each paragraph
// that uses one with nothing to fill in, together with the indented
// paragraphs under it (a code or a command to type). The subject is one
// line.
func (c *Course) message(t messageText, values map[string]string) (subject, text string) {
	subject, _ = c.fill(t.Subject, values, nil)
	var kept []string
	for _, group := range paragraphGroups(t.Text) {
		empty := false
		filled := make([]string, len(group))
		for i, para := range group {
			filled[i], _ = c.fill(para, values, func(v string) string {
				empty = empty || v == ""
				return v
			})
			filled[i] = wrapLines(filled[i])
		}
		if !empty {
			kept = append(kept, filled...)
		}
	}
	return strings.Join(strings.Fields(subject), " "), strings.Join(kept, "\n\n") + "\n"
}

// paragraphGroups splits text at empty lines into paragraphs, each with
// the indented paragraphs that follow it.
func paragraphGroups(text string) [][]string {
	var groups [][]string
	for _, p := range paragraphs(text) {
		if n := len(groups); n > 0 && indented(p) {
			groups[n-1] = append(groups[n-1], p)
			continue
		}
		groups = append(groups, []string{p})
	}
	return groups
}

// indented says every line of a paragraph starts with a space or a tab.
func indented(para string) bool {
	for line := range strings.SplitSeq(para, "\n") {
		if !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "\t") {
			return false
		}
	}
	return true
}

// lineWidth is the width a message's lines are wrapped at, as plain text
// email is written.
const lineWidth = 72

// wrapLines wraps each line of a paragraph at lineWidth, by words, but
// for an indented line (a code or a command to type), which is kept whole.
func wrapLines(para string) string {
	lines := strings.Split(para, "\n")
	for i, line := range lines {
		if !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "\t") {
			lines[i] = ansi.Wordwrap(line, lineWidth, "")
		}
	}
	return strings.Join(lines, "\n")
}

// paragraphs splits text at empty lines.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.Trim(p, "\n"); strings.TrimSpace(p) != "" {
			out = append(out, strings.TrimRight(p, " \t\n"))
		}
	}
	return out
}

// mailSettings checks course.yaml's mail section: the server's settings
// and both messages' wording, each with its own placeholders.
func (l *loader) mailSettings(c *Course, s mailSection, root *yaml.Node) {
	file := l.name(courseFile)
	node := valueOf(root, "mail")
	at := func(key string) int { return lineOf(node, key, lineOr(node, 1)) }
	c.Mail = mail.Settings{
		Host: strings.TrimSpace(s.Host), Port: s.Port, Security: strings.ToLower(strings.TrimSpace(s.Security)),
		Username: strings.TrimSpace(s.Username), PasswordFile: strings.TrimSpace(s.PasswordFile),
		From: strings.TrimSpace(s.From), FromName: strings.TrimSpace(s.FromName), ReplyTo: strings.TrimSpace(s.ReplyTo),
	}
	if s.Timeout != nil {
		if *s.Timeout < 1 || *s.Timeout > 600 {
			l.ps.add(file, at("timeout"), "mail timeout must be a number of seconds between 1 and 600, not %d", *s.Timeout)
		} else {
			c.Mail.Timeout = time.Duration(*s.Timeout) * time.Second
		}
	}
	for _, p := range c.Mail.Problems() {
		key, _, _ := strings.Cut(p, " ")
		key = strings.TrimSuffix(key, ":")
		l.ps.add(file, at(key), "mail %s", p)
	}
	if !c.Mail.Configured() {
		for _, f := range []struct {
			key   string
			given bool
		}{{"port", s.Port != 0}, {"security", s.Security != ""}, {"username", s.Username != ""}, {"password_file", s.PasswordFile != ""},
			{"from", s.From != ""}, {"from_name", s.FromName != ""}, {"reply_to", s.ReplyTo != ""}} {
			if f.given {
				l.ps.add(file, at(f.key), "mail %s is given without host: add host, the council's mail server, such as smtp.example.gov.uk", f.key)
				break
			}
		}
	}
	c.invitation = l.messageText(c, node, "invitation", s.Invitation, defaultInvitation, "code")
	c.reminder = l.messageText(c, node, "reminder", s.Reminder, defaultReminder, "")
}

// messageText checks one message's wording (or takes its default): every
// placeholder known, and the one it must give (need, or "") given.
func (l *loader) messageText(c *Course, mailNode *yaml.Node, name string, t, def messageText, need string) messageText {
	file := l.name(courseFile)
	node := valueOf(mailNode, name)
	t = messageText{Subject: cmp.Or(strings.TrimSpace(t.Subject), def.Subject), Text: cmp.Or(strings.TrimSpace(t.Text), def.Text)}
	if l.noSettings {
		return t
	}
	values := messagePlaceholders[name]
	where := "mail " + name + " "
	if strings.ContainsAny(t.Subject, "\r\n") {
		l.ps.add(file, lineOf(node, "subject", lineOr(node, 1)), "%ssubject must be one line", where)
	}
	l.textWith(c, file, blockLine(valueOf(node, "subject"), lineOr(node, 1)), t.Subject, where+"subject ", values)
	l.textWith(c, file, blockLine(valueOf(node, "text"), lineOr(node, 1)), t.Text, where+"text ", values)
	if need != "" && !strings.Contains(strings.ReplaceAll(t.Text, " ", ""), "{{"+need+"}}") {
		l.ps.add(file, lineOf(node, "text", lineOr(node, 1)), "%stext must give {{%s}}, or the member cannot use it; its placeholders are %s",
			where, need, strings.Join(slices.Sorted(maps.Keys(values)), ", "))
	}
	return t
}

// blockLine is the line a text's first line is on: the line after the key
// for a block (| or >), whose node is on the key's line.
func blockLine(n *yaml.Node, def int) int {
	switch {
	case n == nil:
		return def
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		return n.Line + 1
	}
	return n.Line
}

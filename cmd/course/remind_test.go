package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"course/internal/mailtest"
	"course/internal/progress/progresstest"
)

// mailed is a council's records and course, with course.yaml's mail
// section naming a real mail server (Mailpit) that a test reads back.
type mailed struct {
	t       *testing.T
	db, dir string
	server  *mailtest.Server
	numbers map[string]string // by name
}

// newMailed imports a roster of four members, one without an email
// address, into a fresh record file, and sends mail to addr (the server,
// or a proxy in front of it) with the given timeout in seconds (0 for
// the default).
func newMailed(t *testing.T, opts ...mailtest.Option) *mailed {
	t.Helper()
	m := &mailed{t: t, db: recordsIn(t), server: mailtest.Start(t, opts...), numbers: map[string]string{}}
	m.dir = copyContent(t)
	m.sendTo(m.server.Addr(), 0)
	writeRoster(t, "roster.csv", "Name,Email,Ward,Elected\n"+
		"Siân Jones,sian@example.org,Carlton,2026-01-10\n"+
		"Gwŷn Ap Rhys,gwyn@example.org,Gedling,2026-11-01\n"+
		"Ann Lee,,Netherfield,2026-11-01\n"+
		"Cy Dee,cy@example.org,Calverton,2026-11-01\n")
	m.run("members", "import", "roster.csv")
	list := m.run("members", "list")
	for _, name := range []string{"Siân Jones", "Gwŷn Ap Rhys", "Ann Lee", "Cy Dee"} {
		number := regexp.MustCompile(`(M[0-9A-Z]{8})\s+` + regexp.QuoteMeta(name)).FindStringSubmatch(list)
		if number == nil {
			t.Fatalf("%s is not in the members list:\n%s", name, list)
		}
		m.numbers[name] = number[1]
	}
	return m
}

// sendTo points course.yaml's mail section at addr, unencrypted (a
// server on this computer), with a timeout in seconds (0 for none).
func (m *mailed) sendTo(addr string, timeout int) {
	m.t.Helper()
	host, port, _ := strings.Cut(addr, ":")
	settings := filepath.Join(m.dir, "course.yaml")
	data, err := os.ReadFile(settings)
	if err != nil {
		m.t.Fatal(err)
	}
	text := regexp.MustCompile(`(?s)\nmail:\n(  (host|port|security|from|timeout): [^\n]*\n)*`).ReplaceAllString(string(data), "\nmail:\n")
	lines := "\nmail:\n  host: " + host + "\n  port: " + port + "\n  security: none\n  from: democratic.services@example.gov.uk\n"
	if timeout > 0 {
		lines += "  timeout: " + strconv.Itoa(timeout) + "\n"
	}
	text = strings.Replace(text, "\nmail:\n", lines, 1)
	if err := os.WriteFile(settings, []byte(text), 0o644); err != nil {
		m.t.Fatal(err)
	}
}

// run runs a command on the records and course, and fails the test if
// it fails.
func (m *mailed) run(args ...string) string {
	m.t.Helper()
	return mustRun(m.t, append([]string{"--db", m.db, "--content", m.dir}, args...)...)
}

// try runs a command that may fail, and returns its output and error
// output apart.
func (m *mailed) try(args ...string) (string, string, error) {
	m.t.Helper()
	return executeApart(m.t, append([]string{"--db", m.db, "--content", m.dir}, args...)...)
}

// received counts the messages the server holds for each address.
func (m *mailed) received() map[string]int {
	m.t.Helper()
	got := map[string]int{}
	for _, msg := range m.server.Messages(m.t) {
		for _, to := range msg.Recipients() {
			got[to]++
		}
	}
	return got
}

// lastReminded reads the report's last_reminded column by member number.
func (m *mailed) lastReminded() map[string]string {
	m.t.Helper()
	return reportColumn(m.t, m.run("report", "--format", "csv"), "last_reminded")
}

// reportColumn reads a column of a CSV report by member number.
func reportColumn(t *testing.T, report, column string) map[string]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(report, "\ufeff"))).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("the report is not CSV (%v):\n%s", err, report)
	}
	col := slices.Index(rows[0], column)
	num := slices.Index(rows[0], "member")
	if col < 0 || num < 0 {
		t.Fatalf("the report has no %s or number column: %v", column, rows[0])
	}
	got := map[string]string{}
	for _, r := range rows[1:] {
		got[r[num]] = r[col]
	}
	return got
}

// TestInvitationsByEmail: after an election, one command emails every new
// member their own code, which works; a run again emails nobody twice.
func TestInvitationsByEmail(t *testing.T) {
	m := newMailed(t)
	out, errOut, err := m.try("members", "invite", "--all-new", "--send", "--dry-run", "--server", "course.example.gov.uk:2222")
	if err != nil || len(m.server.Messages(t)) != 0 || !strings.Contains(out, "Would email 3 invitations") || !strings.Contains(out, "XXXX-XXXX-XXXX") {
		t.Fatalf("dry run (%v):\n%s\n%s", err, out, errOut)
	}
	out = m.run("members", "invite", "--all-new", "--send", "--server", "course.example.gov.uk:2222")
	if !strings.Contains(out, "Sent 3 invitations.") || !strings.Contains(out, "1 member has no email address") || !strings.Contains(out, m.numbers["Ann Lee"]+" Ann Lee") {
		t.Errorf("the run said:\n%s", out)
	}
	// The report says when each was invited; Ann, with no address, was not.
	invited := reportColumn(t, m.run("report", "--format", "csv"), "last_invited")
	for name, number := range m.numbers {
		at, err := time.Parse(time.RFC3339, invited[number])
		if (name == "Ann Lee") != (invited[number] == "") || name != "Ann Lee" && (err != nil || time.Since(at) > time.Hour) {
			t.Errorf("the report's last_invited: %s is %q", name, invited[number])
		}
	}
	msgs := m.server.Messages(t)
	if len(msgs) != 3 {
		t.Fatalf("%d messages arrived, want 3", len(msgs))
	}
	codeRe := regexp.MustCompile(`\n    ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\n`)
	for _, msg := range msgs {
		name := map[string]string{"sian@example.org": "Siân Jones", "gwyn@example.org": "Gwŷn Ap Rhys", "cy@example.org": "Cy Dee"}[msg.To[0].Address]
		if len(msg.To) != 1 || msg.To[0].Name != name || !strings.Contains(msg.Subject, "enrolment code") ||
			!strings.Contains(msg.Text, "Dear "+name+",") || !strings.Contains(msg.Text, "\n    ssh -p 2222 course.example.gov.uk\n") {
			t.Errorf("message to %+v, %q:\n%s", msg.To, msg.Subject, msg.Text)
			continue
		}
		code := codeRe.FindStringSubmatch(msg.Text)
		if code == nil {
			t.Errorf("no code in the message to %s:\n%s", name, msg.Text)
			continue
		}
		// The code in the email is the member's, and works.
		s := openRecords(t, m.db)
		member, err := s.Redeem(code[1], progresstest.NewKey(t), "")
		s.Close()
		if err != nil || member.Number != m.numbers[name] {
			t.Errorf("the code emailed to %s signs in %+v (%v)", name, member, err)
		}
	}

	// Again: everyone emailed can sign in or holds a code that works.
	out = m.run("members", "invite", "--all-new", "--send", "--server", "course.example.gov.uk:2222")
	if got := len(m.server.Messages(t)); got != 3 || !strings.Contains(out, "Sent 0 invitations.") || strings.Contains(out, "Each code works") {
		t.Errorf("a second run: %d messages in all, and it said:\n%s", got, out)
	}
}

// TestRecordsRememberTheCouncilsCourse: the first command given the
// council's content folder makes the record file remember it, so that the
// officer's next commands send with its mail settings without --content.
func TestRecordsRememberTheCouncilsCourse(t *testing.T) {
	m := newMailed(t) // the roster imported with --content
	out, errOut, err := executeApart(t, "--db", m.db, "members", "invite", "--all-new", "--send", "--server", "course.example.gov.uk:2222")
	if err != nil || !strings.Contains(out, "Sent 3 invitations.") {
		t.Fatalf("invitations after the import, without --content (%v):\n%s\n%s", err, out, errOut)
	}
	out, errOut, err = executeApart(t, "--db", m.db, "remind", "--dry-run", "--force")
	if err != nil || !strings.Contains(out, "From: democratic.services@example.gov.uk") || strings.Contains(out, "names no mail server") {
		t.Errorf("remind --dry-run without --content (%v):\n%s\n%s", err, out, errOut)
	}
}

// TestRemindersByEmail: one reminder for each member who needs it, saying
// what is left; recorded, shown in the report, and not sent again within
// the window unless forced.
func TestRemindersByEmail(t *testing.T) {
	m := newMailed(t)
	out := m.run("remind", "--dry-run")
	if len(m.server.Messages(t)) != 0 || !strings.Contains(out, "Would send 3 reminders. Nothing was sent.") ||
		!strings.Contains(out, "To: Siân Jones <sian@example.org>") || !strings.Contains(out, "The course was due to be completed by 10 April 2026.") {
		t.Fatalf("the dry run:\n%s", out)
	}
	if got := m.lastReminded(); got[m.numbers["Siân Jones"]] != "" {
		t.Errorf("a dry run recorded a reminder: %v", got)
	}

	// Sent to the server, nobody can go yet: nobody has a key or a code.
	out = m.run("remind", "--dry-run", "--server", "course.example.gov.uk:2222")
	if !strings.Contains(out, "Would send no reminders") || !strings.Contains(out, "Not reminded: 3 members cannot sign in to the course yet") {
		t.Errorf("reminders to the server before invitations:\n%s", out)
	}

	out = m.run("remind")
	got := m.received()
	if len(got) != 3 || got["sian@example.org"] != 1 || got["gwyn@example.org"] != 1 || got["cy@example.org"] != 1 {
		t.Errorf("received: %v\n%s", got, out)
	}
	if !strings.Contains(out, "Sent to "+m.numbers["Siân Jones"]+" Siân Jones <sian@example.org> (overdue).") ||
		!strings.Contains(out, "Not reminded: 1 member has no email address") {
		t.Errorf("the run said:\n%s", out)
	}
	for _, msg := range m.server.Messages(t) {
		if !strings.Contains(msg.Text, "You have not yet passed these modules:\n- 1. ") || msg.Subject != "Reminder: the Social Media Guidance course" {
			t.Errorf("reminder %q:\n%s", msg.Subject, msg.Text)
		}
	}
	reminded := m.lastReminded()
	for _, name := range []string{"Siân Jones", "Gwŷn Ap Rhys", "Cy Dee"} {
		if at, err := time.Parse(time.RFC3339, reminded[m.numbers[name]]); err != nil || time.Since(at) > time.Hour {
			t.Errorf("%s last reminded %q", name, reminded[m.numbers[name]])
		}
	}
	if reminded[m.numbers["Ann Lee"]] != "" {
		t.Errorf("Ann, who has no address, shows as reminded: %q", reminded[m.numbers["Ann Lee"]])
	}

	// Again: nobody; with --force, everyone again; a member who has left, never.
	out = m.run("remind")
	if n := len(m.server.Messages(t)); n != 3 || !strings.Contains(out, "Sent 0 reminders.") || !strings.Contains(out, "3 members were emailed within the last 7 days") {
		t.Errorf("a second run: %d messages in all, and it said:\n%s", n, out)
	}
	m.run("members", "erase", m.numbers["Cy Dee"], "--reason", "left the council", "--yes")
	out = m.run("remind", "--force", "--status", "overdue")
	if got := m.received(); got["sian@example.org"] != 2 || got["gwyn@example.org"] != 1 || got["cy@example.org"] != 1 {
		t.Errorf("forced, overdue only: received %v\n%s", got, out)
	}
	out = m.run("remind", "--force")
	if got := m.received(); got["cy@example.org"] != 1 || got["gwyn@example.org"] != 2 {
		t.Errorf("forced, after Cy left: received %v\n%s", got, out)
	}
}

// TestRemindersAfterAFailure: a mail server that drops the connection,
// stops answering or refuses an address part way leaves a sentence that
// says so, and a run again mails each member exactly once in all.
func TestRemindersAfterAFailure(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault func(*mailtest.Proxy)
		said  string
	}{
		{"dropped", func(p *mailtest.Proxy) { p.DropAfter(1) }, "1 message was sent and recorded; 2 messages were not sent. Once that is put right, run the same command again"},
		{"hung", func(p *mailtest.Proxy) { p.HangAfter(1) }, "did not answer within 2 s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMailed(t)
			proxy := mailtest.NewProxy(t, m.server.Addr())
			m.sendTo(proxy.Addr(), 2)
			tc.fault(proxy)
			out, errOut, err := m.try("remind")
			if err == nil || !strings.Contains(err.Error(), tc.said) {
				t.Errorf("the failed run (%v):\n%s\n%s", err, out, errOut)
			}
			if n := len(m.server.Messages(t)); n != 1 {
				t.Errorf("%d messages arrived before the failure, want 1", n)
			}
			m.sendTo(m.server.Addr(), 2)
			out = m.run("remind")
			if got := m.received(); len(got) != 3 || got["sian@example.org"] != 1 || got["gwyn@example.org"] != 1 || got["cy@example.org"] != 1 {
				t.Errorf("after a run again: received %v\n%s", got, out)
			}
		})
	}
	t.Run("refused", func(t *testing.T) {
		m := newMailed(t, mailtest.WithChaos())
		// Refused for now: nothing is recorded, and a run again tries again.
		m.server.RefuseRecipients(t, 451)
		if _, _, err := m.try("remind"); err == nil || !strings.Contains(err.Error(), "Refused for now, not for good") || strings.Contains(err.Error(), "Refused for good") {
			t.Errorf("refused for now: %v", err)
		}
		// Refused for good: recorded, and left out of the runs that choose
		// whom to email, --force or not, until the address is corrected.
		m.server.RefuseRecipients(t, 550)
		out, errOut, err := m.try("remind")
		if err == nil || !strings.Contains(err.Error(), "3 addresses were refused") || !strings.Contains(err.Error(), "sian@example.org") || !strings.Contains(out, "Sent 0 reminders.") ||
			!regexp.MustCompile(`Refused for good: (M\w{8} ?){3}\.`).MatchString(err.Error()) || strings.Contains(err.Error(), "Refused for now") {
			t.Errorf("refused for good (%v):\n%s\n%s", err, out, errOut)
		}
		m.server.RefuseRecipients(t, 0)
		out = m.run("remind", "--force")
		if got := m.received(); len(got) != 0 || !strings.Contains(out, "Not reminded: the mail server refused the email address of 3 members for good") ||
			!strings.Contains(out, m.numbers["Cy Dee"]+" Cy Dee (refused ") {
			t.Errorf("a forced run after the refusal: received %v\n%s", got, out)
		}
		if out := m.run("report"); !strings.Contains(out, "The mail server refused the email address of 3 members for good: ") || !strings.Contains(out, m.numbers["Gwŷn Ap Rhys"]) {
			t.Errorf("the report does not say whose addresses were refused:\n%s", out)
		}
		got := reportColumn(t, m.run("report", "--format", "csv"), "email_refused")
		if at, err := time.Parse(time.RFC3339, got[m.numbers["Siân Jones"]]); err != nil || time.Since(at) > time.Hour || got[m.numbers["Ann Lee"]] != "" {
			t.Errorf("the report's email_refused: %v", got)
		}
		// Siân's address corrected in the roster: she is reminded; Cy,
		// named, has his address tried again; Gwŷn is still left out.
		writeRoster(t, "corrected.csv", "Name,Email,Ward\nSiân Jones,sian.jones@example.org,Carlton\n")
		m.run("members", "import", "corrected.csv")
		out = m.run("remind")
		if got := m.received(); len(got) != 1 || got["sian.jones@example.org"] != 1 || !strings.Contains(out, "refused the email address of 2 members for good") {
			t.Errorf("after correcting one address: received %v\n%s", got, out)
		}
		m.run("remind", m.numbers["Cy Dee"])
		if got := m.received(); len(got) != 2 || got["cy@example.org"] != 1 || got["gwyn@example.org"] != 0 {
			t.Errorf("naming a member refused before: received %v", got)
		}
		// Cy's address took a message: it is no longer refused.
		if got := reportColumn(t, m.run("report", "--format", "csv"), "email_refused"); got[m.numbers["Cy Dee"]] != "" || got[m.numbers["Gwŷn Ap Rhys"]] == "" {
			t.Errorf("the report's email_refused after Cy's address took a message: %v", got)
		}
		out = m.run("members", "invite", "--all-new", "--send", "--dry-run", "--server", "course.example.gov.uk:2222")
		if !strings.Contains(out, "Not invited: the mail server refused the email address of 1 member for good") || !strings.Contains(out, m.numbers["Gwŷn Ap Rhys"]+" Gwŷn Ap Rhys (refused ") {
			t.Errorf("invitations to everyone new leave out the refused address:\n%s", out)
		}
	})
}

// TestRemindWithoutAMailServer: a course.yaml with no mail server says
// what to add, and sends and records nothing.
func TestRemindWithoutAMailServer(t *testing.T) {
	db := recordsIn(t)
	mustRun(t, "--db", db, "members", "add", "--name", "Ann Lee", "--email", "ann@example.org")
	_, _, err := executeApart(t, "--db", db, "remind")
	if err == nil || !strings.Contains(err.Error(), "the built-in course names no mail server") || !strings.Contains(err.Error(), "--content") || !strings.Contains(err.Error(), "--dry-run") {
		t.Errorf("remind without mail: %v", err)
	}
	out, errOut, err := executeApart(t, "--db", db, "remind", "--dry-run")
	if err != nil || !strings.Contains(out, "Note: the built-in course names no mail server, so without --dry-run nothing can be sent.") || !strings.Contains(out, "To: Ann Lee") || !strings.Contains(out, "Would send 1 reminder.") {
		t.Errorf("a dry run without mail (%v):\n%s\n%s", err, out, errOut)
	}
	_, _, err = executeApart(t, "--db", db, "remind", "--status", "complete")
	if err == nil || !strings.Contains(err.Error(), "need no reminder") {
		t.Errorf("--status complete: %v", err)
	}
}

// TestRemindersFromTheServer: 'course serve --remind-every' reminds each
// member who needs it, logging numbers only; an officer over SSH sees who
// was reminded, and a run of theirs emails nobody twice.
func TestRemindersFromTheServer(t *testing.T) {
	m := newMailed(t)
	// Reminders that send members to the server leave out those who
	// cannot sign in there: Ann has no key and no code.
	s := openRecords(t, m.db)
	for _, name := range []string{"Siân Jones", "Gwŷn Ap Rhys", "Cy Dee"} {
		progresstest.AddKey(t, s, m.numbers[name], progresstest.NewKey(t), "")
	}
	s.Close()
	out, errOut, err := m.try("remind", "--dry-run", "--server", "course.example.gov.uk:2222")
	if err != nil || !strings.Contains(out, "Would send 3 reminders") || strings.Contains(out, "cannot sign in") {
		t.Errorf("with keys (%v):\n%s\n%s", err, out, errOut)
	}
	f := startServe(t, m.db, "--content", m.dir, "--remind-every", "7d")
	deadline := time.Now().Add(time.Minute)
	for len(m.server.Messages(t)) < 3 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if got := m.received(); len(got) != 3 || got["sian@example.org"] != 1 {
		t.Fatalf("the server's reminders: received %v\n%s", got, f.logged())
	}
	for _, msg := range m.server.Messages(t) {
		if !strings.Contains(msg.Text, "\n    ssh -p 2222 course.example.gov.uk\n") {
			t.Errorf("a reminder from the server does not give its address:\n%s", msg.Text)
		}
	}
	log := f.logged()
	if !strings.Contains(log, "reminder sent") || !strings.Contains(log, "member="+m.numbers["Siân Jones"]) || strings.Contains(log, "Siân") || strings.Contains(log, "sian@") {
		t.Errorf("the server's log:\n%s", log)
	}

	out, errOut, status := f.run(f.officer, nil, "remind --dry-run")
	if status != 0 || !strings.Contains(out, "Would send no reminders") || !strings.Contains(out, "3 members were emailed within the last 7 days") {
		t.Errorf("remind --dry-run over SSH: status %d\n%s\n%s", status, out, errOut)
	}
	out, errOut, status = f.run(f.officer, nil, "remind")
	if status != 0 || !strings.Contains(out, "Sent 0 reminders.") || len(m.server.Messages(t)) != 3 {
		t.Errorf("remind over SSH: status %d\n%s\n%s", status, out, errOut)
	}
}

// logged is what the server has logged so far.
func (f *servedFixture) logged() string {
	f.logMu.Lock()
	defer f.logMu.Unlock()
	return f.log.String()
}

// TestServerLogsNumbersOnlyWhenSendingFails: a background run of
// reminders whose addresses were refused logs whose, by number, never by
// name or address, and does not say it stopped.
func TestServerLogsNumbersOnlyWhenSendingFails(t *testing.T) {
	m := newMailed(t, mailtest.WithChaos())
	s := openRecords(t, m.db)
	for _, name := range []string{"Siân Jones", "Gwŷn Ap Rhys", "Cy Dee"} {
		progresstest.AddKey(t, s, m.numbers[name], progresstest.NewKey(t), "")
	}
	s.Close()
	m.server.RefuseRecipients(t, 550)
	f := startServe(t, m.db, "--content", m.dir, "--remind-every", "7d")
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(f.logged(), "refused some members' email addresses") && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	// Nothing stopped: every message it could send was tried.
	log := f.logged()
	if !strings.Contains(log, "refused some members' email addresses") || strings.Contains(log, "reminders stopped") ||
		!regexp.MustCompile(`refused_for_good="(M[0-9A-Z]{8} ?){3}"`).MatchString(log) || !strings.Contains(log, m.numbers["Siân Jones"]) {
		t.Fatalf("the server's log after refusals:\n%s", log)
	}
	for _, secret := range []string{"Siân", "sian@example.org", "Gwŷn", "gwyn@", "Cy Dee", "cy@"} {
		if strings.Contains(log, secret) {
			t.Errorf("the server's log names %q:\n%s", secret, log)
		}
	}
	// The officer is told whose addresses were refused, and why they are
	// left out.
	if out, _, _ := f.run(f.officer, nil, "remind --dry-run"); !strings.Contains(out, "refused the email address of 3 members for good") {
		t.Errorf("remind --dry-run over SSH after the refusals:\n%s", out)
	}
	csv, _, _ := f.run(f.officer, nil, "report --format csv")
	if got := reportColumn(t, csv, "last_reminded"); got[m.numbers["Siân Jones"]] != "" {
		t.Errorf("a refused reminder was recorded as sent: %v", got)
	}
}

// TestRemindNamedMembers: members named are the only ones reminded.
func TestRemindNamedMembers(t *testing.T) {
	m := newMailed(t)
	out := m.run("remind", "sian jones", m.numbers["Cy Dee"])
	if got := m.received(); len(got) != 2 || got["sian@example.org"] != 1 || got["cy@example.org"] != 1 {
		t.Errorf("reminding two members by name and number: received %v\n%s", got, out)
	}
	if out, _, err := m.try("remind", "Nobody Here"); err == nil || !strings.Contains(err.Error(), `no member is called "Nobody Here"`) {
		t.Errorf("reminding nobody known (%v):\n%s", err, out)
	}
	if n := len(m.server.Messages(t)); n != 2 {
		t.Errorf("%d messages in all, want 2", n)
	}
	// Asked only of some standings, nobody to remind is said as that,
	// not as nobody at all.
	if out := m.run("remind", "--force", "--dry-run", "--status", "needs-refresh"); !strings.Contains(out, `Nobody with the status "needs refresh" needs a reminder (only --status needs-refresh was asked for).`) {
		t.Errorf("remind --status needs-refresh, which nobody is:\n%s", out)
	}
	// A member who has left is said to have left.
	m.run("members", "erase", m.numbers["Cy Dee"], "--reason", "left the council", "--yes")
	if out, _, err := m.try("remind", "--force", m.numbers["Cy Dee"]); err == nil || !strings.Contains(err.Error(), "member "+m.numbers["Cy Dee"]+" has left (their details were erased), so is not emailed. Nothing was sent.") {
		t.Errorf("reminding a member who has left (%v):\n%s", err, out)
	}
}

// TestInviteNamedTwice: a member named twice, by number and by name, gets
// one email with one code that works.
func TestInviteNamedTwice(t *testing.T) {
	m := newMailed(t)
	sian := m.numbers["Siân Jones"]
	out := m.run("members", "invite", sian, "Siân Jones", "--send", "--server", "course.example.gov.uk:2222")
	if got := m.received(); len(got) != 1 || got["sian@example.org"] != 1 || !strings.Contains(out, "Sent 1 invitation.") {
		t.Errorf("a member named twice: received %v\n%s", got, out)
	}
}

func TestDays(t *testing.T) {
	for d, want := range map[time.Duration]string{
		7 * 24 * time.Hour: "7 days", 24 * time.Hour: "1 day", 36 * time.Hour: "36 hours", time.Hour: "1 hour", 90 * time.Minute: "1h30m0s",
	} {
		if got := days(d); got != want {
			t.Errorf("days(%v) = %q, want %q", d, got, want)
		}
	}
	for d, want := range map[time.Duration]string{24 * time.Hour: "once a day", time.Hour: "once an hour", 7 * 24 * time.Hour: "once every 7 days"} {
		if got := onceEvery(d); got != want {
			t.Errorf("onceEvery(%v) = %q, want %q", d, got, want)
		}
	}
}

// TestRemindEveryThatIsNoDuration: a --every that is not a length of time
// is refused with an example that gives one.
func TestRemindEveryThatIsNoDuration(t *testing.T) {
	db := recordsIn(t)
	for _, every := range []string{"0", "1m", "-1d"} {
		_, err := execute(t, "--db", db, "remind", "--every", every, "--dry-run")
		if msg := wantExit(t, err, exitUsage); !strings.Contains(msg, "course remind: --every ") || !strings.Contains(msg, "For example: course --db "+db+" remind --every 14d --dry-run") {
			t.Errorf("--every %s: %s", every, msg)
		}
	}
}

// TestMemberErasedDuringARun: a member erased by another officer while a
// run of reminders is sending (both over SSH, on the server's one record
// file) is not emailed, and the run goes on with the rest.
func TestMemberErasedDuringARun(t *testing.T) {
	m := newMailed(t)
	c, err := loadCourse(m.dir)
	if err != nil {
		t.Fatal(err)
	}
	s := openRecords(t, m.db)
	opts := &options{served: &served{store: s, course: c, folder: m.dir}}
	var sent []string
	erased := false
	run := remindRun{onSent: func(l letter) {
		sent = append(sent, l.who.Number)
		if !erased { // after the first message, another officer erases a member still to come
			for _, name := range []string{"Cy Dee", "Gwŷn Ap Rhys", "Siân Jones"} {
				if number := m.numbers[name]; number != l.who.Number {
					if err := s.EraseMember(number, "left the council"); err != nil {
						t.Fatal(err)
					}
					erased = true
					m.numbers["erased"] = number
					break
				}
			}
		}
	}}
	plan, n, err := run.do(context.Background(), opts)
	if err != nil || plan == nil || len(plan.Send) != 3 || n != 2 || len(sent) != 2 || slices.Contains(sent, m.numbers["erased"]) {
		t.Fatalf("a run during which a member was erased: %d sent (%v), error %v", n, sent, err)
	}
	for _, msg := range m.server.Messages(t) {
		for _, to := range msg.Recipients() {
			if number := m.numbers[map[string]string{"cy@example.org": "Cy Dee", "gwyn@example.org": "Gwŷn Ap Rhys", "sian@example.org": "Siân Jones"}[to]]; number == m.numbers["erased"] {
				t.Errorf("the erased member %s was emailed", number)
			}
		}
	}
}

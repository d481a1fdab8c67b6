package main

import (
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"course/internal/mailtest"
)

// TestAForcedRunThatStoppedSaysHowToSendTheRest: the same command again,
// with --force, would email everyone once more; the sentence says how to
// send only the rest, and that way each member is reminded once.
func TestAForcedRunThatStoppedSaysHowToSendTheRest(t *testing.T) {
	m := newMailed(t)
	// Invited first, so that reminders that say how to connect go to them.
	m.run("members", "invite", "--all-new", "--send", "--server", "course.example.gov.uk:2222")
	proxy := mailtest.NewProxy(t, m.server.Addr())
	m.sendTo(proxy.Addr(), 2)
	proxy.DropAfter(1)
	out, errOut, err := m.try("remind", "--force", "--server", "course.example.gov.uk:2222")
	if err == nil || !strings.Contains(err.Error(), "which names only the members not sent") ||
		strings.Contains(err.Error(), "nobody twice") {
		t.Fatalf("the forced run that stopped (%v):\n%s\n%s", err, out, errOut)
	}
	// However long after: the members named, and only they, by the
	// command given as it is.
	m.sendTo(m.server.Addr(), 2)
	line := quotedLine(t, err.Error(), "Once that is put right, run ")
	words := strings.Fields(line)
	if unsent := slices.DeleteFunc(words, func(w string) bool { return !regexp.MustCompile(`^M[0-9A-Z]{8}$`).MatchString(w) }); len(unsent) != 2 ||
		!strings.HasPrefix(line, "course --db "+m.db+" --content "+m.dir+" remind --force ") || !strings.HasSuffix(line, " --server course.example.gov.uk:2222") {
		t.Fatalf("the command to send the rest: %s", line)
	}
	out = runTyped(t, line)
	if got := m.received(); len(got) != 3 || got["sian@example.org"] != 2 || got["gwyn@example.org"] != 2 || got["cy@example.org"] != 2 {
		t.Errorf("after the run the sentence gives: received %v\n%s", got, out)
	}
}

// TestNamedInvitationsThatStoppedSayWhomToName: invitations to the
// members named are sent again to all of them by the same command, so the
// sentence names those not sent.
func TestNamedInvitationsThatStoppedSayWhomToName(t *testing.T) {
	m := newMailed(t)
	proxy := mailtest.NewProxy(t, m.server.Addr())
	m.sendTo(proxy.Addr(), 2)
	proxy.DropAfter(1)
	sian, gwyn, cy := m.numbers["Siân Jones"], m.numbers["Gwŷn Ap Rhys"], m.numbers["Cy Dee"]
	out, errOut, err := m.try("members", "invite", sian, gwyn, cy, "--send", "--server", "course.example.gov.uk:2222")
	line := "course --db " + m.db + " --content " + m.dir + " members invite " + gwyn + " " + cy + " --send --server course.example.gov.uk:2222"
	if err == nil || !strings.Contains(err.Error(), "run '"+line+"', which names only the members not sent.") {
		t.Fatalf("the invitations that stopped (%v):\n%s\n%s", err, out, errOut)
	}
	m.sendTo(m.server.Addr(), 2)
	runTyped(t, line)
	if got := m.received(); len(got) != 3 || got["sian@example.org"] != 1 || got["gwyn@example.org"] != 1 || got["cy@example.org"] != 1 {
		t.Errorf("after naming the rest: received %v", got)
	}
}

// TestAMessageThatMayHaveArrivedIsCountedApart: when the connection drops
// as the server takes a message, the sentence counts it apart and does
// not promise that nobody is emailed twice.
func TestAMessageThatMayHaveArrivedIsCountedApart(t *testing.T) {
	m := newMailed(t)
	proxy := mailtest.NewProxy(t, m.server.Addr())
	m.sendTo(proxy.Addr(), 2)
	proxy.DropUnanswered(1)
	out, errOut, err := m.try("remind")
	if err == nil {
		t.Fatalf("the run did not fail:\n%s\n%s", out, errOut)
	}
	gwyn := m.numbers["Gwŷn Ap Rhys"]
	for _, want := range []string{
		"1 message was sent and recorded, and 1 may have been (to member " + gwyn + " (Gwŷn Ap Rhys): ask them whether it arrived;",
		"; 1 message was not sent.",
		"it emails those not sent yet, and nobody twice but perhaps member " + gwyn + ".",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the sentence does not say %q:\n%v", want, err)
		}
	}

	// A forced run names whom to send to: not the member the message to
	// whom may have arrived, whom the officer asks first.
	proxy.DropUnanswered(1)
	_, _, err = m.try("remind", "--force")
	line := quotedLine(t, err.Error(), "Once that is put right, run ")
	maybe := regexp.MustCompile(`1 may have been \(to member (M[0-9A-Z]{8}) `).FindStringSubmatch(err.Error())
	named := regexp.MustCompile(`\bM[0-9A-Z]{8}\b`).FindAllString(line, -1)
	if maybe == nil || len(named) != 1 || named[0] == maybe[1] || !strings.Contains(line, " remind --force ") {
		t.Errorf("the command to send the rest of a forced run is %q, want it to name the one member not sent:\n%v", line, err)
	}

	// The last message may have arrived: nothing is left to send, and no
	// command is given (a forced run naming nobody would email everyone).
	proxy.DropUnanswered(2)
	_, _, err = m.try("remind", "--force")
	if err == nil || !strings.Contains(err.Error(), "; 0 messages were not sent. Nothing else was left to send.") || strings.Contains(err.Error(), "Once that is put right") {
		t.Errorf("a forced run whose last message may have arrived:\n%v", err)
	}
}

// TestDryRunWithoutAMailServerSaysSo: a dry run on a course that names no
// mail server says which course.yaml, so that the officer does not learn
// it only when sending.
func TestDryRunWithoutAMailServerSaysSo(t *testing.T) {
	db := recordsIn(t)
	addedMember(t, db, "Ann Lee")
	out, errOut, err := executeApart(t, "--db", db, "remind", "--dry-run")
	if err != nil || !strings.Contains(out, "Note: the built-in course names no mail server, so without --dry-run nothing can be sent. Give --content") {
		t.Errorf("remind --dry-run on the built-in course (%v):\n%s\n%s", err, out, errOut)
	}
	dir := copyContent(t)
	out, errOut, err = executeApart(t, "--db", db, "--content", dir, "members", "invite", "--all-new", "--send", "--dry-run", "--server", "course.example.gov.uk")
	if err != nil || !strings.Contains(out, "Note: "+filepath.Join(dir, "course.yaml")+" names no mail server") {
		t.Errorf("members invite --dry-run on a folder without a mail server (%v):\n%s\n%s", err, out, errOut)
	}
	_, _, err = executeApart(t, "--db", db, "--content", dir, "remind")
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "course.yaml")+" names no mail server, so nothing can be sent. Add a mail: section") {
		t.Errorf("remind on a folder without a mail server: %v", err)
	}
}

// TestInviteWithoutSendShowsTheEmailingCommand: the usage errors that say
// --send is needed give an example with --send, not the printed letter's.
func TestInviteWithoutSendShowsTheEmailingCommand(t *testing.T) {
	db := recordsIn(t)
	for _, args := range [][]string{{"--all-new"}, {"M4K7Q2ZP9", "--dry-run"}} {
		_, _, err := executeApart(t, append([]string{"--db", db, "members", "invite"}, args...)...)
		if err == nil || !strings.Contains(err.Error(), "For example: course --db "+db+" members invite --all-new --send") {
			t.Errorf("members invite %s: %v", strings.Join(args, " "), err)
		}
	}
}

// TestRemindersWithoutTheServerSaySo: reminders with no --server (nor
// --web-url) leave out how to connect, and the officer is told.
func TestRemindersWithoutTheServerSaySo(t *testing.T) {
	m := newMailed(t)
	out, errOut, err := m.try("remind", "--dry-run")
	if err != nil || strings.Contains(out, "ssh -p") || !strings.Contains(errOut, "the reminders leave out how to reach the course") {
		t.Errorf("remind --dry-run without --server (%v):\n%s\n%s", err, out, errOut)
	}
	_, errOut, err = m.try("remind", "--dry-run", "--server", "course.example.gov.uk:2222")
	if err != nil || errOut != "" {
		t.Errorf("remind --dry-run --server (%v): %s", err, errOut)
	}
}

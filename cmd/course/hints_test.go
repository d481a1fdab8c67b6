package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/anmitsu/go-shlex"

	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/store"
)

// quotedLine is the command line a sentence gives in single quotes after
// before, or the test fails.
func quotedLine(t *testing.T, said, before string) string {
	t.Helper()
	found := regexp.MustCompile(regexp.QuoteMeta(before) + `'(course [^']*)'`).FindStringSubmatch(said)
	if found == nil {
		t.Fatalf("no command line after %q in:\n%s", before, said)
	}
	return found[1]
}

// runTyped runs a command line as the officer would type it in a shell,
// and fails the test if it fails.
func runTyped(t *testing.T, line string) string {
	t.Helper()
	words, err := shlex.Split(line, true)
	if err != nil || len(words) == 0 || words[0] != "course" {
		t.Fatalf("%q is not a course command line (%v)", line, err)
	}
	out, errOut, err := executeApart(t, words[1:]...)
	if err != nil {
		t.Fatalf("%s failed: %v\n%s\n%s", line, err, out, errOut)
	}
	return out
}

// completedLongAgo records that the member passed every module of the
// course in dir two years ago, so that they now need a refresh.
func completedLongAgo(t *testing.T, db, dir, number string) {
	t.Helper()
	c, err := loadCourse(dir)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().AddDate(-2, 0, 0)
	s, err := store.Open(db, store.Options{Now: func() time.Time { at = at.Add(time.Second); return at }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, m := range c.Modules {
		if _, err := progresstest.Save(s, record.Event{Kind: record.ModuleCompleted, Member: number, Module: m.ID,
			ModuleVersion: m.Version, Attempt: record.NewAttemptID(), Score: 8, Total: 8, Passed: true}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRemindGivesInvitationsThatWork: members the reminders leave out as
// they cannot sign in are given a command that invites them, one who
// completed the course long ago and needs a refresh included, and says
// how to connect as the reminders would have.
func TestRemindGivesInvitationsThatWork(t *testing.T) {
	m := newMailed(t)
	sian, gwyn := m.numbers["Siân Jones"], m.numbers["Gwŷn Ap Rhys"]
	completedLongAgo(t, m.db, m.dir, sian)
	const server, web = "course.example.gov.uk:2222", "https://course.example.gov.uk"
	out := m.run("remind", "--dry-run", "--server", server, "--web-url", web)
	line := quotedLine(t, out, "send their invitations first: ")
	if !strings.Contains(line, " members invite ") || !strings.Contains(line, sian) || !strings.Contains(line, gwyn) ||
		!strings.HasSuffix(line, " --send --server "+server+" --web-url "+web) {
		t.Errorf("the invitations to send first: %s\n%s", line, out)
	}
	runTyped(t, line)
	got := m.received()
	if got["sian@example.org"] != 1 || got["gwyn@example.org"] != 1 || got["cy@example.org"] != 1 || len(got) != 3 {
		t.Fatalf("after the command given: received %v", got)
	}
	for _, msg := range m.server.Messages(t) {
		if !strings.Contains(msg.Text, "ssh -p 2222 course.example.gov.uk") || !strings.Contains(msg.Text, web+"/#code=") {
			t.Errorf("an invitation does not say how to connect:\n%s", msg.Text)
		}
	}
}

// TestInviteHintsKeepTheRunsOptions: the commands an invitation run gives
// back send what it sent: with its --server and --web-url, and --send.
func TestInviteHintsKeepTheRunsOptions(t *testing.T) {
	m := newMailed(t)
	given := "course --db " + m.db + " --content " + m.dir
	const server, web = "course.example.gov.uk:2222", "https://course.example.gov.uk"
	m.run("members", "invite", "--all-new", "--send", "--server", server, "--web-url", web, "--expires", "7d")
	out := m.run("members", "invite", "--all-new", "--send", "--server", server, "--web-url", web, "--expires", "7d")
	if want := "(to send a new one: '" + given + " members invite NUMBER --send --server " + server + " --web-url " + web + " --expires 7d')"; !strings.Contains(out, want) {
		t.Errorf("members already invited: want %q in\n%s", want, out)
	}
	if want := "(print their letter with '" + given + " members invite NUMBER --server " + server + " --web-url " + web + " --expires 7d'"; !strings.Contains(out, want) {
		t.Errorf("members without an address: want %q in\n%s", want, out)
	}

	// Without --server: the example is the command given, with it.
	cy := m.numbers["Cy Dee"]
	for _, c := range []struct{ args, want []string }{
		{[]string{cy, "--send"}, []string{"members", "invite", cy, "--send", "--server", server}},
		{[]string{"--all-new", "--send", "--dry-run"}, []string{"members", "invite", "--all-new", "--send", "--dry-run", "--server", server}},
	} {
		_, _, err := m.try(append([]string{"members", "invite"}, c.args...)...)
		msg := wantExit(t, err, exitUsage)
		example := regexp.MustCompile(`For example: (.*)\n`).FindStringSubmatch(msg)
		if example == nil || example[1] != given+" "+strings.Join(c.want, " ") || !strings.Contains(msg, "Run '"+given+" members invite --help' for more.") {
			t.Errorf("members invite %s without --server: %s", strings.Join(c.args, " "), msg)
		}
	}
}

// TestExamplesOverSSHWorkAsTyped: over SSH, a command whose words the
// officer's shell split is answered with an example in the form that
// works (the whole command in double quotes, its words with spaces in
// single quotes), which does work as typed; and an option that took only
// the first word of its value is named.
func TestExamplesOverSSHWorkAsTyped(t *testing.T) {
	f := startServe(t, filepath.Join(t.TempDir(), "records.db"))
	const connect = "ssh -p 2222 course.example.gov.uk"
	// What the server is sent for: members add --name "Ann Lee".
	_, errOut, status := f.run(f.officer, nil, "members add --name Ann Lee")
	example := regexp.MustCompile(`For example: (.*)\n`).FindStringSubmatch(errOut)
	if status != exitUsage || example == nil || example[1] != connect+` "members add --name 'Ann Lee'"` {
		t.Fatalf("members add --name Ann Lee over SSH (status %d):\n%s", status, errOut)
	}
	words, err := shlex.Split(strings.TrimPrefix(example[1], connect+" "), true)
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, status := f.run(f.officer, nil, strings.Join(words, " "))
	if status != 0 || !strings.Contains(out, "Added Ann Lee") {
		t.Fatalf("the example as typed: status %d\n%s\n%s", status, out, errOut)
	}
	number := regexp.MustCompile(`M[0-9A-Z]{8}`).FindString(out)

	_, errOut, _ = f.run(f.officer, nil, "members erase "+number+" --reason left the council May 2025")
	if !strings.Contains(errOut, `but --reason took only "left", as an option's value ends at the first space unless it is in quotes, and so it was given 5 words: "`+number+` the council May 2025".`) ||
		!strings.Contains(errOut, "For example: "+connect+` "members erase M4K7Q2ZP9 --reason 'left the council May 2025, request 2025/17'"`) {
		t.Errorf("members erase with a reason split over SSH:\n%s", errOut)
	}
}

// TestReportOutAFolder: --out naming a folder is called a folder whether
// or not --format is given, and the name a refusal suggests keeps the
// folder given.
func TestReportOutAFolder(t *testing.T) {
	f := newRecordsFixture(t)
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--out", dir + "/", "--format", "csv"}, "--out: " + dir + "/ is a folder, not a file. Give the name of a file to write, inside it or elsewhere: for example --out " + filepath.Join(dir, "report.csv")},
		{[]string{"--out", dir, "--format", "xlsx"}, "--out: " + dir + " is a folder, not a file."},
		{[]string{"--out", dir + "/"}, "--out: " + dir + "/ is a folder, not a file."},
		{[]string{"--out", filepath.Join(dir, "new") + "/", "--format", "json"}, " names a folder, not a file."},
		{[]string{"--out", filepath.Join(dir, "summary.txt"), "--format", "csv"}, "give --out " + filepath.Join(dir, "summary.csv")},
	} {
		_, err := execute(t, append([]string{"--db", f.path, "report"}, c.args...)...)
		if msg := wantExit(t, err, exitUsage); !strings.Contains(msg, c.want) {
			t.Errorf("report %s: %s\nwant %q", strings.Join(c.args, " "), msg, c.want)
		}
	}
}

// TestFileSentOverSSHIsNamed: over SSH the file a command reads comes on
// standard input, given as -, and its problems name it as the file sent.
func TestFileSentOverSSHIsNamed(t *testing.T) {
	f := startServe(t, filepath.Join(t.TempDir(), "records.db"))
	out, errOut, status := f.run(f.officer, strings.NewReader("PK\x03\x04 xl/workbook.xml"), "members import -")
	said := out + errOut
	if status != exitFailure || !strings.Contains(said, "the file sent: this is an Excel workbook") ||
		!strings.Contains(said, "course: the file sent has a problem") || strings.Contains(said, "-:") || strings.Contains(said, " - has") {
		t.Errorf("a workbook sent to members import (status %d):\n%s", status, said)
	}
	out, errOut, _ = f.run(f.officer, strings.NewReader("nom\nAnn\n"), "members import -")
	if said := out + errOut; !strings.Contains(said, "the file sent: line 1: there is no name column") {
		t.Errorf("a roster with no name column sent to members import:\n%s", said)
	}
	out, errOut, _ = f.run(f.officer, strings.NewReader("not a hand-in\n"), "merge -")
	if said := out + errOut; !strings.Contains(said, "course merge: the file sent was refused") {
		t.Errorf("a file that is not a hand-in sent to merge:\n%s", said)
	}
}

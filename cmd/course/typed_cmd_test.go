package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/anmitsu/go-shlex"
)

// TestHintsNameTheRecordsGiven: the commands the program tells an officer
// to run next keep the --db and --content they gave, so that a copied
// command acts on the same records.
func TestHintsNameTheRecordsGiven(t *testing.T) {
	m := newMailed(t)
	ann := m.numbers["Ann Lee"]
	given := "course --db " + m.db + " --content " + m.dir

	_, _, err := m.try("certificate", "M00000000")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "Run '"+given+" members list' to see the numbers.") {
		t.Errorf("a member number not on the record: %s", msg)
	}
	_, _, err = m.try("certificate", "Nobody Atall")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "run '"+given+" members list' to see them.") {
		t.Errorf("a name not on the record: %s", msg)
	}
	_, _, err = m.try("certificate", ann)
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "'"+given+" report' shows everyone's progress.") {
		t.Errorf("a certificate before completing: %s", msg)
	}
	out, errOut, err := m.try("remind", "--dry-run", "--server", "course.example.gov.uk:2222")
	invite := regexp.MustCompile(`\(send their invitations first: '` + regexp.QuoteMeta(given) + ` members invite (M[0-9A-Z]{8} )+--send --server course\.example\.gov\.uk:2222'\)`)
	if err != nil || !invite.MatchString(out) {
		t.Errorf("reminders before invitations (%v):\n%s\n%s", err, out, errOut)
	}

	// A record file named with a space is quoted as a shell needs it.
	mustRun(t, "--db", "Our Records.db", "members", "add", "--name", "Bo Diaz")
	_, err = execute(t, "--db", "Our Records.db", "certificate", "M00000000")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "Run 'course --db 'Our Records.db' members list'") {
		t.Errorf("a record file with a space in its name: %s", msg)
	}
	_, err = execute(t, "--db", "None Yet.db", "report")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "Import the members with 'course --db 'None Yet.db' members import FILE.csv'") {
		t.Errorf("no record file yet: %s", msg)
	}
}

// TestHintsOverSSH: over SSH the same sentences give the command the
// officer types, through ssh to the server, and never --db or --content,
// which the server refuses.
func TestHintsOverSSH(t *testing.T) {
	m := newMailed(t)
	ann := m.numbers["Ann Lee"]
	f := startServe(t, m.db, "--content", m.dir)
	const connect = "ssh -p 2222 course.example.gov.uk"
	for _, c := range []struct{ command, want string }{
		{"certificate M00000000", "Run '" + connect + " members list' to see the numbers."},
		{"certificate " + ann, "'" + connect + " report' shows everyone's progress."},
		{"members keys list " + ann, "Add one with '" + connect + " members keys add " + ann + " - < FILE.pub', " +
			"or send them an enrolment code with '" + connect + " members invite " + ann + "'."},
		{"remind --dry-run", "(send their invitations first: '" + connect + " members invite " + m.numbers["Cy Dee"] + " "},
		{"remind --dry-run", " --send')"},
		{"members invite --all-new", "For example: " + connect + " members invite --all-new --send --dry-run\n" +
			"Run '" + connect + " members invite --help' for more."},
		// Any command's words typed wrongly: its example and its help.
		{"members erase", "For example: " + connect + ` "members erase `},
		{"members erase", "Run '" + connect + " members erase --help' for more."},
		{"certificate", "Run '" + connect + " certificate --help' for more."},
	} {
		out, errOut, _ := f.run(f.officer, nil, c.command)
		said := out + errOut
		if !strings.Contains(said, c.want) || strings.Contains(said, "--db") || strings.Contains(said, "'course ") {
			t.Errorf("%s over SSH said:\n%s\nwant %q", c.command, said, c.want)
		}
	}

	// The example given for a name with a space works as the officer
	// types it: their shell takes the outer quotes, ssh sends the rest.
	f = startServe(t, filepath.Join(t.TempDir(), "records.db"))
	_, errOut, _ := f.run(f.officer, nil, "members add")
	line := regexp.MustCompile(`for example: (.*)`).FindStringSubmatch(errOut)
	if line == nil || line[1] != connect+` "members add --name 'Ann Lee'"` {
		t.Fatalf("members add without a name over SSH said:\n%s", errOut)
	}
	words, err := shlex.Split(strings.TrimPrefix(line[1], connect+" "), true)
	if err != nil {
		t.Fatal(err)
	}
	out, errOut, status := f.run(f.officer, nil, strings.Join(words, " "))
	if status != 0 || !strings.Contains(out, "Added Ann Lee") {
		t.Errorf("the example as typed: status %d\n%s\n%s", status, out, errOut)
	}
}

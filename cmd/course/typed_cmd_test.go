package main

import (
	"strings"
	"testing"
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
	if err != nil || !strings.Contains(out, "(send their invitations first: '"+given+" members invite --all-new --send')") {
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
		{"remind --dry-run", "(send their invitations first: '" + connect + " members invite --all-new --send')"},
	} {
		out, errOut, _ := f.run(f.officer, nil, c.command)
		said := out + errOut
		if !strings.Contains(said, c.want) || strings.Contains(said, "--db") || strings.Contains(said, "'course ") {
			t.Errorf("%s over SSH said:\n%s\nwant %q", c.command, said, c.want)
		}
	}
}

package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/server"
	"course/internal/store"
)

// addedMember adds a member by name and returns their number.
func addedMember(t *testing.T, db, name string) string {
	t.Helper()
	out := mustRun(t, "--db", db, "members", "add", "--name", name)
	number := regexp.MustCompile(`member (M[0-9A-Z]{8})`).FindStringSubmatch(out)
	if number == nil {
		t.Fatalf("no member number in %q", out)
	}
	return number[1]
}

// writePub writes a new key to a .pub file, as ssh-keygen would, and
// returns the key.
func writePub(t *testing.T, name, comment string) gossh.PublicKey {
	t.Helper()
	k := progresstest.NewKey(t)
	line := strings.TrimSuffix(string(gossh.MarshalAuthorizedKey(k)), "\n") + " " + comment + "\n"
	if err := os.WriteFile(name, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	return k
}

// executeWithInput is execute with standard input.
func executeWithInput(t *testing.T, in string, args ...string) (string, error) {
	t.Helper()
	cmd := newRootCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetIn(strings.NewReader(in))
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), err
}

func openRecords(t *testing.T, db string) *store.Store {
	t.Helper()
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// storedEvents are member's events in the record file db, read with the
// file opened read-only and let go.
func storedEvents(t *testing.T, db, member string) []record.Event {
	t.Helper()
	s, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	events, err := s.MemberEvents(member)
	if err != nil {
		t.Fatal(err)
	}
	return events
}

func TestMembersKeysAddListRemove(t *testing.T) {
	db := recordsIn(t)
	ann := addedMember(t, db, "Ann Lee")
	laptop := writePub(t, "laptop.pub", "ann@laptop")
	fp := record.Fingerprint(laptop)

	out := mustRun(t, "--db", db, "members", "keys", "add", ann, "laptop.pub")
	if !strings.Contains(out, "Added the ssh-ed25519 key "+fp+" (ann@laptop) to member "+ann+" (Ann Lee).") ||
		!strings.Contains(out, "can now sign in") {
		t.Errorf("keys add said:\n%s", out)
	}
	out = mustRun(t, "--db", db, "members", "keys", "add", "Ann Lee", "laptop.pub")
	if !strings.Contains(out, "already has the ssh-ed25519 key "+fp) || strings.Contains(out, "Added") {
		t.Errorf("adding the key again said:\n%s", out)
	}
	// From standard input, two keys at once.
	phone, tablet := progresstest.NewKey(t), progresstest.NewKey(t)
	in := string(gossh.MarshalAuthorizedKey(phone)) + "# the tablet\n" + string(gossh.MarshalAuthorizedKey(tablet))
	if out, err := executeWithInput(t, in, "--db", db, "members", "keys", "add", ann, "-"); err != nil ||
		strings.Count(out, "Added the ssh-ed25519 key") != 2 {
		t.Errorf("keys add from standard input: %v\n%s", err, out)
	}

	out = mustRun(t, "--db", db, "members", "keys", "list")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if lines[0] != "member\tname\ttype\tfingerprint\tcomment\tadded\thow" || len(lines) != 4 {
		t.Fatalf("keys list:\n%s", out)
	}
	want := strings.Join([]string{ann, "Ann Lee", "ssh-ed25519", fp, "ann@laptop", time.Now().Format("2006-01-02"), "officer"}, "\t")
	if !strings.Contains(out, want+"\n") {
		t.Errorf("keys list lacks %q:\n%s", want, out)
	}

	out = mustRun(t, "--db", db, "members", "keys", "remove", ann, strings.TrimPrefix(fp, "SHA256:"))
	if !strings.Contains(out, "Removed the ssh-ed25519 key "+fp) || !strings.Contains(out, "can no longer sign in") {
		t.Errorf("keys remove said:\n%s", out)
	}
	if _, ok, _ := openRecords(t, db).KeyMember(fp); ok {
		t.Error("the removed key still signs in")
	}
}

func TestMembersKeysListEmpty(t *testing.T) {
	db := recordsIn(t)
	ann := addedMember(t, db, "Ann Lee")
	out := mustRun(t, "--db", db, "members", "keys", "list", ann)
	if !strings.Contains(out, "Member "+ann+" has no SSH key yet") || !strings.Contains(out, "'course --db "+db+" members invite "+ann+"'") {
		t.Errorf("keys list of a member without keys:\n%s", out)
	}
}

func TestMembersKeysAddRefusals(t *testing.T) {
	db := recordsIn(t)
	ann, bob := addedMember(t, db, "Ann Lee"), addedMember(t, db, "Bob Owusu")

	// A private key given by mistake: refused, and not repeated.
	_, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "ann@laptop")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("id_ed25519", pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := execute(t, "--db", db, "members", "keys", "add", ann, "id_ed25519")
	msg := wantExit(t, err, exitFailure)
	if !strings.Contains(msg, "id_ed25519: that is a private key: give the .pub file") || !strings.Contains(msg, "Nothing was added") {
		t.Errorf("a private key: %s", msg)
	}
	body := strings.Split(string(pem.EncodeToMemory(block)), "\n")[1]
	if strings.Contains(msg+out, body[:20]) {
		t.Error("the message repeats the private key")
	}

	// Not a key file at all.
	os.WriteFile("notes.txt", []byte("ssh-ed25519 is what I use\n"), 0o600)
	_, err = execute(t, "--db", db, "members", "keys", "add", ann, "notes.txt")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "notes.txt: line 1 is not an SSH public key") {
		t.Errorf("a text file: %s", msg)
	}
	_, err = execute(t, "--db", db, "members", "keys", "add", ann, "missing.pub")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "the key file missing.pub cannot be read") {
		t.Errorf("a missing file: %s", msg)
	}

	// A key that is another member's.
	shared := writePub(t, "shared.pub", "")
	mustRun(t, "--db", db, "members", "keys", "add", ann, "shared.pub")
	_, err = execute(t, "--db", db, "members", "keys", "add", bob, "shared.pub")
	msg = wantExit(t, err, exitFailure)
	if !strings.Contains(msg, "belongs to member "+ann) || !strings.Contains(msg, "course --db "+db+" members keys remove "+ann+" "+record.Fingerprint(shared)) {
		t.Errorf("another member's key: %s", msg)
	}
	_, err = execute(t, "--db", db, "members", "keys", "remove", bob, record.Fingerprint(shared))
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "is member "+ann+"'s, not member "+bob+"'s") {
		t.Errorf("removing another member's key: %s", msg)
	}
	_, err = execute(t, "--db", db, "members", "keys", "remove", bob, "SHA256:nothing")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "member "+bob+" has no key SHA256:nothing") {
		t.Errorf("removing an unknown key: %s", msg)
	}

	// An erased member.
	mustRun(t, "--db", db, "members", "erase", bob, "--reason", "left the council", "--yes")
	writePub(t, "bob.pub", "")
	for _, args := range [][]string{{"keys", "add", bob, "bob.pub"}, {"invite", bob}} {
		_, err = execute(t, append([]string{"--db", db, "members"}, args...)...)
		if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "details were erased, so they cannot sign in") {
			t.Errorf("%s for an erased member: %s", args[0], msg)
		}
	}
	// Usage.
	_, err = execute(t, "--db", db, "members", "keys", "add", ann)
	if msg := wantExit(t, err, exitUsage); !strings.Contains(msg, "give the member's number (or exact name) and the .pub file") {
		t.Errorf("keys add without a file: %s", msg)
	}
}

var letterCode = regexp.MustCompile(`\n    ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\n`)

func TestMembersInvite(t *testing.T) {
	db := recordsIn(t)
	ann := addedMember(t, db, "Ann Lee")
	out := mustRun(t, "--db", db, "members", "invite", ann, "--server", "course.example.gov.uk:2222")
	code := letterCode.FindStringSubmatch(out)
	if code == nil {
		t.Fatalf("no code in the letter:\n%s", out)
	}
	for _, want := range []string{"It is for member " + ann + " and works once, until ",
		"\n    ssh -p 2222 course.example.gov.uk\n", "If you need help, ask: Communications and Engagement team; Legal team, legalservices@gedling.gov.uk.",
		"is shown only now"} {
		if !strings.Contains(out, want) && !strings.Contains(strings.Join(strings.Fields(out), " "), strings.TrimSpace(want)) {
			t.Errorf("the letter lacks %q:\n%s", want, out)
		}
	}
	s := openRecords(t, db)
	list := invitesIssued(t, s, ann)
	if len(list) != 1 || list[0].lasts > 14*24*time.Hour || list[0].lasts <= 14*24*time.Hour-2*time.Second {
		t.Fatalf("codes issued = %+v; want one of 14 days", list)
	}
	s.Close()

	// A new code replaces it; the new one works, once.
	out = mustRun(t, "--db", db, "members", "invite", "Ann Lee", "--expires", "2w", "--server", "course.example.gov.uk")
	newer := letterCode.FindStringSubmatch(out)
	if newer == nil || !strings.Contains(out, "\n    ssh course.example.gov.uk\n") {
		t.Fatalf("the second letter:\n%s", out)
	}
	s = openRecords(t, db)
	key := progresstest.NewKey(t)
	if _, err := s.Redeem(code[1], key, ""); !errors.Is(err, record.ErrInviteReplaced) {
		t.Errorf("the first code after a second: %v, want ErrInviteReplaced", err)
	}
	if m, err := s.Redeem(newer[1], key, ""); err != nil || m.Number != ann {
		t.Errorf("the letter's code: %+v, %v", m, err)
	}
	s.Close()
	out = mustRun(t, "--db", db, "members", "keys", "list", ann)
	if !strings.Contains(out, "\tenrolment code\n") {
		t.Errorf("the enrolled key is not listed as by enrolment code:\n%s", out)
	}

	// Without --server, the letter cannot say how to connect, and the
	// officer is told so.
	letter, notes, err := executeApart(t, "--db", db, "members", "invite", ann)
	if err != nil || strings.Contains(letter, "ssh") || !strings.Contains(notes, "the text does not say how to connect to the course: give --server") {
		t.Errorf("a letter without --server (%v):\n%s\nto the officer:\n%s", err, letter, notes)
	}
}

// executeApart runs the command line with its standard output and error
// kept apart.
func executeApart(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	cmd := newRootCmd()
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), errOut.String(), err
}

// TestMembersInviteGivesTheFingerprint: the letter gives the fingerprint of
// the server's host key, from beside the record file where 'course serve'
// makes it or from --host-key, and says nothing of it where there is none.
func TestMembersInviteGivesTheFingerprint(t *testing.T) {
	db := recordsIn(t)
	ann := addedMember(t, db, "Ann Lee")
	letter, notes, err := executeApart(t, "--db", db, "members", "invite", ann)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(letter, "SHA256:") || strings.Contains(letter, "fingerprint") {
		t.Errorf("with no host key, the letter speaks of a fingerprint:\n%s", letter)
	}
	if !strings.Contains(notes, "there is no host key at "+filepath.Join(filepath.Dir(db), "ssh_host_ed25519_key")) ||
		!strings.Contains(notes, "Start 'course --db "+db+" serve' once") || !strings.Contains(notes, "--host-key") {
		t.Errorf("with no host key, the officer is not told how to get one:\n%s", notes)
	}

	// The key serve makes beside the record file.
	served, _, err := server.LoadHostKey(filepath.Join(filepath.Dir(db), "ssh_host_ed25519_key"))
	if err != nil {
		t.Fatal(err)
	}
	letter, notes, err = executeApart(t, "--db", db, "members", "invite", ann)
	if want := "\n\n    " + server.Fingerprint(served.PublicKey()) + "\n"; err != nil || !strings.Contains(letter, want) || !strings.Contains(letter, "Type yes only if the fingerprint") {
		t.Errorf("the letter lacks %q (%v):\n%s", want, err, letter)
	}
	if strings.Contains(notes, "fingerprint") {
		t.Errorf("the officer is told of a missing fingerprint: %s", notes)
	}

	// --host-key: a private key or its .pub file.
	private := filepath.Join(t.TempDir(), "host_key")
	other, _, err := server.LoadHostKey(private)
	if err != nil {
		t.Fatal(err)
	}
	pub := private + ".pub"
	if err := os.WriteFile(pub, gossh.MarshalAuthorizedKey(other.PublicKey()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{private, pub} {
		out := mustRun(t, "--db", db, "members", "invite", ann, "--host-key", file)
		if !strings.Contains(out, "    "+server.Fingerprint(other.PublicKey())+"\n") {
			t.Errorf("--host-key %s: the letter lacks its fingerprint:\n%s", file, out)
		}
	}

	// A --host-key that is not a key issues no code.
	s := openRecords(t, db)
	before := invitesIssued(t, s, ann)
	s.Close()
	for file, want := range map[string]string{"missing": "--host-key missing does not exist. No code was issued.", "notes.txt": "is not an SSH host key"} {
		writeRoster(t, "notes.txt", "not a key\n")
		_, err := execute(t, "--db", db, "members", "invite", ann, "--host-key", file)
		if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, want) {
			t.Errorf("--host-key %s: %s", file, msg)
		}
	}
	s = openRecords(t, db)
	after := invitesIssued(t, s, ann)
	s.Close()
	if len(after) != len(before) || after[len(after)-1] != before[len(before)-1] {
		t.Errorf("a wrong --host-key changed the codes: %+v, then %+v", before, after)
	}
}

// TestMembersInviteNamesTheConnectContacts: the letter says to ask
// course.yaml's serve contacts for help, not the advice teams.
func TestMembersInviteNamesTheConnectContacts(t *testing.T) {
	db := recordsIn(t)
	ann := addedMember(t, db, "Ann Lee")
	dir := copyContent(t)
	settings := filepath.Join(dir, "course.yaml")
	data, err := os.ReadFile(settings)
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, "\nserve:\n  contacts:\n    - team: IT service desk\n      phone: 01632 960 111\n"...)
	if err := os.WriteFile(settings, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, "--db", db, "--content", dir, "members", "invite", ann)
	if !strings.Contains(out, "If you need help, ask: IT service desk, 01632 960 111.\n") || strings.Contains(out, "Legal team") {
		t.Errorf("the letter does not name the serve contacts alone:\n%s", out)
	}
}

func TestMembersInviteMistakes(t *testing.T) {
	db := recordsIn(t)
	ann := addedMember(t, db, "Ann Lee")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--expires", "soon"}, "--expires must be a whole number of days, hours or weeks"},
		{[]string{"--expires", "91d"}, "--expires can be at most 90 days"},
		{[]string{"--server", "-oProxyCommand=touch x"}, "--server must be the server's name or address"},
		{[]string{"--server", "host:99999"}, "--server has the port \"99999\""},
	} {
		_, err := execute(t, append([]string{"--db", db, "members", "invite", ann}, c.args...)...)
		if msg := wantExit(t, err, exitUsage); !strings.Contains(msg, c.want) {
			t.Errorf("%q: %s", c.args, msg)
		}
	}
	_, err := execute(t, "--db", db, "members", "invite", "M00000000")
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "no member has the number M00000000") {
		t.Errorf("an unknown member: %s", msg)
	}
}

func TestParseTTL(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"14d": 14 * 24 * time.Hour, "14": 14 * 24 * time.Hour, " 36H ": 36 * time.Hour, "2w": 14 * 24 * time.Hour,
		"90d": 90 * 24 * time.Hour, "12w": 84 * 24 * time.Hour,
		"0d": 0, "-1d": 0, "13w": 0, "2161h": 0, "1.5d": 0, "d": 0, "": 0,
	} {
		got, err := parseTTL(in)
		if got != want || (err == nil) != (want != 0) {
			t.Errorf("parseTTL(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}

func TestSSHCommand(t *testing.T) {
	for in, want := range map[string]string{
		"course.example.gov.uk":      "ssh course.example.gov.uk",
		"course.example.gov.uk:22":   "ssh course.example.gov.uk",
		"course.example.gov.uk:2222": "ssh -p 2222 course.example.gov.uk",
		"[2001:db8::1]:2222":         "ssh -p 2222 2001:db8::1",
		"192.0.2.4":                  "ssh 192.0.2.4",
		"":                           "",
		"-oProxyCommand=x":           "",
		"host;rm -rf":                "",
		"host:0":                     "",
		"host:ssh":                   "",
	} {
		got, err := sshCommand(in)
		if got != want || (err == nil) != (want != "") {
			t.Errorf("sshCommand(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// inviteIssued is an enrolment code issued, as the log has it: the event
// and how long the code lasts from it (to the second its expiry is logged
// to).
type inviteIssued struct {
	seq   uint64
	lasts time.Duration
}

// invitesIssued are the enrolment codes issued to member, oldest first.
func invitesIssued(t *testing.T, s *store.Store, member string) []inviteIssued {
	t.Helper()
	events, err := s.MemberEvents(member)
	if err != nil {
		t.Fatal(err)
	}
	var list []inviteIssued
	for _, e := range events {
		if e.Kind != record.InviteIssued {
			continue
		}
		expires, err := time.Parse(time.RFC3339, e.Reason)
		if err != nil {
			t.Fatalf("event %d: %v", e.Seq, err)
		}
		list = append(list, inviteIssued{seq: e.Seq, lasts: expires.Sub(e.Time)})
	}
	return list
}

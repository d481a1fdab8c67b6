package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"course/internal/server"
)

// servedFixture is 'course serve' running in this process on loopback.
type servedFixture struct {
	t       *testing.T
	addr    string
	webURL  string // when served with --web
	officer gossh.Signer
	logMu   sync.Mutex
	log     bytes.Buffer
}

func (f *servedFixture) Write(p []byte) (int, error) {
	f.logMu.Lock()
	defer f.logMu.Unlock()
	return f.log.Write(p)
}

// startServe runs 'course serve' on the record file db, with an officer's
// key, until the test ends.
func startServe(t *testing.T, db string, args ...string) *servedFixture {
	t.Helper()
	_, private, _ := ed25519.GenerateKey(rand.Reader)
	officer, err := gossh.NewSignerFromKey(private)
	if err != nil {
		t.Fatal(err)
	}
	officers := filepath.Join(t.TempDir(), "officers.pub")
	if err := os.WriteFile(officers, gossh.MarshalAuthorizedKey(officer.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	f := &servedFixture{t: t, officer: officer}
	cmd := newRootCmd()
	out, w := io.Pipe()
	cmd.SetOut(w)
	cmd.SetErr(f)
	cmd.SetArgs(append([]string{"--db", db, "serve", "--listen", "127.0.0.1:0", "--address", "course.example.gov.uk:2222", "--officers", officers}, args...))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- cmd.ExecuteContext(ctx)
		w.Close()
	}()
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if m := regexp.MustCompile(`over SSH on (127\.0\.0\.1:\d+)`).FindStringSubmatch(lines.Text()); m != nil {
			f.addr = m[1]
		}
		if m := regexp.MustCompile(`in a browser at: (\S+)`).FindStringSubmatch(lines.Text()); m != nil {
			f.webURL = m[1]
		}
		if strings.HasPrefix(lines.Text(), "Stop with") {
			break
		}
	}
	go io.Copy(io.Discard, out)
	if f.addr == "" {
		cancel()
		t.Fatalf("serve did not start: %v\n%s", <-done, f.log.String())
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("serve ended with %v", err)
		}
	})
	return f
}

// run runs command as key over SSH, with stdin, and returns its output,
// error output and exit status.
func (f *servedFixture) run(key gossh.Signer, stdin io.Reader, command string) (string, string, int) {
	f.t.Helper()
	c, err := gossh.Dial("tcp", f.addr, &gossh.ClientConfig{User: "officer", Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: time.Minute})
	if err != nil {
		f.t.Fatal(err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		f.t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	s.Stdin, s.Stdout, s.Stderr = stdin, &out, &errOut
	err = s.Run(command)
	var exit *gossh.ExitError
	status := 0
	switch {
	case errors.As(err, &exit):
		status = exit.ExitStatus()
	case err != nil:
		f.t.Fatalf("%s: %v", command, err)
	}
	return out.String(), errOut.String(), status
}

func TestOfficerCommandsOverSSH(t *testing.T) {
	records := exportRecords(t)
	want := mustRun(t, "--db", records.path, "report", "--format", "csv")
	f := startServe(t, records.path)

	out, errOut, status := f.run(f.officer, nil, "report --format csv")
	if status != 0 || out != want {
		t.Errorf("report over SSH: status %d, %q\nwant the same as on the server:\n%s", status, errOut, want)
	}

	backup, errOut, status := f.run(f.officer, nil, "backup")
	if status != 0 || !strings.Contains(errOut, "Copied the records") {
		t.Fatalf("backup: status %d, %q", status, errOut)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(copyPath, []byte(backup), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := mustRun(t, "--db", copyPath, "verify"); !strings.Contains(out, "records intact") {
		t.Errorf("the backup does not verify: %s", out)
	}

	_, _, status = f.run(f.officer, strings.NewReader("name,email,ward\nSiân Ellis,sian@example.org,Carlton\n"), "members import -")
	if status != 0 {
		t.Errorf("importing a roster from standard input: status %d", status)
	}
	list, _, _ := f.run(f.officer, nil, "members list")
	if !strings.Contains(list, "Siân Ellis") {
		t.Errorf("the imported member is not listed:\n%s", list)
	}
	number := records.members["Ben"].Number
	invite, _, status := f.run(f.officer, nil, "members invite "+number)
	if status != 0 || !strings.Contains(invite, "ssh -p 2222 course.example.gov.uk") {
		t.Errorf("an invitation over SSH does not say how to reach the server (status %d):\n%s", status, invite)
	}
	hostKey, _, err := server.LoadHostKey(filepath.Join(filepath.Dir(records.path), "ssh_host_ed25519_key"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "\n    " + server.Fingerprint(hostKey.PublicKey()) + "\n"; !strings.Contains(invite, want) {
		t.Errorf("an invitation over SSH lacks the server's fingerprint %q:\n%s", want, invite)
	}
	if _, errOut, status := f.run(f.officer, nil, "members invite "+number+" --host-key /etc/ssh/ssh_host_ed25519_key"); status != exitUsage ||
		!strings.Contains(errOut, "--host-key cannot be given over SSH") {
		t.Errorf("--host-key over SSH: %d %q", status, errOut)
	}

	if _, errOut, status := f.run(f.officer, nil, `members invite Ben Jones`); status != exitUsage ||
		!strings.Contains(errOut, "name the member by number (see 'ssh -p 2222 course.example.gov.uk members list'), for example: ssh -p 2222 course.example.gov.uk members invite NUMBER.") {
		t.Errorf("a name whose quotes the officer's shell took: %d %q", status, errOut)
	}
	if _, errOut, status := f.run(f.officer, nil, `members add --name Eve Brown`); status != exitUsage ||
		!strings.Contains(errOut, `"members add --name 'Eve Brown'"`) || !strings.Contains(errOut, "members import - < roster.csv") {
		t.Errorf("a new member's name whose quotes the officer's shell took: %d %q", status, errOut)
	}
	// A name with an apostrophe, quoted as a shell would quote it: the
	// server's splitting takes the apostrophe.
	if _, errOut, status := f.run(f.officer, strings.NewReader("name\nMargaret O'Brien\n"), "members import -"); status != 0 {
		t.Fatalf("importing a name with an apostrophe: %d %q", status, errOut)
	}
	list, _, _ = f.run(f.officer, nil, "members list")
	margaret := regexp.MustCompile(`(M[0-9A-Z]{8})\tMargaret O'Brien\t`).FindStringSubmatch(list)
	if margaret == nil {
		t.Fatalf("Margaret O'Brien is not listed:\n%s", list)
	}
	_, errOut, status = f.run(f.officer, nil, `members invite 'Margaret O''Brien'`)
	if status != exitFailure || !strings.Contains(errOut, "member "+margaret[1]+` is called "Margaret O'Brien"`) ||
		!strings.Contains(errOut, "name the member by number") {
		t.Errorf("a name whose apostrophe the quotes took: %d %q", status, errOut)
	}
	if _, _, status := f.run(f.officer, nil, "members invite "+margaret[1]); status != 0 {
		t.Errorf("inviting Margaret O'Brien by number: %d", status)
	}
	if help, _, _ := f.run(f.officer, nil, "help"); !strings.Contains(help, "Name members by their number") {
		t.Errorf("help over SSH does not say to name members by number:\n%s", help)
	}
	// An officer's key that connects without a command is given the same help.
	if help, _, status := f.run(f.officer, nil, ""); status != 0 || !strings.Contains(help, "This key is a monitoring officer's key.") ||
		!strings.Contains(help, "Name members by their number") || !strings.Contains(help, "  sync-status ") {
		t.Errorf("an officer's key without a command: status %d\n%s", status, help)
	}
	for command, says := range map[string]string{
		"export --out /tmp/statements.csv": "over SSH the output comes to your own computer",
		"members import /etc/passwd":       "over SSH the file comes from your own computer",
		"report --db /tmp/other.db":        "--db cannot be given over SSH",
		"serve":                            "is not one of the commands the server runs",
	} {
		out, errOut, status := f.run(f.officer, nil, command)
		if status == 0 || out != "" || !strings.Contains(errOut, says) {
			t.Errorf("%s: status %d, out %q, err %q; want it refused saying %q", command, status, out, errOut, says)
		}
	}

	if out, _, status := f.run(f.officer, nil, "sync-status"); status != 0 || !strings.Contains(out, "sends nothing to a learning record store") {
		t.Errorf("sync-status without an LRS: %d %q", status, out)
	}

	// A member's key runs nothing.
	member := progresstestKey(t)
	bind(t, f, number, member)
	// The log names each command by its path, and nothing else of its line.
	f.logMu.Lock()
	log := f.log.String()
	f.logMu.Unlock()
	for _, want := range []string{`command="members keys add"`, `command="members invite"`, `command=report`, `command=help`} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %s:\n%s", want, log)
		}
	}
	if strings.Contains(log, "Brien") || strings.Contains(log, "command="+number) {
		t.Errorf("the log holds more of a command line than its command:\n%s", log)
	}
	if _, errOut, status := f.run(member, nil, "report"); status == 0 || !strings.Contains(errOut, "cannot run commands") {
		t.Errorf("a member's key ran report: %d %q", status, errOut)
	}
}

// progresstestKey makes a key for a member.
func progresstestKey(t *testing.T) gossh.Signer {
	_, private, _ := ed25519.GenerateKey(rand.Reader)
	s, err := gossh.NewSignerFromKey(private)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// bind enrols key for member through the officer's command over SSH.
func bind(t *testing.T, f *servedFixture, member string, key gossh.Signer) {
	t.Helper()
	_, errOut, status := f.run(f.officer, bytes.NewReader(gossh.MarshalAuthorizedKey(key.PublicKey())), "members keys add "+member+" -")
	if status != 0 {
		t.Fatalf("members keys add over SSH: %d %q", status, errOut)
	}
}

// TestServeSendsStatementsInTheBackground: a server whose course names a
// learning record store sends it the statements, and sync-status says so.
func TestServeSendsStatementsInTheBackground(t *testing.T) {
	records := exportRecords(t)
	l := newTestLRS(t)
	t.Setenv("COURSE_LRS_KEY", testKey)
	t.Setenv("COURSE_LRS_SECRET", testSecret)
	dir := copyContent(t)
	settings := filepath.Join(dir, "course.yaml")
	data, err := os.ReadFile(settings)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(settings, append(data, []byte("\nlrs:\n  endpoint: "+l.endpoint()+"\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	// The records are the built-in course's: the copy has its id.
	f := startServe(t, records.path, "--content", dir, "--sync-every", "1h")
	deadline := time.Now().Add(2 * time.Minute)
	for {
		out, errOut, status := f.run(f.officer, nil, "sync-status")
		if status != 0 {
			t.Fatalf("sync-status: %d %q", status, errOut)
		}
		if strings.Contains(out, "is up to date") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the LRS was not brought up to date; sync-status says:\n%s", out)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, stored, _ := l.received(); stored == 0 {
		t.Error("sync-status says up to date, but the LRS holds nothing")
	}
	if _, errOut, status := f.run(f.officer, nil, "sync-status"); status != 0 {
		t.Errorf("sync-status: %d %q", status, errOut)
	}
}

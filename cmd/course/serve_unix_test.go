//go:build !windows

package main

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"course/internal/record"
	"course/internal/store"
)

// needTool finds a program a test needs. Outside CI a missing one skips
// the test, saying so; in CI (where .ci/run installs it) it fails.
func needTool(t *testing.T, name, why string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not installed, and CI must have it: %s", name, why)
	}
	t.Skipf("skipped: %s is not installed (%s); .ci/run installs it", name, why)
	return ""
}

// writeKey makes an ed25519 key pair in dir, as ssh-keygen would: the
// private key (mode 0600) and NAME.pub.
func writeKey(t *testing.T, dir, name string) string {
	t.Helper()
	_, private, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := gossh.MarshalPrivateKey(private, name)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(private)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".pub", gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// tmuxWindow is a real terminal (tmux) running a real program.
type tmuxWindow struct {
	t      *testing.T
	tmux   string
	socket string
	name   string
}

func (w *tmuxWindow) capture() (string, bool) {
	out, err := exec.Command(w.tmux, "-L", w.socket, "capture-pane", "-p", "-t", w.name+":").Output()
	return string(out), err == nil
}

// waitFor waits for the window to show want. tmux has no way to say the
// screen changed, so it looks again every tenth of a second; the bound only
// turns a hang into a failure.
func (w *tmuxWindow) waitFor(want string) {
	w.t.Helper()
	deadline := time.Now().Add(ptyBound)
	for {
		screen, ok := w.capture()
		if ok && strings.Contains(screen, want) {
			return
		}
		if !ok || time.Now().After(deadline) {
			w.t.Fatalf("the window did not show %q; it shows:\n%s", want, screen)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitGone waits for the program in the window to end (tmux closes it).
func (w *tmuxWindow) waitGone() {
	w.t.Helper()
	deadline := time.Now().Add(ptyBound)
	for {
		if err := exec.Command(w.tmux, "-L", w.socket, "has-session", "-t", w.name+":").Run(); err != nil {
			return
		}
		if time.Now().After(deadline) {
			screen, _ := w.capture()
			w.t.Fatalf("the program did not end; the window shows:\n%s", screen)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (w *tmuxWindow) keys(keys ...string) {
	w.t.Helper()
	args := append([]string{"-L", w.socket, "send-keys", "-t", w.name + ":"}, keys...)
	if out, err := exec.Command(w.tmux, args...).CombinedOutput(); err != nil {
		w.t.Fatalf("send-keys %v: %v %s", keys, err, out)
	}
}

// TestServeWithOpenSSH: a member takes the course with the real OpenSSH
// client in a real terminal: they connect, answer a question, quit,
// connect again and carry on; the server, stopped with SIGTERM as a
// service manager stops it, keeps every acknowledged answer.
func TestServeWithOpenSSH(t *testing.T) {
	sshPath := needTool(t, "ssh", "the test connects with the OpenSSH client")
	tmux := needTool(t, "tmux", "the test runs ssh in a real terminal")
	bin := courseBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "records.db")
	run := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(bin, append([]string{"--db", db}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("course %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	added := run("members", "add", "--name", "Gwenllïan Ŵyn")
	number := regexp.MustCompile(`member (M[0-9A-Z]+)`).FindStringSubmatch(added)
	if number == nil {
		t.Fatalf("no member number in %q", added)
	}
	key := writeKey(t, dir, "id_member")
	run("members", "keys", "add", number[1], key+".pub")

	server := exec.Command(bin, "serve", "--db", db, "--listen", "127.0.0.1:0", "--address", "127.0.0.1")
	stdout, err := server.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	server.Stderr = &logs
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	defer server.Process.Kill()
	lines := bufio.NewScanner(stdout)
	var port string
	for lines.Scan() && port == "" {
		if m := regexp.MustCompile(`over SSH on 127\.0\.0\.1:(\d+)`).FindStringSubmatch(lines.Text()); m != nil {
			port = m[1]
		}
	}
	if port == "" {
		t.Fatalf("the server did not say where it listens; its log:\n%s", logs.String())
	}
	go func() {
		for lines.Scan() {
		}
	}()

	socket := fmt.Sprintf("course-test-%d", os.Getpid())
	defer exec.Command(tmux, "-L", socket, "kill-server").Run()
	// A session of its own keeps the tmux server up between the members'
	// windows: a server whose last session has just closed is on its way
	// out, and a new window started then can fail with it.
	if out, err := exec.Command(tmux, "-L", socket, "new-session", "-d", "-s", "keep", "sleep 3600").CombinedOutput(); err != nil {
		t.Fatalf("tmux: %v %s", err, out)
	}
	connect := func(name string) *tmuxWindow {
		t.Helper()
		command := strings.Join([]string{sshPath, "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
			"-o", "StrictHostKeyChecking=accept-new", "-o", "UserKnownHostsFile=" + filepath.Join(dir, "known_hosts"),
			"-i", key, "-p", port, "-t", "127.0.0.1"}, " ")
		out, err := exec.Command(tmux, "-L", socket, "new-session", "-d", "-s", name, "-x", "80", "-y", "24",
			"env TERM=xterm-256color "+command).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux: %v %s", err, out)
		}
		return &tmuxWindow{t: t, tmux: tmux, socket: socket, name: name}
	}

	first := connect("first")
	first.waitFor("Gwenllïan Ŵyn")
	first.keys("1")
	first.waitFor("t quiz")
	first.keys("t")
	first.waitFor("Question 1 of")
	first.keys("1", "Enter")
	first.waitFor("for the next question") // the feedback, shown once the answer is saved
	first.keys("q")
	first.waitGone()

	second := connect("second")
	second.waitFor("Gwenllïan Ŵyn")
	second.waitFor("Continue the quiz for module 1") // the quiz left part way is offered
	second.keys("1")
	second.waitFor("t quiz")

	if err := server.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	}()
	second.waitFor("closing for maintenance")
	done := make(chan error, 1)
	go func() { done <- server.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("the server ended with %v; its log:\n%s", err, logs.String())
		}
	case <-time.After(ptyBound):
		t.Fatal("the server did not stop after SIGTERM")
	}
	second.waitGone()

	recs, err := store.Open(db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer recs.Close()
	if r, err := recs.VerifyHead(""); err != nil || !r.OK {
		t.Fatalf("the records do not verify after the server stopped: %+v %v", r, err)
	}
	events, err := recs.MemberEvents(number[1])
	if err != nil {
		t.Fatal(err)
	}
	answers := 0
	for _, e := range events {
		if e.Kind == record.QuestionAnswered {
			answers++
		}
	}
	if answers != 1 {
		t.Errorf("%d answers on the record; 1 was acknowledged", answers)
	}
	if strings.Contains(logs.String(), "Gwenll") {
		t.Errorf("the server's log names the member:\n%s", logs.String())
	}
}

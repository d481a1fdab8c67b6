package server

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"course/internal/record"
	"course/internal/store"
)

// answered is how many of member's answers are on the record.
func (ts *testServer) answered(member string) int {
	ts.t.Helper()
	events, err := ts.store.MemberEvents(member)
	if err != nil {
		ts.t.Fatal(err)
	}
	n := 0
	for _, e := range events {
		if e.Kind == record.QuestionAnswered {
			n++
		}
	}
	return n
}

// startQuiz opens the first module from the member's home screen and
// starts its quiz.
func (term *terminal) startQuiz(ts *testServer) {
	term.t.Helper()
	term.waitFor(ts.course.Modules[0].Title)
	term.send("1")
	term.waitFor("t quiz")
	term.send("t")
	term.waitFor("Question 1 of")
}

// answerOne chooses the first option of the question shown, submits it and
// waits for the feedback, which is shown once the answer is saved.
func (term *terminal) answerOne(question int) {
	term.t.Helper()
	term.waitFor("Question " + itoa(question) + " of")
	term.send("1", "enter")
	term.waitUntil(func() bool {
		s := term.text()
		return strings.Contains(s, "Correct.") || strings.Contains(s, "Not quite.")
	}, "feedback on question %d", question)
}

func TestEnrolledMemberTakesTheCourse(t *testing.T) {
	ts := startServer(t)
	m, key := ts.member("Gwenllïan Ŵyn")
	term := ts.open(key, 80, 24)
	term.waitFor("Gwenllïan Ŵyn", ts.course.Modules[0].Title)
	if strings.Contains(term.text(), "Who is taking the course?") {
		t.Fatal("a member known by their key was asked who they are")
	}
	term.startQuiz(ts)
	term.answerOne(1)
	if n := ts.answered(m.Number); n != 1 {
		t.Errorf("%d answers on the record after one was acknowledged", n)
	}
	term.send("q")
	if status := term.waitEnd(); status != 0 {
		t.Errorf("quitting ended the session with status %d", status)
	}
	if log := ts.logText(); !strings.Contains(log, "member="+m.Number) || strings.Contains(log, "Gwenll") {
		t.Errorf("the log should name the member by number only:\n%s", log)
	}
}

func TestWindowChangesReachTheCourse(t *testing.T) {
	ts := startServer(t)
	_, key := ts.member("Robin Hart")
	term := ts.open(key, 80, 24)
	term.waitFor(ts.course.Modules[0].Title)
	term.resize(40, 10)
	term.waitFor("Window too small")
	term.resize(100, 30)
	term.waitFor(ts.course.Modules[0].Title)
	if strings.Contains(term.text(), "Window too small") {
		t.Error("the course still says the window is too small after it grew")
	}
}

func TestUnknownKeyIsToldHowToEnrol(t *testing.T) {
	ts := startServer(t)
	key := newKey(t)
	term := ts.open(key, 80, 24)
	term.waitFor("not enrolled", Fingerprint(key.PublicKey()), "legalservices@gedling.gov.uk")
	term.send("esc")
	term.waitEnd()
}

func TestNoKeyIsToldHowToMakeOne(t *testing.T) {
	ts := startServer(t)
	term := ts.open(nil, 80, 24)
	term.waitFor("did not offer an SSH key", "ssh-keygen -t ed25519")
	term.send("q")
	term.waitEnd()
}

func TestEnrolmentCodes(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.Connect = "ssh -p 2222 course.example.gov.uk" })
	_, code := ts.invited("Siân Ellis", 14*24*time.Hour)

	// A wrong code is refused; the right one binds the key and opens the
	// course.
	key := newKey(t)
	term := ts.open(key, 80, 24)
	term.waitFor("not enrolled")
	term.send("ZZZZ-ZZZZ-ZZZZ", "enter")
	term.waitFor("That code is not right")
	term.send(strings.ToLower(code), "enter")
	term.waitFor("Enrolled", "Siân Ellis", "ssh -p 2222 course.example.gov.uk")
	term.send("enter")
	term.waitFor("Siân Ellis", ts.course.Modules[0].Title)
	term.send("q")
	term.waitEnd()

	// The key now opens the course at once.
	again := ts.open(key, 80, 24)
	again.waitFor("Siân Ellis", ts.course.Modules[0].Title)
	again.send("q")
	again.waitEnd()

	// The code cannot enrol a second key.
	other := ts.open(newKey(t), 80, 24)
	other.waitFor("not enrolled")
	other.send(code, "enter")
	other.waitFor("already been used")
	other.send("esc")
	other.waitEnd()

	// An expired code says so.
	late, err := ts.store.AddMember(record.NewMember{Name: "Late Member"})
	if err != nil {
		t.Fatal(err)
	}
	lateCode, _, err := ts.store.Invite(late.Number, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	ts.clock.add(2 * time.Hour)
	expired := ts.open(newKey(t), 80, 24)
	expired.waitFor("not enrolled")
	expired.send(lateCode, "enter")
	expired.waitFor("That code has expired")
	expired.send("esc")
	expired.waitEnd()
}

func TestGuessingCodesIsLimited(t *testing.T) {
	ts := startServer(t)
	m, err := ts.store.AddMember(record.NewMember{Name: "Siân Ellis"})
	if err != nil {
		t.Fatal(err)
	}
	code, _, err := ts.store.Invite(m.Number, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	term := ts.open(newKey(t), 80, 24)
	term.waitFor("not enrolled")
	for i := range 5 {
		term.send("ZZZZ-ZZZZ-ZZZ"+string(rune('A'+i)), "enter")
		term.waitUntil(func() bool { return strings.Count(ts.logText(), "wrong enrolment code") == i+1 }, "wrong code %d to be logged", i+1)
		term.waitFor("That code is not right")
	}
	// Even the right code waits now, and a new key from the same address
	// is held back too.
	term.send(code, "enter")
	term.waitFor("Too many wrong codes")
	second := ts.open(newKey(t), 80, 24)
	second.waitFor("not enrolled")
	second.send(code, "enter")
	second.waitFor("Too many wrong codes")
	// After the wait, the right code works.
	ts.clock.add(2 * time.Minute)
	second.send(code, "enter")
	second.waitFor("Enrolled", "Siân Ellis")
	second.send("enter")
	second.waitFor("Siân Ellis", ts.course.Modules[0].Title)
}

func TestMemberKeysRunNoCommands(t *testing.T) {
	ts := startServer(t)
	_, key := ts.member("Robin Hart")
	out, errOut, status := ts.run(key, nil, "report")
	if status == 0 || out != "" || !strings.Contains(errOut, "cannot run commands") {
		t.Errorf("a member's key ran report: status %d, out %q, err %q", status, out, errOut)
	}
	// A shell without a terminal is refused with a sentence.
	c := ts.dial(key)
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	s.Stderr = &stderr
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	if err := s.Wait(); err == nil {
		t.Error("a session without a terminal ended as if all was well")
	}
	if !strings.Contains(stderr.String(), "this connection has none") {
		t.Errorf("no terminal: %q", stderr.String())
	}
}

func TestOfficerRunsCommands(t *testing.T) {
	ts := startServer(t)
	out, _, status := ts.run(ts.officer, nil, "report --format csv")
	if status != 0 || out != "ran report --format csv\n" {
		t.Errorf("officer's command: status %d, out %q", status, out)
	}
	// An unknown key is no officer.
	if _, _, status := ts.run(newKey(t), nil, "report"); status == 0 {
		t.Error("an unknown key ran a command")
	}
	// Without a command, an officer's key runs help.
	if out, _, status := ts.run(ts.officer, nil, ""); status != 0 || !strings.Contains(out, "This key is a monitoring officer's key.") || !strings.Contains(out, "ran help\n") {
		t.Errorf("an officer's key without a command: status %d, out %q", status, out)
	}
	// The log names the command as Config.CommandName does, and no more.
	if log := ts.logText(); !strings.Contains(log, "command=report ") || strings.Contains(log, "csv") {
		t.Errorf("the log of an officer's command:\n%s", log)
	}
}

func TestOfficersFileIsReadAgainWhenItChanges(t *testing.T) {
	ts := startServer(t)
	newOfficer := newKey(t)
	if _, _, status := ts.run(newOfficer, nil, "report"); status == 0 {
		t.Fatal("a key not yet in the officers' file ran a command")
	}
	path := ts.srv.cfg.OfficersFile
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, []byte(authorized(newOfficer))...)
	// A different size is enough to be seen as changed, whatever the clock.
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, status := ts.run(newOfficer, nil, "report"); status != 0 {
		t.Error("a key added to the officers' file could not run a command")
	}
}

func TestFullServerSaysSo(t *testing.T) {
	const limit = 200
	ts := startServer(t, func(c *Config) { c.Limits.MaxSessions = limit })
	var terms []*terminal
	var keys []gossh.Signer
	for i := range limit {
		_, key := ts.member("Member " + itoa(i))
		keys = append(keys, key)
		terms = append(terms, ts.open(key, 80, 24))
	}
	for _, term := range terms {
		term.waitFor(ts.course.Modules[0].Title)
	}
	_, key := ts.member("One Too Many")
	_, errOut, status := ts.run(key, nil, "")
	if status == 0 || !strings.Contains(errOut, "The course is full just now: 200 people are connected") {
		t.Errorf("session %d: status %d, %q", limit+1, status, errOut)
	}
	terms[0].send("q")
	terms[0].waitEnd()
	// The server counts the session gone just after the client sees it end.
	terms[1].waitUntil(func() bool { return ts.srv.open() < limit }, "a place to come free")
	next := ts.open(key, 80, 24)
	next.waitFor(ts.course.Modules[0].Title)
	if len(keys) != limit {
		t.Fatal("not every member had a key")
	}
}

func TestShutdownTellsEverySessionAndLosesNothing(t *testing.T) {
	ts := startServer(t)
	type taker struct {
		number string
		term   *terminal
	}
	var takers []taker
	for i := range 20 {
		m, key := ts.member("Member " + itoa(i))
		term := ts.open(key, 80, 24)
		term.startQuiz(ts)
		term.answerOne(1)
		term.send("enter")
		term.answerOne(2)
		takers = append(takers, taker{m.Number, term})
	}
	done := make(chan struct{})
	go func() { ts.stop(); close(done) }()
	for _, tk := range takers {
		tk.term.waitEnd()
		if !strings.Contains(tk.term.all(), "closed for maintenance. Your answers are saved") {
			t.Errorf("member %s was not told the course closed; the window shows:\n%s", tk.number, tk.term.text())
		}
	}
	<-done
	recs, err := store.Open(ts.store.Path(), store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer recs.Close()
	report, err := recs.VerifyHead("")
	if err != nil || !report.OK {
		t.Fatalf("the records do not verify after the server closed: %+v %v", report, err)
	}
	for _, tk := range takers {
		events, err := recs.MemberEvents(tk.number)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range events {
			if e.Kind == record.QuestionAnswered {
				n++
			}
		}
		if n != 2 {
			t.Errorf("member %s: %d answers on the record, 2 acknowledged", tk.number, n)
		}
	}
}

func TestDroppedConnectionKeepsAcknowledgedAnswers(t *testing.T) {
	ts := startServer(t)
	m, key := ts.member("Robin Hart")
	term := ts.open(key, 80, 24)
	term.startQuiz(ts)
	term.answerOne(1)
	term.send("enter")
	term.answerOne(2)
	term.send("enter")
	term.waitFor("Question 3 of")
	term.send("1") // chosen, not submitted
	term.client.Close()
	deadline := time.Now().Add(bound)
	for ts.srv.open() > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := ts.answered(m.Number); n != 2 {
		t.Errorf("%d answers on the record after the connection dropped; 2 were acknowledged", n)
	}
	// The member carries on where they were.
	again := ts.open(key, 80, 24)
	again.waitFor(ts.course.Modules[0].Title)
}

func TestIdleSessionIsWarnedThenClosed(t *testing.T) {
	ts := startServer(t, func(c *Config) {
		c.Limits.Idle, c.Limits.Warning, c.Limits.Check = 10*time.Minute, time.Minute, 20*time.Millisecond
	})
	_, key := ts.member("Robin Hart")
	term := ts.open(key, 80, 24)
	term.waitFor(ts.course.Modules[0].Title)
	ts.clock.add(9*time.Minute + time.Second)
	term.waitFor("this session closes in a minute unless you")
	term.send("j") // a key keeps it open
	term.waitUntil(func() bool { return !strings.Contains(term.text(), "closes in a minute") }, "the warning to go")
	ts.clock.add(10 * time.Minute)
	term.waitEnd()
	if !strings.Contains(term.all(), "The course closed after 10 minutes without a key press. Your answers are saved") {
		t.Errorf("the member was not told why the course closed:\n%s", term.all())
	}
}

func TestLongSessionIsWarnedThenClosed(t *testing.T) {
	ts := startServer(t, func(c *Config) {
		c.Limits.Idle, c.Limits.MaxTime, c.Limits.Warning, c.Limits.Check = 0, time.Hour, time.Minute, 20*time.Millisecond
	})
	_, key := ts.member("Robin Hart")
	term := ts.open(key, 80, 24)
	term.waitFor(ts.course.Modules[0].Title)
	ts.clock.add(59*time.Minute + time.Second)
	term.waitFor("This session closes in a minute")
	ts.clock.add(time.Minute)
	term.waitEnd()
	if !strings.Contains(term.all(), "sessions last at most 1 hour") {
		t.Errorf("the member was not told why the course closed:\n%s", term.all())
	}
}

// TestSessionsLeaveNothingBehind: after many sessions have come and gone,
// the server runs no more goroutines than before them.
func TestSessionsLeaveNothingBehind(t *testing.T) {
	ts := startServer(t)
	_, key := ts.member("Robin Hart")
	warm := ts.open(key, 80, 24)
	warm.waitFor(ts.course.Modules[0].Title)
	warm.send("q")
	warm.waitEnd()
	warm.client.Close()
	settle := func() int {
		var n int
		for range 100 {
			runtime.GC()
			n = runtime.NumGoroutine()
			time.Sleep(20 * time.Millisecond)
			if ts.srv.open() == 0 && runtime.NumGoroutine() == n {
				break
			}
		}
		return n
	}
	before := settle()
	for range 30 {
		term := ts.open(key, 80, 24)
		term.waitFor(ts.course.Modules[0].Title)
		term.send("1")
		term.waitFor("t quiz")
		term.send("q")
		term.waitEnd()
		closeScreen(term.screen)
		term.client.Close()
	}
	if after := settle(); after > before {
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		t.Errorf("%d goroutines before 30 sessions, %d after:\n%s", before, after, buf[:n])
	}
}

func TestHostKeyIsMadeOnceAndKeptPrivate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "host")
	first, made, err := LoadHostKey(path)
	if err != nil || !made {
		t.Fatalf("first start: made %v, %v", made, err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("host key mode %04o, want 0600", st.Mode().Perm())
	}
	second, made, err := LoadHostKey(path)
	if err != nil || made {
		t.Fatalf("second start: made %v, %v", made, err)
	}
	if Fingerprint(first.PublicKey()) != Fingerprint(second.PublicKey()) {
		t.Error("the host key changed between starts")
	}
	if runtime.GOOS != "windows" {
		os.Chmod(path, 0o644)
		if _, _, err := LoadHostKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
			t.Errorf("a host key others can read: %v", err)
		}
	}
}

// TestAccessibleCourseOverSSH: "ssh -t HOST accessible" gives the course as
// plain lines of text, with no escape sequences, and the choice is
// remembered for the next connection.
func TestAccessibleCourseOverSSH(t *testing.T) {
	ts := startServer(t)
	m, key := ts.member("Robin Hart")
	term := ts.openCommand(ts.dial(key), "accessible", 80, 24)
	term.waitUntil(func() bool { return strings.Contains(term.all(), "Hello, Robin Hart.") }, "the greeting")
	term.send("quit", "enter")
	term.waitEnd()
	if on, err := ts.store.Accessible(m.Number); err != nil || !on {
		t.Errorf("the choice of the accessible course was not remembered: %v %v", on, err)
	}
	again := ts.open(key, 80, 24)
	again.waitUntil(func() bool { return strings.Contains(again.all(), "Hello, Robin Hart.") }, "the greeting")
	again.send("quit", "enter")
	again.waitEnd()
	again.mu.Lock()
	raw := again.raw.String()
	again.mu.Unlock()
	if strings.ContainsRune(raw, 0x1b) {
		t.Errorf("the accessible course sent escape sequences: %q", raw)
	}
}

// TestClosingServerTellsTheAccessibleCourse: the plain text course is told
// the course is closing, as the screens are.
func TestClosingServerTellsTheAccessibleCourse(t *testing.T) {
	ts := startServer(t)
	_, key := ts.member("Robin Hart")
	term := ts.openCommand(ts.dial(key), "accessible", 80, 24)
	term.waitUntil(func() bool { return strings.Contains(term.all(), "Hello, Robin Hart.") }, "the greeting")
	go ts.stop()
	term.waitEnd()
	if !strings.Contains(term.all(), "The course is closing. Your answers are saved.") {
		t.Errorf("the member was not told:\n%s", term.all())
	}
}

func TestOfficersFileRefusesOptionsItWouldNotApply(t *testing.T) {
	path := filepath.Join(t.TempDir(), "officers.pub")
	key := newKey(t)
	for contents, want := range map[string]string{
		"# officers\n\n" + authorized(key):                   "",
		"# officers\nfrom=\"10.0.0.0/8\" " + authorized(key): "has options before it (from=",
		"not a key\n": "line 1 is not an SSH public key",
		"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n": "that is a private key",
	} {
		if err := os.WriteFile(path, []byte(contents), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := loadOfficers(path)
		switch {
		case want == "" && err != nil:
			t.Errorf("%q: %v", contents, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%q: %v, want it refused saying %q", contents, err, want)
		}
	}
}

// TestClosingASessionEndsIt: a client that closes a session and keeps its
// connection, as OpenSSH's ControlMaster does, leaves nothing of the
// session running, and the connection still serves.
func TestClosingASessionEndsIt(t *testing.T) {
	ts := startServer(t)
	_, key := ts.member("Robin Hart")
	c := ts.dial(key)
	term := ts.openOn(c, 80, 24)
	term.waitFor(ts.course.Modules[0].Title)
	term.session.Close()
	for deadline := time.Now().Add(bound); ts.srv.open() > 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the closed session did not end")
		}
	}
	again := ts.openOn(c, 80, 24)
	again.waitFor(ts.course.Modules[0].Title)
}

package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"course/internal/lrs"
)

// testLRS is an LRS's statements resource that keeps what it is sent.
type testLRS struct {
	mu     sync.Mutex
	bodies []string
	ids    map[string]bool
	server *httptest.Server
}

const testKey, testSecret = "course-key", "course-secret"

func newTestLRS(t *testing.T) *testLRS {
	l := &testLRS{ids: map[string]bool{}}
	l.server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if key, secret, ok := r.BasicAuth(); !ok || key != testKey || secret != testSecret {
			http.Error(w, `{"message":"Unauthorised"}`, http.StatusUnauthorized)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var sts []struct{ ID string }
		if r.Method != http.MethodPost || r.URL.Path != "/xAPI/statements" || json.Unmarshal(body, &sts) != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		l.bodies = append(l.bodies, string(body))
		var ids []string
		for _, st := range sts {
			l.ids[st.ID] = true
			ids = append(ids, st.ID)
		}
		json.NewEncoder(w).Encode(ids)
	}))
	t.Cleanup(l.server.Close)
	return l
}

func (l *testLRS) endpoint() string { return l.server.URL + "/xAPI/" }

func (l *testLRS) received() (requests int, statements int, all string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.bodies), len(l.ids), strings.Join(l.bodies, "\n")
}

func TestSync(t *testing.T) {
	f := exportRecords(t)
	_, statements := exportWith(t, f, "--format", "xapi")
	l := newTestLRS(t)
	t.Setenv("COURSE_LRS_KEY", testKey)
	t.Setenv("COURSE_LRS_SECRET", testSecret)

	out := mustRun(t, "--db", f.path, "sync", "--endpoint", l.endpoint(), "--dry-run")
	if requests, _, _ := l.received(); requests != 0 || !strings.Contains(out, "Would send "+count(statements, "statement", "statements")) ||
		!strings.Contains(out, "Nothing was sent.") {
		t.Errorf("dry run said %q and sent %d requests", out, requests)
	}

	out = mustRun(t, "--db", f.path, "sync", "--endpoint", l.endpoint())
	requests, stored, all := l.received()
	if stored != statements || !strings.Contains(out, "Sent "+count(statements, "statement", "statements")) ||
		!strings.Contains(out, "the LRS accepted them") || strings.Contains(out, "again") {
		t.Errorf("sync said %q; the LRS holds %d statements of %d", out, stored, statements)
	}
	for _, m := range f.members {
		if strings.Contains(all, m.Name) && m.Name != "" {
			t.Errorf("a statement sent names %s: statements carry member numbers only", m.Name)
		}
	}

	out = mustRun(t, "--db", f.path, "sync", "--endpoint", l.endpoint())
	if again, _, _ := l.received(); again != requests || !strings.Contains(out, "is up to date") {
		t.Errorf("a second sync said %q and sent %d requests", out, again-requests)
	}
	out = mustRun(t, "--db", f.path, "sync", "--endpoint", l.endpoint(), "--from-start")
	if again, held, _ := l.received(); again == requests || held != statements || !strings.Contains(out, "Sent "+count(statements, "statement", "statements")) {
		t.Errorf("--from-start said %q; the LRS holds %d statements", out, held)
	}
}

func TestSyncRefusals(t *testing.T) {
	f := exportRecords(t)
	l := newTestLRS(t)
	t.Setenv("COURSE_LRS_KEY", "")
	t.Setenv("COURSE_LRS_SECRET", "")
	for _, c := range []struct {
		name string
		env  [2]string
		args []string
		code int
		says string
	}{
		{"no endpoint", [2]string{testKey, testSecret}, nil, exitUsage, "say where the LRS is"},
		{"an endpoint with the secret in it", [2]string{testKey, testSecret}, []string{"--endpoint", "https://k:s@lrs.example.org/xAPI"}, exitUsage, "must not have a user name or password"},
		{"no key", [2]string{}, []string{"--endpoint", l.endpoint()}, exitFailure, "set COURSE_LRS_KEY and COURSE_LRS_SECRET"},
		{"wrong secret", [2]string{testKey, "wrong"}, []string{"--endpoint", l.endpoint()}, exitFailure, "Check the key and secret"},
		{"dry run from the start", [2]string{}, []string{"--endpoint", l.endpoint(), "--dry-run", "--from-start"}, exitUsage, "cannot go together"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("COURSE_LRS_KEY", c.env[0])
			t.Setenv("COURSE_LRS_SECRET", c.env[1])
			out, err := execute(t, append([]string{"--db", f.path, "sync"}, c.args...)...)
			if msg := wantExit(t, err, c.code); !strings.Contains(msg, c.says) {
				t.Errorf("said %q (output %q), want %q", msg, out, c.says)
			}
		})
	}
	if _, stored, _ := l.received(); stored != 0 {
		t.Errorf("the LRS was given %d statements", stored)
	}
}

// The LRS named in a council's course.yaml, with its key in a file beside
// it that only its owner can read.
func TestSyncFromCourseSettings(t *testing.T) {
	f := exportRecords(t)
	l := newTestLRS(t)
	t.Setenv("COURSE_LRS_KEY", "")
	t.Setenv("COURSE_LRS_SECRET", "")
	dir := copyContent(t)
	settings := filepath.Join(dir, "course.yaml")
	data, err := os.ReadFile(settings)
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, []byte("\nlrs:\n  endpoint: "+l.endpoint()+"\n  credentials: lrs-credentials.yaml\n")...)
	if err := os.WriteFile(settings, data, 0o644); err != nil {
		t.Fatal(err)
	}
	credentials := filepath.Join(dir, "lrs-credentials.yaml")
	if err := os.WriteFile(credentials, []byte("key: "+testKey+"\nsecret: "+testSecret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, "--db", f.path, "--content", dir, "sync")
	if _, stored, _ := l.received(); stored == 0 || !strings.Contains(out, "Sent ") {
		t.Errorf("sync said %q; the LRS holds %d statements", out, stored)
	}
}

func TestSyncStatusText(t *testing.T) {
	now := time.Date(2026, 3, 2, 14, 30, 0, 0, time.UTC)
	for _, c := range []struct {
		st   lrs.Status
		want []string
	}{
		{lrs.Status{Endpoint: "https://lrs.example.org/xAPI", Events: 12000, Accepted: 11000, LastAccepted: now.Add(-3 * time.Minute), LastRun: now.Add(-3 * time.Minute)},
			[]string{"is up to date", "12,000 events", "11,000 statements in all", "at 14:27 UTC today (3 minutes ago)", "succeeded"}},
		{lrs.Status{Endpoint: "https://lrs.example.org/xAPI", Events: 12000, Behind: 250, Accepted: 11000, LastAccepted: now.AddDate(0, 0, -3),
			LastRun: now.Add(-time.Minute), LastError: "the LRS refused the key and secret (401 Unauthorized)"},
			[]string{"is 250 events behind", "up to event 11,750 of 12,000", "on 27 February 2026 at 14:30 UTC", "failed: the LRS refused the key and secret"}},
		{lrs.Status{Endpoint: "https://lrs.example.org/xAPI", Events: 1, Behind: 1}, []string{"is 1 event behind", "No sync has run"}},
		{lrs.Status{Endpoint: "https://lrs.example.org/xAPI", Problem: "the records cannot be read: x", Running: true}, []string{"cannot be told", "A sync is running now."}},
	} {
		got := syncStatusText(c.st, now)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("status text lacks %q:\n%s", w, got)
			}
		}
	}
}

// An LRS that refuses connections is said at once, on stderr, with each
// attempt, not after minutes of silence.
func TestSyncSaysEachRetry(t *testing.T) {
	f := exportRecords(t)
	t.Setenv("COURSE_LRS_KEY", testKey)
	t.Setenv("COURSE_LRS_SECRET", testSecret)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	endpoint := "http://" + ln.Addr().String() + "/xAPI"
	ln.Close() // Nothing answers there now.
	old := syncRetry
	syncRetry = lrs.Retry{Attempts: 3, First: time.Millisecond, Max: time.Millisecond}
	t.Cleanup(func() { syncRetry = old })
	out, errOut, err := executeApart(t, "--db", f.path, "sync", "--endpoint", endpoint)
	wantExit(t, err, exitFailure)
	for _, want := range []string{
		"course: nothing answers at that address (connection refused): the LRS is down, or the endpoint is wrong. Trying again in ",
		"(attempt 2 of 3).\n", "(attempt 3 of 3).\n",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(out, "attempt") {
		t.Errorf("the retries went to stdout:\n%s", out)
	}
}

// A 409 stops the run with the likely causes, and without advice to run
// the sync again, which would stop at the same statement.
func TestSyncConflictGivesNoAdviceThatLoops(t *testing.T) {
	f := exportRecords(t)
	t.Setenv("COURSE_LRS_KEY", testKey)
	t.Setenv("COURSE_LRS_SECRET", testSecret)
	lrsServer := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"message":"statement is conflicting"}`, http.StatusConflict)
	}))
	t.Cleanup(lrsServer.Close)
	_, err := execute(t, "--db", f.path, "sync", "--endpoint", lrsServer.URL+"/xAPI")
	msg := wantExit(t, err, exitFailure)
	for _, want := range []string{"409 Conflict", "--names", "What the LRS accepted before this is kept."} {
		if !strings.Contains(msg, want) {
			t.Errorf("the message lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "'course sync' again") {
		t.Errorf("the message says to run the sync again, which stops here again:\n%s", msg)
	}
}

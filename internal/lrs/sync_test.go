package lrs_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"course/internal/export"
	"course/internal/lrs"
	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/store"
)

// fastRetry tries again at once, nearly: the tests are about what is sent.
var fastRetry = lrs.Retry{Attempts: 8, First: time.Millisecond, Max: 5 * time.Millisecond}

func newSyncer(t *testing.T, s *store.Store, f *fakeLRS, course export.XAPICourse) *lrs.Syncer {
	t.Helper()
	sy, err := lrs.NewSyncer(s, lrs.Config{
		Endpoint: f.endpoint(), Key: f.key, Secret: f.secret, Course: course,
		MaxStatements: 25, RequestTimeout: 300 * time.Millisecond, Retry: fastRetry,
	})
	if err != nil {
		t.Fatal(err)
	}
	return sy
}

// eventOf maps every statement id of the records to the event it is made
// from.
func eventOf(t *testing.T, s *store.Store, course export.XAPICourse) map[string]uint64 {
	t.Helper()
	st, err := export.NewStatements(course)
	if err != nil {
		t.Fatal(err)
	}
	err = s.ReadLog(func(r *store.LogReader) error {
		for e, err := range r.Events() {
			if err != nil {
				return err
			}
			st.Add(e, true)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_, refs := st.Take(st.Mark())
	seqs := make(map[string]uint64, len(refs))
	for _, r := range refs {
		seqs[r.ID] = r.Seq
	}
	return seqs
}

// checkCursor fails the test if the cursor has passed a statement the LRS
// does not hold, or if the LRS holds anything the export does not have
// with the same content.
func checkCursor(t *testing.T, s *store.Store, f *fakeLRS, want map[string]json.RawMessage, seqs map[string]uint64) record.LRSCursor {
	t.Helper()
	c, err := s.LRSCursor(f.endpoint())
	if err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for id, seq := range seqs {
		if _, ok := f.stored[id]; seq <= c.Seq && !ok {
			t.Errorf("the cursor is at event %d, but the LRS does not have statement %s of event %d", c.Seq, id, seq)
		}
	}
	for id, st := range f.stored {
		if !sameJSON(st, want[id]) {
			t.Errorf("the LRS holds statement %s, which is not the export's:\n%s\nwant\n%s", id, st, want[id])
		}
	}
	return c
}

// TestSyncThroughFaults sends a record file through every transient fault
// an LRS or the network can give: the run completes, the LRS ends with
// exactly the export's statements, and running again sends nothing.
func TestSyncThroughFaults(t *testing.T) {
	s, events := sampleRecords(t, 12)
	_, course := builtInCourse(t)
	want, _ := exported(t, s, course)
	seqs := eventOf(t, s, course)
	f := newFakeLRS(t)
	faults := []fault{
		{status: 500, body: `{"message":"database unavailable"}`},
		{status: 429, retryAfter: "1"},
		{hang: true},
		{cut: true},
		{status: 502, body: "<html>Bad gateway</html>"},
		{status: 503, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT"}, // a date in the past: no wait
		{status: 413},
	}
	f.fail(faults...)
	sy := newSyncer(t, s, f, course)

	var reports []lrs.Progress
	start := time.Now()
	res, err := sy.Sync(context.Background(), func(p lrs.Progress) { reports = append(reports, p) })
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("the run took %v: it did not wait the second the LRS asked for with Retry-After", waited)
	}
	if res.Statements != len(want) || res.To != uint64(events) || res.From != 0 || res.Retries != len(faults)-1 {
		t.Errorf("result = %+v; want %d statements, events 0 to %d, %d retries (the 413 is split, not retried)", res, len(want), events, len(faults)-1)
	}
	c := checkCursor(t, s, f, want, seqs)
	if _, stored := f.count(); stored != len(want) || c.Seq != uint64(events) || c.Statements != len(want) {
		t.Errorf("the LRS holds %d statements, cursor %+v; want all %d, at event %d", stored, c, len(want), events)
	}
	for i, p := range reports {
		if p.Total != events || (i > 0 && p.Done < reports[i-1].Done) {
			t.Errorf("progress %d: %+v", i, p)
		}
	}
	if last := reports[len(reports)-1]; last.Done != events || last.Statements != len(want) {
		t.Errorf("last progress %+v, want all %d events and %d statements", last, events, len(want))
	}

	// Again: nothing to send.
	posts, _ := f.count()
	res, err = sy.Sync(context.Background(), nil)
	if again, _ := f.count(); err != nil || again != posts || res.Statements != 0 {
		t.Errorf("second sync: %+v, %v, %d requests; want nothing sent", res, err, again-posts)
	}

	// New events: only they are sent, by a new Syncer too (the cursor is
	// in the record file).
	c0, _ := builtInCourse(t)
	if _, err := progresstest.Save(s, record.Event{Kind: record.ModuleRead, Member: notErased(t, s), Module: c0.Modules[0].ID}); err != nil {
		t.Fatal(err)
	}
	res, err = newSyncer(t, s, f, course).Sync(context.Background(), nil)
	if err != nil || res.Statements != 1 || res.From != uint64(events) || res.To != uint64(events+1) {
		t.Errorf("after one more event: %+v, %v; want one statement", res, err)
	}
}

// TestSyncStopsAtConflict: an LRS that holds one of the statements with
// other content stops the run there, naming the statement and the event;
// once the LRS is put right, the run completes.
func TestSyncStopsAtConflict(t *testing.T) {
	s, events := sampleRecords(t, 6)
	_, course := builtInCourse(t)
	want, ids := exported(t, s, course)
	seqs := eventOf(t, s, course)
	f := newFakeLRS(t)
	victim := ids[len(ids)/2]
	var other map[string]any
	json.Unmarshal(want[victim], &other)
	other["timestamp"] = "2020-01-01T00:00:00.000Z"
	data, _ := json.Marshal(other)
	f.put(victim, data)

	sy := newSyncer(t, s, f, course)
	res, err := sy.Sync(context.Background(), nil)
	var refused *lrs.RefusedError
	if !errors.As(err, &refused) || refused.Status.Code != http.StatusConflict || refused.Ref == nil || refused.Ref.ID != victim {
		t.Fatalf("sync = %v; want a 409 naming statement %s", err, victim)
	}
	for _, part := range []string{victim, "event " + strconv.FormatUint(seqs[victim], 10), "other content", "is conflicting",
		"sending it again stops here again", "--names", "same activity base", "wording"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("the error does not say %q: %v", part, err)
		}
	}
	f.remove(victim) // not checked against the export by checkCursor
	c := checkCursor(t, s, f, want, seqs)
	if c.Seq >= seqs[victim] || res.To != c.Seq || c.Seq == 0 {
		t.Errorf("cursor at %d (result %+v), want before the conflicting statement's event %d", c.Seq, res, seqs[victim])
	}
	if st := sy.Status(); st.LastError != err.Error() || st.Behind != uint64(events)-c.Seq || st.Running {
		t.Errorf("status = %+v, want the error and %d events behind", st, uint64(events)-c.Seq)
	}

	res, err = sy.Sync(context.Background(), nil)
	if err != nil || res.To != uint64(events) {
		t.Fatalf("after the LRS is put right: %+v, %v", res, err)
	}
	checkCursor(t, s, f, want, seqs)
	if _, stored := f.count(); stored != len(want) {
		t.Errorf("the LRS holds %d statements, want %d", stored, len(want))
	}
	if st := sy.Status(); st.LastError != "" || st.Behind != 0 || st.Accepted != len(want) || st.LastAccepted.IsZero() {
		t.Errorf("status = %+v, want up to date", st)
	}
}

// TestSyncRefusals: refusals that sending again cannot cure stop the run at
// once, with a sentence, and move nothing.
func TestSyncRefusals(t *testing.T) {
	s, _ := sampleRecords(t, 2)
	_, course := builtInCourse(t)
	_, ids := exported(t, s, course)
	for _, c := range []struct {
		name  string
		fault fault
		key   string
		is    error
		says  []string
	}{
		{"wrong secret", fault{}, "wrong", lrs.ErrUnauthorized, []string{"refused the key and secret", "401"}},
		{"forbidden", fault{status: 403}, "", lrs.ErrUnauthorized, []string{"refused the key and secret", "403"}},
		{"invalid statement", fault{status: 400, body: `{"warnings":["Problem in 'statements.3.verb.id'. Received '\"x\"'"]}`}, "",
			nil, []string{"refused statement " + ids[3], "400 Bad Request", "statements.3.verb.id"}},
		{"no such resource", fault{status: 404}, "", nil, []string{"check the endpoint"}},
		{"moved", fault{status: 301, location: "https://lrs.example.org/new/xAPI/statements"}, "", nil, []string{"has moved (301 Moved Permanently)", "https://lrs.example.org/new/xAPI/statements"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFakeLRS(t)
			f.fail(c.fault)
			key := f.key
			if c.key != "" {
				key = c.key
			}
			sy, err := lrs.NewSyncer(s, lrs.Config{Endpoint: f.endpoint(), Key: key, Secret: f.secret, Course: course, Retry: fastRetry})
			if err != nil {
				t.Fatal(err)
			}
			_, err = sy.Sync(context.Background(), nil)
			if err == nil || (c.is != nil && !errors.Is(err, c.is)) {
				t.Fatalf("sync = %v, want %v", err, c.is)
			}
			for _, part := range c.says {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("the error does not say %q: %v", part, err)
				}
			}
			if posts, stored := f.count(); posts > 1 || stored != 0 {
				t.Errorf("%d requests, %d statements stored; want one request, none stored", posts, stored)
			}
			if cur, _ := s.LRSCursor(f.endpoint()); cur.Seq != 0 {
				t.Errorf("the cursor moved to %d", cur.Seq)
			}
		})
	}
}

// TestSyncGivesUp: an LRS that stays away ends the run after the tries
// allowed, with nothing marked as sent that was not; the next run, once
// it is back, sends everything.
func TestSyncGivesUp(t *testing.T) {
	s, events := sampleRecords(t, 3)
	_, course := builtInCourse(t)
	want, _ := exported(t, s, course)
	seqs := eventOf(t, s, course)
	f := newFakeLRS(t)
	// The first batch goes; then the LRS is down for longer than a run tries.
	f.fail(fault{})
	for range fastRetry.Attempts {
		f.fail(fault{status: 503})
	}
	sy := newSyncer(t, s, f, course)
	res, err := sy.Sync(context.Background(), nil)
	if err == nil || !strings.Contains(err.Error(), "after 8 tries") || !strings.Contains(err.Error(), "503") {
		t.Fatalf("sync = %v, want it to give up after 8 tries", err)
	}
	c := checkCursor(t, s, f, want, seqs)
	if res.Batches != 1 || c.Seq == 0 || c.Seq == uint64(events) {
		t.Errorf("result %+v, cursor %d: want one batch accepted", res, c.Seq)
	}
	if res, err := sy.Sync(context.Background(), nil); err != nil || res.To != uint64(events) {
		t.Errorf("the next run: %+v, %v", res, err)
	}
	checkCursor(t, s, f, want, seqs)
}

// TestDryRun says what would be sent and sends nothing.
func TestDryRun(t *testing.T) {
	s, events := sampleRecords(t, 3)
	_, course := builtInCourse(t)
	want, _ := exported(t, s, course)
	f := newFakeLRS(t)
	sy := newSyncer(t, s, f, course)
	res, err := sy.DryRun(context.Background())
	if err != nil || res.Statements != len(want) || res.To != uint64(events) || res.Batches != (len(want)+24)/25 {
		t.Errorf("dry run = %+v, %v; want %d statements in batches of 25", res, err, len(want))
	}
	if posts, _ := f.count(); posts != 0 {
		t.Errorf("a dry run sent %d requests", posts)
	}
	if c, _ := s.LRSCursor(f.endpoint()); c.Seq != 0 {
		t.Errorf("a dry run moved the cursor to %d", c.Seq)
	}
	// The real run after it sends everything.
	if res, err := sy.Sync(context.Background(), nil); err != nil || res.Statements != len(want) {
		t.Errorf("sync after a dry run = %+v, %v", res, err)
	}
}

// TestRunInBackground keeps an LRS up to date as events are recorded, and
// stops when told.
func TestRunInBackground(t *testing.T) {
	s, _ := sampleRecords(t, 2)
	_, course := builtInCourse(t)
	f := newFakeLRS(t)
	f.fail(fault{status: 500})
	sy, err := lrs.NewSyncer(s, lrs.Config{Endpoint: f.endpoint(), Key: f.key, Secret: f.secret, Course: course,
		Retry: lrs.Retry{Attempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- sy.Run(ctx, 5*time.Millisecond) }()

	// The first run fails (500, one try), the next catches up.
	waitFor(t, func() bool { st := sy.Status(); return st.Behind == 0 && st.LastError == "" && !st.LastRun.IsZero() })
	if _, err := progresstest.Save(s, record.Event{Kind: record.ModuleRead, Member: notErased(t, s), Module: course.Modules[0].ID}); err != nil {
		t.Fatal(err)
	}
	want, _ := exported(t, s, course)
	waitFor(t, func() bool { _, stored := f.count(); return stored == len(want) && sy.Status().Behind == 0 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run returned %v", err)
	}
}

// waitFor waits until ok, failing the test after a minute.
func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !ok(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("gave up waiting")
		}
	}
}

func TestStatementsReadBack(t *testing.T) {
	s, _ := sampleRecords(t, 2)
	_, course := builtInCourse(t)
	want, ids := exported(t, s, course)
	f := newFakeLRS(t)
	sy := newSyncer(t, s, f, course)
	if _, err := sy.Sync(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	var got []string
	for st, err := range sy.Client().Statements(context.Background(), time.Time{}, 7) {
		if err != nil {
			t.Fatal(err)
		}
		var head struct{ ID string }
		json.Unmarshal(st, &head)
		if !sameJSON(st, want[head.ID]) {
			t.Errorf("statement %s read back differs", head.ID)
		}
		got = append(got, head.ID)
	}
	if strings.Join(got, " ") != strings.Join(ids, " ") {
		t.Errorf("read back %d statements, want the %d sent, in order", len(got), len(ids))
	}
}

func TestParseEndpoint(t *testing.T) {
	for in, want := range map[string]string{
		"https://lrs.example.org/xAPI/":            "https://lrs.example.org/xAPI",
		" http://127.0.0.1:8080/xAPI ":             "http://127.0.0.1:8080/xAPI",
		"https://lrs.example.org":                  "https://lrs.example.org",
		"https://u:p@lrs.example.org/x":            "",
		"https://lrs.example.org/x?a=1":            "",
		"ftp://lrs.example.org/xAPI":               "",
		"lrs.example.org/xAPI":                     "",
		"":                                         "",
		"https://lrs.example.org/x#frag":           "",
		"https://lrs.example.org/xAPI/statements/": "",
	} {
		u, err := lrs.ParseEndpoint(in)
		switch {
		case want == "" && !errors.Is(err, lrs.ErrEndpoint):
			t.Errorf("ParseEndpoint(%q) = %v, %v; want ErrEndpoint", in, u, err)
		case want != "" && (err != nil || u.String() != want):
			t.Errorf("ParseEndpoint(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
	if _, err := lrs.ParseEndpoint("https://key:topsecret@lrs.example.org/x"); err == nil || strings.Contains(err.Error(), "topsecret") {
		t.Errorf("an endpoint with a password: %v (it must be refused without repeating the password)", err)
	}
}

func TestReadCredentials(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good", "key: abc\nsecret: \"d e f\"\n", 0o600)
	if k, s, err := lrs.ReadCredentials(good); err != nil || k != "abc" || s != "d e f" {
		t.Errorf("ReadCredentials = %q, %q, %v", k, s, err)
	}
	for name, c := range map[string]struct {
		text string
		mode os.FileMode
		says string
	}{
		"missing secret": {"key: abc\n", 0o600, "both the key and the secret"},
		"unknown field":  {"key: abc\nsecret: hunter22\npassword: x\n", 0o600, "two lines"},
		"not yaml":       {"hunter22", 0o600, "two lines"},
	} {
		_, _, err := lrs.ReadCredentials(write(name, c.text, c.mode))
		if !errors.Is(err, lrs.ErrCredentials) || !strings.Contains(err.Error(), c.says) || strings.Contains(err.Error(), "hunter22") {
			t.Errorf("%s: %v; want ErrCredentials saying %q, without the secret", name, err, c.says)
		}
	}
	if _, _, err := lrs.ReadCredentials(filepath.Join(dir, "none")); !errors.Is(err, lrs.ErrCredentials) {
		t.Errorf("a missing file: %v", err)
	}
}

func TestFindCredentials(t *testing.T) {
	file := filepath.Join(t.TempDir(), "lrs.key")
	if err := os.WriteFile(file, []byte("key: from-file\nsecret: file-secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		key, secret, file string
		wantKey           string
		fails             string
	}{
		{"env-key", "env-secret", file, "env-key", ""},
		{"", "", file, "from-file", ""},
		{"env-key", "", file, "", "must be set together"},
		{"", "", "", "", "set COURSE_LRS_KEY and COURSE_LRS_SECRET"},
	} {
		t.Setenv(lrs.KeyVar, c.key)
		t.Setenv(lrs.SecretVar, c.secret)
		key, _, err := lrs.FindCredentials(c.file)
		switch {
		case c.fails != "" && (err == nil || !strings.Contains(err.Error(), c.fails)):
			t.Errorf("%+v: %v, want an error saying %q", c, err, c.fails)
		case c.fails == "" && (err != nil || key != c.wantKey):
			t.Errorf("%+v: key %q, %v; want %q", c, key, err, c.wantKey)
		}
	}
}

// TestErasureDuringARun: a member erased while a run waits for the LRS is
// erased at once (the run holds nothing of the records while it waits),
// and the runs afterwards carry on from where the LRS had got to, the
// erasure's own statement too.
func TestErasureDuringARun(t *testing.T) {
	s, _ := sampleRecords(t, 3)
	_, course := builtInCourse(t)
	f := newFakeLRS(t)
	f.fail(fault{}, fault{hang: true}) // the second batch's answer never comes
	sy, err := lrs.NewSyncer(s, lrs.Config{Endpoint: f.endpoint(), Key: f.key, Secret: f.secret, Course: course,
		MaxStatements: 25, RequestTimeout: time.Hour, Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error)
	go func() { done <- sy.Run(ctx, time.Hour) }()
	waitFor(t, func() bool { posts, _ := f.count(); return posts == 2 }) // hanging now

	m, err := s.Members()
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for m[i].Erased {
		i++
	}
	erased := make(chan error, 1)
	go func() { erased <- s.EraseMember(m[i].Number, "left the council") }()
	select {
	case err := <-erased:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the erasure waited for the LRS")
	}
	if st := sy.Status(); !st.Running || st.Behind == 0 {
		t.Errorf("during the run, status = %+v; want it running and behind", st)
	}
	cancel()
	<-done

	res, err := sy.Sync(context.Background(), nil)
	want, _ := exported(t, s, course)
	if _, stored := f.count(); err != nil || stored != len(want) || sy.Status().Behind != 0 {
		t.Errorf("after the erasure: %+v, %v; the LRS holds %d of %d statements", res, err, stored, len(want))
	}
}

// TestRunCarriesOnAfterAPanic: a panic in a background run is kept as its
// failure, and the runs go on.
func TestRunCarriesOnAfterAPanic(t *testing.T) {
	s, _ := sampleRecords(t, 3)
	_, course := builtInCourse(t)
	f := newFakeLRS(t)
	var panicked atomic.Bool
	now := func() time.Time {
		if panicked.CompareAndSwap(false, true) { // the first batch accepted
			panic("a fault put in by the test")
		}
		return time.Now()
	}
	sy, err := lrs.NewSyncer(s, lrs.Config{Endpoint: f.endpoint(), Key: f.key, Secret: f.secret, Course: course,
		MaxStatements: 25, RequestTimeout: time.Minute, Retry: fastRetry, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error)
	go func() { done <- sy.Run(ctx, 10*time.Millisecond) }()
	want, _ := exported(t, s, course)
	waitFor(t, func() bool {
		_, stored := f.count()
		st := sy.Status()
		return panicked.Load() && stored == len(want) && st.Behind == 0 && !st.Running
	})
	if st := sy.Status(); st.LastError != "" {
		t.Errorf("the run after the panic: %q", st.LastError)
	}
	cancel()
	<-done
}

// Retrying is told of each failure that will be tried again, numbering the
// next attempt, before the wait.
func TestSyncSaysEachRetry(t *testing.T) {
	s, _ := sampleRecords(t, 1)
	_, course := builtInCourse(t)
	f := newFakeLRS(t)
	for range 2 {
		f.fail(fault{status: 503})
	}
	var told []lrs.Retrying
	sy, err := lrs.NewSyncer(s, lrs.Config{
		Endpoint: f.endpoint(), Key: f.key, Secret: f.secret, Course: course,
		RequestTimeout: 300 * time.Millisecond, Retry: fastRetry,
		Retrying: func(r lrs.Retrying) { told = append(told, r) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sy.Sync(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if len(told) != 2 || told[0].Next != 2 || told[1].Next != 3 || told[1].Attempts != fastRetry.Attempts ||
		!strings.Contains(told[0].Problem, "503") || told[0].Wait <= 0 {
		t.Errorf("told %+v; want attempts 2 and 3 of %d after a 503", told, fastRetry.Attempts)
	}
}

// notErased is the number of a member of s whose details were not erased:
// one who can still take the course.
func notErased(t *testing.T, s *store.Store) string {
	t.Helper()
	ms, err := s.Members()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if !m.Erased {
			return m.Number
		}
	}
	t.Fatal("every member was erased")
	return ""
}

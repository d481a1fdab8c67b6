package lrs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"course/internal/export"
	"course/internal/lrs"
	"course/internal/progress/progresstest"
	"course/internal/store"
)

// realLRS is the endpoint of a real LRS to test against: Learning Locker's
// statement service (npm xapi-statements), which .ci/run starts.
func realLRS(t *testing.T) string {
	t.Helper()
	endpoint := os.Getenv("COURSE_TEST_LRS")
	switch {
	case endpoint != "":
		return endpoint
	case os.Getenv("CI") != "":
		t.Fatal("COURSE_TEST_LRS is not set: in CI, .ci/run starts Learning Locker's statement service (npm xapi-statements) and sets it to its endpoint")
	}
	t.Skip("needs a real LRS, which CI starts: set COURSE_TEST_LRS to an LRS endpoint, such as the one .ci/run starts with Node.js " +
		"(npm install --ignore-scripts xapi-statements@5.0.1; see .ci/run)")
	return ""
}

// The test LRS takes any key but a few it keeps for its own tests.
const realKey, realSecret = "course-ci", "course-ci-secret"

// lessLRS is a statement as read back, without what the LRS adds.
func lessLRS(t *testing.T, st json.RawMessage) json.RawMessage {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(st, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "stored")
	delete(m, "authority")
	data, _ := json.Marshal(m)
	return data
}

// TestRealLRSAcceptsEveryStatement posts xAPI exports, as the export
// writes them, to a real LRS, which validates statements strictly.
func TestRealLRSAcceptsEveryStatement(t *testing.T) {
	client, err := lrs.NewClient(realLRS(t), realKey, realSecret, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, course := builtInCourse(t)
	small := progresstest.NewAttempts(t).Store // modules the course does not have, an erased member
	sample, _ := sampleRecords(t, 4)
	for _, s := range []*store.Store{small, sample} {
		var buf bytes.Buffer
		if _, err := export.Write(context.Background(), &buf, s, export.Options{Format: export.XAPI, XAPI: course}); err != nil {
			t.Fatal(err)
		}
		want, _ := exported(t, s, course)
		ids, err := client.Post(context.Background(), buf.Bytes())
		if err != nil {
			t.Fatalf("the LRS refused the export: %v", err)
		}
		if len(ids) != len(want) {
			t.Errorf("the LRS stored %d statements of the %d posted", len(ids), len(want))
		}
	}
}

// TestRealLRSSync syncs a record file of a few thousand events to a real
// LRS, reads the statements back and compares them with the export, syncs
// again, and sends everything again from the start: nothing is
// duplicated or lost.
func TestRealLRSSync(t *testing.T) {
	endpoint := realLRS(t)
	s, events := sampleRecords(t, 60)
	_, course := builtInCourse(t)
	want, ids := exported(t, s, course)
	sy, err := lrs.NewSyncer(s, lrs.Config{Endpoint: endpoint, Key: realKey, Secret: realSecret, Course: course})
	if err != nil {
		t.Fatal(err)
	}
	since := time.Now().Add(-time.Second)
	res, err := sy.Sync(context.Background(), nil)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	if res.Statements != len(want) || res.To != uint64(events) || res.Batches < 2 {
		t.Errorf("sync = %+v; want %d statements over %d events in several batches", res, len(want), events)
	}
	t.Logf("%d events, %d statements in %d batches", events, res.Statements, res.Batches)

	readBack := func() {
		t.Helper()
		seen := map[string]int{}
		// One page holds them all: this LRS's link to the next page
		// carries the last statement's id, a version 1 UUID, and takes
		// those whose ids sort after it as strings, which loses the rest
		// when the UUID's low time field wraps, once in about seven
		// minutes. The client's following of those links is tested
		// against a test server (sync_test.go).
		for st, err := range sy.Client().Statements(context.Background(), since, 50_000) {
			if err != nil {
				t.Fatal(err)
			}
			var head struct{ ID string }
			if err := json.Unmarshal(st, &head); err != nil {
				t.Fatal(err)
			}
			if _, ours := want[head.ID]; !ours {
				continue // another test's
			}
			if seen[head.ID]++; seen[head.ID] == 2 {
				t.Errorf("the LRS holds statement %s twice", head.ID)
			}
			if !sameJSON(lessLRS(t, st), want[head.ID]) {
				t.Errorf("statement %s read back is not the export's:\n%s\nwant\n%s", head.ID, st, want[head.ID])
			}
		}
		missing := 0
		for _, id := range ids {
			if seen[id] == 0 {
				missing++
			}
		}
		if missing > 0 || len(seen) != len(ids) {
			t.Errorf("read back %d of the %d statements (%d missing)", len(seen), len(ids), missing)
		}
	}
	readBack()

	if res, err := sy.Sync(context.Background(), nil); err != nil || res.Statements != 0 || res.Batches != 0 {
		t.Errorf("syncing again = %+v, %v; want nothing sent", res, err)
	}
	// From the start again: the LRS takes the same statements and keeps
	// one copy of each.
	if err := sy.Restart(); err != nil {
		t.Fatal(err)
	}
	if res, err := sy.Sync(context.Background(), nil); err != nil || res.Statements != len(want) {
		t.Errorf("sending everything again = %+v, %v", res, err)
	}
	readBack()
}

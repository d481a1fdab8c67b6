package export

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"course/internal/progress/progresstest"
	"course/internal/store"
)

// Batches taken at any points hold, together, exactly the export's
// statements, byte for byte once decoded, in order; events marked as sent
// give none, but still count towards durations and the course completion.
func TestStatementsMatchTheExport(t *testing.T) {
	f := progresstest.NewAttempts(t)
	want := xapiStatements(t, must(exportBytes(t, f.Store, Options{Format: XAPI, XAPI: exportCourse})))

	for _, c := range []struct {
		name  string
		sent  uint64 // events up to this one were sent before
		every int    // Take after every this many events, with the last event's statements carried over
	}{
		{"one batch", 0, 1000},
		{"a batch an event", 0, 1},
		{"batches of three events", 0, 3},
		{"sent up to the first answer of the quiz that completes the course", 14, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, err := NewStatements(exportCourse)
			if err != nil {
				t.Fatal(err)
			}
			var got []map[string]any
			var refs []StatementRef
			take := func(m Mark) {
				body, r := st.Take(m)
				batch := xapiStatements(t, body)
				if len(batch) != len(r) {
					t.Fatalf("a batch of %d statements has %d refs", len(batch), len(r))
				}
				got = append(got, batch...)
				refs = append(refs, r...)
			}
			events := 0
			err = f.Store.ReadLog(func(r *store.LogReader) error {
				for e, err := range r.Events() {
					if err != nil {
						return err
					}
					mark := st.Mark()
					st.Add(e, e.Seq > c.sent)
					if events++; events%c.every == 0 {
						take(mark) // what the last event gave goes into the next batch
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			take(st.Mark())
			if st.Len() != 0 || st.Size() != len("[\n]\n") {
				t.Errorf("after the last Take the batch has %d statements, %d bytes", st.Len(), st.Size())
			}

			// Events are a second apart: a statement's timestamp names its event.
			seqAt := map[string]uint64{}
			for _, e := range exportedEvents(t, f.Store, time.Time{}) {
				seqAt[e.Time.UTC().Format("2006-01-02T15:04:05.000Z")] = e.Seq
			}
			var wantHere []map[string]any
			for _, s := range want {
				if seqAt[s["timestamp"].(string)] > c.sent {
					wantHere = append(wantHere, s)
				}
			}
			if c.sent > 0 && len(wantHere) >= len(want) {
				t.Fatalf("the case sends nothing before event %d", c.sent)
			}
			if !reflect.DeepEqual(got, wantHere) {
				a, _ := json.MarshalIndent(got, "", " ")
				b, _ := json.MarshalIndent(wantHere, "", " ")
				t.Errorf("statements differ from the export's:\n%s\nwant\n%s", a, b)
			}
			for i, r := range refs {
				if r.ID != got[i]["id"] {
					t.Errorf("ref %d names %s, the statement is %s", i, r.ID, got[i]["id"])
				}
				if r.Seq <= c.sent {
					t.Errorf("statement %s is of event %d, which was sent", r.ID, r.Seq)
				}
			}
		})
	}
}

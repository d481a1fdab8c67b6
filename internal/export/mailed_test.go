package export

import (
	"bytes"
	"testing"
	"time"

	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/store"
)

// Emails the course sends are not learning records: a record file with
// reminders and invitations exports the same CSV, JSON and xAPI
// statements as it did without them, and makes the same statements for a
// learning record store.
func TestMailIsNotExported(t *testing.T) {
	f := progresstest.NewAttempts(t)
	options := []Options{{Format: CSV, Names: true}, {Format: JSON, Names: true}, {Format: XAPI, XAPI: exportCourse}}
	var before [][]byte
	var records []int
	for _, o := range options {
		data, res := exportBytes(t, f.Store, o)
		before, records = append(before, data), append(records, res.Records)
	}
	statements := lrsStatements(t, f.Store)

	for _, m := range []record.Member{f.Amy, f.Bob} {
		for _, e := range []record.Event{
			{Kind: record.ReminderSent, Member: m.Number, Reason: "in progress"},
			{Kind: record.InvitationSent, Member: m.Number, Reason: progresstest.Start.AddDate(0, 0, 14).Format(time.RFC3339)},
		} {
			if _, err := f.Store.Append(m.Number, func(record.History) ([]record.Event, error) { return []record.Event{e}, nil }); err != nil {
				t.Fatal(err)
			}
		}
	}

	for i, o := range options {
		data, res := exportBytes(t, f.Store, o)
		if !bytes.Equal(data, before[i]) || res.Records != records[i] {
			t.Errorf("%s export after emails: %d records, %d before; differs: %v\n%s", o.Format, res.Records, records[i],
				!bytes.Equal(data, before[i]), data)
		}
	}
	if after := lrsStatements(t, f.Store); !bytes.Equal(after, statements) {
		t.Errorf("statements for a learning record store after emails:\n%s\nbefore:\n%s", after, statements)
	}
}

// lrsStatements are the statements made for a learning record store from
// every event of the log, in one batch.
func lrsStatements(t *testing.T, s *store.Store) []byte {
	t.Helper()
	st, err := NewStatements(exportCourse)
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
	body, _ := st.Take(st.Mark())
	return body
}

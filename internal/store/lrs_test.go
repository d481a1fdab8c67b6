package store

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"course/internal/record"
)

const testEndpoint = "https://lrs.example.org/xAPI"

func TestLRSCursor(t *testing.T) {
	s := newTestStore(t)
	m := addMember(t, s, "Ann")
	read := mustRecord(t, s, record.Event{Kind: record.ModuleRead, Member: m.Number, Module: "intro"})
	mustRecord(t, s, record.Event{Kind: record.ModuleRead, Member: m.Number, Module: "ethics"})

	c, err := s.LRSCursor(testEndpoint)
	if err != nil || c != (record.LRSCursor{}) {
		t.Fatalf("cursor of a file never sent = %+v, %v; want the zero cursor", c, err)
	}
	want := record.LRSCursor{Seq: read.Seq, Hash: read.Hash, Statements: 1, At: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)}
	if err := s.SetLRSCursor(testEndpoint+"/", want); err != nil {
		t.Fatal(err)
	}
	if c, err := s.LRSCursor(testEndpoint); err != nil || c != want {
		t.Errorf("cursor = %+v, %v; want %+v (a trailing slash names the same LRS)", c, err, want)
	}
	if c, err := s.LRSCursor("https://other.example.org/xAPI"); err != nil || c != (record.LRSCursor{}) {
		t.Errorf("another LRS's cursor = %+v, %v; want the zero cursor", c, err)
	}
	all, err := lrsCursors(s)
	if err != nil || len(all) != 1 || all[testEndpoint] != want {
		t.Errorf("cursors = %v, %v", all, err)
	}

	// A cursor that does not name an event of this log is refused.
	for _, bad := range []record.LRSCursor{
		{Seq: read.Seq, Hash: "0123"},
		{Seq: 99, Hash: read.Hash},
		{Hash: read.Hash},
	} {
		if err := s.SetLRSCursor(testEndpoint, bad); !errors.Is(err, record.ErrCursorMismatch) {
			t.Errorf("SetLRSCursor(%+v) = %v, want record.ErrCursorMismatch", bad, err)
		}
	}
	if err := s.SetLRSCursor("  ", want); !errors.Is(err, record.ErrInvalid) {
		t.Errorf("an empty endpoint: %v, want record.ErrInvalid", err)
	}
	// Starting again is allowed.
	if err := s.SetLRSCursor(testEndpoint, record.LRSCursor{}); err != nil {
		t.Errorf("resetting the cursor: %v", err)
	}
}

// A cursor is kept in the copy an erasure makes and in a backup; a file
// whose cursor names an event it does not hold says so.
func TestLRSCursorSurvivesEraseAndBackup(t *testing.T) {
	path, s, erased, kept := erasableFile(t)
	last := mustRecord(t, s, record.Event{Kind: record.ModuleRead, Member: kept.Number, Module: "intro"})
	want := record.LRSCursor{Seq: last.Seq, Hash: last.Hash, Statements: 3}
	if err := s.SetLRSCursor(testEndpoint, want); err != nil {
		t.Fatal(err)
	}
	if err := s.EraseMember(erased.Number, "left the council"); err != nil {
		t.Fatal(err)
	}
	if c, err := s.LRSCursor(testEndpoint); err != nil || c != want {
		t.Errorf("after erasing, cursor = %+v, %v; want %+v", c, err, want)
	}
	s.Close()
	s = openTestStore(t, path)
	if c, err := s.LRSCursor(testEndpoint); err != nil || c != want {
		t.Errorf("after reopening, cursor = %+v, %v; want %+v", c, err, want)
	}
	copied := filepath.Join(t.TempDir(), "backup.db")
	if err := backup(s, copied); err != nil {
		t.Fatal(err)
	}
	b := openTestStore(t, copied)
	if c, err := b.LRSCursor(testEndpoint); err != nil || c != want {
		t.Errorf("in the backup, cursor = %+v, %v; want %+v", c, err, want)
	}

	// Another file with the cursor but another log: noticed.
	other := newTestStore(t)
	m := addMember(t, other, "Bea")
	mustRecord(t, other, record.Event{Kind: record.ModuleRead, Member: m.Number, Module: "intro"})
	if err := other.SetLRSCursor(testEndpoint, want); !errors.Is(err, record.ErrCursorMismatch) {
		t.Errorf("another file's cursor accepted: %v", err)
	}
}

func TestEventsAfter(t *testing.T) {
	s := newTestStore(t)
	m := addMember(t, s, "Ann")
	var events []record.Event
	for _, module := range []string{"a", "b", "c"} {
		events = append(events, mustRecord(t, s, record.Event{Kind: record.ModuleRead, Member: m.Number, Module: module}))
	}
	err := s.ReadLog(func(r *LogReader) error {
		for _, after := range []uint64{0, events[0].Seq, events[2].Seq} {
			var got []uint64
			for e, err := range r.EventsAfter(after) {
				if err != nil {
					return err
				}
				got = append(got, e.Seq)
			}
			want := int(events[2].Seq - after)
			if len(got) != want || (want > 0 && (got[0] != after+1 || got[len(got)-1] != events[2].Seq)) {
				t.Errorf("EventsAfter(%d) = %v", after, got)
			}
		}
		if h, ok := r.Hash(events[1].Seq); !ok || h != events[1].Hash {
			t.Errorf("Hash(%d) = %s, %v; want %s", events[1].Seq, h, ok, events[1].Hash)
		}
		if _, ok := r.Hash(events[2].Seq + 1); ok {
			t.Error("Hash of an event after the end was found")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

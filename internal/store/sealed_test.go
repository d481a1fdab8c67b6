package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"course/internal/record"
	"course/internal/store/chain"
)

// TestSealed: the log's events as stored, in order, with the records' id,
// course and members from the same read.
func TestSealed(t *testing.T) {
	s := newTestStore(t)
	ann := addMember(t, s, "Ann")
	read := mustRecord(t, s, record.Event{Kind: record.ModuleRead, Member: ann.Number, Module: "intro"})
	binding := record.CourseBinding{ID: "c", Title: "Course"}
	if err := s.BindCourse(binding); err != nil {
		t.Fatal(err)
	}
	sc, _, err := chain.ReadSidecar(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	err = s.ReadLog(func(r *LogReader) error {
		var seqs []uint64
		var last []byte
		for seq, v := range r.Sealed() {
			seqs = append(seqs, seq)
			last = bytes.Clone(v)
		}
		again := read
		want, _ := chain.Seal(&again)
		if len(seqs) != 2 || seqs[0] != 1 || seqs[1] != read.Seq || !bytes.Equal(last, want) {
			t.Errorf("Sealed yields %v, ending %s; want 1, %d ending %s", seqs, last, read.Seq, want)
		}
		var e record.Event
		if json.Unmarshal(last, &e); e.Hash != read.Hash {
			t.Errorf("the last event's hash is %s, want %s", e.Hash, read.Hash)
		}
		if r.ID() == "" || r.ID() != sc.ID {
			t.Errorf("ID = %q, want the sidecar's %q", r.ID(), sc.ID)
		}
		if b, ok, err := r.Course(); err != nil || !ok || b != binding {
			t.Errorf("Course = %+v, %v, %v", b, ok, err)
		}
		if m, err := r.Member(ann.Number); err != nil || m != ann {
			t.Errorf("Member = %+v, %v; want %+v", m, err, ann)
		}
		if _, err := r.Member("M00000000"); !errors.Is(err, record.ErrNotFound) {
			t.Errorf("Member of no member: %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

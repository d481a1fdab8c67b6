package store

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"course/internal/progress"
	"course/internal/quiz"
	"course/internal/record"
)

func openBrief(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path, Options{Brief: true, Timeout: childBound, Now: (&stepClock{t: start}).Now, AppVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestBriefStoreLetsOthersIn: a brief store (the course) holds the file
// only during a call, so a read-only open (the officer's report) works
// while the course is open, and two courses can write in turn, each
// seeing the other's records and pins.
func TestBriefStoreLetsOthersIn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	one := openBrief(t, path)
	ann, err := one.AddMember(record.NewMember{Name: "Ann"})
	if err != nil {
		t.Fatal(err)
	}

	ro, err := Open(path, Options{ReadOnly: true, Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("a reader could not open the records while the course had them: %v", err)
	}
	if members, _ := ro.Members(); len(members) != 1 {
		t.Errorf("the reader sees %d members", len(members))
	}
	ro.Close()

	two := openBrief(t, path)
	bob, err := two.AddMember(record.NewMember{Name: "Bob"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := one.Record(record.Event{Kind: record.ModuleOpened, Member: ann.Number, Module: "intro"}); err != nil {
			t.Fatalf("window one, save %d: %v", i, err)
		}
		if _, err := two.Append(bob.Number, progress.FinishQuiz(progress.QuizResult{Member: bob.Number, Attempt: record.NewAttemptID(), Module: "intro", ModuleVersion: "v1",
			Score: quiz.Score{Correct: 1, Total: 2}})); err != nil {
			t.Fatalf("window two, save %d: %v", i, err)
		}
	}
	if members, _ := one.Members(); len(members) != 2 {
		t.Errorf("window one sees %d members, want Bob too", len(members))
	}
	r, err := verify(two)
	if err != nil || r.Events != 8 || r.Pinned != 8 {
		t.Errorf("Verify = %+v, %v; want 8 events, all pinned", r, err)
	}
}

// TestBriefStoreNoticesTamperingBetweenCalls: the file is checked on every
// call, so an edit made while the course was open stops it writing.
func TestBriefStoreNoticesTamperingBetweenCalls(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	s := openBrief(t, path)
	m, err := s.AddMember(record.NewMember{Name: "Ann"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Record(record.Event{Kind: record.ModuleOpened, Member: m.Number, Module: "intro"}); err != nil {
		t.Fatal(err)
	}
	editFile(t, path, func(log, index *bolt.Bucket) error { return deleteEvent(log, index, m.Number, 2) })
	_, err = s.Record(record.Event{Kind: record.ModuleOpened, Member: m.Number, Module: "intro"})
	var te *TamperedError
	if !errors.As(err, &te) || te.Report.FirstBad != 2 {
		t.Fatalf("saving after the newest event was deleted: %v; want it refused, naming event 2", err)
	}
	if err := s.EraseMember(m.Number, "left the council"); err == nil {
		t.Error("a brief store erased a member")
	}
}

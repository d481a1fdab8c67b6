package lrs_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"course/internal/handin"
	"course/internal/merge"
	"course/internal/progress/progresstest"
	"course/internal/record"
)

// A completion made on a member's own computer and merged into the
// council's records is sent to the LRS as the very statements the member's
// own records would send (the LRS, which refuses another statement under
// an id it holds, takes them as the same), and once.
func TestMergedCompletionSyncsAsRecordedDirectly(t *testing.T) {
	c, course := builtInCourse(t)
	own := progresstest.NewStore(t)
	m := progresstest.AddMember(t, own, "Dee Jones")
	for _, mod := range c.Modules {
		a := record.NewAttemptID()
		ev := func(kind record.Kind) record.Event {
			return record.Event{Kind: kind, Member: m.Number, Module: mod.ID, ModuleVersion: mod.Version, Attempt: a, Score: 1, Total: 1, Passed: true}
		}
		answer := ev(record.QuestionAnswered)
		answer.Question, answer.Chosen, answer.Correct, answer.Score, answer.Total, answer.Passed = "q1", []int{0}, true, 0, 0, false
		read := ev(record.ModuleRead)
		read.Attempt, read.Score, read.Total, read.Passed = "", 0, 0, false
		progresstest.Record(t, own, read, answer, ev(record.QuizFinished), ev(record.ModuleCompleted))
	}
	events, err := own.MemberEvents(m.Number)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(m.Number))
	f := &handin.File{Course: record.CourseBinding{ID: c.ID, Title: c.Title}, Member: m, Events: events, SHA256: hex.EncodeToString(sum[:])}

	council := progresstest.NewStore(t)
	progresstest.AddMember(t, council, "Ed Fox")
	if res, err := merge.Merge(council, f.Course, f, "clerk"); err != nil || res.Member.Number != m.Number {
		t.Fatalf("merge: %+v, %v", res, err)
	}

	lrs := newFakeLRS(t)
	if _, err := newSyncer(t, own, lrs, course).Sync(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	_, sent := lrs.count()
	if sent == 0 {
		t.Fatal("the member's own records sent nothing")
	}
	res, err := newSyncer(t, council, lrs, course).Sync(context.Background(), nil)
	if err != nil {
		t.Fatalf("the council's records: %v", err)
	}
	if _, stored := lrs.count(); stored != sent || res.Statements != sent {
		t.Errorf("the LRS holds %d statements after the council's %d, want the member's own %d and no more", stored, res.Statements, sent)
	}
	want, _ := exported(t, council, course)
	checkCursor(t, council, lrs, want, eventOf(t, council, course))

	// Merged again, nothing is new, and nothing more is sent.
	if res, err := merge.Merge(council, f.Course, f, "clerk"); err != nil || res.Added != 0 {
		t.Fatalf("merging again: %+v, %v", res, err)
	}
	posts, _ := lrs.count()
	if res, err := newSyncer(t, council, lrs, course).Sync(context.Background(), nil); err != nil || res.Statements != 0 {
		t.Errorf("syncing again: %+v, %v", res, err)
	}
	if again, _ := lrs.count(); again != posts {
		t.Errorf("%d more requests", again-posts)
	}
}

package ui

import (
	"errors"
	"path/filepath"
	"testing"

	"course/content/contenttest"
	"course/internal/record"
	"course/internal/store"
)

// brokenRecords is a record file that fails to read events while broken.
type brokenRecords struct {
	*store.Store
	broken *bool
}

func (b brokenRecords) MemberEvents(number string) ([]record.Event, error) {
	if *b.broken {
		return nil, errors.New("disk on fire")
	}
	return b.Store.MemberEvents(number)
}

func TestAFailureShowsAndGoesBack(t *testing.T) {
	recs := openStore(t, filepath.Join(t.TempDir(), "records.db"))
	t.Cleanup(func() { recs.Close() })
	broken := false
	h := startOn(t, brokenRecords{recs, &broken}, contenttest.Course(t), 80, 24)
	h.register("Robin Hart")
	h.contains("Start module 1")

	broken = true
	h.press("1") // opening a module reloads progress, which fails
	if h.root().state != stateError {
		t.Fatalf("state %v after a failed read", h.root().state)
	}
	h.contains("Something went wrong", "your progress could not be read: disk on fire", "esc/enter go back")
	h.press("/", "t")
	if h.root().state != stateError {
		t.Fatalf("a key left the error for %v", h.root().state)
	}

	broken = false
	h.press("esc")
	if h.root().state != stateReader {
		t.Fatalf("esc from the error went to %v, want back to the lesson", h.root().state)
	}
	h.press("esc")
	h.contains("Continue where you left off: module 1")
}

// unreadableMembers is a record file whose list of members cannot be read
// while broken.
type unreadableMembers struct {
	*store.Store
	broken *bool
}

func (u unreadableMembers) Members() ([]record.Member, error) {
	if *u.broken {
		return nil, errors.New("disk on fire")
	}
	return u.Store.Members()
}

// TestUnreadableMembersShowAndRetry: when the list of members cannot be
// read, the welcome says so, and going back reads it again.
func TestUnreadableMembersShowAndRetry(t *testing.T) {
	recs := openStore(t, filepath.Join(t.TempDir(), "records.db"))
	t.Cleanup(func() { recs.Close() })
	if _, err := recs.AddMember(record.NewMember{Name: "Robin Hart"}); err != nil {
		t.Fatal(err)
	}
	broken := true
	h := startOn(t, unreadableMembers{recs, &broken}, contenttest.Course(t), 80, 24)
	if h.root().state != stateError {
		t.Fatalf("state %v after the members could not be read", h.root().state)
	}
	h.contains("Something went wrong", "the list of members could not be read: disk on fire")
	broken = false
	h.press("esc")
	if h.root().state != stateWelcome {
		t.Fatalf("esc from the error went to %v, want the welcome", h.root().state)
	}
	h.contains("Who is taking the course?", "Robin Hart")
}

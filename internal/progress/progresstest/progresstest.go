// Package progresstest makes record files for the tests of packages that
// read them (exports, reports), through progress's public methods only.
package progresstest

import (
	"crypto/ed25519"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"course/internal/progress"
)

// Start is the time the clock of a NewStore starts from.
var Start = time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)

// NewStore opens a new record file in a temporary folder, closed when the
// test ends. Its clock starts at Start and moves on a second each time it
// is read, so events get distinct, predictable times.
func NewStore(t testing.TB) *progress.Store {
	t.Helper()
	var mu sync.Mutex
	at := Start
	now := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		at = at.Add(time.Second)
		return at
	}
	s, err := progress.Open(filepath.Join(t.TempDir(), "records.db"), progress.Options{Now: now, AppVersion: "test-1.0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// AddMember adds a member with only a name.
func AddMember(t testing.TB, s *progress.Store, name string) progress.Member {
	t.Helper()
	m, err := s.AddMember(progress.NewMember{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Record records events, in order.
func Record(t testing.TB, s *progress.Store, events ...progress.Event) {
	t.Helper()
	for _, e := range events {
		if _, err := s.Record(e); err != nil {
			t.Fatal(err)
		}
	}
}

// Erase erases a member's details.
func Erase(t testing.TB, s *progress.Store, number string) {
	t.Helper()
	if err := s.EraseMember(number, "left the council"); err != nil {
		t.Fatal(err)
	}
}

// Attempts is a record file in which Amy reads, answers, passes and
// completes both modules of a two-module course ("intro" and "ethics", at
// version "v1"), and so the course; Bob fails a quiz and then passes a
// refresher; and Cal, who answered one question, has been erased.
type Attempts struct {
	Store         *progress.Store
	Amy, Bob, Cal progress.Member
}

// NewAttempts makes the Attempts record file.
func NewAttempts(t testing.TB) Attempts {
	t.Helper()
	s := NewStore(t)
	f := Attempts{Store: s, Amy: AddMember(t, s, "Amy Adams"), Bob: AddMember(t, s, "Bob Brown"), Cal: AddMember(t, s, "Cal Cole")}
	ev := func(kind progress.Kind, m progress.Member, module, attempt string) progress.Event {
		return progress.Event{Kind: kind, Member: m.Number, Module: module, ModuleVersion: "v1", Attempt: attempt}
	}
	answer := func(m progress.Member, module, attempt, question string, correct bool, chosen ...int) progress.Event {
		e := ev(progress.QuestionAnswered, m, module, attempt)
		e.Question, e.Chosen, e.Correct = question, chosen, correct
		return e
	}
	result := func(kind progress.Kind, m progress.Member, module, attempt string, score, total int, passed bool) progress.Event {
		e := ev(kind, m, module, attempt)
		e.Score, e.Total, e.Passed = score, total, passed
		return e
	}
	a1, a2, b1, b2 := progress.NewAttemptID(), progress.NewAttemptID(), progress.NewAttemptID(), progress.NewAttemptID()
	Record(t, s,
		ev(progress.ModuleOpened, f.Amy, "intro", ""),
		ev(progress.ModuleRead, f.Amy, "intro", ""),
		answer(f.Amy, "intro", a1, "intro-q1", true, 1),
		answer(f.Bob, "intro", b1, "intro-q1", false, 0),
		answer(f.Amy, "intro", a1, "intro-q2", true, 0, 2),
		answer(f.Bob, "intro", b1, "intro-q2", false, 1),
		result(progress.QuizFinished, f.Amy, "intro", a1, 2, 2, true),
		result(progress.QuizFinished, f.Bob, "intro", b1, 0, 2, false),
		result(progress.ModuleCompleted, f.Amy, "intro", a1, 2, 2, true),
		ev(progress.ModuleRead, f.Amy, "ethics", ""),
		answer(f.Amy, "ethics", a2, "ethics-q1", true, 0),
		result(progress.QuizFinished, f.Amy, "ethics", a2, 1, 1, true),
		result(progress.ModuleCompleted, f.Amy, "ethics", a2, 1, 1, true),
		answer(f.Bob, "intro", b2, "intro-q1", true, 1),
		result(progress.RefresherFinished, f.Bob, "", b2, 1, 1, true),
		answer(f.Cal, "ethics", progress.NewAttemptID(), "ethics-q1", false, 1),
	)
	Erase(t, s, f.Cal.Number)
	return f
}

// OpenSample opens, read-only, the sample record file of progress's
// benchmarks (20,000 members, 650,000 events, about 400 MB) named by
// $COURSE_SAMPLE_RECORDS, closed when the benchmark ends; without the
// variable the benchmark is skipped. Make the file first:
//
//	COURSE_SAMPLE_RECORDS=/tmp/sample.db go test ./internal/progress -run TestGenerateSampleRecords
func OpenSample(b *testing.B) *progress.Store {
	b.Helper()
	path := os.Getenv("COURSE_SAMPLE_RECORDS")
	if path == "" {
		b.Skip("set COURSE_SAMPLE_RECORDS to a sample record file made by progress's TestGenerateSampleRecords")
	}
	s, err := progress.Open(path, progress.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// NewKey makes a new SSH public key (ed25519), to bind to a member.
func NewKey(t testing.TB) gossh.PublicKey {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	key, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// Package progresstest makes record files for the tests of packages that
// read them (exports, reports), through the store's public methods only.
package progresstest

import (
	"cmp"
	"crypto/ed25519"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"course/internal/record"
	"course/internal/store"
)

// Start is the time the clock of a NewStore starts from.
var Start = time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)

// NewStore opens a new record file in a temporary folder, closed when the
// test ends. Its clock starts at Start and moves on a second each time it
// is read, so events get distinct, predictable times.
func NewStore(t testing.TB) *store.Store {
	t.Helper()
	var mu sync.Mutex
	at := Start
	now := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		at = at.Add(time.Second)
		return at
	}
	s, err := store.Open(filepath.Join(t.TempDir(), "records.db"), store.Options{Now: now, AppVersion: "test-1.0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// AddMember adds a member with only a name.
func AddMember(t testing.TB, s *store.Store, name string) record.Member {
	t.Helper()
	m, err := s.AddMember(record.NewMember{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Record records events, in order, each in its own transaction (see
// Save).
func Record(t testing.TB, s *store.Store, events ...record.Event) {
	t.Helper()
	for _, e := range events {
		if _, err := Save(s, e); err != nil {
			t.Fatal(err)
		}
	}
}

// Save records e without the course's rules (a fixture may hold what they
// would refuse), and returns it as stored.
func Save(s *store.Store, e record.Event) (record.Event, error) {
	stored, err := SaveBatch(s, []record.Event{e})
	if err != nil {
		return record.Event{}, err
	}
	return stored[0], nil
}

// SaveBatch records events in one transaction, all or none, without the
// course's rules, and returns them as stored.
func SaveBatch(s *store.Store, events []record.Event) ([]record.Event, error) {
	if len(events) == 0 {
		return nil, nil
	}
	return s.Append(events[0].Member, func(record.History) ([]record.Event, error) { return events, nil })
}

// Erase erases a member's details.
func Erase(t testing.TB, s *store.Store, number string) {
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
	Store         *store.Store
	Amy, Bob, Cal record.Member
}

// NewAttempts makes the Attempts record file.
func NewAttempts(t testing.TB) Attempts {
	t.Helper()
	s := NewStore(t)
	f := Attempts{Store: s, Amy: AddMember(t, s, "Amy Adams"), Bob: AddMember(t, s, "Bob Brown"), Cal: AddMember(t, s, "Cal Cole")}
	ev := func(kind record.Kind, m record.Member, module, attempt string) record.Event {
		return record.Event{Kind: kind, Member: m.Number, Module: module, ModuleVersion: "v1", Attempt: attempt}
	}
	answer := func(m record.Member, module, attempt, question string, correct bool, chosen ...int) record.Event {
		e := ev(record.QuestionAnswered, m, module, attempt)
		e.Question, e.Chosen, e.Correct = question, chosen, correct
		return e
	}
	result := func(kind record.Kind, m record.Member, module, attempt string, score, total int, passed bool) record.Event {
		e := ev(kind, m, module, attempt)
		e.Score, e.Total, e.Passed = score, total, passed
		return e
	}
	a1, a2, b1, b2 := record.NewAttemptID(), record.NewAttemptID(), record.NewAttemptID(), record.NewAttemptID()
	Record(t, s,
		ev(record.ModuleOpened, f.Amy, "intro", ""),
		ev(record.ModuleRead, f.Amy, "intro", ""),
		answer(f.Amy, "intro", a1, "intro-q1", true, 1),
		answer(f.Bob, "intro", b1, "intro-q1", false, 0),
		answer(f.Amy, "intro", a1, "intro-q2", true, 0, 2),
		answer(f.Bob, "intro", b1, "intro-q2", false, 1),
		result(record.QuizFinished, f.Amy, "intro", a1, 2, 2, true),
		result(record.QuizFinished, f.Bob, "intro", b1, 0, 2, false),
		result(record.ModuleCompleted, f.Amy, "intro", a1, 2, 2, true),
		ev(record.ModuleRead, f.Amy, "ethics", ""),
		answer(f.Amy, "ethics", a2, "ethics-q1", true, 0),
		result(record.QuizFinished, f.Amy, "ethics", a2, 1, 1, true),
		result(record.ModuleCompleted, f.Amy, "ethics", a2, 1, 1, true),
		answer(f.Bob, "intro", b2, "intro-q1", true, 1),
		result(record.RefresherFinished, f.Bob, "", b2, 1, 1, true),
		answer(f.Cal, "ethics", record.NewAttemptID(), "ethics-q1", false, 1),
	)
	Erase(t, s, f.Cal.Number)
	return f
}

// OpenSample opens, read-only, the sample record file of the store's
// benchmarks (20,000 members, 650,000 events, about 400 MB) named by
// $COURSE_SAMPLE_RECORDS, closed when the benchmark ends; without the
// variable the benchmark is skipped. Make the file first:
//
//	COURSE_SAMPLE_RECORDS=/tmp/sample.db go test ./internal/store -run TestGenerateSampleRecords
func OpenSample(b *testing.B) *store.Store {
	b.Helper()
	path := os.Getenv("COURSE_SAMPLE_RECORDS")
	if path == "" {
		b.Skip("set COURSE_SAMPLE_RECORDS to a sample record file made by the store's TestGenerateSampleRecords")
	}
	s, err := store.Open(path, store.Options{ReadOnly: true})
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

// AddKey binds an SSH key to a member, as an officer does.
func AddKey(t testing.TB, s *store.Store, member string, key gossh.PublicKey, comment string) record.MemberKey {
	t.Helper()
	added, already, err := s.AddKeys(member, []record.NewKey{{Key: key, Comment: comment}})
	if err != nil {
		t.Fatal(err)
	}
	return append(added, already...)[0]
}

// Events returns every member's events, in log order.
func Events(t testing.TB, s *store.Store) []record.Event {
	t.Helper()
	members, err := s.Members()
	if err != nil {
		t.Fatal(err)
	}
	var all []record.Event
	for _, m := range members {
		events, err := s.MemberEvents(m.Number)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, events...)
	}
	slices.SortFunc(all, func(a, b record.Event) int { return cmp.Compare(a.Seq, b.Seq) })
	return all
}

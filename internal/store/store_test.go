package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"course/internal/progress"
	"course/internal/record"
	"course/internal/store/chain"
)

// stepClock is a clock that moves on a second each time it is read, so
// events get distinct, predictable times.
type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

var start = time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)

func openTestStore(t *testing.T, path string) *Store {
	t.Helper()
	clock := &stepClock{t: start}
	s, err := Open(path, Options{Now: clock.Now, AppVersion: "test-1.0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newTestStore(t *testing.T) *Store {
	t.Helper()
	return openTestStore(t, filepath.Join(t.TempDir(), "course", "records.db"))
}

func addMember(t *testing.T, s *Store, name string) record.Member {
	t.Helper()
	m, err := s.AddMember(record.NewMember{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mustRecord(t *testing.T, s *Store, e record.Event) record.Event {
	t.Helper()
	stored, err := s.Record(e)
	if err != nil {
		t.Fatal(err)
	}
	return stored
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

func TestOpenCreatesPrivateFileAndSidecar(t *testing.T) {
	path := filepath.Join(t.TempDir(), "course", "records.db")
	s := openTestStore(t, path)
	for name, want := range map[string]os.FileMode{filepath.Dir(path): 0o700, path: 0o600, chain.SidecarPath(path): 0o600} {
		info, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s: mode %v, want %v", name, got, want)
		}
	}
	if sc, ok, err := chain.ReadSidecar(path); !ok || err != nil || sc.ID == "" || sc.Created.IsZero() || sc.End == nil || sc.End.Events != 0 {
		t.Errorf("sidecar: %+v, %v, %v", sc, ok, err)
	}
	if err := s.Check(); err != nil {
		t.Errorf("Check on a new file: %v", err)
	}
}

func TestDefaultPath(t *testing.T) {
	path, err := DefaultPath()
	if err != nil {
		t.Skip("no user config dir here:", err)
	}
	if !strings.HasSuffix(path, filepath.Join("course", "records.db")) {
		t.Errorf("DefaultPath() = %q", path)
	}
}

func TestMembers(t *testing.T) {
	s := newTestStore(t)
	elected := time.Date(2022, 5, 5, 15, 30, 0, 0, time.FixedZone("BST", 3600))
	zoe, err := s.AddMember(record.NewMember{Name: "  zoe Adams ", Email: "zoe@example.gov.uk", Ward: "Abbey",
		Role: "Co-opted", Elected: elected})
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^M[0-9A-HJKMNP-TV-Z]{8}$`).MatchString(zoe.Number) {
		t.Errorf("number %q is not M + 8 Crockford base32 characters", zoe.Number)
	}
	want := record.Member{Number: zoe.Number, Name: "zoe Adams", Email: "zoe@example.gov.uk", Ward: "Abbey",
		Role: record.RoleCoopted, Elected: time.Date(2022, 5, 5, 0, 0, 0, 0, time.UTC), Added: zoe.Added}
	if !reflect.DeepEqual(zoe, want) || zoe.Added.IsZero() {
		t.Errorf("AddMember = %+v, want %+v", zoe, want)
	}
	alan := addMember(t, s, "Alan Brown")
	if alan.Role != record.RoleCouncillor {
		t.Errorf("default role = %q", alan.Role)
	}
	bob1, err := s.AddMember(record.NewMember{Name: "bob", Ward: "Abbey"})
	if err != nil {
		t.Fatal(err)
	}
	// Another Bob in another ward is another person; the same Bob again is
	// refused, naming who is already on the record.
	bob2, err := s.AddMember(record.NewMember{Name: "Bob", Ward: "Calverton"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.AddMember(record.NewMember{Name: " BOB ", Ward: "Calverton"})
	if dup, ok := errors.AsType[*record.DuplicateMemberError](err); !ok || !errors.Is(err, record.ErrDuplicateMember) || dup.Existing.Number != bob2.Number || dup.How() != "name and ward" {
		t.Errorf("adding Bob of Calverton twice: %v", err)
	}
	_, err = s.AddMember(record.NewMember{Name: "Zoë Adams", Email: "ZOE@example.gov.uk"})
	if dup, ok := errors.AsType[*record.DuplicateMemberError](err); !ok || dup.Existing.Number != zoe.Number || dup.How() != "email" {
		t.Errorf("adding Zoe's email again: %v", err)
	}

	got, err := s.Member(zoe.Number)
	if err != nil || !reflect.DeepEqual(got, zoe) {
		t.Errorf("Member(%s) = %+v, %v; want %+v", zoe.Number, got, err, zoe)
	}
	if _, err := s.Member("M00000000"); !errors.Is(err, record.ErrNotFound) {
		t.Errorf("Member(unknown) error = %v, want record.ErrNotFound", err)
	}

	list, err := s.Members()
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, m := range list {
		order = append(order, m.Number)
	}
	bobs := []string{bob1.Number, bob2.Number}
	slices.Sort(bobs)
	if wantOrder := []string{alan.Number, bobs[0], bobs[1], zoe.Number}; !slices.Equal(order, wantOrder) {
		t.Errorf("Members order = %v, want %v", order, wantOrder)
	}

	// The member-added event has the number, role and date, and nothing personal.
	events, err := s.MemberEvents(zoe.Number)
	if err != nil || len(events) != 1 {
		t.Fatalf("MemberEvents = %v, %v", events, err)
	}
	e := events[0]
	if e.Kind != record.MemberAdded || e.Member != zoe.Number || e.Role != record.RoleCoopted || e.Elected != "2022-05-05" {
		t.Errorf("member-added event = %+v", e)
	}
	raw, _ := json.Marshal(e)
	for _, personal := range []string{"zoe", "Adams", "example.gov.uk", "Abbey"} {
		if strings.Contains(string(raw), personal) {
			t.Errorf("event %s contains personal data %q", raw, personal)
		}
	}
}

func TestUpdateMember(t *testing.T) {
	s := newTestStore(t)
	m, err := s.AddMember(record.NewMember{Name: "Ann Smith", Email: "ann@example.org", Ward: "North"})
	if err != nil {
		t.Fatal(err)
	}
	updated, err := updateMember(s, m.Number, record.NewMember{Name: "Ann Jones", Email: "ann@example.org",
		Ward: "South", Role: record.RoleCoopted})
	if err != nil {
		t.Fatal(err)
	}
	if updated.Name != "Ann Jones" || updated.Ward != "South" || updated.Role != record.RoleCoopted || updated.Added != m.Added {
		t.Errorf("UpdateMember = %+v", updated)
	}
	if got, _ := s.Member(m.Number); !reflect.DeepEqual(got, updated) {
		t.Errorf("Member after update = %+v, want %+v", got, updated)
	}
	// No change, no event.
	if _, err := updateMember(s, m.Number, record.NewMember{Name: "Ann Jones", Email: "ann@example.org",
		Ward: "South", Role: record.RoleCoopted}); err != nil {
		t.Fatal(err)
	}
	events, err := s.MemberEvents(m.Number)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 {
		t.Fatalf("%d events, want member-added and one member-updated: %+v", len(events), events)
	}
	e := events[1]
	if e.Kind != record.MemberUpdated || !slices.Equal(e.Fields, []string{"name", "ward", "role"}) || e.Role != record.RoleCoopted {
		t.Errorf("member-updated event = %+v", e)
	}
	raw, _ := json.Marshal(e)
	for _, personal := range []string{"Ann", "Jones", "Smith", "South", "North"} {
		if strings.Contains(string(raw), personal) {
			t.Errorf("event %s contains personal data %q", raw, personal)
		}
	}
	if _, err := updateMember(s, "M00000000", record.NewMember{Name: "X"}); !errors.Is(err, record.ErrNotFound) {
		t.Errorf("UpdateMember(unknown) error = %v, want record.ErrNotFound", err)
	}
}

func TestInvalidMembers(t *testing.T) {
	s := newTestStore(t)
	tests := []struct {
		name string
		m    record.NewMember
		want string
	}{
		{"empty name", record.NewMember{Name: ""}, "name is empty"},
		{"blank name", record.NewMember{Name: " \t "}, "name is empty"},
		{"long name", record.NewMember{Name: strings.Repeat("é", 201)}, "at most 200"},
		{"newline in name", record.NewMember{Name: "Ann\nSmith"}, "control character"},
		{"escape in name", record.NewMember{Name: "Ann \x1b[31mSmith"}, "control character"},
		{"invalid UTF-8", record.NewMember{Name: "Ann \xff"}, "invalid text"},
		{"control in ward", record.NewMember{Name: "Ann", Ward: "North\x00"}, "ward contains"},
		{"email without @", record.NewMember{Name: "Ann", Email: "ann.example.org"}, "is not a whole address"},
		{"email without domain", record.NewMember{Name: "Ann", Email: "sian@"}, "is not a whole address"},
		{"email without a dot", record.NewMember{Name: "Ann", Email: "sian@localhost"}, "is not a whole address"},
		{"email with a space", record.NewMember{Name: "Ann", Email: "sian jones@example.org"}, "is not a whole address"},
		{"unknown role", record.NewMember{Name: "Ann", Role: "mayor"}, "role must be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.AddMember(tt.m)
			if !errors.Is(err, record.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("AddMember error = %v, want record.ErrInvalid mentioning %q", err, tt.want)
			}
		})
	}
	if _, err := s.AddMember(record.NewMember{Name: strings.Repeat("é", 200)}); err != nil {
		t.Errorf("a 200-character name was refused: %v", err)
	}
	if list, _ := s.Members(); len(list) != 1 {
		t.Errorf("%d members stored, want only the valid one", len(list))
	}
}

func TestRecord(t *testing.T) {
	s := newTestStore(t)
	m := addMember(t, s, "Ann")
	attempt := record.NewAttemptID()
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(attempt) {
		t.Errorf("NewAttemptID() = %q, not a version 4 UUID", attempt)
	}
	e := mustRecord(t, s, record.Event{Kind: record.QuestionAnswered, Member: m.Number, Module: "intro", ModuleVersion: "v1",
		Attempt: attempt, Question: "q1", Chosen: []int{2, 0}, Correct: true, Seq: 99, Hash: "forged"})
	if e.Seq != 2 || e.AppVersion != "test-1.0" || e.Time.Location() != time.UTC || e.Time.IsZero() {
		t.Errorf("stored event = %+v", e)
	}
	first, _ := s.MemberEvents(m.Number)
	if e.Prev != first[0].Hash || e.Hash == "" || e.Hash == "forged" {
		t.Errorf("chain: prev %q (want %q), hash %q", e.Prev, first[0].Hash, e.Hash)
	}
	events, err := s.MemberEvents(m.Number)
	if err != nil || len(events) != 2 || !reflect.DeepEqual(events[1], e) {
		t.Errorf("MemberEvents = %+v, %v; want it to end with %+v", events, err, e)
	}
	head, n, err := s.Head()
	if err != nil || head != e.Hash || n != 2 {
		t.Errorf("Head() = %q, %d, %v; want %q, 2", head, n, err, e.Hash)
	}

	_, err = s.Record(record.Event{Kind: record.ModuleOpened, Member: "M00000000", Module: "intro"})
	if !errors.Is(err, record.ErrNotFound) {
		t.Errorf("Record for an unknown member: %v, want record.ErrNotFound", err)
	}
	if _, err := s.Record(record.Event{Kind: "module-skipped", Member: m.Number}); !errors.Is(err, record.ErrInvalid) {
		t.Errorf("Record of an unknown kind: %v, want record.ErrInvalid", err)
	}
	// A failed batch stores nothing.
	_, err = s.RecordBatch([]record.Event{{Kind: record.ModuleOpened, Member: m.Number}, {Kind: record.ModuleOpened, Member: "nobody"}})
	if !errors.Is(err, record.ErrNotFound) {
		t.Errorf("RecordBatch with an unknown member: %v", err)
	}
	if _, n, _ := s.Head(); n != 2 {
		t.Errorf("after failed records the log has %d events, want 2", n)
	}
}

func TestEventsAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	s := openTestStore(t, path)
	ann, bob := addMember(t, s, "Ann"), addMember(t, s, "Bob")
	stored, err := s.RecordBatch([]record.Event{
		{Kind: record.ModuleOpened, Member: ann.Number, Module: "intro"},
		{Kind: record.ModuleOpened, Member: bob.Number, Module: "intro"},
		{Kind: record.ModuleRead, Member: ann.Number, Module: "intro"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openTestStore(t, path)
	var all []record.Event
	if err := events(s, time.Time{}, func(e record.Event) error { all = append(all, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(all) != 5 || !reflect.DeepEqual(all[2:], stored) {
		t.Errorf("Events = %+v, want the two member-added events then %+v", all, stored)
	}
	var since []uint64
	events(s, stored[1].Time, func(e record.Event) error { since = append(since, e.Seq); return nil })
	if !slices.Equal(since, []uint64{4, 5}) {
		t.Errorf("Events since %v: %v, want [4 5]", stored[1].Time, since)
	}
	annEvents, err := s.MemberEvents(ann.Number)
	if err != nil || len(annEvents) != 3 || annEvents[2].Kind != record.ModuleRead {
		t.Errorf("MemberEvents(ann) = %+v, %v", annEvents, err)
	}
	if _, err := s.MemberEvents("M00000000"); !errors.Is(err, record.ErrNotFound) {
		t.Errorf("MemberEvents(unknown): %v", err)
	}
	stop := errors.New("stop")
	if err := events(s, time.Time{}, func(record.Event) error { return stop }); err != stop {
		t.Errorf("Events did not pass on fn's error: %v", err)
	}
	if r, err := verify(s); err != nil || !r.OK || r.Events != 5 {
		t.Errorf("Verify = %+v, %v", r, err)
	}
}

func TestReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	if _, err := Open(path, Options{ReadOnly: true}); err == nil {
		t.Error("a read-only open of a missing file succeeded")
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a read-only open created the file: %v", err)
	}
	s := openTestStore(t, path)
	m := addMember(t, s, "Ann")
	s.Close()
	before := fileHash(t, path)

	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.Member(m.Number); err != nil {
		t.Error(err)
	}
	if _, err := ro.Record(record.Event{Kind: record.ModuleOpened, Member: m.Number}); err == nil {
		t.Error("Record succeeded on a read-only store")
	}
	if err := ro.Check(); err != nil {
		t.Error(err)
	}
	if fileHash(t, path) != before {
		t.Error("the file changed while open read-only")
	}
}

func TestState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	s := openTestStore(t, path)
	m := addMember(t, s, "Ann")
	if got, err := s.LastMember(); got != "" || err != nil {
		t.Errorf("LastMember on a new file = %q, %v", got, err)
	}
	if off, err := s.Place(m.Number, "intro"); off != 0 || err != nil {
		t.Errorf("Place on a new file = %d, %v", off, err)
	}
	if err := s.SetLastMember(m.Number); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPlace(m.Number, "intro", 42); err != nil {
		t.Fatal(err)
	}
	if err := s.SetLastMember("M00000000"); !errors.Is(err, record.ErrNotFound) {
		t.Errorf("SetLastMember(unknown): %v", err)
	}
	_, before, _ := s.Head()
	s.Close()

	s = openTestStore(t, path)
	if got, _ := s.LastMember(); got != m.Number {
		t.Errorf("LastMember = %q, want %q", got, m.Number)
	}
	if off, _ := s.Place(m.Number, "intro"); off != 42 {
		t.Errorf("Place = %d, want 42", off)
	}
	if off, _ := s.Place(m.Number, "other"); off != 0 {
		t.Errorf("Place(other module) = %d, want 0", off)
	}
	if _, after, _ := s.Head(); after != before {
		t.Errorf("state changes added events: %d → %d", before, after)
	}
}

// writeSchema1File builds a schema 1 file by hand: the buckets and a valid
// chain of events, but no member-events index.
func writeSchema1File(t *testing.T, path string) (member string, events []record.Event) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	member = "M0000000A"
	other := "M0000000B"
	err = db.Update(func(tx *bolt.Tx) error {
		if err := createBuckets(tx); err != nil {
			return err
		}
		tx.Bucket(bucketMeta).Put(keySchema, []byte("1"))
		for _, n := range []string{member, other} {
			// As programs before details were sealed stored them: no salt.
			v, _ := json.Marshal(record.Member{Number: n, Name: "Someone", Role: record.RoleCouncillor, Added: start})
			tx.Bucket(bucketMembers).Put([]byte(n), v)
		}
		prev := ""
		for i, e := range []record.Event{
			{Kind: record.MemberAdded, Member: member, Role: record.RoleCouncillor},
			{Kind: record.MemberAdded, Member: other, Role: record.RoleCouncillor},
			{Kind: record.ModuleOpened, Member: member, Module: "intro", ModuleVersion: "v1"},
			{Kind: record.ModuleOpened, Member: other, Module: "intro", ModuleVersion: "v1"},
			{Kind: record.QuizFinished, Member: member, Module: "intro", ModuleVersion: "v1", Score: 8, Total: 8, Passed: true},
		} {
			e.Seq, e.Time, e.Prev, e.AppVersion = uint64(i+1), start.Add(time.Duration(i)*time.Minute), prev, "old"
			v, err := chain.Seal(&e)
			if err != nil {
				return err
			}
			tx.Bucket(bucketEvents).Put(seqKey(e.Seq), v)
			prev = e.Hash
			if e.Member == member {
				events = append(events, e)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return member, events
}

func TestMigrationFromSchema1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	member, want := writeSchema1File(t, path)

	s := openTestStore(t, path)
	got, err := s.MemberEvents(member)
	// The old events stay as they were; the member's details are sealed
	// after them.
	if err != nil || len(got) != len(want)+1 || !reflect.DeepEqual(got[:len(want)], want) {
		t.Fatalf("MemberEvents after migration = %+v, %v; want %+v and a member-sealed event", got, err, want)
	}
	if sealed := got[len(want)]; sealed.Kind != record.MemberSealed || sealed.DetailsDigest == "" || len(sealed.Fields) > 0 {
		t.Errorf("the last event after migration = %+v, want member-sealed with a digest", sealed)
	}
	info := progress.CourseInfo{Modules: []progress.ModuleInfo{{ID: "intro", Version: "v1"}}}
	p, err := progress.Load(s, member, info, start)
	if err != nil || p.Status != progress.Passed {
		t.Errorf("Progress after migration = %+v, %v", p, err)
	}
	if r, err := verify(s); err != nil || !r.OK || r.Events != 7 || r.Unsealed != 0 {
		t.Errorf("Verify after migration = %+v, %v", r, err)
	}
	err = s.db.View(func(tx *bolt.Tx) error {
		if v := string(tx.Bucket(bucketMeta).Get(keySchema)); v != strconv.Itoa(currentSchema) {
			t.Errorf("schema after migration = %q, want %d", v, currentSchema)
		}
		if tx.Bucket(bucketKeys) == nil || tx.Bucket(bucketInvites) == nil {
			t.Error("the migrated file has no keys or invites bucket")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(chain.SidecarPath(path)); err != nil {
		t.Errorf("no sidecar written for the migrated file: %v", err)
	}
}

func TestReadOnlyRefusesOldSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	writeSchema1File(t, path)
	before := fileHash(t, path)
	if s, err := Open(path, Options{ReadOnly: true}); err == nil {
		s.Close()
		t.Error("a read-only open of a schema 1 file succeeded")
	}
	if fileHash(t, path) != before {
		t.Error("the file changed")
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	s := openTestStore(t, path)
	addMember(t, s, "Ann")
	s.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	newer := strconv.Itoa(currentSchema + 1)
	db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, []byte(newer)) })
	db.Close()
	before := fileHash(t, path)

	_, err = Open(path, Options{})
	if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), "schema "+newer) {
		t.Errorf("Open of a schema %s file: %v, want ErrNewerSchema", newer, err)
	}
	if fileHash(t, path) != before {
		t.Error("the file changed")
	}
}

func TestForeignBoltFileIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("other")); return err })
	db.Close()
	before := fileHash(t, path)
	if _, err := Open(path, Options{}); !errors.Is(err, ErrDamaged) {
		t.Errorf("Open of another program's bolt file: %v, want ErrDamaged", err)
	}
	if fileHash(t, path) != before {
		t.Error("the file changed")
	}
}

func TestSealedEventIsItsJSON(t *testing.T) {
	e := record.Event{Seq: 3, Time: start, Kind: record.QuizFinished, Member: "M1", Module: "intro", Score: 3, Total: 4,
		Chosen: []int{1}, Reason: `quotes " and <tags> & unicode é`, Prev: "abc"}
	v, err := chain.Seal(&e)
	if err != nil {
		t.Fatal(err)
	}
	if want, _ := json.Marshal(e); string(v) != string(want) {
		t.Errorf("sealed\n%s\nbut json.Marshal gives\n%s", v, want)
	}
	head, hash, ok := chain.Unseal(v)
	if sum := sha256.Sum256(append(slices.Clip(head), '}')); !ok || string(hash) != e.Hash || fmt.Sprintf("%x", sum) != e.Hash {
		t.Errorf("unseal = %s, %q, %v", head, hash, ok)
	}
	var back record.Event
	if err := json.Unmarshal(v, &back); err != nil || !reflect.DeepEqual(back, e) {
		t.Errorf("decoded %+v, %v; want %+v", back, err, e)
	}
}

func TestProgressMatchesDeriveFromFullEvents(t *testing.T) {
	s := newTestStore(t)
	ann, bob := addMember(t, s, "Ann"), addMember(t, s, "Bob")
	var batch []record.Event
	bobRun := memberRun(bob.Number, courseOf10)
	for i, e := range memberRun(ann.Number, courseOf10) {
		batch = append(batch, e, bobRun[i])
	}
	// Ann fails module 3 once more after passing, and module 5 has changed.
	batch = append(batch, record.Event{Kind: record.QuizFinished, Member: ann.Number, Module: "module-03",
		ModuleVersion: "v1", Score: 1, Total: 8})
	if _, err := s.RecordBatch(batch); err != nil {
		t.Fatal(err)
	}
	info := courseOf10
	info.Modules = slices.Clone(info.Modules)
	info.Modules[5].Version = "v2"
	events, err := s.MemberEvents(ann.Number)
	if err != nil {
		t.Fatal(err)
	}
	now := start.AddDate(0, 1, 0)
	want := progress.Derive(ann.Number, events, info, now)
	got, err := progress.Load(s, ann.Number, info, now)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Progress = %+v, %v\nDerive = %+v", got, err, want)
	}
	if got.Status != progress.NeedsRefresh || got.Modules[3].Attempts != 2 {
		t.Errorf("Progress = %+v", got)
	}
	if _, err := progress.Load(s, "M00000000", info, now); !errors.Is(err, record.ErrNotFound) {
		t.Errorf("Progress(unknown): %v", err)
	}
}

func TestBackup(t *testing.T) {
	s := newTestStore(t)
	m := addMember(t, s, "Ann")
	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := backup(s, dst); err != nil {
		t.Fatal(err)
	}
	b := openTestStore(t, dst)
	if got, err := b.Member(m.Number); err != nil || got.Name != "Ann" {
		t.Errorf("backup member = %+v, %v", got, err)
	}
}

func TestSeqKeyOrder(t *testing.T) {
	if k := seqKey(258); binary.BigEndian.Uint64(k) != 258 || len(k) != 8 || k[6] != 1 || k[7] != 2 {
		t.Errorf("seqKey(258) = %x", k)
	}
}

// TestSharedStoreClosesWithItsLastUser: a store shared by Share stays open
// until every user has closed it, and the file is let go after that.
func TestSharedStoreClosesWithItsLastUser(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	shared := s.Share()
	if err := shared.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddMember(record.NewMember{Name: "Robin Hart"}); err != nil {
		t.Fatalf("the store was closed by a user it was shared with: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(path, Options{Timeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("the last Close did not let go of the file: %v", err)
	}
	again.Close()
}

// TestWriteBackupIsAWholeRecordFile: the copy streamed by WriteBackup opens
// as a record file with the same members and events, and verifies, and its
// chain ends where WriteBackup said.
func TestWriteBackupIsAWholeRecordFile(t *testing.T) {
	s := newTestStore(t)
	m, err := s.AddMember(record.NewMember{Name: "Robin Hart"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Record(record.Event{Kind: record.ModuleOpened, Member: m.Number, Module: "m1"}); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	f, err := os.Create(copyPath)
	if err != nil {
		t.Fatal(err)
	}
	n, wantHead, wantN, err := s.WriteBackup(f)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(copyPath); st.Size() != n || n == 0 {
		t.Fatalf("wrote %d bytes, file has %d", n, st.Size())
	}
	c, err := Open(copyPath, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	report, err := verify(c)
	if err != nil || !report.OK {
		t.Fatalf("the copy does not verify: %+v %v", report, err)
	}
	if now, _, _ := s.Head(); wantHead != now || wantN != 2 {
		t.Errorf("WriteBackup said the chain ends at %d %s, want 2 %s", wantN, wantHead, now)
	}
	head, events, err := c.Head()
	if err != nil || head != wantHead || events != wantN {
		t.Errorf("copy's chain ends at %d %s, want %d %s (%v)", events, head, wantN, wantHead, err)
	}
}

package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"course/internal/record"
	"course/internal/store/chain"
)

// detailsFile makes a record file of two members, Ann Lee and Bob Bell,
// each with a quiz result, and returns its path and the members.
func detailsFile(t *testing.T) (path string, ann, bob record.Member) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "records.db")
	s := openTestStore(t, path)
	ann, err := s.AddMember(record.NewMember{Name: "Ann Lee", Email: "ann@example.gov.uk", Ward: "Abbey"})
	if err != nil {
		t.Fatal(err)
	}
	bob = addMember(t, s, "Bob Bell")
	for _, m := range []record.Member{ann, bob} {
		mustRecord(t, s, record.Event{Kind: record.QuizFinished, Member: m.Number, Module: "intro", Score: 8, Total: 8, Passed: true})
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, ann, bob
}

// editMembers changes the members bucket directly, as someone with the
// file and a bbolt library could.
func editMembers(t *testing.T, path string, edit func(members *bolt.Bucket) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error { return edit(tx.Bucket(bucketMembers)) })
	if closeErr := db.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		t.Fatal(err)
	}
}

// replaceIn replaces old with new in member number's stored value.
func replaceIn(number, old, new string) func(*bolt.Bucket) error {
	return func(members *bolt.Bucket) error {
		v := members.Get([]byte(number))
		if !bytes.Contains(v, []byte(old)) {
			return errors.New("the value does not hold " + old)
		}
		return members.Put([]byte(number), bytes.ReplaceAll(v, []byte(old), []byte(new)))
	}
}

// TestEditedDetailsAreFound: a member's stored details changed, removed or
// added from outside the course fail the full check, which names the
// member by number and never their details; the other member still
// passes on their own.
func TestEditedDetailsAreFound(t *testing.T) {
	tests := []struct {
		name string
		edit func(ann, bob record.Member) func(*bolt.Bucket) error
		who  func(ann, bob record.Member) string
		want string
	}{
		{"a name changed", func(ann, _ record.Member) func(*bolt.Bucket) error {
			return replaceIn(ann.Number, "Ann Lee", "Bob Lee")
		},
			func(ann, _ record.Member) string { return ann.Number }, "do not match those sealed in event 1"},
		{"an email changed", func(ann, _ record.Member) func(*bolt.Bucket) error {
			return replaceIn(ann.Number, "ann@example", "bob@example")
		}, func(ann, _ record.Member) string { return ann.Number }, "do not match"},
		{"the salt changed", func(ann, _ record.Member) func(*bolt.Bucket) error {
			return func(members *bolt.Bucket) error {
				var v map[string]any
				json.Unmarshal(members.Get([]byte(ann.Number)), &v)
				v["salt"] = "AAAAAAAAAAAAAAAAAAAAAA=="
				b, _ := json.Marshal(v)
				return members.Put([]byte(ann.Number), b)
			}
		}, func(ann, _ record.Member) string { return ann.Number }, "do not match"},
		{"another member's details copied over", func(ann, bob record.Member) func(*bolt.Bucket) error {
			return func(members *bolt.Bucket) error {
				return members.Put([]byte(ann.Number), bytes.Clone(members.Get([]byte(bob.Number))))
			}
		}, func(ann, _ record.Member) string { return ann.Number }, "do not match"},
		{"marked erased by hand", func(_, bob record.Member) func(*bolt.Bucket) error {
			return func(members *bolt.Bucket) error {
				return members.Put([]byte(bob.Number), []byte(`{"role":"councillor","added":"2025-05-01T09:00:00Z","erased":true}`))
			}
		}, func(_, bob record.Member) string { return bob.Number }, "no event erased them"},
		{"removed", func(_, bob record.Member) func(*bolt.Bucket) error {
			return func(members *bolt.Bucket) error { return members.Delete([]byte(bob.Number)) }
		}, func(_, bob record.Member) string { return bob.Number }, "missing from the members"},
		{"a member put in by hand", func(record.Member, record.Member) func(*bolt.Bucket) error {
			return func(members *bolt.Bucket) error {
				return members.Put([]byte("M0000000Z"), []byte(`{"name":"Zed","role":"councillor","added":"2025-05-01T09:00:00Z"}`))
			}
		}, func(record.Member, record.Member) string { return "M0000000Z" }, "no event stores the details"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, ann, bob := detailsFile(t)
			s := openTestStore(t, path)
			if r, err := verify(s); err != nil || !r.OK || r.Unsealed != 0 {
				t.Fatalf("Verify before the edit = %+v, %v", r, err)
			}
			s.Close()

			editMembers(t, path, tt.edit(ann, bob))
			s, err := Open(path, Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			who := tt.who(ann, bob)
			r, err := verify(s)
			var te *TamperedError
			if !errors.As(err, &te) || r.OK || r.Member != who || te.Report.Member != who {
				t.Fatalf("Verify after the edit = %+v, %v; want a *TamperedError naming member %s", r, err, who)
			}
			if !strings.Contains(r.Problem, who) || !strings.Contains(r.Problem, tt.want) {
				t.Errorf("problem = %q, want it to name %s and say %q", r.Problem, who, tt.want)
			}
			for _, detail := range []string{"Ann", "Bob", "Lee", "Bell", "example", "Abbey"} {
				if strings.Contains(err.Error(), detail) {
					t.Errorf("the error shows a member's details (%q): %v", detail, err)
				}
			}
			if who != ann.Number {
				return
			}
			if _, err := s.MemberIntact(ann.Number); !errors.As(err, &te) || te.Report.Member != ann.Number {
				t.Errorf("MemberIntact(Ann) = %v, want a *TamperedError naming her", err)
			}
			if sealed, err := s.MemberIntact(bob.Number); err != nil || !sealed {
				t.Errorf("MemberIntact(Bob) = %v, %v; want sealed and intact", sealed, err)
			}
		})
	}
}

// TestWritesDoNotSealAnEdit: an import that would change a member whose
// details were changed from outside the course, or their erasure,
// refuses, and writes nothing, rather than seal the change.
func TestWritesDoNotSealAnEdit(t *testing.T) {
	path, ann, _ := detailsFile(t)
	editMembers(t, path, replaceIn(ann.Number, "Ann Lee", "Bob Lee"))
	before := fileHash(t, path)
	s := openTestStore(t, path)
	_, err := s.ImportMembers([]record.NewMember{{Name: "Ann Lee", Email: "ann@example.gov.uk", Ward: "Bridge"}}, nil)
	var te *TamperedError
	if !errors.As(err, &te) || te.Report.Member != ann.Number {
		t.Errorf("ImportMembers = %v, want a *TamperedError naming member %s", err, ann.Number)
	}
	if err := s.EraseMember(ann.Number, "left the council"); !errors.As(err, &te) || te.Report.Member != ann.Number {
		t.Errorf("EraseMember = %v, want a *TamperedError naming member %s", err, ann.Number)
	}
	s.Close()
	if fileHash(t, path) != before {
		t.Error("the refused import changed the file")
	}
}

// TestWritesCarryTheDigest: adding, importing (new and changed members)
// and erasing each log the digest of the value they store, which holds a
// salt of its own, and the records verify.
func TestWritesCarryTheDigest(t *testing.T) {
	s := newTestStore(t)
	ann, err := s.AddMember(record.NewMember{Name: "Ann Lee", Email: "ann@example.gov.uk"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportMembers([]record.NewMember{
		{Name: "Ann Lee", Email: "ann@example.gov.uk", Ward: "Abbey"}, // changed
		{Name: "Cai Cole", Email: "cai@example.gov.uk"},               // new
	}, nil); err != nil {
		t.Fatal(err)
	}
	members, err := s.Members()
	if err != nil || len(members) != 2 {
		t.Fatalf("Members = %v, %v", members, err)
	}
	salts := map[string]bool{}
	check := func(number string, wantKinds ...record.Kind) {
		t.Helper()
		events, err := s.MemberEvents(number)
		if err != nil || len(events) != len(wantKinds) {
			t.Fatalf("events of %s = %+v, %v; want %v", number, events, err, wantKinds)
		}
		var value []byte
		s.view(func(tx *bolt.Tx) error { value = bytes.Clone(tx.Bucket(bucketMembers).Get([]byte(number))); return nil })
		for i, e := range events {
			if e.Kind != wantKinds[i] || e.DetailsDigest == "" {
				t.Errorf("event %d of %s = %+v, want %s with a digest", i, number, e, wantKinds[i])
			}
		}
		if last := events[len(events)-1]; last.DetailsDigest != chain.DetailsDigest(value) {
			t.Errorf("the latest digest of %s does not match the stored value %s", number, value)
		}
		var stored struct{ Salt []byte }
		if err := json.Unmarshal(value, &stored); err != nil {
			t.Fatal(err)
		}
		if len(stored.Salt) != 16 && !bytes.Contains(value, []byte(`"erased":true`)) || salts[string(stored.Salt)] {
			t.Errorf("the salt of %s is %x: want 16 bytes of its own", number, stored.Salt)
		}
		salts[string(stored.Salt)] = true
	}
	check(ann.Number, record.MemberAdded, record.MemberUpdated)
	for _, m := range members {
		if m.Number != ann.Number {
			check(m.Number, record.MemberAdded)
		}
	}
	verifyOK(t, s)

	if err := s.EraseMember(ann.Number, "left the council"); err != nil {
		t.Fatal(err)
	}
	check(ann.Number, record.MemberAdded, record.MemberUpdated, record.MemberErased)
	if r, err := verify(s); err != nil || !r.OK || r.Unsealed != 0 {
		t.Errorf("Verify after the erasure = %+v, %v", r, err)
	}
	if sealed, err := s.MemberIntact(ann.Number); err != nil || !sealed {
		t.Errorf("MemberIntact of the erased member = %v, %v", sealed, err)
	}
}

// TestErasedMemberEditedIsFound: what is left of an erased member (role,
// dates, the mark) is sealed too, and cannot be given details again.
func TestErasedMemberEditedIsFound(t *testing.T) {
	path, ann, _ := detailsFile(t)
	s := openTestStore(t, path)
	if err := s.EraseMember(ann.Number, "left the council"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, edit := range []func(*bolt.Bucket) error{
		replaceIn(ann.Number, "councillor", "co-opted"),
		replaceIn(ann.Number, `,"erased":true`, `,"name":"Ann Lee"`),
	} {
		dir := t.TempDir()
		copied := filepath.Join(dir, "records.db")
		copyRecords(t, path, copied)
		editMembers(t, copied, edit)
		s, err := Open(copied, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if r, err := verify(s); !errors.Is(err, ErrTampered) || r.Member != ann.Number {
			t.Errorf("Verify = %+v, %v; want member %s named", r, err, ann.Number)
		}
		s.Close()
	}
}

// copyRecords copies a record file and its sidecar.
func copyRecords(t *testing.T, from, to string) {
	t.Helper()
	for _, p := range [][2]string{{from, to}, {chain.SidecarPath(from), chain.SidecarPath(to)}} {
		data, err := os.ReadFile(p[0])
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p[1], data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// writeSchema3File makes a file as the program before details were sealed
// left it: writeSchema1File's members and events, brought up to schema 3,
// with no salt in the members' values and no digest in the events.
func writeSchema3File(t *testing.T, path string) {
	t.Helper()
	writeSchema1File(t, path)
	editFile(t, path, func(log, _ *bolt.Bucket) error {
		tx := log.Tx()
		for _, up := range []func(*bolt.Tx) error{indexMemberEvents, createKeyBuckets} {
			if err := up(tx); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("3"))
	})
}

// TestOlderFileIsSealedOnce: a file made before details were sealed
// verifies read-only as it is, saying how many members are not yet
// covered; the first open for writing seals each member with one event
// after the others, which stay byte for byte, and later opens add none,
// even with the schema set back by hand. Sealed, an edit is then found.
func TestOlderFileIsSealedOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	writeSchema3File(t, path)
	before := fileHash(t, path)
	rawEvents := func() map[string]string {
		out := map[string]string{}
		s, err := Open(path, Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		s.view(func(tx *bolt.Tx) error {
			return tx.Bucket(bucketEvents).ForEach(func(k, v []byte) error { out[string(k)] = string(v); return nil })
		})
		return out
	}
	old := rawEvents()

	s, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if r, err := verify(s); err != nil || !r.OK || r.Unsealed != 2 || r.Events != 5 {
		t.Errorf("Verify of the older file = %+v, %v; want intact with 2 members not yet sealed", r, err)
	}
	if sealed, err := s.MemberIntact("M0000000A"); sealed || err != nil {
		t.Errorf("MemberIntact of a member not yet sealed = %v, %v", sealed, err)
	}
	s.Close()
	if fileHash(t, path) != before {
		t.Fatal("reading the older file changed it")
	}

	for range 2 {
		s = openTestStore(t, path)
		if r, err := verify(s); err != nil || !r.OK || r.Unsealed != 0 || r.Events != 7 {
			t.Errorf("Verify once sealed = %+v, %v; want 7 events and every member sealed", r, err)
		}
		s.Close()
	}
	after := rawEvents()
	for k, v := range old {
		if after[k] != v {
			t.Errorf("event %x changed in sealing:\n%s\n%s", k, v, after[k])
		}
	}
	editFile(t, path, func(log, _ *bolt.Bucket) error { return log.Tx().Bucket(bucketMeta).Put(keySchema, []byte("3")) })
	s = openTestStore(t, path)
	if _, n, _ := s.Head(); n != 7 {
		t.Errorf("%d events after opening with the schema set back, want still 7", n)
	}
	s.Close()

	editMembers(t, path, replaceIn("M0000000A", "Someone", "Somebody"))
	s = openTestStore(t, path)
	if r, err := verify(s); !errors.Is(err, ErrTampered) || r.Member != "M0000000A" {
		t.Errorf("Verify after an edit of the sealed file = %+v, %v", r, err)
	}
	s.Close()
}

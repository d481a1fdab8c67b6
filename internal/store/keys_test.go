package store

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	gossh "golang.org/x/crypto/ssh"

	"course/internal/progress"
	"course/internal/record"
)

// testKey makes a new ed25519 public key.
func testKey(t *testing.T) gossh.PublicKey {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	k, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// jumpClock is a stepClock that a test can move on by a long way.
func openJumpStore(t *testing.T) (*Store, *stepClock) {
	t.Helper()
	clock := &stepClock{t: start}
	s, err := Open(filepath.Join(t.TempDir(), "records.db"), Options{Now: clock.Now, AppVersion: "test-1.0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, clock
}

func (c *stepClock) jump(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// kindsOf lists the kinds of a member's events, with their reasons.
func kindsOf(t *testing.T, s *Store, member string) []string {
	t.Helper()
	events, err := s.MemberEvents(member)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range events {
		out = append(out, string(e.Kind)+" "+e.Reason)
	}
	return out
}

func verifyOK(t *testing.T, s *Store) {
	t.Helper()
	if r, err := verify(s); err != nil || !r.OK {
		t.Errorf("Verify = %+v, %v", r, err)
	}
}

func TestAddListRemoveKeys(t *testing.T) {
	s := newTestStore(t)
	ann, bob := addMember(t, s, "Ann"), addMember(t, s, "Bob")
	k1, k2, k3 := testKey(t), testKey(t), testKey(t)

	mk, err := addKey(s, ann.Number, k1, "ann@laptop\x1b[31m")
	if err != nil {
		t.Fatal(err)
	}
	if mk.Member != ann.Number || mk.Fingerprint != gossh.FingerprintSHA256(k1) || mk.Type != "ssh-ed25519" ||
		mk.Comment != "ann@laptop[31m" || mk.How != record.HowOfficer || mk.Added.IsZero() {
		t.Errorf("AddKey = %+v", mk)
	}
	// Adding it again is harmless: nothing changes, nothing is logged.
	_, before, _ := s.Head()
	again, err := addKey(s, ann.Number, k1, "other comment")
	if err != nil || again != mk {
		t.Errorf("AddKey again = %+v, %v; want %+v", again, err, mk)
	}
	if _, after, _ := s.Head(); after != before {
		t.Errorf("adding a key again logged %d events", after-before)
	}
	added, already, err := s.AddKeys(ann.Number, []record.NewKey{{Key: k1}, {Key: k2, Comment: "ann@phone"}})
	if err != nil || len(added) != 1 || added[0].Fingerprint != record.Fingerprint(k2) || len(already) != 1 || already[0] != mk {
		t.Errorf("AddKeys = %+v, %+v, %v", added, already, err)
	}
	if _, err := addKey(s, bob.Number, k3, ""); err != nil {
		t.Fatal(err)
	}

	if m, ok, err := s.KeyMember(record.Fingerprint(k2)); err != nil || !ok || m.Number != ann.Number || m.Name != "Ann" {
		t.Errorf("KeyMember(k2) = %+v, %v, %v", m, ok, err)
	}
	if _, ok, err := s.KeyMember(record.Fingerprint(testKey(t))); err != nil || ok {
		t.Errorf("KeyMember(unknown) = %v, %v", ok, err)
	}
	keys, err := s.Keys(ann.Number)
	if err != nil || len(keys) != 2 || keys[0] != mk || keys[1].Comment != "ann@phone" {
		t.Errorf("Keys(ann) = %+v, %v", keys, err)
	}
	if all, err := s.Keys(""); err != nil || len(all) != 3 {
		t.Errorf("Keys(\"\") = %+v, %v", all, err)
	}
	if _, err := s.Keys("M00000000"); !errors.Is(err, record.ErrNotFound) {
		t.Errorf("Keys(unknown member) = %v", err)
	}

	// Removing: the fingerprint may be typed without its prefix.
	if _, err := s.RemoveKey(ann.Number, record.Fingerprint(testKey(t))); !errors.Is(err, record.ErrKeyNotFound) {
		t.Errorf("RemoveKey(unknown key) = %v, want record.ErrKeyNotFound", err)
	}
	var bound *record.KeyBoundError
	if _, err := s.RemoveKey(ann.Number, record.Fingerprint(k3)); !errors.As(err, &bound) || bound.Member != bob.Number {
		t.Errorf("RemoveKey(bob's key from ann) = %v, want a record.KeyBoundError naming %s", err, bob.Number)
	}
	removed, err := s.RemoveKey(ann.Number, "  "+strings.TrimPrefix(record.Fingerprint(k1), "SHA256:")+" ")
	if err != nil || removed != mk {
		t.Errorf("RemoveKey = %+v, %v", removed, err)
	}
	if _, ok, _ := s.KeyMember(record.Fingerprint(k1)); ok {
		t.Error("a removed key still signs in")
	}

	want := []string{"member-added ", "key-added " + record.Fingerprint(k1), "key-added " + record.Fingerprint(k2), "key-removed " + record.Fingerprint(k1)}
	if got := kindsOf(t, s, ann.Number); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ann's events:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	verifyOK(t, s)
	// Key events are not progress.
	p, err := progress.Load(s, ann.Number, progress.CourseInfo{Modules: []progress.ModuleInfo{{ID: "intro", Version: "v1"}}}, start.Add(time.Hour))
	if err != nil || p.Status != progress.NotStarted || !p.LastActivity.IsZero() {
		t.Errorf("Progress after key events = %+v, %v", p, err)
	}
}

func TestKeyBoundElsewhere(t *testing.T) {
	s := newTestStore(t)
	ann, bob := addMember(t, s, "Ann"), addMember(t, s, "Bob")
	shared, fresh := testKey(t), testKey(t)
	if _, err := addKey(s, ann.Number, shared, ""); err != nil {
		t.Fatal(err)
	}
	_, _, err := s.AddKeys(bob.Number, []record.NewKey{{Key: fresh}, {Key: shared}})
	var bound *record.KeyBoundError
	if !errors.As(err, &bound) || !errors.Is(err, record.ErrKeyBound) || bound.Member != ann.Number || bound.Fingerprint != record.Fingerprint(shared) {
		t.Fatalf("AddKeys with ann's key = %v", err)
	}
	if !strings.Contains(err.Error(), ann.Number) {
		t.Errorf("the error does not name member %s: %v", ann.Number, err)
	}
	// All or none: the fresh key was not bound either.
	if _, ok, _ := s.KeyMember(record.Fingerprint(fresh)); ok {
		t.Error("a key before the refused one was bound")
	}
	if m, _, _ := s.KeyMember(record.Fingerprint(shared)); m.Number != ann.Number {
		t.Errorf("the shared key now signs in as %s", m.Number)
	}
}

func TestKeysOfUnknownMember(t *testing.T) {
	s := newTestStore(t)
	if _, err := addKey(s, "M00000000", testKey(t), ""); !errors.Is(err, record.ErrNotFound) {
		t.Errorf("AddKey(unknown member) = %v, want record.ErrNotFound", err)
	}
	if _, _, err := s.Invite("M00000000", time.Hour); !errors.Is(err, record.ErrNotFound) {
		t.Errorf("Invite(unknown member) = %v, want record.ErrNotFound", err)
	}
}

func TestEraseRemovesKeysAndInvites(t *testing.T) {
	path, s, erased, kept := erasableFile(t)
	const comment = "quillon-laptop-7731"
	gone, stays := testKey(t), testKey(t)
	if _, err := addKey(s, erased.Number, gone, comment); err != nil {
		t.Fatal(err)
	}
	if _, err := addKey(s, kept.Number, stays, "ann"); err != nil {
		t.Fatal(err)
	}
	code, _, err := s.Invite(erased.Number, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	keptCode, _, err := s.Invite(kept.Number, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); !bytes.Contains(data, []byte(comment)) {
		t.Fatal("the file does not hold the key's comment before the erasure: the test proves nothing")
	}
	if err := s.EraseMember(erased.Number, "left the council"); err != nil {
		t.Fatal(err)
	}

	if _, ok, err := s.KeyMember(record.Fingerprint(gone)); ok || err != nil {
		t.Errorf("an erased member's key still signs in: %v, %v", ok, err)
	}
	if keys, err := s.Keys(erased.Number); err != nil || len(keys) != 0 {
		t.Errorf("an erased member's keys = %+v, %v", keys, err)
	}
	if list, err := invitations(s, erased.Number); err != nil || len(list) != 0 {
		t.Errorf("an erased member's invitations = %+v, %v", list, err)
	}
	if _, err := s.Redeem(code, testKey(t), ""); !errors.Is(err, record.ErrInviteUnknown) {
		t.Errorf("Redeem(erased member's code) = %v, want record.ErrInviteUnknown", err)
	}
	for _, fn := range []func() error{
		func() error { _, err := addKey(s, erased.Number, testKey(t), ""); return err },
		func() error { _, _, err := s.Invite(erased.Number, time.Hour); return err },
	} {
		if err := fn(); !errors.Is(err, record.ErrAlreadyErased) {
			t.Errorf("a key or code for an erased member: %v, want record.ErrAlreadyErased", err)
		}
	}
	data, _ := os.ReadFile(path)
	if bytes.Contains(data, []byte(comment)) {
		t.Error("the erased member's key comment is still in the file")
	}
	// The other member keeps theirs.
	if m, ok, _ := s.KeyMember(record.Fingerprint(stays)); !ok || m.Number != kept.Number {
		t.Errorf("the other member's key: %+v, %v", m, ok)
	}
	if m, err := s.Redeem(keptCode, testKey(t), ""); err != nil || m.Number != kept.Number {
		t.Errorf("the other member's code: %+v, %v", m, err)
	}
	verifyOK(t, s)
}

func TestKeyMemberRefusesErasedMember(t *testing.T) {
	// Erasing removes the keys; should one be left behind (by a file
	// edited by hand, say), it still must not sign in.
	s := newTestStore(t)
	m := addMember(t, s, "Ann")
	k := testKey(t)
	if _, err := addKey(s, m.Number, k, ""); err != nil {
		t.Fatal(err)
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		rec, _ := getMember(tx.Bucket(bucketMembers), m.Number)
		rec.Erased = true
		_, err := putMember(tx.Bucket(bucketMembers), rec)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.KeyMember(record.Fingerprint(k)); ok || err != nil {
		t.Errorf("KeyMember of an erased member's key = %v, %v", ok, err)
	}
}

func TestBackupKeepsKeysAndInvites(t *testing.T) {
	s := newTestStore(t)
	m := addMember(t, s, "Ann")
	k := testKey(t)
	if _, err := addKey(s, m.Number, k, ""); err != nil {
		t.Fatal(err)
	}
	code, _, err := s.Invite(m.Number, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := backup(s, dst); err != nil {
		t.Fatal(err)
	}
	b := openTestStore(t, dst)
	if got, ok, err := b.KeyMember(record.Fingerprint(k)); err != nil || !ok || got.Number != m.Number {
		t.Errorf("the backup's KeyMember = %+v, %v, %v", got, ok, err)
	}
	if got, err := b.Redeem(code, testKey(t), ""); err != nil || got.Number != m.Number {
		t.Errorf("the backup's Redeem = %+v, %v", got, err)
	}
}

var codeShape = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$`)

func TestInviteCodes(t *testing.T) {
	s := newTestStore(t)
	m := addMember(t, s, "Ann")
	seen := map[string]bool{}
	for range 50 {
		code, expires, err := s.Invite(m.Number, 14*24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if !codeShape.MatchString(code) {
			t.Errorf("code %q is not three groups of four from the alphabet", code)
		}
		if seen[code] {
			t.Errorf("code %q issued twice", code)
		}
		seen[code] = true
		if d := expires.Sub(start); d < 14*24*time.Hour || d > 14*24*time.Hour+time.Hour {
			t.Errorf("expires %v after the start, want 14 days", d)
		}
	}
	for _, ttl := range []time.Duration{0, -time.Hour, record.MaxInviteTTL + time.Hour} {
		if _, _, err := s.Invite(m.Number, ttl); !errors.Is(err, record.ErrInvalid) {
			t.Errorf("Invite(ttl %v) = %v, want record.ErrInvalid", ttl, err)
		}
	}
}

func TestNormalCode(t *testing.T) {
	for typed, want := range map[string]string{
		"7KQ2-M9XD-4HPT":        "7KQ2M9XD4HPT",
		" 7kq2 m9xd 4hpt\n":     "7KQ2M9XD4HPT",
		"OIL2-M9XD-4HPT":        "0112M9XD4HPT",
		"7kq2m9xd4hpt":          "7KQ2M9XD4HPT",
		"7KQ2-M9XD-4HP":         "",
		"7KQ2-M9XD-4HPTX":       "",
		"7KQ2-M9XD-4HPU":        "",
		"7KQ2-M9XD-4HP!":        "",
		"7KQ2-M9XD-4HPÉ":        "",
		"":                      "",
		"７KQ2-M9XD-4HPT (wide)": "",
	} {
		got, ok := record.NormalCode(typed)
		if got != want || ok != (want != "") {
			t.Errorf("NormalCode(%q) = %q, %v; want %q", typed, got, ok, want)
		}
	}
}

func TestRedeem(t *testing.T) {
	s, clock := openJumpStore(t)
	ann, bob := addMember(t, s, "Ann"), addMember(t, s, "Bob")
	code, _, err := s.Invite(ann.Number, 14*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	k := testKey(t)

	// Wrong, and badly typed, codes bind nothing.
	wrong := "0000-0000-0000"
	if wrong == code {
		wrong = "0000-0000-0001"
	}
	if _, err := s.Redeem(wrong, k, ""); !errors.Is(err, record.ErrInviteUnknown) {
		t.Errorf("Redeem(wrong) = %v, want record.ErrInviteUnknown", err)
	}
	if _, err := s.Redeem("hello", k, ""); !errors.Is(err, record.ErrInviteMalformed) {
		t.Errorf("Redeem(hello) = %v, want record.ErrInviteMalformed", err)
	}
	// A key that is another member's is refused, and the code is not used up.
	bobs := testKey(t)
	if _, err := addKey(s, bob.Number, bobs, ""); err != nil {
		t.Fatal(err)
	}
	var bound *record.KeyBoundError
	if _, err := s.Redeem(code, bobs, ""); !errors.As(err, &bound) || bound.Member != bob.Number {
		t.Errorf("Redeem with bob's key = %v, want a record.KeyBoundError", err)
	}

	// Right, typed loosely.
	typed := strings.ToLower(strings.ReplaceAll(code, "-", " "))
	m, err := s.Redeem(typed, k, "ann@home")
	if err != nil || m.Number != ann.Number || m.Name != "Ann" {
		t.Fatalf("Redeem(right) = %+v, %v", m, err)
	}
	if got, ok, _ := s.KeyMember(record.Fingerprint(k)); !ok || got.Number != ann.Number {
		t.Errorf("the enrolled key signs in as %+v, %v", got, ok)
	}
	keys, _ := s.Keys(ann.Number)
	if len(keys) != 1 || keys[0].How != record.HowInvite || keys[0].Comment != "ann@home" {
		t.Errorf("ann's keys = %+v", keys)
	}
	list, err := invitations(s, ann.Number)
	if err != nil || len(list) != 1 || list[0].Used.IsZero() || list[0].Key != record.Fingerprint(k) || list[0].Live(clock.Now()) {
		t.Errorf("Invitations = %+v, %v", list, err)
	}

	// Used once: again, with this key or another, says so.
	for _, key := range []gossh.PublicKey{k, testKey(t)} {
		if _, err := s.Redeem(code, key, ""); !errors.Is(err, record.ErrInviteUsed) {
			t.Errorf("Redeem(used) = %v, want record.ErrInviteUsed", err)
		}
	}

	// Expired.
	code2, _, err := s.Invite(bob.Number, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	clock.jump(time.Hour)
	if _, err := s.Redeem(code2, testKey(t), ""); !errors.Is(err, record.ErrInviteExpired) {
		t.Errorf("Redeem(expired) = %v, want record.ErrInviteExpired", err)
	}

	// Replaced: a new code for the member retires the live one.
	old, _, _ := s.Invite(bob.Number, time.Hour)
	newer, _, _ := s.Invite(bob.Number, time.Hour)
	if _, err := s.Redeem(old, testKey(t), ""); !errors.Is(err, record.ErrInviteReplaced) {
		t.Errorf("Redeem(replaced) = %v, want record.ErrInviteReplaced", err)
	}
	if m, err := s.Redeem(newer, testKey(t), ""); err != nil || m.Number != bob.Number {
		t.Errorf("Redeem(newer) = %+v, %v", m, err)
	}

	// The log: the code issued (with its expiry, never the code) and the key enrolled.
	got := kindsOf(t, s, ann.Number)
	if len(got) != 3 || !strings.HasPrefix(got[1], "invite-issued 20") || got[2] != "key-enrolled "+record.Fingerprint(k) {
		t.Errorf("ann's events: %q", got)
	}
	verifyOK(t, s)
}

func TestBruteForcedCodesBindNothing(t *testing.T) {
	// The store answers every guess alike; the throttle (internal/throttle)
	// is what limits them. Guessing many codes finds nothing and leaves the
	// real code working.
	s := newTestStore(t)
	m := addMember(t, s, "Ann")
	code, _, err := s.Invite(m.Number, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	k := testKey(t)
	for range 200 {
		guess := record.NewCode()
		if guess == code {
			continue
		}
		if _, err := s.Redeem(guess, k, ""); !errors.Is(err, record.ErrInviteUnknown) {
			t.Fatalf("Redeem(%s) = %v, want record.ErrInviteUnknown", guess, err)
		}
	}
	if _, ok, _ := s.KeyMember(record.Fingerprint(k)); ok {
		t.Fatal("guessing bound the key")
	}
	if _, err := s.Redeem(code, k, ""); err != nil {
		t.Errorf("the real code after the guesses: %v", err)
	}
}

func TestInviteStoresOnlyTheHash(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	s := openTestStore(t, path)
	m := addMember(t, s, "Ann")
	code, _, err := s.Invite(m.Number, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	normal, _ := record.NormalCode(code)
	err = s.db.View(func(tx *bolt.Tx) error {
		n := 0
		return tx.Bucket(bucketInvites).ForEach(func(k, v []byte) error {
			n++
			if sum := sha256.Sum256([]byte(normal)); !bytes.Equal(k, sum[:]) {
				t.Errorf("the invite's key is %x, not the code's hash", k)
			}
			var rec map[string]any
			if err := json.Unmarshal(v, &rec); err != nil {
				t.Error(err)
			}
			if rec["member"] != m.Number {
				t.Errorf("the invite's value %s does not name the member", v)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, form := range []string{code, normal, code[:4] + "-" + code[5:9], normal[:6], normal[6:]} {
		if bytes.Contains(data, []byte(form)) {
			t.Errorf("the record file holds %q, part of the code", form)
		}
	}
}

func TestNormalFingerprint(t *testing.T) {
	for in, want := range map[string]string{
		"SHA256:abc/+D":   "SHA256:abc/+D",
		" sha256:abc/+D ": "SHA256:abc/+D",
		"abc/+D":          "SHA256:abc/+D",
	} {
		if got := record.NormalFingerprint(in); got != want {
			t.Errorf("NormalFingerprint(%q) = %q, want %q", in, got, want)
		}
	}
}

// writeSchema2File makes a file as a program before keys wrote it: the
// same, with schema 2 and no keys or invites buckets.
func writeSchema2File(t *testing.T, path string) record.Member {
	t.Helper()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.AddMember(record.NewMember{Name: "Ann"})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketKeys, bucketInvites} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("2"))
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMigrationFromSchema2(t *testing.T) {
	path := filepath.Join(t.TempDir(), "records.db")
	m := writeSchema2File(t, path)
	before := fileHash(t, path)

	// Read-only, it opens as it is and has no keys.
	r, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("a read-only open of a schema 2 file: %v", err)
	}
	if _, ok, err := r.KeyMember("SHA256:x"); ok || err != nil {
		t.Errorf("KeyMember on a schema 2 file = %v, %v", ok, err)
	}
	if keys, err := r.Keys(""); err != nil || len(keys) != 0 {
		t.Errorf("Keys on a schema 2 file = %v, %v", keys, err)
	}
	if list, err := invitations(r, m.Number); err != nil || len(list) != 0 {
		t.Errorf("Invitations on a schema 2 file = %v, %v", list, err)
	}
	if members, err := r.Members(); err != nil || len(members) != 1 {
		t.Errorf("Members on a schema 2 file = %v, %v", members, err)
	}
	r.Close()
	if fileHash(t, path) != before {
		t.Fatal("a read-only open changed the file")
	}

	// Opened for writing, it gains the buckets.
	s := openTestStore(t, path)
	k := testKey(t)
	if _, err := addKey(s, m.Number, k, ""); err != nil {
		t.Fatalf("AddKey after migration: %v", err)
	}
	if _, _, err := s.Invite(m.Number, time.Hour); err != nil {
		t.Fatalf("Invite after migration: %v", err)
	}
	verifyOK(t, s)
}

// BenchmarkKeyMember is the look-up made on every SSH connection, among
// 500 members with two keys each.
func BenchmarkKeyMember(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "records.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var last gossh.PublicKey
	for i := range 500 {
		m, err := s.AddMember(record.NewMember{Name: fmt.Sprintf("Member %d", i)})
		if err != nil {
			b.Fatal(err)
		}
		for range 2 {
			pub, _, _ := ed25519.GenerateKey(nil)
			last, _ = gossh.NewPublicKey(pub)
			if _, err := addKey(s, m.Number, last, ""); err != nil {
				b.Fatal(err)
			}
		}
	}
	fp := record.Fingerprint(last)
	for b.Loop() {
		if _, ok, err := s.KeyMember(fp); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

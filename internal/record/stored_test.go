package record

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestStoredForms: members and enrolment codes are kept as this JSON, so
// files written before stay readable; a member's number is their key,
// not part of the value.
func TestStoredForms(t *testing.T) {
	day := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		v    any
		want string
	}{
		{Member{Number: "M1", Name: "Ann", Role: RoleCouncillor, Added: day},
			`{"name":"Ann","role":"councillor","added":"2025-05-01T00:00:00Z"}`},
		{Member{Number: "M1", Role: RoleCoopted, Elected: day, Added: day, Erased: true},
			`{"role":"co-opted","elected":"2025-05-01T00:00:00Z","added":"2025-05-01T00:00:00Z","erased":true}`},
		{Invitation{Member: "M1", Issued: day, Expires: day.Add(time.Hour)},
			`{"member":"M1","issued":"2025-05-01T00:00:00Z","expires":"2025-05-01T01:00:00Z"}`},
		{Invitation{Member: "M1", Issued: day, Expires: day, Used: day, Key: "SHA256:k", Replaced: day},
			`{"member":"M1","issued":"2025-05-01T00:00:00Z","expires":"2025-05-01T00:00:00Z","used":"2025-05-01T00:00:00Z","key":"SHA256:k","replaced":"2025-05-01T00:00:00Z"}`},
	} {
		if got, err := json.Marshal(c.v); err != nil || string(got) != c.want {
			t.Errorf("json.Marshal(%+v) =\n%s, %v\nwant\n%s", c.v, got, err, c.want)
		}
	}
}

func TestCodeHash(t *testing.T) {
	normal, ok := NormalCode("7kq2-m9xd-4hpt")
	if sum := sha256.Sum256([]byte("7KQ2M9XD4HPT")); !ok || string(CodeHash(normal)) != string(sum[:]) {
		t.Errorf("CodeHash(%q) = %x", normal, CodeHash(normal))
	}
}

func TestCheckAt(t *testing.T) {
	now := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	nm, err := NewMember{Name: " Ann ", Elected: now.AddDate(0, 0, -1)}.CheckAt(now)
	if err != nil || nm.Name != "Ann" {
		t.Errorf("CheckAt = %+v, %v", nm, err)
	}
	if _, err := (NewMember{Name: "Ann", Elected: now.AddDate(0, 0, 1)}).CheckAt(now); !errors.Is(err, ErrInvalid) {
		t.Errorf("elected tomorrow: %v", err)
	}
	if _, err := (NewMember{}).CheckAt(now); !errors.Is(err, ErrInvalid) {
		t.Errorf("no name: %v", err)
	}
}

// TestCursorMatches: a cursor must name an event of the log by its number
// and hash, and says how it does not.
func TestCursorMatches(t *testing.T) {
	log := map[uint64]string{1: "aa", 2: "bb"}
	hashAt := func(seq uint64) (string, bool) { h, ok := log[seq]; return h, ok }
	last := func() uint64 { return 2 }
	for _, c := range []struct {
		cursor LRSCursor
		want   string // "" for a match
	}{
		{LRSCursor{}, ""},
		{LRSCursor{Seq: 2, Hash: "bb"}, ""},
		{LRSCursor{Hash: "aa"}, "it names no event but a hash"},
		{LRSCursor{Seq: 3, Hash: "cc"}, "the LRS accepted up to event 3, and these records end at event 2"},
		{LRSCursor{Seq: 1, Hash: "bb"}, "the LRS accepted event 1 with hash bb, and event 1 of these records has hash aa"},
	} {
		err := c.cursor.Matches(hashAt, last)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%+v: %v", c.cursor, err)
		case c.want != "" && (!errors.Is(err, ErrCursorMismatch) || !strings.HasSuffix(err.Error(), c.want)):
			t.Errorf("%+v: %v; want %q", c.cursor, err, c.want)
		}
	}
}

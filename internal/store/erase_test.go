package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"

	"course/internal/progress"
	"course/internal/record"
	"course/internal/store/chain"
)

// The erased member's details: distinctive, so that finding them in the
// file's bytes cannot be a coincidence.
const (
	erasedName    = "Quillon Marchbanks"
	erasedOldName = "Quillon Ashdown-Vere"
	erasedEmail   = "q.marchbanks@example.gov.uk"
	erasedWard    = "Wickersley Fenside"
)

// erasableFile makes a record file with a member to erase (whose name was
// changed once, so the old one may linger in a freed page) and another.
func erasableFile(t *testing.T) (path string, s *Store, erased, kept record.Member) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "records.db")
	s = openTestStore(t, path)
	erased, err := s.AddMember(record.NewMember{Name: erasedOldName, Email: erasedEmail, Ward: erasedWard})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := updateMember(s, erased.Number, record.NewMember{Name: erasedName, Email: erasedEmail, Ward: erasedWard}); err != nil {
		t.Fatal(err)
	}
	kept, err = s.AddMember(record.NewMember{Name: "Ann Lee", Email: "ann@example.gov.uk", Ward: "Abbey"})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []record.Member{erased, kept} {
		mustRecord(t, s, record.Event{Kind: record.ModuleOpened, Member: m.Number, Module: "intro"})
		mustRecord(t, s, record.Event{Kind: record.QuizFinished, Member: m.Number, Module: "intro", Score: 7, Total: 8, Passed: true})
		if err := s.SetPlace(m.Number, "intro", 120); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetLastMember(erased.Number); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	for _, personal := range []string{erasedName, erasedEmail, erasedWard} {
		if !bytes.Contains(data, []byte(personal)) {
			t.Fatalf("the file does not hold %q before the erasure: the test proves nothing", personal)
		}
	}
	return path, s, erased, kept
}

func TestEraseMember(t *testing.T) {
	// Small transactions, so that the copy commits many times.
	defer func(n int) { copyTxSize = n }(copyTxSize)
	copyTxSize = 256

	path, s, erased, kept := erasableFile(t)
	scBefore, _, err := chain.ReadSidecar(path)
	if err != nil {
		t.Fatal(err)
	}
	before := eventCount(t, s)
	const reason = "Left the council; request 2025/17"
	if err := s.EraseMember(erased.Number, reason); err != nil {
		t.Fatal(err)
	}

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, personal := range []string{erasedName, erasedOldName, erasedEmail, erasedWard, "Quillon", "Marchbanks", "Wickersley"} {
		if i := bytes.Index(data, []byte(personal)); i >= 0 {
			t.Errorf("the file still holds %q at byte %d", personal, i)
		}
	}
	if _, err := os.Stat(erasingPath(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the working copy was left behind: %v", err)
	}
	// The sidecar still names the same file; only its pinned end moves on,
	// to the erasure.
	scAfter, _, err := chain.ReadSidecar(path)
	if err != nil || scAfter.ID != scBefore.ID || !scAfter.Created.Equal(scBefore.Created) || scAfter.End == nil || scAfter.End.Events != uint64(before+1) {
		t.Errorf("sidecar %+v → %+v, %v", scBefore, scAfter, err)
	}

	check := func(s *Store, wantEvents int) {
		t.Helper()
		m, err := s.Member(erased.Number)
		if err != nil || !m.Erased || m.Name != "" || m.Email != "" || m.Ward != "" || m.Role != erased.Role || !m.Added.Equal(erased.Added) {
			t.Errorf("erased member = %+v, %v", m, err)
		}
		if m, _ := s.Member(kept.Number); m.Name != "Ann Lee" || m.Email != "ann@example.gov.uk" || m.Erased {
			t.Errorf("the other member changed: %+v", m)
		}
		r, err := verify(s)
		if err != nil || r.Events != wantEvents {
			t.Errorf("Verify = %+v, %v; want %d events", r, err, wantEvents)
		}
		events, _ := s.MemberEvents(erased.Number)
		last := events[len(events)-1]
		if len(events) != 5 || last.Kind != record.MemberErased || last.Reason != reason {
			t.Errorf("erased member's events = %+v", events)
		}
		if place, _ := s.Place(erased.Number, "intro"); place != 0 {
			t.Errorf("the erased member's place is still kept: %d", place)
		}
		if place, _ := s.Place(kept.Number, "intro"); place != 120 {
			t.Errorf("the other member's place = %d, want 120", place)
		}
		if last, _ := s.LastMember(); last != "" {
			t.Errorf("last member = %q, want none", last)
		}
		if err := s.Check(); err != nil {
			t.Error(err)
		}
		p, err := progress.Load(s, erased.Number, progress.CourseInfo{Modules: []progress.ModuleInfo{{ID: "intro"}}}, start)
		if err != nil || p.Status != progress.Passed {
			t.Errorf("the erased member's progress = %+v, %v; want the pass kept", p, err)
		}
	}
	check(s, before+1)
	// The store carries on with the new file.
	mustRecord(t, s, record.Event{Kind: record.ModuleOpened, Member: kept.Number, Module: "intro"})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openTestStore(t, path)
	check(s, before+2)

	if err := s.EraseMember(erased.Number, "again"); !errors.Is(err, record.ErrAlreadyErased) {
		t.Errorf("erasing twice: %v, want record.ErrAlreadyErased", err)
	}
	if err := s.EraseMember("M00000000", "unknown"); !errors.Is(err, record.ErrNotFound) {
		t.Errorf("erasing an unknown member: %v, want record.ErrNotFound", err)
	}
	for _, bad := range []string{"", "  ", "line\nbreak", strings.Repeat("x", 501)} {
		if err := s.EraseMember(kept.Number, bad); !errors.Is(err, record.ErrInvalid) {
			t.Errorf("reason %q: %v, want record.ErrInvalid", bad, err)
		}
	}
}

// A failure before the rename leaves the original file as it was, byte for
// byte, and the store still working on it.
func TestEraseFailureLeavesFileUnchanged(t *testing.T) {
	path, s, erased, _ := erasableFile(t)
	// A working copy left by an earlier crash is cleared away first.
	if err := os.WriteFile(erasingPath(path), []byte("half a file"), 0o600); err != nil {
		t.Fatal(err)
	}
	original := fileHash(t, path)
	defer func() { renameFile = os.Rename }()
	renameFile = func(string, string) error { return errors.New("disk unplugged") }

	err := s.EraseMember(erased.Number, "left the council")
	if err == nil || !strings.Contains(err.Error(), "disk unplugged") || !strings.Contains(err.Error(), "has not been changed") {
		t.Fatalf("EraseMember = %v", err)
	}
	if fileHash(t, path) != original {
		t.Error("the record file changed")
	}
	if _, err := os.Stat(erasingPath(path)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the working copy was left behind: %v", err)
	}
	if m, err := s.Member(erased.Number); err != nil || m.Erased || m.Name != erasedName {
		t.Errorf("member after a failed erasure = %+v, %v", m, err)
	}
	mustRecord(t, s, record.Event{Kind: record.ModuleOpened, Member: erased.Number, Module: "intro"})
}

// The file that replaces the original is complete when it is renamed: a
// crash just after the rename leaves a good file with the member erased.
func TestErasedCopyIsCompleteAtRename(t *testing.T) {
	_, s, erased, _ := erasableFile(t)
	before := eventCount(t, s)
	snapshot := filepath.Join(t.TempDir(), "at-rename.db")
	defer func() { renameFile = os.Rename }()
	renameFile = func(from, to string) error {
		data, err := os.ReadFile(from)
		if err != nil {
			return err
		}
		if err := os.WriteFile(snapshot, data, 0o600); err != nil {
			return err
		}
		return os.Rename(from, to)
	}
	if err := s.EraseMember(erased.Number, "left the council"); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(snapshot, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.View(func(tx *bolt.Tx) error {
		r := checkIn(tx, nil, "", true)
		if !r.OK || r.Events != before+1 {
			t.Errorf("the copy at the rename: %+v", r)
		}
		rec, err := getMember(tx.Bucket(bucketMembers), erased.Number)
		if err != nil || !rec.Erased || rec.Name != "" {
			t.Errorf("the copy's member = %+v, %v", rec, err)
		}
		return consistency(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestEraseReadOnly(t *testing.T) {
	path, s, erased, _ := erasableFile(t)
	s.Close()
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if err := ro.EraseMember(erased.Number, "left"); err == nil {
		t.Error("a read-only store erased a member")
	}
}

// TestEraseRefusesAReasonWithTheMembersDetails: the reason is kept for
// good, so one that names the member would keep what is being erased.
func TestEraseRefusesAReasonWithTheMembersDetails(t *testing.T) {
	s := newTestStore(t)
	m, err := s.AddMember(record.NewMember{Name: "Ann Lee-Owusu", Email: "ann@example.gov.uk", Ward: "Abbey Park"})
	if err != nil {
		t.Fatal(err)
	}
	for reason, what := range map[string]string{
		"Ann Lee-Owusu asked to be removed": "name",
		"ANN LEE-OWUSU left":                "name",
		"request from Owusu":                "name",
		"email from ann@example.gov.uk":     "email",
		"left abbey park ward":              "ward",
		"Ann asked; see case 2025/17":       "name",
	} {
		err := s.EraseMember(m.Number, reason)
		if !errors.Is(err, record.ErrInvalid) || !strings.Contains(err.Error(), "contains the member's "+what) {
			t.Errorf("EraseMember(reason %q) = %v; want it refused for the %s", reason, err, what)
		}
	}
	if got, _ := s.Member(m.Number); got.Erased {
		t.Fatal("a refused erasure erased")
	}
	// Words that merely contain part of a detail are fine.
	if err := s.EraseMember(m.Number, "left the council, annual review, request 2025/17 (Park Lane office)"); err != nil {
		t.Errorf("a reason without the member's details was refused: %v", err)
	}
}

// TestEraseWhileOthersSave: a server's sessions go on saving while an
// officer erases a member; every save lands, before or after the erasure,
// and the records verify.
func TestEraseWhileOthersSave(t *testing.T) {
	s := newTestStore(t)
	gone, err := s.AddMember(record.NewMember{Name: "Leaving record.Member"})
	if err != nil {
		t.Fatal(err)
	}
	stay, err := s.AddMember(record.NewMember{Name: "Staying record.Member"})
	if err != nil {
		t.Fatal(err)
	}
	const savers, each = 4, 25
	errs := make(chan error, savers*each+1)
	var wg sync.WaitGroup
	for range savers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				_, err := s.Record(record.Event{Kind: record.ModuleOpened, Member: stay.Number, Module: "m1"})
				errs <- err
				if _, err := s.MemberEvents(stay.Number); err != nil {
					errs <- err
				}
			}
		}()
	}
	errs <- s.EraseMember(gone.Number, "left the council")
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	events, err := s.MemberEvents(stay.Number)
	if err != nil {
		t.Fatal(err)
	}
	opened := 0
	for _, e := range events {
		if e.Kind == record.ModuleOpened {
			opened++
		}
	}
	if opened != savers*each {
		t.Errorf("%d saves on the record, %d made", opened, savers*each)
	}
	if r, err := verify(s); err != nil || !r.OK {
		t.Errorf("the records do not verify: %+v %v", r, err)
	}
}

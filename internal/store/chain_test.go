package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"course/internal/record"
	"course/internal/store/chain"
)

// chainFile makes a record file of five events: a member added, then four
// quiz results. It returns the file's path and the member's number.
func chainFile(t *testing.T) (path, member string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "records.db")
	s := openTestStore(t, path)
	m := addMember(t, s, "Ann")
	for i := range 4 {
		mustRecord(t, s, record.Event{Kind: record.QuizFinished, Member: m.Number, Module: "intro", Score: i, Total: 8})
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, m.Number
}

// editFile changes the record file directly, as someone with the file and
// a bbolt library could.
func editFile(t *testing.T, path string, edit func(log, index *bolt.Bucket) error) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		return edit(tx.Bucket(bucketEvents), tx.Bucket(bucketMemberEvents))
	})
	if closeErr := db.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		t.Fatal(err)
	}
}

// deleteEvent removes an event and its index entry.
func deleteEvent(log, index *bolt.Bucket, member string, seq uint64) error {
	if err := log.Delete(seqKey(seq)); err != nil {
		return err
	}
	return index.Delete(chain.IndexKey(member, seq))
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

// TestTamperingIsFoundAndBlocksWriting: every kind of change to the log is
// found by Verify, naming the first missing or changed event; the records
// cannot then be opened for writing (and the file is left as it is), while
// a read-only open still works and says what is wrong.
func TestTamperingIsFoundAndBlocksWriting(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(t *testing.T, path, member string)
		wantBad uint64
		problem string // a word of the problem
		// onlyVerify: the check made on opening does not decode events, so
		// it cannot see this change; Verify does.
		onlyVerify bool
	}{
		{"content changed", func(t *testing.T, path, _ string) {
			editFile(t, path, func(log, _ *bolt.Bucket) error {
				v := string(log.Get(seqKey(4)))
				if !strings.Contains(v, `"score":2,`) {
					t.Fatalf("event 4 is %s", v)
				}
				return log.Put(seqKey(4), []byte(strings.Replace(v, `"score":2,`, `"score":8,`, 1)))
			})
		}, 4, "hash", false},
		{"byte damaged", func(t *testing.T, path, _ string) {
			editFile(t, path, func(log, _ *bolt.Bucket) error {
				v := append([]byte(nil), log.Get(seqKey(2))...)
				v[20] ^= 0x01
				return log.Put(seqKey(2), v)
			})
		}, 2, "", false},
		{"field added", func(t *testing.T, path, _ string) {
			editFile(t, path, func(log, _ *bolt.Bucket) error {
				v := log.Get(seqKey(2))
				return log.Put(seqKey(2), append([]byte(`{"x":1,`), v[1:]...))
			})
		}, 2, "", false},
		{"event rewritten and hashed again", func(t *testing.T, path, _ string) {
			editFile(t, path, func(log, _ *bolt.Bucket) error {
				var e record.Event
				if err := json.Unmarshal(log.Get(seqKey(3)), &e); err != nil {
					return err
				}
				e.Score = 8
				v, err := chain.Seal(&e)
				if err != nil {
					return err
				}
				return log.Put(seqKey(3), v)
			})
		}, 3, "", false},
		{"hash removed", func(t *testing.T, path, _ string) {
			editFile(t, path, func(log, _ *bolt.Bucket) error {
				var e record.Event
				if err := json.Unmarshal(log.Get(seqKey(2)), &e); err != nil {
					return err
				}
				e.Hash = ""
				v, err := json.Marshal(e)
				if err != nil {
					return err
				}
				return log.Put(seqKey(2), v)
			})
		}, 2, "hash", false},
		{"middle event deleted", func(t *testing.T, path, member string) {
			editFile(t, path, func(log, index *bolt.Bucket) error { return deleteEvent(log, index, member, 3) })
		}, 3, "missing", false},
		{"last event deleted", func(t *testing.T, path, member string) {
			editFile(t, path, func(log, index *bolt.Bucket) error { return deleteEvent(log, index, member, 5) })
		}, 5, "missing", false},
		{"last two events deleted", func(t *testing.T, path, member string) {
			editFile(t, path, func(log, index *bolt.Bucket) error {
				if err := deleteEvent(log, index, member, 5); err != nil {
					return err
				}
				return deleteEvent(log, index, member, 4)
			})
		}, 4, "missing", false},
		{"two events swapped", func(t *testing.T, path, _ string) {
			editFile(t, path, func(log, _ *bolt.Bucket) error {
				three, four := append([]byte(nil), log.Get(seqKey(3))...), append([]byte(nil), log.Get(seqKey(4))...)
				if err := log.Put(seqKey(3), four); err != nil {
					return err
				}
				return log.Put(seqKey(4), three)
			})
		}, 3, "says it is 4", false},
		{"rewound and written again", func(t *testing.T, path, member string) {
			// Back to three events, the end pinned there put back too, then
			// two other events recorded through the program, and the
			// sidecar of the original five restored.
			pinnedFive, err := os.ReadFile(chain.SidecarPath(path))
			if err != nil {
				t.Fatal(err)
			}
			editFile(t, path, func(log, index *bolt.Bucket) error {
				if err := deleteEvent(log, index, member, 5); err != nil {
					return err
				}
				return deleteEvent(log, index, member, 4)
			})
			os.Remove(chain.SidecarPath(path))
			s := openTestStore(t, path)
			mustRecord(t, s, record.Event{Kind: record.QuizFinished, Member: member, Module: "intro", Score: 8, Total: 8, Passed: true})
			mustRecord(t, s, record.Event{Kind: record.ModuleCompleted, Member: member, Module: "intro", Score: 8, Total: 8, Passed: true})
			s.Close()
			if err := os.WriteFile(chain.SidecarPath(path), pinnedFive, 0o600); err != nil {
				t.Fatal(err)
			}
		}, 5, "rewound", false},
		{"index entry added", func(t *testing.T, path, member string) {
			editFile(t, path, func(_, index *bolt.Bucket) error {
				return index.Put(chain.IndexKey(member, 99), chain.Summary(record.Event{Kind: record.ModuleCompleted, Passed: true}))
			})
		}, 0, "index", false},
		{"index entry changed", func(t *testing.T, path, _ string) {
			editFile(t, path, func(_, index *bolt.Bucket) error {
				k, _ := index.Cursor().Last()
				return index.Put(k, chain.Summary(record.Event{Kind: record.ModuleCompleted, Passed: true}))
			})
		}, 5, "index", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, member := chainFile(t)
			tt.edit(t, path, member)
			before := fileSum(t, path)

			ro, err := Open(path, Options{ReadOnly: true})
			if err != nil {
				t.Fatalf("opening read-only: %v", err)
			}
			defer ro.Close()
			r, err := verify(ro)
			var te *TamperedError
			if !errors.As(err, &te) || !errors.Is(err, ErrTampered) || r.OK || r.FirstBad != tt.wantBad || !strings.Contains(r.Problem, tt.problem) {
				t.Errorf("Verify = %+v, %v; want event %d with %q", r, err, tt.wantBad, tt.problem)
			}
			if err := ro.EachMember(func(record.Member, []record.Event) error { return nil }); err != nil {
				t.Errorf("reading the members of the altered records, as a report does: %v", err)
			}
			if tt.onlyVerify {
				return
			}
			if p := ro.Problem(); !errors.As(p, &te) || te.Report.FirstBad != tt.wantBad {
				t.Errorf("Problem of a read-only open = %v; want event %d", p, tt.wantBad)
			}
			ro.Close()

			s, err := Open(path, Options{})
			if err == nil {
				s.Close()
				t.Fatal("opened altered records for writing")
			}
			if !errors.As(err, &te) || te.Report.FirstBad != tt.wantBad {
				t.Errorf("opening for writing: %v; want event %d named", err, tt.wantBad)
			}
			if fileSum(t, path) != before {
				t.Error("the refused open changed the file")
			}
		})
	}
}

// TestChainEndIsPinned: every commit that adds events notes the new end in
// the sidecar, and a file made before ends were noted gets one on opening.
func TestChainEndIsPinned(t *testing.T) {
	path, member := chainFile(t)
	sc, _, err := chain.ReadSidecar(path)
	if err != nil || sc.End == nil || sc.End.Events != 5 {
		t.Fatalf("sidecar = %+v, %v; want the end at event 5", sc, err)
	}
	s := openTestStore(t, path)
	e := mustRecord(t, s, record.Event{Kind: record.ModuleOpened, Member: member, Module: "intro"})
	if sc, _, _ := chain.ReadSidecar(path); sc.End == nil || *sc.End != (chain.End{Events: 6, Head: e.Hash}) {
		t.Errorf("after recording event 6 the sidecar pins %+v", sc.End)
	}
	s.Close()

	// An earlier version's sidecar: one object, without the end.
	old, err := json.Marshal(chain.Sidecar{ID: sc.ID, Created: sc.Created})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(chain.SidecarPath(path), old, 0o600); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil || ro.Problem() != nil {
		t.Fatalf("read-only open with no end pinned: %v, %v", err, ro.Problem())
	}
	ro.Close()
	s = openTestStore(t, path)
	s.Close()
	if sc, _, _ := chain.ReadSidecar(path); !sc.Slotted || sc.End == nil || *sc.End != (chain.End{Events: 6, Head: e.Hash}) {
		t.Errorf("opening for writing pinned %+v, want event 6 in slots", sc)
	}
}

// TestTornSlotKeepsTheEndBefore: a pin torn by a power cut spoils only the
// slot it was writing; the other still pins the end before it.
func TestTornSlotKeepsTheEndBefore(t *testing.T) {
	path, member := chainFile(t)
	s := openTestStore(t, path)
	six := mustRecord(t, s, record.Event{Kind: record.ModuleOpened, Member: member, Module: "intro"})
	seven := mustRecord(t, s, record.Event{Kind: record.ModuleOpened, Member: member, Module: "intro"})
	s.Close()
	data, err := os.ReadFile(chain.SidecarPath(path))
	if err != nil || len(data) != 2*chain.SlotSize {
		t.Fatalf("sidecar of %d bytes, %v", len(data), err)
	}
	sc, _, _ := chain.ReadSidecar(path)
	if sc.End == nil || *sc.End != (chain.End{Events: 7, Head: seven.Hash}) {
		t.Fatalf("pinned %+v, want event 7", sc.End)
	}
	// Tear the slot holding event 7: half of it as it was before.
	newest := (1 - sc.NextSlot) * chain.SlotSize
	torn := slices.Clone(data)
	copy(torn[newest+40:newest+chain.SlotSize], bytes.Repeat([]byte{'x'}, chain.SlotSize-40))
	if err := os.WriteFile(chain.SidecarPath(path), torn, 0o600); err != nil {
		t.Fatal(err)
	}
	sc, ok, err := chain.ReadSidecar(path)
	if !ok || err != nil || sc.End == nil || *sc.End != (chain.End{Events: 6, Head: six.Hash}) {
		t.Errorf("after a torn slot: %+v, %v; want the end at event 6", sc.End, err)
	}
	s = openTestStore(t, path) // the records reach event 6 and beyond
	s.Close()
	// Both slots torn: the end is unknown, so the records are only read.
	for _, at := range []int{0, chain.SlotSize} {
		copy(torn[at+40:at+chain.SlotSize], bytes.Repeat([]byte{'x'}, chain.SlotSize-40))
	}
	if err := os.WriteFile(chain.SidecarPath(path), torn, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := chain.ReadSidecar(path); err == nil {
		t.Error("a sidecar with both slots torn was read")
	}
}

// TestVerifyHead: a chain head printed earlier proves the records still
// hold everything up to it.
func TestVerifyHead(t *testing.T) {
	path, member := chainFile(t)
	s := openTestStore(t, path)
	head, _, err := s.Head()
	if err != nil {
		t.Fatal(err)
	}
	mustRecord(t, s, record.Event{Kind: record.ModuleOpened, Member: member, Module: "intro"})
	if r, err := s.VerifyHead(head); err != nil || r.HeadAt != 5 {
		t.Errorf("VerifyHead(event 5's hash) = %+v, %v", r, err)
	}
	r, err := s.VerifyHead(strings.Repeat("0", 64))
	if !errors.Is(err, ErrTampered) || r.HeadAt != 0 || !strings.Contains(r.Problem, "no event has the chain head") {
		t.Errorf("VerifyHead(unknown) = %+v, %v", r, err)
	}
}

// TestUnreadableSidecarBlocksWriting: without its pinned end the records
// cannot be trusted not to have lost events, so they are only read.
func TestUnreadableSidecarBlocksWriting(t *testing.T) {
	path, _ := chainFile(t)
	if err := os.WriteFile(chain.SidecarPath(path), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := Open(path, Options{}); err == nil || !errors.Is(err, ErrTampered) || !strings.Contains(err.Error(), ".id") {
		if s != nil {
			s.Close()
		}
		t.Fatalf("opening for writing with an unreadable sidecar: %v", err)
	}
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil || ro.Problem() == nil {
		t.Fatalf("read-only open: %v, problem %v", err, ro.Problem())
	}
	ro.Close()
}

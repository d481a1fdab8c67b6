package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"course/internal/record"
	"course/internal/store/chain"
)

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// lastEvent returns the newest event's sequence number and hash.
func lastEvent(log *bolt.Bucket) (uint64, string, error) {
	k, v := log.Cursor().Last()
	if k == nil {
		return 0, "", nil
	}
	var last struct {
		Seq  uint64 `json:"seq"`
		Hash string `json:"hash"`
	}
	if err := json.Unmarshal(v, &last); err != nil || last.Seq != binary.BigEndian.Uint64(k) {
		return 0, "", fmt.Errorf("%w: the last event (key %x) cannot be read", ErrDamaged, k)
	}
	return last.Seq, last.Hash, nil
}

// appendEvents stamps, chains and writes events inside tx. An event with
// an Origin keeps its Time and AppVersion.
func (s *Store) appendEvents(tx *bolt.Tx, events []record.Event) ([]record.Event, error) {
	log := tx.Bucket(bucketEvents)
	// The log only ever grows at the end, so full pages waste nothing.
	log.FillPercent = 1
	index := tx.Bucket(bucketMemberEvents)
	members := tx.Bucket(bucketMembers)
	seq, prev, err := lastEvent(log)
	if err != nil {
		return nil, err
	}
	out := make([]record.Event, 0, len(events))
	for _, e := range events {
		if !e.Kind.Known() {
			return nil, record.Invalid("kind", "unknown event kind %q", e.Kind)
		}
		if members.Get([]byte(e.Member)) == nil {
			return nil, fmt.Errorf("member %q %w", e.Member, record.ErrNotFound)
		}
		seq++
		e.Seq, e.Prev = seq, prev
		if e.Origin == "" { // One copied from another record file keeps these.
			e.Time, e.AppVersion = s.now(), s.appVersion
		}
		e.Time = e.Time.UTC()
		value, err := chain.Seal(&e)
		if err != nil {
			return nil, err
		}
		if err := log.Put(seqKey(seq), value); err != nil {
			return nil, err
		}
		if err := index.Put(chain.IndexKey(e.Member, seq), chain.Summary(e)); err != nil {
			return nil, err
		}
		prev = e.Hash
		out = append(out, e)
	}
	return out, nil
}

// MemberEvents returns one member's events, oldest first.
func (s *Store) MemberEvents(number string) ([]record.Event, error) {
	var events []record.Event
	err := s.view(func(tx *bolt.Tx) (err error) {
		events, err = memberEvents(tx, number)
		return err
	})
	return events, err
}

// eventAt reads event seq, which the member index names.
func eventAt(log *bolt.Bucket, seq uint64) (e record.Event, err error) {
	v := log.Get(seqKey(seq))
	if v == nil {
		return e, fmt.Errorf("%w: the index names event %d, which is missing", ErrDamaged, seq)
	}
	if err := json.Unmarshal(v, &e); err != nil {
		return e, fmt.Errorf("event %d cannot be read: %w", seq, err)
	}
	return e, nil
}

func memberEvents(tx *bolt.Tx, number string) ([]record.Event, error) {
	if tx.Bucket(bucketMembers).Get([]byte(number)) == nil {
		return nil, fmt.Errorf("member %s %w", number, record.ErrNotFound)
	}
	log := tx.Bucket(bucketEvents)
	prefix := chain.IndexPrefix(number)
	var events []record.Event
	c := tx.Bucket(bucketMemberEvents).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		e, err := eventAt(log, binary.BigEndian.Uint64(k[len(prefix):]))
		if err != nil {
			return nil, err
		}
		events = append(events, e)
	}
	return events, nil
}

// Head returns the newest event's hash and the number of events, cheaply.
func (s *Store) Head() (hash string, events int, err error) {
	err = s.view(func(tx *bolt.Tx) (err error) {
		e, err := end(tx)
		hash, events = e.Head, int(e.Events)
		return err
	})
	return hash, events, err
}

// VerifyHead walks the whole log and checks every event: its hash against
// its stored bytes, its key and sequence number, its link to the one
// before, its entry in the member index, and that the log reaches the end
// pinned in the sidecar; then every member's stored details against the
// digest in the log (see chain.CheckDetails). Given a head (a chain head
// printed earlier, by an export say), it also checks that the log still
// holds the event whose hash it is: together they prove that nothing up to
// that event has been removed or changed since. When a check fails the
// report says where, and the error is a *TamperedError (ErrTampered).
func (s *Store) VerifyHead(head string) (chain.Report, error) {
	sc, _, err := chain.ReadSidecar(s.path)
	if err != nil {
		return chain.Report{}, &TamperedError{Path: s.path, Report: chain.Report{Problem: err.Error(), Sidecar: true}}
	}
	var r chain.Report
	err = chain.Guard(s.path, func() error {
		return s.view(func(tx *bolt.Tx) error {
			if r = checkIn(tx, sc.End, head, true); r.OK {
				d, _ := checkDetails(tx, "")
				r.OK, r.Problem, r.Member, r.Unsealed = d.OK, d.Problem, d.Member, d.Unsealed
			}
			return nil
		})
	})
	if err != nil {
		return r, err
	}
	if !r.OK {
		return r, &TamperedError{Path: s.path, Report: r}
	}
	return r, nil
}

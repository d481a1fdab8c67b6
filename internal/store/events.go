package store

import (
	"course/internal/record"

	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A stored event ends with its hash: hashOpen, 64 hex digits, hashClose.
const (
	hashOpen  = `,"hash":"`
	hashClose = `"}`
	hashTail  = len(hashOpen) + 2*sha256.Size + len(hashClose)
)

// seal encodes e with Hash cleared, hashes exactly those bytes, and returns
// the value to store: the same bytes with the hash added as the last member
// (which is also what json.Marshal gives with Hash set).
func seal(e *record.Event) ([]byte, error) {
	e.Hash = ""
	body, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	e.Hash = hex.EncodeToString(sum[:])
	return slices.Concat(body[:len(body)-1], []byte(hashOpen+e.Hash+hashClose)), nil
}

// unseal splits a stored value into the bytes that were hashed, less their
// closing brace (head), and the hex hash written after them. It copies
// nothing: both point into v. Checks hash the stored bytes rather than
// encoding the event again, so they do not depend on encoding/json never
// changing.
func unseal(v []byte) (head, hash []byte, ok bool) {
	if len(v) <= hashTail {
		return nil, nil, false
	}
	head, tail := v[:len(v)-hashTail], v[len(v)-hashTail:]
	if !bytes.HasPrefix(tail, []byte(hashOpen)) || !bytes.HasSuffix(tail, []byte(hashClose)) {
		return nil, nil, false
	}
	return head, tail[len(hashOpen) : len(tail)-len(hashClose)], true
}

// sumOf is the hash of the bytes that were hashed for a stored event, from
// unseal's head: the head and a closing brace.
func sumOf(h hash.Hash, head []byte) [sha256.Size]byte {
	h.Reset()
	h.Write(head)
	h.Write([]byte("}"))
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

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

// Record appends one event and returns it as stored, once it is committed
// and synced to disk. The member must exist.
func (s *Store) Record(e record.Event) (record.Event, error) {
	stored, err := s.RecordBatch([]record.Event{e})
	if err != nil {
		return record.Event{}, err
	}
	return stored[0], nil
}

// RecordBatch appends events in one transaction: all are stored or none.
func (s *Store) RecordBatch(events []record.Event) ([]record.Event, error) {
	var stored []record.Event
	err := s.write(func(tx *bolt.Tx) (err error) {
		stored, err = s.appendEvents(tx, events)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("recording: %w", err)
	}
	return stored, nil
}

// appendEvents stamps, chains and writes events inside tx.
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
		e.Seq, e.Time, e.AppVersion, e.Prev = seq, s.now().UTC(), s.appVersion, prev
		value, err := seal(&e)
		if err != nil {
			return nil, err
		}
		if err := log.Put(seqKey(seq), value); err != nil {
			return nil, err
		}
		if err := index.Put(indexKey(e.Member, seq), summary(e)); err != nil {
			return nil, err
		}
		prev = e.Hash
		out = append(out, e)
	}
	return out, nil
}

// Events calls fn with every event from since onwards (all if since is
// zero), oldest first. fn runs inside a read transaction, so it must not
// call the Store's writing methods.
func (s *Store) Events(since time.Time, fn func(record.Event) error) error {
	return s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketEvents).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var e record.Event
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("event %d cannot be read: %w", binary.BigEndian.Uint64(k), err)
			}
			if e.Time.Before(since) {
				continue
			}
			if err := fn(e); err != nil {
				return err
			}
		}
		return nil
	})
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

func memberEvents(tx *bolt.Tx, number string) ([]record.Event, error) {
	if tx.Bucket(bucketMembers).Get([]byte(number)) == nil {
		return nil, fmt.Errorf("member %s %w", number, record.ErrNotFound)
	}
	log := tx.Bucket(bucketEvents)
	prefix := append([]byte(number), 0)
	var events []record.Event
	c := tx.Bucket(bucketMemberEvents).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		seq := k[len(prefix):]
		v := log.Get(seq)
		if v == nil {
			return nil, fmt.Errorf("%w: the index names event %d, which is missing", ErrDamaged, binary.BigEndian.Uint64(seq))
		}
		var e record.Event
		if err := json.Unmarshal(v, &e); err != nil {
			return nil, fmt.Errorf("event %d cannot be read: %w", binary.BigEndian.Uint64(seq), err)
		}
		events = append(events, e)
	}
	return events, nil
}

// Head returns the newest event's hash and the number of events, cheaply.
func (s *Store) Head() (hash string, events int, err error) {
	err = s.view(func(tx *bolt.Tx) (err error) {
		hash, events, err = headIn(tx)
		return err
	})
	return hash, events, err
}

// headIn is Head as tx sees the records.
func headIn(tx *bolt.Tx) (hash string, events int, err error) {
	seq, hash, err := lastEvent(tx.Bucket(bucketEvents))
	return hash, int(seq), err
}

// VerifyHead walks the whole log and checks every event: its hash against
// its stored bytes, its key and sequence number, its link to the one
// before, its entry in the member index, and that the log reaches the end
// pinned in the sidecar. Given a head (a chain head printed earlier, by an
// export say), it also checks that the log still holds the event whose
// hash it is: together they prove that nothing up to that event has been
// removed or changed since. When a check fails the report says where, and
// the error is a *TamperedError (ErrTampered).
func (s *Store) VerifyHead(head string) (VerifyReport, error) {
	sc, _, err := readSidecar(s.path)
	if err != nil {
		return VerifyReport{}, &TamperedError{Path: s.path, Report: VerifyReport{Problem: err.Error(), Sidecar: true}}
	}
	var r VerifyReport
	err = guard(s.path, func() error {
		return s.view(func(tx *bolt.Tx) error {
			r = checkChain(tx.Bucket(bucketEvents), tx.Bucket(bucketMemberEvents), sc.End, head, true)
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

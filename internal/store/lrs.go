package store

import (
	"encoding/json"
	"fmt"
	"iter"

	bolt "go.etcd.io/bbolt"

	"course/internal/record"
	"course/internal/store/chain"
)

// How far a learning record store has accepted the records' statements.
//
// The lrs bucket holds one cursor for each LRS the records have been sent
// to, keyed by its endpoint: sending to another LRS starts from the
// beginning. A cursor names the newest event whose statements the LRS has
// accepted by its number and its hash, so that it is tied to this chain: a
// cursor that does not match the log (a file put back from elsewhere, a
// log rewritten) is noticed instead of events being skipped. The bucket is
// made by the first cursor saved, so files that have never been sent
// anywhere (and older programs, which copy it as they copy any bucket when
// erasing) do not need a new schema. It holds no personal data.

var bucketLRS = []byte("lrs")

// LRSCursor returns the cursor saved for endpoint; the zero LRSCursor
// when nothing has been accepted there yet. A saved cursor is checked
// against the log: one that names an event the log does not have, or
// another event under its number, is an error wrapping record.ErrCursorMismatch.
func (s *Store) LRSCursor(endpoint string) (record.LRSCursor, error) {
	key, err := record.LRSKey(endpoint)
	if err != nil {
		return record.LRSCursor{}, err
	}
	var c record.LRSCursor
	err = s.view(func(tx *bolt.Tx) error {
		var err error
		c, err = readLRSCursor(tx, key)
		if err != nil {
			return err
		}
		return cursorMatches(tx, c)
	})
	return c, err
}

// SetLRSCursor saves endpoint's cursor. The event it names must be in the
// log with that hash (or the cursor must be the zero one, to start again).
func (s *Store) SetLRSCursor(endpoint string, c record.LRSCursor) error {
	key, err := record.LRSKey(endpoint)
	if err != nil {
		return err
	}
	v, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return s.write(func(tx *bolt.Tx) error {
		if err := cursorMatches(tx, c); err != nil {
			return err
		}
		b, err := tx.CreateBucketIfNotExists(bucketLRS)
		if err != nil {
			return err
		}
		return b.Put(key, v)
	})
}

func readLRSCursor(tx *bolt.Tx, key []byte) (record.LRSCursor, error) {
	var c record.LRSCursor
	b := tx.Bucket(bucketLRS)
	if b == nil {
		return c, nil
	}
	v := b.Get(key)
	if v == nil {
		return c, nil
	}
	if err := json.Unmarshal(v, &c); err != nil {
		return c, fmt.Errorf("%w: the cursor of %s cannot be read: %v", record.ErrCursorMismatch, key, err)
	}
	return c, nil
}

// cursorMatches checks that c names an event of the log by its number and
// hash (see record.LRSCursor.Matches).
func cursorMatches(tx *bolt.Tx, c record.LRSCursor) error {
	hash := func(seq uint64) (string, bool) { return hashAt(tx, seq) }
	last := func() uint64 {
		seq, _, _ := lastEvent(tx.Bucket(bucketEvents))
		return seq
	}
	return c.Matches(hash, last)
}

// hashAt is the hash of event seq, if there is one.
func hashAt(tx *bolt.Tx, seq uint64) (string, bool) {
	v := tx.Bucket(bucketEvents).Get(seqKey(seq))
	if v == nil {
		return "", false
	}
	_, hash, ok := chain.Unseal(v)
	return string(hash), ok
}

// Hash returns the hash of event seq, and false if the log has no such
// event.
func (r *LogReader) Hash(seq uint64) (string, bool) {
	return hashAt(r.tx, seq)
}

// EventsAfter yields, in log order, the events after event seq, as Events
// yields them.
func (r *LogReader) EventsAfter(seq uint64) iter.Seq2[*record.EventView, error] {
	return func(yield func(*record.EventView, error) bool) {
		var e record.EventView
		c := r.tx.Bucket(bucketEvents).Cursor()
		for k, v := c.Seek(seqKey(seq + 1)); k != nil; k, v = c.Next() {
			if err := e.Decode(v); err != nil {
				yield(nil, fmt.Errorf("event %x cannot be read: %w", k, err))
				return
			}
			if !yield(&e, nil) {
				return
			}
		}
	}
}

package store

import (
	"bytes"

	bolt "go.etcd.io/bbolt"

	"course/internal/record"
	"course/internal/store/chain"
)

// checkIn checks the chain as tx sees the log and the member index (see
// chain.Check).
func checkIn(tx *bolt.Tx, pin *chain.End, wantHead string, full bool) chain.Report {
	entries := func(yield func(k, v []byte) bool) {
		c := tx.Bucket(bucketEvents).Cursor()
		for k, v := c.First(); k != nil && yield(k, v); k, v = c.Next() {
		}
	}
	var index chain.Index // nil before schema 2
	if b := tx.Bucket(bucketMemberEvents); b != nil {
		index = memberIndex{b}
	}
	return chain.Check(entries, index, pin, wantHead, full)
}

// memberIndex is the member-events bucket as chain.Check compares it
// with the log.
type memberIndex struct{ b *bolt.Bucket }

func (x memberIndex) Holds(e record.Event) bool {
	return bytes.Equal(x.b.Get(chain.IndexKey(e.Member, e.Seq)), chain.Summary(e))
}

func (x memberIndex) Len() int { return x.b.Stats().KeyN }

// end reads the newest event's number and hash inside tx.
func end(tx *bolt.Tx) (chain.End, error) {
	seq, hash, err := lastEvent(tx.Bucket(bucketEvents))
	return chain.End{Events: seq, Head: hash}, err
}

// write runs fn in a read-write transaction and pins the chain's new end
// once it is committed. It refuses to write to records that failed their
// checks when they were opened.
func (s *Store) write(fn func(tx *bolt.Tx) error) error {
	if s.problem != nil {
		return s.problem
	}
	return s.hold(func(db *bolt.DB) error {
		var e chain.End
		err := db.Update(func(tx *bolt.Tx) (err error) {
			if err := fn(tx); err != nil {
				return err
			}
			e, err = end(tx)
			return err
		})
		if err != nil {
			return err
		}
		// The pin is written while the file is held, so that another
		// program's pin cannot come between.
		return s.sidecar.Pin(e)
	})
}

// Problem is why the records failed the checks made when they were
// opened, or nil. Only a file opened read-only can have one: opening for
// writing fails instead. Reports and exports of such a file should say so.
func (s *Store) Problem() error {
	if s.problem == nil {
		return nil
	}
	return s.problem
}

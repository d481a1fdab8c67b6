package store

import (
	"course/internal/record"

	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// # Checking the chain
//
// The hash chain shows a change to any event: its hash no longer matches
// its bytes, or, if it was hashed again, the next event's link no longer
// matches it. What the chain alone cannot show is that its newest events
// were removed (or removed and replaced): what is left is still a valid
// chain. So the end of the chain is pinned outside the file: after every
// commit that adds events, the number of events and the newest hash are
// written to the sidecar (records.db.id), and a log that ends before the
// pinned event, or holds another event under its number, fails the check.
//
// The same walk serves two depths. On every open it runs without decoding
// any JSON: each event's hash against its stored bytes, its key against the
// number its bytes begin with, its link against the event before, no
// number missing, the pinned end reached, and as many index entries as
// events. VerifyHead runs it in full: each event decoded and its member-index
// entry compared as well.

// chainEnd is how far the log reached: its number of events and the hash
// of the newest.
type chainEnd struct {
	Events uint64 `json:"events"`
	Head   string `json:"head"`
}

// VerifyReport is what a check of the chain found.
type VerifyReport struct {
	Events   int    // Events read.
	Head     string // Hash of the newest event.
	OK       bool
	FirstBad uint64 // Number of the first missing or bad event; 0 if the problem is the index or a head not found.
	Problem  string // What is wrong with it.
	// Pinned is the number of events the sidecar says the log reached at
	// its last commit; 0 when the sidecar pins no end.
	Pinned uint64
	// HeadAt is the number of the event whose hash was asked for with
	// VerifyHead, or 0 if no event has it.
	HeadAt uint64
	// AtEnd says the log does not reach the end pinned in the sidecar (and
	// is otherwise intact): events were removed from its end, or the file
	// was put back from a backup without its sidecar.
	AtEnd bool
	// Sidecar says the sidecar itself cannot be read, so where the records
	// end is not known.
	Sidecar bool
}

// TamperedError says that the records failed their checks.
type TamperedError struct {
	Path   string
	Report VerifyReport
}

func (e *TamperedError) Error() string {
	if e.Report.FirstBad == 0 {
		return fmt.Sprintf("%s: %s: %s", ErrTampered, e.Path, e.Report.Problem)
	}
	return fmt.Sprintf("%s: %s: event %d: %s", ErrTampered, e.Path, e.Report.FirstBad, e.Report.Problem)
}

func (e *TamperedError) Unwrap() error { return ErrTampered }

// checkChain walks the log (and the index, which is nil before schema 2)
// and reports the first event that is missing or does not match. pin is
// the pinned end (nil if none); head, if not empty, is a hash to look for.
func checkChain(log, index *bolt.Bucket, pin *chainEnd, wantHead string, full bool) VerifyReport {
	r := VerifyReport{OK: true}
	bad := func(seq uint64, problem string) {
		if r.OK || seq < r.FirstBad {
			r.OK, r.FirstBad, r.Problem = false, seq, problem
		}
	}
	if pin != nil {
		r.Pinned = pin.Events
	}
	var (
		want     uint64 = 1 // the number the next event should have
		prev     []byte     // the hex hash of the event before
		stored   []byte     // the hex hash of this event
		pinnedAt []byte     // the hex hash of the event pin names
		h        = sha256.New()
		hexSum   [2 * sha256.Size]byte
	)
	// The hashes point into the file's memory, which stays put for the
	// transaction: nothing is copied per event.
	c := log.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		r.Events++
		if len(k) != 8 {
			bad(want, fmt.Sprintf("it is stored under a key that is not a number (%x)", k))
			prev = nil
			continue
		}
		seq := binary.BigEndian.Uint64(k)
		if seq > want {
			bad(want, fmt.Sprintf("it is missing: the log goes from event %d to event %d", want-1, seq))
		}
		want = seq + 1
		head, hash, sealed := unseal(v)
		stored = hash
		if pin != nil && seq == pin.Events {
			pinnedAt = hash
		}
		if wantHead != "" && r.HeadAt == 0 && string(hash) == wantHead {
			r.HeadAt = seq
		}
		if !sealed {
			bad(seq, "its hash is missing or malformed")
			prev = nil
			continue
		}
		sum := sumOf(h, head)
		hex.Encode(hexSum[:], sum[:])
		switch said, ok := sealedSeq(head); {
		case !bytes.Equal(hexSum[:], hash):
			bad(seq, "its contents do not match its hash: it has been changed or damaged")
		case !ok:
			bad(seq, "its number cannot be read")
		case said != seq:
			bad(seq, fmt.Sprintf("it is stored under %d but says it is %d", seq, said))
		case !linksTo(head, prev):
			// This event is as it was hashed, so it still names the hash of
			// the event it followed: the one before has been changed.
			if seq == 1 {
				bad(seq, "it is the first event but is linked to another")
			} else {
				bad(seq-1, fmt.Sprintf("it is not the event that event %d was chained to: it has been changed or replaced", seq))
			}
		case full:
			var e record.Event
			if err := json.Unmarshal(v, &e); err != nil {
				bad(seq, "it cannot be read: "+err.Error())
			} else if e.Seq != seq || e.Prev != string(prev) || e.Hash != string(hash) {
				bad(seq, "its fields do not match its stored form")
			} else if index != nil && !bytes.Equal(index.Get(indexKey(e.Member, seq)), summary(e)) {
				bad(seq, "its entry in the member index is missing or wrong")
			}
		}
		prev = hash
	}
	r.Head = string(stored)
	last := want - 1
	if pin != nil && pin.Events > 0 {
		r.AtEnd = r.OK && (last < pin.Events || string(pinnedAt) != pin.Head)
		switch {
		case last < pin.Events:
			bad(last+1, fmt.Sprintf("it is missing: the records reached event %d when they were last saved, and now end at event %d", pin.Events, last))
		case string(pinnedAt) != pin.Head:
			bad(pin.Events, "it is not the event that was saved under this number: the records have been rewound and written again")
		}
	}
	if index != nil && r.OK {
		if indexed := index.Stats().KeyN; indexed != r.Events {
			// An entry for an event that does not exist would show in progress.
			r.OK, r.Problem = false, fmt.Sprintf("the member index has %d entries for %d events", indexed, r.Events)
		}
	}
	if wantHead != "" && r.OK && r.HeadAt == 0 {
		r.OK, r.Problem = false, fmt.Sprintf("no event has the chain head %s: the events up to it have been removed or changed since it was printed", wantHead)
	}
	return r
}

// sealedSeq reads the number a stored event's bytes begin with: seal
// writes Seq first.
func sealedSeq(head []byte) (uint64, bool) {
	const open = `{"seq":`
	if !bytes.HasPrefix(head, []byte(open)) {
		return 0, false
	}
	rest := head[len(open):]
	end := bytes.IndexByte(rest, ',')
	if end < 0 {
		return 0, false
	}
	n, err := strconv.ParseUint(string(rest[:end]), 10, 64)
	return n, err == nil
}

// linksTo says whether a stored event's head (see unseal) names prev as
// the hash of the event before: seal writes Prev last, and leaves it out
// of the first event.
func linksTo(head, prev []byte) bool {
	const open = `,"prev":"`
	if len(prev) == 0 {
		tail := head[max(len(head)-len(open)-2*sha256.Size-1, 0):]
		return !bytes.Contains(tail, []byte(open))
	}
	n := len(head) - len(prev) - 1
	return n >= len(open) && head[len(head)-1] == '"' && bytes.Equal(head[n:len(head)-1], prev) &&
		string(head[n-len(open):n]) == open
}

// end reads the newest event's number and hash inside tx.
func end(tx *bolt.Tx) (chainEnd, error) {
	seq, hash, err := lastEvent(tx.Bucket(bucketEvents))
	return chainEnd{Events: seq, Head: hash}, err
}

// write runs fn in a read-write transaction and pins the chain's new end
// once it is committed. It refuses to write to records that failed their
// checks when they were opened.
func (s *Store) write(fn func(tx *bolt.Tx) error) error {
	if s.problem != nil {
		return s.problem
	}
	return s.hold(func(db *bolt.DB) error {
		var e chainEnd
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
		return s.pin(e)
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

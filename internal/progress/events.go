package progress

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Kind names what happened.
type Kind string

// The kinds of event.
const (
	MemberAdded       Kind = "member-added"
	MemberUpdated     Kind = "member-updated"
	ModuleOpened      Kind = "module-opened"
	ModuleRead        Kind = "module-read" // Read to the end.
	QuestionAnswered  Kind = "question-answered"
	QuizFinished      Kind = "quiz-finished"
	ModuleCompleted   Kind = "module-completed"
	RefresherFinished Kind = "refresher-finished"
	MemberErased      Kind = "member-erased"
)

var knownKinds = map[Kind]bool{
	MemberAdded: true, MemberUpdated: true, ModuleOpened: true, ModuleRead: true,
	QuestionAnswered: true, QuizFinished: true, ModuleCompleted: true,
	RefresherFinished: true, MemberErased: true,
}

// Event is one entry in the log. The caller sets what happened; Record sets
// Seq, Time, AppVersion, Prev and Hash. Fields are encoded in this order,
// and Hash must stay last (see seal).
type Event struct {
	Seq           uint64    `json:"seq"`
	Time          time.Time `json:"time"`
	Kind          Kind      `json:"kind"`
	Member        string    `json:"member,omitempty"` // Member number, never a name.
	Module        string    `json:"module,omitempty"`
	ModuleVersion string    `json:"module_version,omitempty"`
	Attempt       string    `json:"attempt,omitempty"` // From NewAttemptID.
	Question      string    `json:"question,omitempty"`
	Chosen        []int     `json:"chosen,omitempty"`
	Correct       bool      `json:"correct,omitempty"`
	Score         int       `json:"score,omitempty"` // Number correct.
	Total         int       `json:"total,omitempty"`
	Passed        bool      `json:"passed,omitempty"`
	Reason        string    `json:"reason,omitempty"`
	Fields        []string  `json:"fields,omitempty"`  // Names of the fields a member-updated event changed.
	Role          string    `json:"role,omitempty"`    // Member role, on member-added and when it changes.
	Elected       string    `json:"elected,omitempty"` // Elected date (YYYY-MM-DD), likewise.
	AppVersion    string    `json:"app_version,omitempty"`
	Prev          string    `json:"prev,omitempty"`
	Hash          string    `json:"hash,omitempty"`
}

// A stored event ends with its hash: hashOpen, 64 hex digits, hashClose.
const (
	hashOpen  = `,"hash":"`
	hashClose = `"}`
	hashTail  = len(hashOpen) + 2*sha256.Size + len(hashClose)
)

// seal encodes e with Hash cleared, hashes exactly those bytes, and returns
// the value to store: the same bytes with the hash added as the last member
// (which is also what json.Marshal gives with Hash set).
func seal(e *Event) ([]byte, error) {
	e.Hash = ""
	body, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	e.Hash = hex.EncodeToString(sum[:])
	return slices.Concat(body[:len(body)-1], []byte(hashOpen+e.Hash+hashClose)), nil
}

// unseal splits a stored value into the bytes that were hashed and the hash
// written after them. Verify hashes the stored bytes rather than encoding
// the event again, so it does not depend on encoding/json never changing.
func unseal(v []byte) (body []byte, hash string, ok bool) {
	if len(v) <= hashTail {
		return nil, "", false
	}
	head, tail := v[:len(v)-hashTail], v[len(v)-hashTail:]
	if !bytes.HasPrefix(tail, []byte(hashOpen)) || !bytes.HasSuffix(tail, []byte(hashClose)) {
		return nil, "", false
	}
	hash = string(tail[len(hashOpen) : len(tail)-len(hashClose)])
	return slices.Concat(head, []byte("}")), hash, true
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
func (s *Store) Record(e Event) (Event, error) {
	stored, err := s.RecordBatch([]Event{e})
	if err != nil {
		return Event{}, err
	}
	return stored[0], nil
}

// RecordBatch appends events in one transaction: all are stored or none.
func (s *Store) RecordBatch(events []Event) ([]Event, error) {
	var stored []Event
	err := s.db.Update(func(tx *bolt.Tx) (err error) {
		stored, err = s.appendEvents(tx, events)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("recording: %w", err)
	}
	return stored, nil
}

// appendEvents stamps, chains and writes events inside tx.
func (s *Store) appendEvents(tx *bolt.Tx, events []Event) ([]Event, error) {
	log := tx.Bucket(bucketEvents)
	// The log only ever grows at the end, so full pages waste nothing.
	log.FillPercent = 1
	index := tx.Bucket(bucketMemberEvents)
	members := tx.Bucket(bucketMembers)
	seq, prev, err := lastEvent(log)
	if err != nil {
		return nil, err
	}
	out := make([]Event, 0, len(events))
	for _, e := range events {
		if !knownKinds[e.Kind] {
			return nil, fmt.Errorf("%w: unknown event kind %q", ErrInvalid, e.Kind)
		}
		if members.Get([]byte(e.Member)) == nil {
			return nil, fmt.Errorf("member %q %w", e.Member, ErrNotFound)
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
func (s *Store) Events(since time.Time, fn func(Event) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketEvents).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			var e Event
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
func (s *Store) MemberEvents(number string) ([]Event, error) {
	var events []Event
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		events, err = memberEvents(tx, number)
		return err
	})
	return events, err
}

func memberEvents(tx *bolt.Tx, number string) ([]Event, error) {
	if tx.Bucket(bucketMembers).Get([]byte(number)) == nil {
		return nil, fmt.Errorf("member %s %w", number, ErrNotFound)
	}
	log := tx.Bucket(bucketEvents)
	prefix := append([]byte(number), 0)
	var events []Event
	c := tx.Bucket(bucketMemberEvents).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		seq := k[len(prefix):]
		v := log.Get(seq)
		if v == nil {
			return nil, fmt.Errorf("%w: the index names event %d, which is missing", ErrDamaged, binary.BigEndian.Uint64(seq))
		}
		var e Event
		if err := json.Unmarshal(v, &e); err != nil {
			return nil, fmt.Errorf("event %d cannot be read: %w", binary.BigEndian.Uint64(seq), err)
		}
		events = append(events, e)
	}
	return events, nil
}

// Head returns the newest event's hash and the number of events, cheaply.
func (s *Store) Head() (hash string, events int, err error) {
	err = s.db.View(func(tx *bolt.Tx) error {
		seq, h, err := lastEvent(tx.Bucket(bucketEvents))
		hash, events = h, int(seq)
		return err
	})
	return hash, events, err
}

// VerifyReport is what Verify found.
type VerifyReport struct {
	Events   int    // Events read.
	Head     string // Hash of the newest event.
	OK       bool
	FirstBad uint64 // Sequence number (key) of the first bad event; 0 if the problem is the index.
	Problem  string // What is wrong with it.
}

// Verify walks the whole log and checks every event: its hash against its
// stored bytes, its key and sequence number, its link to the one before and
// its entry in the member index.
// When the chain is broken the report says where, and the error wraps
// ErrTampered.
func (s *Store) Verify() (VerifyReport, error) {
	var r VerifyReport
	err := guard(s.path, func() error {
		return s.db.View(func(tx *bolt.Tx) error {
			r = verify(tx.Bucket(bucketEvents), tx.Bucket(bucketMemberEvents))
			return nil
		})
	})
	if err != nil {
		return r, err
	}
	if !r.OK {
		return r, fmt.Errorf("%w: event %d: %s", ErrTampered, r.FirstBad, r.Problem)
	}
	return r, nil
}

func verify(log, index *bolt.Bucket) VerifyReport {
	r := VerifyReport{OK: true}
	bad := func(seq uint64, problem string) {
		if r.OK {
			r.OK, r.FirstBad, r.Problem = false, seq, problem
		}
	}
	var prev string
	c := log.Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		r.Events++
		if len(k) != 8 {
			bad(uint64(r.Events), fmt.Sprintf("key %x is not a sequence number", k))
			continue
		}
		seq := binary.BigEndian.Uint64(k)
		var e Event
		if err := json.Unmarshal(v, &e); err != nil {
			bad(seq, "it cannot be read: "+err.Error())
			prev = ""
			continue
		}
		body, stored, sealed := unseal(v)
		r.Head = stored
		sum := sha256.Sum256(body)
		switch {
		case !sealed:
			bad(seq, "its hash is missing or malformed")
		case hex.EncodeToString(sum[:]) != stored:
			bad(seq, "its hash does not match its contents")
		case seq != uint64(r.Events):
			bad(seq, fmt.Sprintf("expected sequence number %d", r.Events))
		case e.Seq != seq:
			bad(seq, fmt.Sprintf("it is stored under %d but says it is %d", seq, e.Seq))
		case e.Prev != prev:
			bad(seq, "its link to the previous event does not match")
		case !bytes.Equal(index.Get(indexKey(e.Member, seq)), summary(e)):
			bad(seq, "its entry in the member index is missing or wrong")
		}
		prev = stored
	}
	if indexed := index.Stats().KeyN; r.OK && indexed != r.Events {
		// An entry for an event that does not exist would show in progress.
		r.OK, r.Problem = false, fmt.Sprintf("the member index has %d entries for %d events", indexed, r.Events)
	}
	return r
}

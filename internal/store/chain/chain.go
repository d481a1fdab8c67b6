// Package chain is the tamper evidence of the record file's event log,
// apart from where the log is kept: the sealed form of an event (its JSON
// with its hash last), the member index's entry for it (its key and
// summary), the check of a log of sealed events link by link up to the end
// pinned outside the file, the file that pins it, the sidecar (Pin), and
// what is at the record file's path before it is opened (Look). It does
// not import bbolt: the store hands it the log's entries.
//
// Each event carries Prev, the Hash of the event before it ("" for the
// first), and its own Hash: the lowercase hex SHA-256 of the event encoded
// by encoding/json.Marshal with Hash empty. That encoding is deterministic:
// keys in the Event struct's field order, empty fields omitted, times in
// UTC RFC 3339 with nanoseconds. The stored value is exactly those bytes
// with `,"hash":"<hex>"` inserted before the closing brace. Check hashes
// the stored bytes themselves (never a re-encoding), so any change to any
// byte of an event is detected, whatever later versions of encoding/json do.
package chain

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"iter"
	"os"
	"slices"
	"strconv"
	"time"

	"course/internal/atomicfile"
	"course/internal/record"
)

// Checking the chain
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
// events. The store's VerifyHead runs it in full: each event decoded and its member-index
// entry compared as well.

// A stored event ends with its hash: hashOpen, 64 hex digits, hashClose.
const (
	hashOpen  = `,"hash":"`
	hashClose = `"}`
	hashTail  = len(hashOpen) + 2*sha256.Size + len(hashClose)
)

// Seal encodes e with Hash cleared, hashes exactly those bytes, and returns
// the value to store: the same bytes with the hash added as the last member
// (which is also what json.Marshal gives with Hash set).
func Seal(e *record.Event) ([]byte, error) {
	e.Hash = ""
	body, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	e.Hash = hex.EncodeToString(sum[:])
	return slices.Concat(body[:len(body)-1], []byte(hashOpen+e.Hash+hashClose)), nil
}

// Unseal splits a stored value into the bytes that were hashed, less their
// closing brace (head), and the hex hash written after them. It copies
// nothing: both point into v. Checks hash the stored bytes rather than
// encoding the event again, so they do not depend on encoding/json never
// changing.
func Unseal(v []byte) (head, hash []byte, ok bool) {
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
// Unseal's head: the head and a closing brace.
func sumOf(h hash.Hash, head []byte) [sha256.Size]byte {
	h.Reset()
	h.Write(head)
	h.Write([]byte("}"))
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// End is how far the log reached: its number of events and the hash
// of the newest.
type End struct {
	Events uint64 `json:"events"`
	Head   string `json:"head"`
}

// Report is what a check of the chain found.
type Report struct {
	Events   int    // Events read.
	Head     string // Hash of the newest event.
	OK       bool
	FirstBad uint64 // Number of the first missing or bad event; 0 if the problem is the index or a head not found.
	Problem  string // What is wrong with it.
	// Pinned is the number of events the sidecar says the log reached at
	// its last commit; 0 when the sidecar pins no end.
	Pinned uint64
	// HeadAt is the number of the event whose hash was asked for with
	// wantHead, or 0 if no event has it.
	HeadAt uint64
	// AtEnd says the log does not reach the end pinned in the sidecar (and
	// is otherwise intact): events were removed from its end, or the file
	// was put back from a backup without its sidecar.
	AtEnd bool
	// Sidecar says the sidecar itself cannot be read, so where the records
	// end is not known.
	Sidecar bool
	// Member is the number of the member whose stored details fail their
	// check (see CheckDetails), or "".
	Member string
	// Unsealed counts the members whose details were stored before
	// details were sealed, so that no digest in the log vouches for them.
	Unsealed int
}

// ErrDamaged means the record file cannot be trusted and was left alone.
var ErrDamaged = errors.New("the record file is damaged")

// ErrTampered means an event no longer matches its hash chain.
var ErrTampered = errors.New("the records have been altered")

// TamperedError says that the records failed their checks.
type TamperedError struct {
	Path   string
	Report Report
}

func (e *TamperedError) Error() string {
	if e.Report.FirstBad == 0 {
		return fmt.Sprintf("%s: %s: %s", ErrTampered, e.Path, e.Report.Problem)
	}
	return fmt.Sprintf("%s: %s: event %d: %s", ErrTampered, e.Path, e.Report.FirstBad, e.Report.Problem)
}

func (e *TamperedError) Unwrap() error { return ErrTampered }

// Index is the member index, as Check compares it with the log.
type Index interface {
	// Holds says whether the index has e's entry, as it should be.
	Holds(e record.Event) bool
	// Len is the number of entries.
	Len() int
}

// Check walks the log, its entries (key and stored value) in key order,
// and the index (nil before schema 2), and reports the first event that
// is missing or does not match. pin is the pinned end (nil if none);
// wantHead, if not empty, is a hash to look for. full decodes every event
// and compares it with its index entry too.
func Check(log iter.Seq2[[]byte, []byte], index Index, pin *End, wantHead string, full bool) Report {
	r := Report{OK: true}
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
	for k, v := range log {
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
		head, hash, sealed := Unseal(v)
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
			} else if index != nil && !index.Holds(e) {
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
		if indexed := index.Len(); indexed != r.Events {
			// An entry for an event that does not exist would show in progress.
			r.OK, r.Problem = false, fmt.Sprintf("the member index has %d entries for %d events", indexed, r.Events)
		}
	}
	if wantHead != "" && r.OK && r.HeadAt == 0 {
		r.OK, r.Problem = false, fmt.Sprintf("no event has the chain head %s: the events up to it have been removed or changed since it was printed", wantHead)
	}
	return r
}

// sealedSeq reads the number a stored event's bytes begin with: Seal
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

// linksTo says whether a stored event's head (see Unseal) names prev as
// the hash of the event before: Seal writes Prev last, and leaves it out
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

// The sidecar, records.db.id beside records.db, marks that a record file
// was made there, so that an empty or missing file is recognised as lost
// data rather than a first run; and it pins the end of the chain (see
// Check) outside the file it protects.
//
// It is written after every commit that adds events, so it is laid out to
// be written in place with one data sync: two slots of SlotSize bytes,
// each a line of JSON (the fields and a checksum of them) padded with
// spaces. A pin writes the slot not written last. A write torn by a power
// cut spoils at most that slot; the other still holds the end before it,
// which the log must reach all the same. The reader takes the sound slot
// that pins the later end. A sidecar of an earlier version (one JSON
// object) is read as it is and laid out in slots when the records are next
// opened for writing.

// SlotSize is the size of a slot: a disk sector, so that a slot is
// written in one piece wherever the disk allows.
const SlotSize = 512

// Sidecar is what the Sidecar says.
type Sidecar struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
	// End is the chain's end after the last commit that added events; nil
	// in a sidecar written before ends were pinned.
	End *End `json:"end,omitempty"`

	Slotted  bool `json:"-"` // read from slots (not an earlier version's object)
	NextSlot int  `json:"-"` // the slot to write next: the one not holding End
}

// slot is one slot's JSON: the sidecar and the checksum of its encoding.
type slot struct {
	Sidecar
	Sum string `json:"sum"`
}

func SidecarPath(path string) string { return path + ".id" }

// checksum is the first 16 hex digits of the SHA-256 of sc's encoding.
func (sc Sidecar) checksum() (string, error) {
	body, err := json.Marshal(sc)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:8]), nil
}

// EncodeSlot lays sc out as one slot.
func EncodeSlot(sc Sidecar) ([]byte, error) {
	sum, err := sc.checksum()
	if err != nil {
		return nil, err
	}
	line, err := json.Marshal(slot{sc, sum})
	if err != nil {
		return nil, err
	}
	if len(line) > SlotSize-1 {
		return nil, fmt.Errorf("the Sidecar's %d bytes do not fit its slot", len(line))
	}
	out := bytes.Repeat([]byte{' '}, SlotSize)
	copy(out, line)
	out[SlotSize-1] = '\n'
	return out, nil
}

// decodeSlot reads one slot; ok is false for a slot that is torn or empty.
func decodeSlot(b []byte) (sc Sidecar, ok bool) {
	var sl slot
	if err := json.Unmarshal(bytes.TrimRight(b, " \n"), &sl); err != nil {
		return Sidecar{}, false
	}
	sum, err := sl.Sidecar.checksum()
	return sl.Sidecar, err == nil && sum == sl.Sum
}

// ReadSidecar reads the sidecar of the record file at path. exists is
// false when there is none; err says why one that exists cannot be used.
func ReadSidecar(path string) (sc Sidecar, exists bool, err error) {
	data, err := os.ReadFile(SidecarPath(path))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return sc, false, nil
	case err != nil:
		return sc, true, fmt.Errorf("%s cannot be read (%v)", SidecarPath(path), err)
	}
	unreadable := fmt.Errorf("%s, which notes where the records end, cannot be read", SidecarPath(path))
	if len(data) != 2*SlotSize {
		// An earlier version's sidecar: one object.
		if err := json.Unmarshal(data, &sc); err != nil {
			return Sidecar{}, true, unreadable
		}
		return sc, true, nil
	}
	a, aOK := decodeSlot(data[:SlotSize])
	b, bOK := decodeSlot(data[SlotSize:])
	switch {
	case aOK && (!bOK || later(a.End, b.End)):
		a.Slotted, a.NextSlot = true, 1
		return a, true, nil
	case bOK:
		b.Slotted, b.NextSlot = true, 0
		return b, true, nil
	}
	return Sidecar{}, true, unreadable
}

// later says whether end a is past end b.
func later(a, b *End) bool {
	return b == nil || (a != nil && a.Events > b.Events)
}

// CreateSidecar writes a whole sidecar in slots, replacing any there
// atomically, and makes it durable.
func CreateSidecar(path string, sc Sidecar) error {
	one, err := EncodeSlot(sc)
	if err != nil {
		return err
	}
	return atomicfile.Write(SidecarPath(path), 0o600, func(w *bufio.Writer) error {
		_, err := w.Write(slices.Concat(one, one))
		return err
	})
}

// ProtectedFiles are the files of the records at path, which no output
// may replace: the record file and its .id file.
func ProtectedFiles(path string) []atomicfile.Protected {
	return []atomicfile.Protected{
		{Path: path, What: "the record file"},
		{Path: SidecarPath(path), What: "the .id file of the record file"},
	}
}

package store

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"time"

	"course/internal/atomicfile"
)

// The sidecar, records.db.id beside records.db, marks that a record file
// was made there, so that an empty or missing file is recognised as lost
// data rather than a first run; and it pins the end of the chain (see
// chain.go) outside the file it protects.
//
// It is written after every commit that adds events, so it is laid out to
// be written in place with one data sync: two slots of sidecarSlot bytes,
// each a line of JSON (the fields and a checksum of them) padded with
// spaces. A pin writes the slot not written last. A write torn by a power
// cut spoils at most that slot; the other still holds the end before it,
// which the log must reach all the same. The reader takes the sound slot
// that pins the later end. A sidecar of an earlier version (one JSON
// object) is read as it is and laid out in slots when the records are next
// opened for writing.

// sidecarSlot is the size of a slot: a disk sector, so that a slot is
// written in one piece wherever the disk allows.
const sidecarSlot = 512

// sidecar is what the sidecar says.
type sidecar struct {
	ID      string    `json:"id"`
	Created time.Time `json:"created"`
	// End is the chain's end after the last commit that added events; nil
	// in a sidecar written before ends were pinned.
	End *chainEnd `json:"end,omitempty"`

	slotted  bool // read from slots (not an earlier version's object)
	nextSlot int  // the slot to write next: the one not holding End
}

// slot is one slot's JSON: the sidecar and the checksum of its encoding.
type slot struct {
	sidecar
	Sum string `json:"sum"`
}

func sidecarPath(path string) string { return path + ".id" }

// checksum is the first 16 hex digits of the SHA-256 of sc's encoding.
func (sc sidecar) checksum() (string, error) {
	body, err := json.Marshal(sc)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:8]), nil
}

// encodeSlot lays sc out as one slot.
func encodeSlot(sc sidecar) ([]byte, error) {
	sum, err := sc.checksum()
	if err != nil {
		return nil, err
	}
	line, err := json.Marshal(slot{sc, sum})
	if err != nil {
		return nil, err
	}
	if len(line) > sidecarSlot-1 {
		return nil, fmt.Errorf("the sidecar's %d bytes do not fit its slot", len(line))
	}
	out := bytes.Repeat([]byte{' '}, sidecarSlot)
	copy(out, line)
	out[sidecarSlot-1] = '\n'
	return out, nil
}

// decodeSlot reads one slot; ok is false for a slot that is torn or empty.
func decodeSlot(b []byte) (sc sidecar, ok bool) {
	var sl slot
	if err := json.Unmarshal(bytes.TrimRight(b, " \n"), &sl); err != nil {
		return sidecar{}, false
	}
	sum, err := sl.sidecar.checksum()
	return sl.sidecar, err == nil && sum == sl.Sum
}

// readSidecar reads the sidecar of the record file at path. exists is
// false when there is none; err says why one that exists cannot be used.
func readSidecar(path string) (sc sidecar, exists bool, err error) {
	data, err := os.ReadFile(sidecarPath(path))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return sc, false, nil
	case err != nil:
		return sc, true, fmt.Errorf("%s cannot be read (%v)", sidecarPath(path), err)
	}
	unreadable := fmt.Errorf("%s, which notes where the records end, cannot be read", sidecarPath(path))
	if len(data) != 2*sidecarSlot {
		// An earlier version's sidecar: one object.
		if err := json.Unmarshal(data, &sc); err != nil {
			return sidecar{}, true, unreadable
		}
		return sc, true, nil
	}
	a, aOK := decodeSlot(data[:sidecarSlot])
	b, bOK := decodeSlot(data[sidecarSlot:])
	switch {
	case aOK && (!bOK || later(a.End, b.End)):
		a.slotted, a.nextSlot = true, 1
		return a, true, nil
	case bOK:
		b.slotted, b.nextSlot = true, 0
		return b, true, nil
	}
	return sidecar{}, true, unreadable
}

// later says whether end a is past end b.
func later(a, b *chainEnd) bool {
	return b == nil || (a != nil && a.Events > b.Events)
}

// createSidecar writes a whole sidecar in slots, replacing any there
// atomically, and makes it durable.
func createSidecar(path string, sc sidecar) error {
	one, err := encodeSlot(sc)
	if err != nil {
		return err
	}
	return atomicfile.Write(sidecarPath(path), 0o600, func(w *bufio.Writer) error {
		_, err := w.Write(slices.Concat(one, one))
		return err
	})
}

// pin writes the chain's end to the sidecar after a commit, unless it or a
// later end is already there: into the slot not written last, synced.
func (s *Store) pin(e chainEnd) error {
	s.pinMu.Lock()
	defer s.pinMu.Unlock()
	if s.pinned != nil && (*s.pinned == e || s.pinned.Events > e.Events) {
		return nil
	}
	sc := s.sidecar
	sc.End = &e
	if err := s.writeSlot(sc); err != nil {
		return fmt.Errorf("the change was saved, but the end of the records could not be noted in %s: %w", sidecarPath(s.path), err)
	}
	sc.slotted = true
	s.sidecar, s.pinned = sc, &e
	return nil
}

// writeSlot writes sc into the next slot, or the whole sidecar if it is
// missing or not yet in slots.
func (s *Store) writeSlot(sc sidecar) error {
	if !s.sidecar.slotted {
		if err := createSidecar(s.path, sc); err != nil {
			return err
		}
		s.sidecar.slotted, s.nextSlot = true, 0
		return nil
	}
	if s.sidecarFile == nil {
		f, err := os.OpenFile(sidecarPath(s.path), os.O_RDWR, 0)
		if err != nil {
			return err
		}
		s.sidecarFile = f
	}
	b, err := encodeSlot(sc)
	if err != nil {
		return err
	}
	if _, err := s.sidecarFile.WriteAt(b, int64(s.nextSlot*sidecarSlot)); err != nil {
		return err
	}
	if err := syncData(s.sidecarFile); err != nil {
		return err
	}
	s.nextSlot = 1 - s.nextSlot
	return nil
}

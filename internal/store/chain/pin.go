package chain

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// Pin keeps the chain's end pinned in the sidecar of the record file at a
// path, after every commit that adds events. Its methods are safe for
// concurrent use.
type Pin struct {
	path     string
	mu       sync.Mutex
	sidecar  Sidecar  // as read or last written
	pinned   *End     // the end last pinned, if known
	file     *os.File // open for pinning, once the sidecar is in slots
	nextSlot int      // the slot the next pin goes to
}

// NewPin pins ends in the sidecar of the record file at path, which says
// sc now.
func NewPin(path string, sc Sidecar) *Pin {
	return &Pin{path: path, sidecar: sc, pinned: sc.End, nextSlot: sc.NextSlot}
}

// Reset takes up what the sidecar says now: another program may have
// written it since.
func (p *Pin) Reset(sc Sidecar) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sidecar, p.pinned, p.nextSlot = sc, sc.End, sc.NextSlot
}

// Identify names the records in a sidecar that does not say yet which
// records it is of: a new one.
func (p *Pin) Identify(id string, created time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.sidecar.ID == "" {
		p.sidecar.ID, p.sidecar.Created = id, created
	}
}

// Pin writes the chain's end to the sidecar after a commit, unless it or a
// later end is already there: into the slot not written last, synced.
func (p *Pin) Pin(e End) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.pinned != nil && (*p.pinned == e || p.pinned.Events > e.Events) {
		return nil
	}
	sc := p.sidecar
	sc.End = &e
	if err := p.writeSlot(sc); err != nil {
		return fmt.Errorf("the change was saved, but the end of the records could not be noted in %s: %w", SidecarPath(p.path), err)
	}
	sc.Slotted = true
	p.sidecar, p.pinned = sc, &e
	return nil
}

// writeSlot writes sc into the next slot, or the whole sidecar if it is
// missing or not yet in slots.
func (p *Pin) writeSlot(sc Sidecar) error {
	if !p.sidecar.Slotted {
		if err := CreateSidecar(p.path, sc); err != nil {
			return err
		}
		p.sidecar.Slotted, p.nextSlot = true, 0
		return nil
	}
	if p.file == nil {
		f, err := os.OpenFile(SidecarPath(p.path), os.O_RDWR, 0)
		if err != nil {
			return err
		}
		p.file = f
	}
	b, err := EncodeSlot(sc)
	if err != nil {
		return err
	}
	if _, err := p.file.WriteAt(b, int64(p.nextSlot*SlotSize)); err != nil {
		return err
	}
	if err := syncData(p.file); err != nil {
		return err
	}
	p.nextSlot = 1 - p.nextSlot
	return nil
}

// Release closes the sidecar if it is open for pinning.
func (p *Pin) Release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.file != nil {
		p.file.Close()
		p.file = nil
	}
}

package record

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrCursorMismatch means a saved LRS cursor does not name an event of
// this log.
var ErrCursorMismatch = errors.New("the LRS cursor does not match the records")

// LRSCursor is how far one learning record store has accepted the log.
type LRSCursor struct {
	// Seq and Hash name the newest event whose statements (if any) the
	// LRS has accepted, with every event before it; 0 and "" for none.
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash,omitempty"`
	// Statements counts the statements accepted, over every run.
	Statements int `json:"statements"`
	// At is when the cursor was last moved.
	At time.Time `json:"at,omitzero"`
}

// LRSKey is the key of an endpoint's cursor: the endpoint without a
// trailing slash, so that both spellings are the same LRS.
func LRSKey(endpoint string) ([]byte, error) {
	key := strings.TrimRight(strings.TrimSpace(endpoint), "/")
	if key == "" {
		return nil, Invalid("endpoint", "the LRS endpoint is empty")
	}
	return []byte(key), nil
}

// Matches says, as an error wrapping ErrCursorMismatch, why c does not name
// an event of a log by its number and hash, or nil if it does (or is the
// zero cursor). hashAt gives the hash of the log's event seq, false if it
// has none, and last the number of its newest event.
func (c LRSCursor) Matches(hashAt func(seq uint64) (string, bool), last func() uint64) error {
	if c.Seq == 0 {
		if c.Hash != "" {
			return fmt.Errorf("%w: it names no event but a hash", ErrCursorMismatch)
		}
		return nil
	}
	hash, ok := hashAt(c.Seq)
	switch {
	case !ok:
		return fmt.Errorf("%w: the LRS accepted up to event %d, and these records end at event %d", ErrCursorMismatch, c.Seq, last())
	case hash != c.Hash:
		return fmt.Errorf("%w: the LRS accepted event %d with hash %s, and event %d of these records has hash %s", ErrCursorMismatch, c.Seq, c.Hash, c.Seq, hash)
	}
	return nil
}

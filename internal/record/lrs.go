package record

import (
	"errors"
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

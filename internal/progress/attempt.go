package progress

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// ErrAttemptFinished means a quiz attempt was already finished, in another
// window say: its answers and its result stand, and nothing more is added
// to it.
var ErrAttemptFinished = errors.New("this quiz was already finished, perhaps in another window: its result stands. Go back to the modules to see it, and take the quiz again to try once more")

// addsToAttempt says an event adds to a quiz attempt: an answer, or the
// attempt's end.
func addsToAttempt(e Event) bool {
	switch e.Kind {
	case QuestionAnswered, QuizFinished, RefresherFinished:
		return e.Attempt != ""
	}
	return false
}

// attemptFinished says whether the attempt e adds to has been finished. It
// reads the member's events newest first through the index, decoding only
// the ends of attempts and the answers in e's module. An attempt's end
// comes after all its answers (this rule sees to it), so the first of them
// met that is the attempt's says: its end, finished; an answer, not. Most
// often that is the answer just before.
func attemptFinished(tx *bolt.Tx, e Event) (bool, error) {
	member, attempt := e.Member, e.Attempt
	prefix := append([]byte(member), 0)
	log := tx.Bucket(bucketEvents)
	c := tx.Bucket(bucketMemberEvents).Cursor()
	k, v := c.Seek(indexKey(member, ^uint64(0)))
	if k == nil {
		k, v = c.Last()
	}
	if k != nil && !bytes.HasPrefix(k, prefix) {
		k, v = c.Prev()
	}
	intern := map[string]string{}
	for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Prev() {
		if len(k) != len(prefix)+8 {
			return false, fmt.Errorf("index key %q is not a member's number and an event number", k)
		}
		seq := binary.BigEndian.Uint64(k[len(prefix):])
		past, err := unsummarise(member, seq, v, intern)
		if err != nil {
			return false, fmt.Errorf("index entry of event %d: %w", seq, err)
		}
		end := past.Kind == QuizFinished || past.Kind == RefresherFinished
		answer := past.Kind == QuestionAnswered && past.Module == e.Module && e.Module != ""
		if !end && !answer {
			continue
		}
		var full struct{ Attempt string }
		if err := json.Unmarshal(log.Get(seqKey(seq)), &full); err != nil {
			return false, fmt.Errorf("event %d cannot be read: %w", seq, err)
		}
		if full.Attempt == attempt {
			return end, nil
		}
	}
	return false, nil
}

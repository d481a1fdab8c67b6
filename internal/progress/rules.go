package progress

import (
	"errors"

	"course/internal/record"
)

// ErrAttemptFinished means a quiz attempt was already finished, in another
// window say: its answers and its result stand, and nothing more is added
// to it. The front ends word it for the member.
var ErrAttemptFinished = errors.New("the quiz attempt was already finished")

// Accept is the rule for an event of taking the course: an answer (or
// any event that adds to a quiz attempt) is recorded unless its attempt
// was finished meanwhile (ErrAttemptFinished), so that two windows on one
// quiz do not both finish it; other events are recorded as they are. Pass
// it to store.Store.Append.
func Accept(e record.Event) func(record.History) ([]record.Event, error) {
	return func(h record.History) ([]record.Event, error) {
		if err := attemptOpen(h, e); err != nil {
			return nil, err
		}
		return []record.Event{e}, nil
	}
}

// attemptOpen refuses with ErrAttemptFinished an event that adds to an
// attempt that has been finished. It reads the member's events newest
// first, reading whole only the ends of attempts and the answers in e's
// module. An attempt's end comes after all its answers (this rule sees to
// it), so the first of them met that is the attempt's says: its end,
// finished; an answer, not. Most often that is the answer just before.
func attemptOpen(h record.History, e record.Event) error {
	if !e.AddsToAttempt() {
		return nil
	}
	for past, err := range h.Newest() {
		if err != nil {
			return err
		}
		end := past.Kind.EndsAttempt()
		answer := past.Kind == record.QuestionAnswered && past.Module == e.Module && e.Module != ""
		if !end && !answer {
			continue
		}
		full, err := h.Event(past.Seq)
		if err != nil {
			return err
		}
		if full.Attempt == e.Attempt {
			if end {
				return ErrAttemptFinished
			}
			return nil
		}
	}
	return nil
}

package coursework

import (
	"fmt"

	"course/internal/progress"
	"course/internal/record"
)

// Save records an event of taking the course (a lesson opened or read, an
// answer) by progress.Accept's rule: an answer to an attempt that was
// finished meanwhile, in another window say, is refused with an error
// matching progress.ErrAttemptFinished, and nothing is recorded. It
// returns the event as stored.
func Save(r Records, e record.Event) (record.Event, error) {
	saved, err := r.Append(e.Member, progress.Accept(e))
	if err != nil {
		return record.Event{}, fmt.Errorf("recording: %w", err)
	}
	return saved[0], nil
}

// FinishQuiz records a finished quiz and every module completion it earns
// (progress.FinishQuiz), in one transaction, and returns the events as
// stored. An attempt finished already is refused as Save refuses it.
func FinishQuiz(r Records, result progress.QuizResult) ([]record.Event, error) {
	return r.Append(result.Member, progress.FinishQuiz(result))
}

package coursework

import (
	"errors"
	"fmt"

	"course/internal/modules"
	"course/internal/progress"
	"course/internal/record"
)

// Every write of taking the course goes through this file: an answer, a
// finished quiz, and a lesson opened or read, each by the course's rule in
// internal/progress, which the record file runs inside its write
// transaction (Records.Append).

// SaveAnswer records an answer (Verdict.Event). A finished attempt takes
// no more answers: that is progress.ErrAttemptFinished.
func SaveAnswer(r Records, e record.Event) (record.Event, error) {
	return save(r, e)
}

// save records e by progress.Accept's rule and returns it as stored.
func save(r Records, e record.Event) (record.Event, error) {
	saved, err := r.Append(e.Member, progress.Accept(e))
	if errors.Is(err, record.ErrAlreadyErased) {
		return record.Event{}, left(err)
	}
	if err != nil {
		return record.Event{}, fmt.Errorf("recording: %w", err)
	}
	return saved[0], nil
}

// FinishQuiz records a finished quiz (Attempt.Result) and every module
// completion it earns (progress.FinishQuiz), in one transaction, and
// returns the events as stored. An attempt finished already is refused
// with progress.ErrAttemptFinished.
func FinishQuiz(r Records, res progress.QuizResult) ([]record.Event, error) {
	events, err := r.Append(res.Member, progress.FinishQuiz(res))
	return events, left(err)
}

// ErrLeft is why nothing more is saved for a member whose details were
// erased (they have left the council) while their course was open.
var ErrLeft = errors.New("the council has removed your details from the course's records, so nothing more can be saved; " +
	"if that is a mistake, speak to the monitoring officer")

// left is err, or ErrLeft (wrapping it too) when the record file refused
// the write because the member was erased.
func left(err error) error {
	if errors.Is(err, record.ErrAlreadyErased) {
		return leftError{err}
	}
	return err
}

// leftError says ErrLeft's sentence, and is both it and the store's error.
type leftError struct{ err error }

func (e leftError) Error() string   { return ErrLeft.Error() }
func (e leftError) Unwrap() []error { return []error{ErrLeft, e.err} }

// RecordLesson records that member opened mod's lesson
// (record.ModuleOpened) or read it to the end (record.ModuleRead),
// in the course's mode.
func RecordLesson(r Records, kind record.Kind, member string, mod *modules.Module, mode string) error {
	_, err := save(r, record.Event{Kind: kind, Member: member, Module: mod.ID, ModuleVersion: mod.Version, Mode: mode})
	return err
}

package coursework

import (
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/record"
	"fmt"
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
	return r.Append(res.Member, progress.FinishQuiz(res))
}

// RecordLesson records that member opened mod's lesson
// (record.ModuleOpened) or read it to the end (record.ModuleRead),
// in the course's mode.
func RecordLesson(r Records, kind record.Kind, member string, mod *modules.Module, mode string) error {
	_, err := save(r, record.Event{Kind: kind, Member: member, Module: mod.ID, ModuleVersion: mod.Version, Mode: mode})
	return err
}

package coursework

import (
	"course/internal/modules"
	"course/internal/progress"
)

// Every write of taking the course goes through this file: an answer, a
// finished quiz, and a lesson opened or read.

// SaveAnswer records an answer (Verdict.Event). A finished attempt takes
// no more answers: that is progress.ErrAttemptFinished.
func SaveAnswer(r Records, e progress.Event) (progress.Event, error) {
	return r.Record(e)
}

// FinishQuiz records a finished quiz (Attempt.Result) and every module
// completion it earns, and returns the events as stored.
func FinishQuiz(r Records, res progress.QuizResult) ([]progress.Event, error) {
	return r.FinishQuiz(res)
}

// RecordLesson records that member opened mod's lesson
// (progress.ModuleOpened) or read it to the end (progress.ModuleRead),
// in the course's mode.
func RecordLesson(r Records, kind progress.Kind, member string, mod *modules.Module, mode string) error {
	_, err := r.Record(progress.Event{Kind: kind, Member: member, Module: mod.ID, ModuleVersion: mod.Version, Mode: mode})
	return err
}

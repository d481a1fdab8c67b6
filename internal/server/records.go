package server

import (
	"errors"
	"log/slog"

	"course/internal/progress"
	"course/internal/ui"
)

// loggedRecords is the record file as a member's course uses it, with
// every failure to save logged: the member is told their answer was not
// saved, and whoever runs the server needs to know why (a full disk, a
// damaged file) without waiting for a member to mention it.
type loggedRecords struct {
	ui.Records
	log *slog.Logger
}

func (r loggedRecords) failed(what, member string, err error) {
	if err == nil {
		return
	}
	if errors.Is(err, progress.ErrAttemptFinished) {
		r.log.Info(what+": the quiz was already finished", "member", member)
		return
	}
	r.log.Error(what+" failed", "member", member, "err", err.Error())
}

func (r loggedRecords) Record(e progress.Event) (progress.Event, error) {
	saved, err := r.Records.Record(e)
	r.failed("saving "+string(e.Kind), e.Member, err)
	return saved, err
}

func (r loggedRecords) FinishQuiz(q progress.QuizResult) ([]progress.Event, error) {
	events, err := r.Records.FinishQuiz(q)
	r.failed("saving the end of a quiz", q.Member, err)
	return events, err
}

func (r loggedRecords) SetPlace(member, module string, offset int) error {
	err := r.Records.SetPlace(member, module, offset)
	r.failed("saving the place in a lesson", member, err)
	return err
}

func (r loggedRecords) SetLastMember(number string) error {
	err := r.Records.SetLastMember(number)
	r.failed("saving who took the course last", number, err)
	return err
}

package live

import (
	"errors"
	"log/slog"

	"course/internal/progress"
	"course/internal/record"
	"course/internal/ui"
)

// LoggedRecords is the record file as a member's course uses it, with
// every failure to save logged to log: the member is told their answer
// was not saved, and whoever runs the server needs to know why (a full
// disk, a damaged file) without waiting for a member to mention it.
func LoggedRecords(records ui.Records, log *slog.Logger) ui.Records {
	return loggedRecords{Records: records, log: log}
}

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

func (r loggedRecords) Append(member string, decide func(record.History) ([]record.Event, error)) ([]record.Event, error) {
	what := "saving"
	events, err := r.Records.Append(member, func(h record.History) ([]record.Event, error) {
		events, err := decide(h)
		if len(events) > 0 {
			what = saving(events[0])
		}
		return events, err
	})
	r.failed(what, member, err)
	return events, err
}

// saving says what is being saved with e, for the log.
func saving(e record.Event) string {
	if e.Kind.EndsAttempt() {
		return "saving the end of a quiz"
	}
	return "saving " + string(e.Kind)
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

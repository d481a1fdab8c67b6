package merge_test

import (
	"testing"
	"time"

	"course/content/contenttest"
	"course/internal/progress/progresstest"
	"course/internal/record"
)

// A hand-in brings in a member's doings in the course, never the emails a
// record file says were sent to them: those are the business of the
// records that sent them.
func TestMergeBringsNoEmails(t *testing.T) {
	c := contenttest.Course(t)
	own, m := ownComputer(t, c, dee, 2)
	for _, e := range []record.Event{
		{Kind: record.InvitationSent, Member: m.Number, Reason: progresstest.Start.AddDate(0, 0, 14).Format(time.RFC3339)},
		{Kind: record.ReminderSent, Member: m.Number, Reason: "in progress"},
	} {
		if _, err := own.Append(m.Number, func(record.History) ([]record.Event, error) { return []record.Event{e}, nil }); err != nil {
			t.Fatal(err)
		}
	}
	council := progresstest.NewStore(t)
	if res := mustMerge(t, council, c, handIn(t, own, c, m.Number)); res.Added != 10 {
		t.Errorf("merge = %+v; want the 10 events of two modules taken", res)
	}
	events, err := council.MemberEvents(m.Number)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if e.Kind == record.ReminderSent || e.Kind == record.InvitationSent {
			t.Errorf("the hand-in brought in %s event %+v", e.Kind, e)
		}
	}
}

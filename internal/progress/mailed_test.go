package progress

import (
	"reflect"
	"testing"
	"time"

	"course/internal/progress/progresstest"
	"course/internal/quiz"
	"course/internal/record"
	"course/internal/store"
)

// mail appends a reminder and an invitation emailed to a member, as
// course remind and members invite --send record them.
func mail(t *testing.T, s *store.Store, member string) {
	t.Helper()
	for _, e := range []record.Event{
		{Kind: record.ReminderSent, Member: member, Reason: "in progress"},
		{Kind: record.InvitationSent, Member: member, Reason: start.AddDate(0, 0, 14).Format(time.RFC3339)},
	} {
		if _, err := s.Append(member, func(record.History) ([]record.Event, error) { return []record.Event{e}, nil }); err != nil {
			t.Fatal(err)
		}
	}
}

// Being emailed is not activity in the course: a member's progress, last
// activity and status included, is the same after it as before.
func TestMailIsNotActivity(t *testing.T) {
	f := progresstest.NewAttempts(t)
	info := CourseInfo{Modules: []ModuleInfo{{ID: "intro", Version: "v1"}, {ID: "ethics", Version: "v1"}}, PassMark: 80, RefreshMonths: 12}
	now := start.AddDate(0, 1, 0)
	dan := progresstest.AddMember(t, f.Store, "Dan Dale")
	for _, m := range []record.Member{f.Amy, f.Bob, dan} {
		before, err := Load(f.Store, m.Number, info, now)
		if err != nil {
			t.Fatal(err)
		}
		mail(t, f.Store, m.Number)
		after, err := Load(f.Store, m.Number, info, now)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(after, before) {
			t.Errorf("%s's progress after a reminder:\n%+v\nbefore:\n%+v", m.Name, after, before)
		}
	}
	p, err := Load(f.Store, dan.Number, info, now)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != NotStarted || !p.LastActivity.IsZero() {
		t.Errorf("a member only reminded is %v, last active %v; want not started, never", p.Status, p.LastActivity)
	}
}

// A reminder that arrives while a member is part way through a quiz
// leaves the quiz part way: the member carries on and finishes it.
func TestReminderDuringAQuiz(t *testing.T) {
	s := newTestStore(t)
	m := progresstest.AddMember(t, s.Store, "Amy Adams")
	attempt := record.NewAttemptID()
	answer := func(question string) {
		t.Helper()
		e := record.Event{Kind: record.QuestionAnswered, Member: m.Number, Module: "intro", ModuleVersion: "v1",
			Attempt: attempt, Question: question, Chosen: []int{0}, Correct: true}
		if _, err := s.Append(m.Number, Accept(e)); err != nil {
			t.Fatalf("answering %s: %v", question, err)
		}
	}
	answer("q1")
	mail(t, s.Store, m.Number)
	events, err := s.MemberEvents(m.Number)
	if err != nil {
		t.Fatal(err)
	}
	if u, ok := UnfinishedQuiz(events, "intro", "v1"); !ok || u.Attempt != attempt || len(u.Answers) != 1 {
		t.Fatalf("after a reminder the quiz left part way is %+v, %v; want attempt %s with its answer", u, ok, attempt)
	}
	answer("q2")
	stored, err := s.FinishQuiz(QuizResult{Member: m.Number, Attempt: attempt, Module: "intro", ModuleVersion: "v1",
		Score: quiz.Score{Correct: 2, Total: 2, Passed: true}})
	if err != nil || len(stored) != 2 {
		t.Fatalf("finishing the quiz after a reminder: %d events, %v", len(stored), err)
	}
}

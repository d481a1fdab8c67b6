package progress

import (
	"slices"
	"testing"
	"time"

	"course/internal/record"
)

func TestDerive(t *testing.T) {
	const me, other = "M00000001", "M00000002"
	day := func(n int) time.Time { return start.AddDate(0, 0, n) }
	info := CourseInfo{
		Modules:       []ModuleInfo{{"intro", "v1"}, {"ethics", "v1"}},
		PassMark:      80,
		RefreshMonths: 12,
	}
	ev := func(kind record.Kind, module string, at time.Time) record.Event {
		return record.Event{Kind: kind, Member: me, Module: module, ModuleVersion: "v1", Time: at}
	}
	quiz := func(module string, at time.Time, score int, passed bool) record.Event {
		e := ev(record.QuizFinished, module, at)
		e.Score, e.Total, e.Passed = score, 10, passed
		return e
	}
	withVersion := func(e record.Event, v string) record.Event { e.ModuleVersion = v; return e }
	withMember := func(e record.Event, m string) record.Event { e.Member = m; return e }
	passBoth := []record.Event{quiz("intro", day(1), 9, true), quiz("ethics", day(2), 8, true)}

	tests := []struct {
		name     string
		events   []record.Event
		info     CourseInfo
		now      time.Time
		want     Status   // Overall.
		modules  []Status // Per module, in info order.
		reasons  []string
		passed   int
		complete time.Time
	}{
		{name: "no events", want: NotStarted, modules: []Status{NotStarted, NotStarted}},
		{name: "only added", events: []record.Event{{Kind: record.MemberAdded, Member: me, Time: day(0)}},
			want: NotStarted, modules: []Status{NotStarted, NotStarted}},
		{name: "opened", events: []record.Event{ev(record.ModuleOpened, "intro", day(1))},
			want: InProgress, modules: []Status{InProgress, NotStarted}},
		{name: "answered a question", events: []record.Event{ev(record.QuestionAnswered, "ethics", day(1))},
			want: InProgress, modules: []Status{NotStarted, InProgress}},
		{name: "failed quiz", events: []record.Event{quiz("intro", day(1), 5, false)},
			want: InProgress, modules: []Status{InProgress, NotStarted}},
		{name: "one passed", events: []record.Event{quiz("intro", day(1), 9, true)},
			want: InProgress, modules: []Status{Passed, NotStarted}, passed: 1},
		{name: "module-completed counts as a pass", events: []record.Event{ev(record.ModuleCompleted, "intro", day(1))},
			want: InProgress, modules: []Status{Passed, NotStarted}, passed: 1},
		{name: "quiz-finished without Passed is no pass", events: []record.Event{quiz("intro", day(1), 10, false)},
			want: InProgress, modules: []Status{InProgress, NotStarted}},
		{name: "all passed", events: passBoth,
			want: Passed, modules: []Status{Passed, Passed}, passed: 2, complete: day(2)},
		{name: "a later failure keeps the pass",
			events: append(slices.Clone(passBoth), quiz("intro", day(3), 2, false)),
			want:   Passed, modules: []Status{Passed, Passed}, passed: 2, complete: day(2)},
		{name: "module changed since pass",
			events:  []record.Event{withVersion(quiz("intro", day(1), 9, true), "v0"), quiz("ethics", day(2), 8, true)},
			want:    NeedsRefresh,
			modules: []Status{NeedsRefresh, Passed},
			reasons: []string{"the module has changed since you passed it", ""},
			passed:  1, complete: day(2)},
		{name: "passed again after a change",
			events: []record.Event{withVersion(quiz("intro", day(1), 9, true), "v0"), quiz("ethics", day(2), 8, true),
				quiz("intro", day(3), 9, true)},
			want: Passed, modules: []Status{Passed, Passed}, passed: 2, complete: day(3)},
		{name: "no version in course info means no version check",
			events: []record.Event{withVersion(quiz("intro", day(1), 9, true), "v0"), quiz("ethics", day(2), 8, true)},
			info:   CourseInfo{Modules: []ModuleInfo{{"intro", ""}, {"ethics", "v1"}}, RefreshMonths: 12},
			want:   Passed, modules: []Status{Passed, Passed}, passed: 2, complete: day(2)},
		{name: "exactly twelve months is still passed", events: passBoth, now: day(1).AddDate(1, 0, 0),
			want: Passed, modules: []Status{Passed, Passed}, passed: 2, complete: day(2)},
		{name: "more than twelve months", events: passBoth, now: day(1).AddDate(1, 0, 0).Add(time.Second),
			want: NeedsRefresh, modules: []Status{NeedsRefresh, Passed},
			reasons: []string{"passed more than 12 months ago", ""}, passed: 1, complete: day(2)},
		{name: "refresh period from course info", events: passBoth, now: day(40),
			info: CourseInfo{Modules: info.Modules, RefreshMonths: 1},
			want: NeedsRefresh, modules: []Status{NeedsRefresh, NeedsRefresh},
			reasons: []string{"passed more than 1 month ago", "passed more than 1 month ago"}, complete: day(2)},
		{name: "no refresh period means passes last", events: passBoth, now: day(4000),
			info: CourseInfo{Modules: info.Modules},
			want: Passed, modules: []Status{Passed, Passed}, passed: 2, complete: day(2)},
		{name: "a refresher's renewal renews an old pass",
			events: append(slices.Clone(passBoth), record.Event{Kind: record.RefresherFinished, Member: me, Time: day(400), Passed: true},
				record.Event{Kind: record.ModuleCompleted, Member: me, Module: "intro", ModuleVersion: "v1", Time: day(400), Passed: true, Reason: RenewedByRefresher}),
			now:  day(420),
			want: NeedsRefresh, modules: []Status{Passed, NeedsRefresh},
			reasons: []string{"", "passed more than 12 months ago"}, passed: 1, complete: day(400)},
		{name: "needs refresh but not all passed is in progress",
			events:  []record.Event{withVersion(quiz("intro", day(1), 9, true), "v0")},
			want:    InProgress,
			modules: []Status{NeedsRefresh, NotStarted},
			reasons: []string{"the module has changed since you passed it", ""}},
		{name: "other members' events are ignored",
			events: []record.Event{withMember(passBoth[0], other), withMember(passBoth[1], other)},
			want:   NotStarted, modules: []Status{NotStarted, NotStarted}},
		{name: "an empty course is never complete", info: CourseInfo{PassMark: 80}, events: passBoth,
			want: InProgress, modules: []Status{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ci := tt.info
			if ci.Modules == nil && ci.PassMark == 0 && ci.RefreshMonths == 0 {
				ci = info
			}
			now := tt.now
			if now.IsZero() {
				now = day(30)
			}
			p := Derive(me, tt.events, ci, now)
			if p.Member != me || p.Status != tt.want || p.Passed != tt.passed || !p.CompletedAt.Equal(tt.complete) {
				t.Errorf("overall %v, %d passed, completed %v; want %v, %d, %v",
					p.Status, p.Passed, p.CompletedAt, tt.want, tt.passed, tt.complete)
			}
			var got []Status
			var reasons []string
			for i, mp := range p.Modules {
				if mp.Module != ci.Modules[i].ID {
					t.Errorf("module %d is %q, want %q", i, mp.Module, ci.Modules[i].ID)
				}
				got = append(got, mp.Status)
				reasons = append(reasons, mp.RefreshReason)
			}
			if !slices.Equal(got, tt.modules) {
				t.Errorf("module statuses %v, want %v", got, tt.modules)
			}
			if tt.reasons == nil {
				tt.reasons = make([]string, len(tt.modules))
			}
			if !slices.Equal(reasons, tt.reasons) {
				t.Errorf("reasons %q, want %q", reasons, tt.reasons)
			}
		})
	}
}

func TestDeriveModuleDetails(t *testing.T) {
	const me = "M00000001"
	info := CourseInfo{Modules: []ModuleInfo{{"intro", "v2"}}, RefreshMonths: 12}
	at := func(h int) time.Time { return start.Add(time.Duration(h) * time.Hour) }
	events := []record.Event{
		{Kind: record.ModuleRead, Member: me, Module: "intro", Time: at(1)},
		{Kind: record.QuizFinished, Member: me, Module: "intro", ModuleVersion: "v1", Score: 3, Total: 4, Passed: true, Time: at(2)},
		{Kind: record.ModuleCompleted, Member: me, Module: "intro", ModuleVersion: "v1", Time: at(2)},
		{Kind: record.QuizFinished, Member: me, Module: "intro", ModuleVersion: "v2", Score: 1, Total: 4, Time: at(3)},
		{Kind: record.QuestionAnswered, Member: me, Module: "retired", Time: at(4)},
	}
	p := Derive(me, events, info, at(5))
	mp := p.Modules[0]
	want := ModuleProgress{Module: "intro", Opened: true, Read: true, Attempts: 2, BestPercent: 75,
		Passed: true, PassedAt: at(2), PassedVersion: "v1", Status: NeedsRefresh,
		RefreshReason: "the module has changed since you passed it"}
	if mp != want {
		t.Errorf("module progress\n got %+v\nwant %+v", mp, want)
	}
	if !p.LastActivity.Equal(at(4)) {
		t.Errorf("LastActivity = %v, want %v", p.LastActivity, at(4))
	}
}

// TestDeriveMergedOlderPass: a pass merged from a hand-in after a later pass
// was written here keeps its own, earlier time and does not replace the
// later pass (its date or its version).
func TestDeriveMergedOlderPass(t *testing.T) {
	const me = "M00000001"
	info := CourseInfo{Modules: []ModuleInfo{{"intro", "v2"}}, RefreshMonths: 12}
	at := func(h int) time.Time { return start.Add(time.Duration(h) * time.Hour) }
	events := []record.Event{
		{Kind: record.ModuleCompleted, Member: me, Module: "intro", ModuleVersion: "v2", Time: at(5)},
		{Kind: record.ModuleCompleted, Member: me, Module: "intro", ModuleVersion: "v1", Time: at(2), Origin: "ab", HandIn: "cd"},
	}
	mp := Derive(me, events, info, at(6)).Modules[0]
	if !mp.PassedAt.Equal(at(5)) || mp.PassedVersion != "v2" || mp.Status != Passed {
		t.Errorf("after a merged older pass: passed at %v, version %q, %v; want the later pass, v2, passed", mp.PassedAt, mp.PassedVersion, mp.Status)
	}
}

func TestStatusText(t *testing.T) {
	for s, want := range map[Status]string{NotStarted: "not started", InProgress: "in progress",
		Passed: "passed", NeedsRefresh: "needs refresh", Status(9): "Status(9)"} {
		if s.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(s), s.String(), want)
		}
	}
	if got := (Progress{Status: Passed}).StatusText(); got != "complete" {
		t.Errorf("StatusText for a complete course = %q", got)
	}
	if got := (Progress{Status: NeedsRefresh}).StatusText(); got != "needs refresh" {
		t.Errorf("StatusText = %q", got)
	}
}

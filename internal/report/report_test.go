package report

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"course/internal/progress"
	"course/internal/progress/progresstest"
	"course/internal/record"
)

// reportCourse is a two-module course with a three-month deadline.
var reportCourse = Info{
	CourseInfo: progress.CourseInfo{Modules: []progress.ModuleInfo{{ID: "intro", Version: "v1"}, {ID: "ethics", Version: "v1"}}, PassMark: 80, RefreshMonths: 12},
	DueMonths:  3,
}

func TestBuild(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, time.UTC) }
	now := day(2025, 6, 15)
	pass := func(member, module, version string, at time.Time) record.Event {
		return record.Event{Kind: record.ModuleCompleted, Member: member, Module: module, ModuleVersion: version, Time: at, Passed: true}
	}
	answer := func(member string, at time.Time) record.Event {
		return record.Event{Kind: record.QuestionAnswered, Member: member, Module: "intro", ModuleVersion: "v1", Time: at}
	}
	elected := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

	tests := []struct {
		name    string
		member  record.Member
		events  []record.Event
		status  Status
		passed  int
		due     string
		last    time.Time
		display string // Expected name in the row.
	}{
		{name: "not started, no elected date", member: record.Member{Number: "M1", Name: "Ann"},
			status: NotStarted, display: "Ann"},
		{name: "not started, due later", member: record.Member{Number: "M2", Name: "Bob", Elected: elected(2025, 5, 1)},
			status: NotStarted, due: "2025-08-01", display: "Bob"},
		{name: "in progress", member: record.Member{Number: "M3", Name: "Cat"},
			events: []record.Event{answer("M3", day(2025, 6, 1))}, status: InProgress, last: day(2025, 6, 1), display: "Cat"},
		{name: "complete", member: record.Member{Number: "M4", Name: "Dan", Elected: elected(2019, 5, 2)},
			events: []record.Event{pass("M4", "intro", "v1", day(2025, 1, 5)), pass("M4", "ethics", "v1", day(2025, 1, 6))},
			status: Complete, passed: 2, due: "2019-08-02", last: day(2025, 1, 6), display: "Dan"},
		{name: "needs refresh after a module changed, even past the due date",
			member: record.Member{Number: "M5", Name: "Eve", Elected: elected(2019, 5, 2)},
			events: []record.Event{pass("M5", "intro", "v0", day(2025, 1, 5)), pass("M5", "ethics", "v1", day(2025, 1, 6))},
			status: NeedsRefresh, passed: 1, due: "2019-08-02", last: day(2025, 1, 6), display: "Eve"},
		{name: "needs refresh after twelve months",
			member: record.Member{Number: "M6", Name: "Fay"},
			events: []record.Event{pass("M6", "intro", "v1", day(2024, 6, 1)), pass("M6", "ethics", "v1", day(2024, 6, 2))},
			status: NeedsRefresh, passed: 0, last: day(2024, 6, 2), display: "Fay"},
		{name: "overdue, not started", member: record.Member{Number: "M7", Name: "Gus", Elected: elected(2025, 3, 14)},
			status: Overdue, due: "2025-06-14", display: "Gus"},
		{name: "overdue, in progress", member: record.Member{Number: "M8", Name: "Hal", Elected: elected(2023, 5, 4)},
			events: []record.Event{answer("M8", day(2025, 6, 1)), pass("M8", "intro", "v1", day(2025, 6, 2))},
			status: Overdue, passed: 1, due: "2023-08-04", last: day(2025, 6, 2), display: "Hal"},
		{name: "due today is not yet overdue", member: record.Member{Number: "M9", Name: "Ivy", Elected: elected(2025, 3, 15)},
			status: NotStarted, due: "2025-06-15", display: "Ivy"},
		{name: "erased member is listed by number only",
			member: record.Member{Number: "MA", Name: "Jo", Ward: "Abbey", Erased: true},
			events: []record.Event{answer("MA", day(2025, 6, 1))}, status: Erased, last: day(2025, 6, 1)},
		{name: "an erased member past the due date is not overdue, and has no due date: they have left",
			member: record.Member{Number: "MC", Name: "Lou", Erased: true, Elected: elected(2023, 5, 4)},
			events: []record.Event{answer("MC", day(2025, 6, 1))}, status: Erased, last: day(2025, 6, 1)},
		{name: "a due date at the end of a shorter month falls on its last day",
			member: record.Member{Number: "MD", Name: "Max", Elected: elected(2021, 11, 30)},
			status: Overdue, due: "2022-02-28", display: "Max"},
		{name: "events of another member are ignored", member: record.Member{Number: "MB", Name: "Kim"},
			events: []record.Event{answer("M3", day(2025, 6, 1))}, status: NotStarted, display: "Kim"},
	}
	var members []record.Member
	events := make(map[string][]record.Event)
	for _, tt := range tests {
		members = append(members, tt.member)
		events[tt.member.Number] = tt.events
	}
	rows := build(members, events, reportCourse, now)
	if len(rows) != len(tests) {
		t.Fatalf("%d rows for %d members", len(rows), len(tests))
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rows[i]
			if r.Number != tt.member.Number || r.Name != tt.display || r.Status != tt.status || r.Passed != tt.passed ||
				r.Modules != 2 || reportDue(r) != tt.due || !r.LastActivity.Equal(tt.last) {
				t.Errorf("row = %+v\nwant number %s, name %q, status %q, passed %d of 2, due %q, last activity %v",
					r, tt.member.Number, tt.display, tt.status, tt.passed, tt.due, tt.last)
			}
			if r.Erased && r.Ward != "" {
				t.Errorf("erased member's ward %q is shown", r.Ward)
			}
		})
	}
}

func reportDue(r Row) string {
	if r.Due.IsZero() {
		return ""
	}
	return r.Due.Format(time.DateOnly)
}

func TestBuildNoDeadline(t *testing.T) {
	info := reportCourse
	info.DueMonths = 0
	rows := build([]record.Member{{Number: "M1", Elected: time.Date(2019, 5, 2, 0, 0, 0, 0, time.UTC)}}, nil, info, progresstest.Start)
	if rows[0].Status != NotStarted || !rows[0].Due.IsZero() {
		t.Errorf("row = %+v, want not started with no due date", rows[0])
	}
}

func TestFilter(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2025, 6, day, 9, 0, 0, 0, time.UTC) }
	rows := []Row{
		{Number: "M1", Ward: "Abbey", Status: Complete, LastActivity: d(1)},
		{Number: "M2", Ward: "Carlton", Status: Overdue, LastActivity: d(10)},
		{Number: "M3", Ward: "abbey", Status: NotStarted},
		{Number: "M4", Ward: "Gedling", Status: InProgress, LastActivity: d(5)},
		{Number: "M5", Status: NeedsRefresh, LastActivity: d(5), Erased: true},
	}
	tests := []struct {
		name   string
		filter Filter
		want   []string
	}{
		{"no filter", Filter{}, []string{"M1", "M2", "M3", "M4", "M5"}},
		{"one status", Filter{Statuses: []Status{Overdue}}, []string{"M2"}},
		{"two statuses", Filter{Statuses: []Status{NotStarted, NeedsRefresh}}, []string{"M3", "M5"}},
		{"since a date: on or after, never for no activity", Filter{Since: d(5)}, []string{"M2", "M4", "M5"}},
		{"ward ignores case and spaces", Filter{Ward: " ABBEY "}, []string{"M1", "M3"}},
		{"all together", Filter{Ward: "abbey", Statuses: []Status{Complete}, Since: d(1)}, []string{"M1"}},
		{"nothing matches", Filter{Ward: "Phoenix"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range tt.filter.Apply(rows) {
				got = append(got, r.Number)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("kept %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseStatus(t *testing.T) {
	for in, want := range map[string]Status{
		"complete": Complete, "In-Progress": InProgress, "not started": NotStarted,
		"not_started": NotStarted, "needs-refresh": NeedsRefresh, " overdue ": Overdue,
	} {
		if got, err := ParseStatus(in); err != nil || got != want {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "done", "passed", "not"} {
		if _, err := ParseStatus(in); err == nil {
			t.Errorf("ParseStatus(%q) succeeded", in)
		}
	}
}

func TestRead(t *testing.T) {
	s := progresstest.NewStore(t)
	zed := progresstest.AddMember(t, s, "zed Young")
	amy, err := s.AddMember(record.NewMember{Name: "Amy Adams", Ward: "Abbey", Elected: time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	gone := progresstest.AddMember(t, s, "Aaron Erased")
	for _, m := range reportCourse.Modules {
		progresstest.Record(t, s, record.Event{Kind: record.ModuleCompleted, Member: zed.Number, Module: m.ID, ModuleVersion: m.Version, Passed: true})
	}
	progresstest.Record(t, s, record.Event{Kind: record.QuestionAnswered, Member: gone.Number, Module: "intro", ModuleVersion: "v1"})
	progresstest.Erase(t, s, gone.Number)
	rows, err := read(s, reportCourse, progresstest.Start.AddDate(0, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.Number+" "+r.Name+" "+string(r.Status))
	}
	want := []string{amy.Number + " Amy Adams not started", zed.Number + " zed Young complete", gone.Number + "  erased"}
	if !slices.Equal(got, want) {
		t.Errorf("report:\n%q\nwant\n%q", got, want)
	}
	if rows[0].Due.Format(time.DateOnly) != "2025-07-02" || rows[0].Ward != "Abbey" {
		t.Errorf("Amy's row = %+v", rows[0])
	}
	if !rows[2].Erased {
		t.Errorf("erased member's row = %+v", rows[2])
	}
}

// The store's report, read through the member index, is build of
// the full events.
func TestReadMatchesBuild(t *testing.T) {
	f := progresstest.NewAttempts(t)
	info := Info{CourseInfo: progress.CourseInfo{Modules: []progress.ModuleInfo{{ID: "intro", Version: "v1"}, {ID: "ethics", Version: "v1"}}, RefreshMonths: 12}, DueMonths: 3}
	now := progresstest.Start.AddDate(0, 2, 0)
	got, err := read(f.Store, info, now)
	if err != nil {
		t.Fatal(err)
	}
	members, err := f.Store.Members()
	if err != nil {
		t.Fatal(err)
	}
	events := map[string][]record.Event{}
	for _, m := range members {
		if events[m.Number], err = f.Store.MemberEvents(m.Number); err != nil {
			t.Fatal(err)
		}
	}
	want := build(members, events, info, now)
	slices.SortFunc(want, func(a, b Row) int { return strings.Compare(a.Number, b.Number) })
	slices.SortFunc(got, func(a, b Row) int { return strings.Compare(a.Number, b.Number) })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read:\n%+v\nbuild:\n%+v", got, want)
	}
	statuses := map[Status]int{}
	for _, r := range got {
		statuses[r.Status]++
	}
	if statuses[Complete] != 1 || statuses[InProgress] != 1 || statuses[Erased] != 1 {
		t.Errorf("statuses %v, want Amy complete, Bob in progress and Cal erased", statuses)
	}
}

// build works out every member's row from their events, in the order the
// members are given: events maps a member number to that member's events,
// oldest first (members with no entry have done nothing).
func build(members []record.Member, events map[string][]record.Event, info Info, now time.Time) []Row {
	rows := make([]Row, 0, len(members))
	for _, m := range members {
		rows = append(rows, row(m, events[m.Number], info, now))
	}
	return rows
}

// A completion is marked handed in while a pass it rests on came in with
// a hand-in: the events a hand-in-merged event counts after it.
func TestHandedIn(t *testing.T) {
	at := time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)
	now := at.AddDate(0, 0, 10)
	ev := func(kind record.Kind, module string) record.Event {
		at = at.Add(time.Minute)
		return record.Event{Kind: kind, Member: "M1", Module: module, ModuleVersion: "v1", Time: at, Passed: kind == record.ModuleCompleted, Total: 2}
	}
	handIn := func(n int) record.Event {
		return record.Event{Kind: record.HandInMerged, Member: "M1", Time: now, Total: n}
	}
	m := record.Member{Number: "M1", Name: "Ann"}
	for _, tc := range []struct {
		name   string
		events []record.Event
		want   bool
	}{
		{"recorded here", []record.Event{ev(record.ModuleCompleted, "intro"), ev(record.ModuleCompleted, "ethics")}, false},
		{"all handed in", []record.Event{handIn(2), ev(record.ModuleCompleted, "intro"), ev(record.ModuleCompleted, "ethics")}, true},
		{"one handed in", []record.Event{handIn(1), ev(record.ModuleCompleted, "intro"), ev(record.ModuleCompleted, "ethics")}, true},
		{"handed in, then passed again here", []record.Event{handIn(1), ev(record.ModuleCompleted, "intro"),
			ev(record.ModuleCompleted, "ethics"), ev(record.ModuleCompleted, "intro")}, false},
		{"handed in, not complete", []record.Event{handIn(2), ev(record.ModuleRead, "intro"), ev(record.ModuleCompleted, "intro")}, false},
	} {
		if got := row(m, tc.events, reportCourse, now); got.HandedIn != tc.want {
			t.Errorf("%s: handed in %v, want %v (status %s)", tc.name, got.HandedIn, tc.want, got.Status)
		}
	}
}

package progress

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// reportCourse is a two-module course with a three-month deadline.
var reportCourse = ReportInfo{
	CourseInfo: CourseInfo{Modules: []ModuleInfo{{"intro", "v1"}, {"ethics", "v1"}}, PassMark: 80, RefreshMonths: 12},
	DueMonths:  3,
}

func TestBuildReport(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, time.UTC) }
	now := day(2025, 6, 15)
	pass := func(member, module, version string, at time.Time) Event {
		return Event{Kind: ModuleCompleted, Member: member, Module: module, ModuleVersion: version, Time: at, Passed: true}
	}
	answer := func(member string, at time.Time) Event {
		return Event{Kind: QuestionAnswered, Member: member, Module: "intro", ModuleVersion: "v1", Time: at}
	}
	elected := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

	tests := []struct {
		name    string
		member  Member
		events  []Event
		status  ReportStatus
		passed  int
		due     string
		last    time.Time
		display string // Expected name in the row.
	}{
		{name: "not started, no elected date", member: Member{Number: "M1", Name: "Ann"},
			status: ReportNotStarted, display: "Ann"},
		{name: "not started, due later", member: Member{Number: "M2", Name: "Bob", Elected: elected(2025, 5, 1)},
			status: ReportNotStarted, due: "2025-08-01", display: "Bob"},
		{name: "in progress", member: Member{Number: "M3", Name: "Cat"},
			events: []Event{answer("M3", day(2025, 6, 1))}, status: ReportInProgress, last: day(2025, 6, 1), display: "Cat"},
		{name: "complete", member: Member{Number: "M4", Name: "Dan", Elected: elected(2019, 5, 2)},
			events: []Event{pass("M4", "intro", "v1", day(2025, 1, 5)), pass("M4", "ethics", "v1", day(2025, 1, 6))},
			status: ReportComplete, passed: 2, due: "2019-08-02", last: day(2025, 1, 6), display: "Dan"},
		{name: "needs refresh after a module changed, even past the due date",
			member: Member{Number: "M5", Name: "Eve", Elected: elected(2019, 5, 2)},
			events: []Event{pass("M5", "intro", "v0", day(2025, 1, 5)), pass("M5", "ethics", "v1", day(2025, 1, 6))},
			status: ReportNeedsRefresh, passed: 1, due: "2019-08-02", last: day(2025, 1, 6), display: "Eve"},
		{name: "needs refresh after twelve months",
			member: Member{Number: "M6", Name: "Fay"},
			events: []Event{pass("M6", "intro", "v1", day(2024, 6, 1)), pass("M6", "ethics", "v1", day(2024, 6, 2))},
			status: ReportNeedsRefresh, passed: 0, last: day(2024, 6, 2), display: "Fay"},
		{name: "overdue, not started", member: Member{Number: "M7", Name: "Gus", Elected: elected(2025, 3, 14)},
			status: ReportOverdue, due: "2025-06-14", display: "Gus"},
		{name: "overdue, in progress", member: Member{Number: "M8", Name: "Hal", Elected: elected(2023, 5, 4)},
			events: []Event{answer("M8", day(2025, 6, 1)), pass("M8", "intro", "v1", day(2025, 6, 2))},
			status: ReportOverdue, passed: 1, due: "2023-08-04", last: day(2025, 6, 2), display: "Hal"},
		{name: "due today is not yet overdue", member: Member{Number: "M9", Name: "Ivy", Elected: elected(2025, 3, 15)},
			status: ReportNotStarted, due: "2025-06-15", display: "Ivy"},
		{name: "erased member is listed by number only",
			member: Member{Number: "MA", Name: "Jo", Ward: "Abbey", Erased: true},
			events: []Event{answer("MA", day(2025, 6, 1))}, status: ReportInProgress, last: day(2025, 6, 1)},
		{name: "events of another member are ignored", member: Member{Number: "MB", Name: "Kim"},
			events: []Event{answer("M3", day(2025, 6, 1))}, status: ReportNotStarted, display: "Kim"},
	}
	var members []Member
	events := make(map[string][]Event)
	for _, tt := range tests {
		members = append(members, tt.member)
		events[tt.member.Number] = tt.events
	}
	rows := BuildReport(members, events, reportCourse, now)
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

func reportDue(r ReportRow) string {
	if r.Due.IsZero() {
		return ""
	}
	return r.Due.Format(time.DateOnly)
}

func TestBuildReportNoDeadline(t *testing.T) {
	info := reportCourse
	info.DueMonths = 0
	rows := BuildReport([]Member{{Number: "M1", Elected: time.Date(2019, 5, 2, 0, 0, 0, 0, time.UTC)}}, nil, info, start)
	if rows[0].Status != ReportNotStarted || !rows[0].Due.IsZero() {
		t.Errorf("row = %+v, want not started with no due date", rows[0])
	}
}

func TestFilterReport(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2025, 6, day, 9, 0, 0, 0, time.UTC) }
	rows := []ReportRow{
		{Number: "M1", Ward: "Abbey", Status: ReportComplete, LastActivity: d(1)},
		{Number: "M2", Ward: "Carlton", Status: ReportOverdue, LastActivity: d(10)},
		{Number: "M3", Ward: "abbey", Status: ReportNotStarted},
		{Number: "M4", Ward: "Gedling", Status: ReportInProgress, LastActivity: d(5)},
		{Number: "M5", Status: ReportNeedsRefresh, LastActivity: d(5), Erased: true},
	}
	tests := []struct {
		name   string
		filter ReportFilter
		want   []string
	}{
		{"no filter", ReportFilter{}, []string{"M1", "M2", "M3", "M4", "M5"}},
		{"one status", ReportFilter{Statuses: []ReportStatus{ReportOverdue}}, []string{"M2"}},
		{"two statuses", ReportFilter{Statuses: []ReportStatus{ReportNotStarted, ReportNeedsRefresh}}, []string{"M3", "M5"}},
		{"since a date: on or after, never for no activity", ReportFilter{Since: d(5)}, []string{"M2", "M4", "M5"}},
		{"ward ignores case and spaces", ReportFilter{Ward: " ABBEY "}, []string{"M1", "M3"}},
		{"all together", ReportFilter{Ward: "abbey", Statuses: []ReportStatus{ReportComplete}, Since: d(1)}, []string{"M1"}},
		{"nothing matches", ReportFilter{Ward: "Phoenix"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range FilterReport(rows, tt.filter) {
				got = append(got, r.Number)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("kept %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseReportStatus(t *testing.T) {
	for in, want := range map[string]ReportStatus{
		"complete": ReportComplete, "In-Progress": ReportInProgress, "not started": ReportNotStarted,
		"not_started": ReportNotStarted, "needs-refresh": ReportNeedsRefresh, " overdue ": ReportOverdue,
	} {
		if got, err := ParseReportStatus(in); err != nil || got != want {
			t.Errorf("ParseReportStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "done", "passed", "not"} {
		if _, err := ParseReportStatus(in); err == nil {
			t.Errorf("ParseReportStatus(%q) succeeded", in)
		}
	}
}

func TestStoreReport(t *testing.T) {
	s := newTestStore(t)
	zed := addMember(t, s, "zed Young")
	amy, err := s.AddMember(NewMember{Name: "Amy Adams", Ward: "Abbey", Elected: time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	gone := addMember(t, s, "Aaron Erased")
	for _, m := range reportCourse.Modules {
		record(t, s, Event{Kind: ModuleCompleted, Member: zed.Number, Module: m.ID, ModuleVersion: m.Version, Passed: true})
	}
	record(t, s, Event{Kind: QuestionAnswered, Member: gone.Number, Module: "intro", ModuleVersion: "v1"})
	// Erasure is another part of the program; here the member's details
	// are simply blanked and marked as erased.
	err = s.db.Update(func(tx *bolt.Tx) error {
		return putMember(tx.Bucket(bucketMembers), gone.Number, memberRecord{Role: RoleCouncillor, Added: start, Erased: true})
	})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.Report(reportCourse, start.AddDate(0, 1, 0))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.Number+" "+r.Name+" "+string(r.Status))
	}
	want := []string{amy.Number + " Amy Adams not started", zed.Number + " zed Young complete", gone.Number + "  in progress"}
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

// The store's report, read through the member index, is BuildReport of
// the full events.
func TestStoreReportMatchesBuildReport(t *testing.T) {
	f := newExportFixture(t)
	info := ReportInfo{CourseInfo: CourseInfo{Modules: []ModuleInfo{{"intro", "v1"}, {"ethics", "v1"}}, RefreshMonths: 12}, DueMonths: 3}
	now := start.AddDate(0, 2, 0)
	got, err := f.s.Report(info, now)
	if err != nil {
		t.Fatal(err)
	}
	members, err := f.s.Members()
	if err != nil {
		t.Fatal(err)
	}
	events := map[string][]Event{}
	for _, m := range members {
		if events[m.Number], err = f.s.MemberEvents(m.Number); err != nil {
			t.Fatal(err)
		}
	}
	want := BuildReport(members, events, info, now)
	slices.SortFunc(want, func(a, b ReportRow) int { return strings.Compare(a.Number, b.Number) })
	slices.SortFunc(got, func(a, b ReportRow) int { return strings.Compare(a.Number, b.Number) })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Report:\n%+v\nBuildReport:\n%+v", got, want)
	}
	statuses := map[ReportStatus]int{}
	for _, r := range got {
		statuses[r.Status]++
	}
	if statuses[ReportComplete] != 1 || statuses[ReportInProgress] != 2 {
		t.Errorf("statuses %v, want Amy complete and Bob and Cal in progress", statuses)
	}
}

// exportFixture is a record file in which Amy reads, answers, passes and
// completes both modules (so the course); Bob fails a quiz and then passes
// a refresher; and Cal, who answered one question, has been erased.
type exportFixture struct {
	s             *Store
	amy, bob, cal Member
}

func newExportFixture(t *testing.T) exportFixture {
	t.Helper()
	s := newTestStore(t)
	f := exportFixture{s: s, amy: addMember(t, s, "Amy Adams"), bob: addMember(t, s, "Bob Brown"), cal: addMember(t, s, "Cal Cole")}
	ev := func(kind Kind, m Member, module, attempt string) Event {
		return Event{Kind: kind, Member: m.Number, Module: module, ModuleVersion: "v1", Attempt: attempt}
	}
	answer := func(m Member, module, attempt, question string, correct bool, chosen ...int) Event {
		e := ev(QuestionAnswered, m, module, attempt)
		e.Question, e.Chosen, e.Correct = question, chosen, correct
		return e
	}
	result := func(kind Kind, m Member, module, attempt string, score, total int, passed bool) Event {
		e := ev(kind, m, module, attempt)
		e.Score, e.Total, e.Passed = score, total, passed
		return e
	}
	a1, a2, b1, b2 := NewAttemptID(), NewAttemptID(), NewAttemptID(), NewAttemptID()
	events := []Event{
		ev(ModuleOpened, f.amy, "intro", ""),
		ev(ModuleRead, f.amy, "intro", ""),
		answer(f.amy, "intro", a1, "intro-q1", true, 1),
		answer(f.bob, "intro", b1, "intro-q1", false, 0),
		answer(f.amy, "intro", a1, "intro-q2", true, 0, 2),
		answer(f.bob, "intro", b1, "intro-q2", false, 1),
		result(QuizFinished, f.amy, "intro", a1, 2, 2, true),
		result(QuizFinished, f.bob, "intro", b1, 0, 2, false),
		result(ModuleCompleted, f.amy, "intro", a1, 2, 2, true),
		ev(ModuleRead, f.amy, "ethics", ""),
		answer(f.amy, "ethics", a2, "ethics-q1", true, 0),
		result(QuizFinished, f.amy, "ethics", a2, 1, 1, true),
		result(ModuleCompleted, f.amy, "ethics", a2, 1, 1, true),
		answer(f.bob, "intro", b2, "intro-q1", true, 1),
		result(RefresherFinished, f.bob, "", b2, 1, 1, true),
		answer(f.cal, "ethics", NewAttemptID(), "ethics-q1", false, 1),
	}
	for _, e := range events {
		record(t, s, e)
	}
	markErased(t, s, f.cal.Number)
	return f
}

// markErased blanks a member's details as erasure does.
func markErased(t *testing.T, s *Store, number string) {
	t.Helper()
	err := s.db.Update(func(tx *bolt.Tx) error {
		return putMember(tx.Bucket(bucketMembers), number, memberRecord{Role: RoleCouncillor, Added: start, Erased: true})
	})
	if err != nil {
		t.Fatal(err)
	}
}

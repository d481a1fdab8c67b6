package report

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"course/internal/progress"
	"course/internal/progress/progresstest"
	"course/internal/record"
)

// BenchmarkSample makes the report of the sample record file of
// progress's benchmarks (20,000 members, 650,000 events, about 400 MB).
// Make the file first (see progresstest.OpenSample); it is read, never
// changed:
//
//	COURSE_SAMPLE_RECORDS=/tmp/sample.db go test ./internal/report -run '^$' -bench Sample -benchtime 5x
func BenchmarkSample(b *testing.B) {
	s := progresstest.OpenSample(b)
	// The sample's course, as progress's sample_test.go makes it, on the day
	// its earliest passes need a refresh.
	info := Info{DueMonths: 3, CourseInfo: progress.CourseInfo{PassMark: 80, RefreshMonths: 12, Modules: []progress.ModuleInfo{
		{ID: "purpose", Version: "3f9a1c2b7d40"}, {ID: "what-is-social-media", Version: "a81c0e5d9b27"},
		{ID: "keeping-safe", Version: "5d2e8f1a0c63"}, {ID: "responsibilities", Version: "c07b4a9e2d18"},
		{ID: "code-of-conduct", Version: "9e6f3b1d8a54"}, {ID: "general", Version: "1b8d7c2e4f90"}, {ID: "advice", Version: "e42a9f0c6b35"},
	}}}
	now := time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)
	b.Run("Read", func(b *testing.B) {
		for b.Loop() {
			if rows, err := read(s, info, now); err != nil || len(rows) == 0 {
				b.Fatalf("%d rows, %v", len(rows), err)
			}
		}
	})
	b.Run("Build", func(b *testing.B) {
		// Every member and their summaries, read once.
		var members []record.Member
		events := make(map[string][]record.Event)
		err := s.EachMember(func(m record.Member, summaries []record.Event) error {
			members = append(members, m)
			events[m.Number] = append([]record.Event(nil), summaries...)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if rows := build(members, events, info, now); len(rows) != len(members) {
				b.Fatalf("%d rows for %d members", len(rows), len(members))
			}
		}
		b.ReportMetric(float64(len(members)), "members/op")
	})
}

// BenchmarkWriteXLSX writes the workbook of 20,000 members who have each
// passed every module of a seven-module course: 20,000 rows in the members
// sheet and 140,000 in the modules sheet.
//
//	go test ./internal/report -run '^$' -bench WriteXLSX -benchmem -benchtime 3x
func BenchmarkWriteXLSX(b *testing.B) {
	info := Info{DueMonths: 6, CourseInfo: progress.CourseInfo{RefreshMonths: 12}}
	var modules []Module
	for i := range 7 {
		id := "module-" + strconv.Itoa(i+1)
		info.Modules = append(info.Modules, progress.ModuleInfo{ID: id, Version: "v1"})
		modules = append(modules, Module{ID: id, Title: "Module " + strconv.Itoa(i+1)})
	}
	at := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	var members []record.Member
	events := map[string][]record.Event{}
	for i := range 20000 {
		number := "M" + strconv.Itoa(100000+i)
		members = append(members, record.Member{Number: number, Name: "Member " + strconv.Itoa(i), Ward: "Ward " + strconv.Itoa(i%40),
			Role: record.RoleCouncillor, Elected: at.AddDate(-1, 0, 0)})
		for _, m := range info.Modules {
			events[number] = append(events[number], record.Event{Kind: record.ModuleCompleted, Member: number, Module: m.ID,
				ModuleVersion: "v1", Time: at.Add(time.Duration(i) * time.Minute), Passed: true})
		}
	}
	rows := build(members, events, info, at.AddDate(0, 1, 0))
	about := Workbook{Course: "Course", Council: "Council", Guidance: "Guidance", GuidanceVersion: "1.0", Made: at, Modules: modules}
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := WriteXLSX(&buf, rows, about); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1e6, "MB")
}

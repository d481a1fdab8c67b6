package report

import (
	"testing"
	"time"

	"course/internal/progress"
	"course/internal/progress/progresstest"
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
			if rows, err := Read(s, info, now); err != nil || len(rows) == 0 {
				b.Fatalf("%d rows, %v", len(rows), err)
			}
		}
	})
	b.Run("Build", func(b *testing.B) {
		// Every member and their summaries, read once.
		var members []progress.Member
		events := make(map[string][]progress.Event)
		err := s.EachMember(func(m progress.Member, summaries []progress.Event) error {
			members = append(members, m)
			events[m.Number] = append([]progress.Event(nil), summaries...)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if rows := Build(members, events, info, now); len(rows) != len(members) {
				b.Fatalf("%d rows for %d members", len(rows), len(members))
			}
		}
		b.ReportMetric(float64(len(members)), "members/op")
	})
}

package remind

import (
	"testing"
	"time"

	"course/internal/progress"
	"course/internal/progress/progresstest"
	"course/internal/report"
)

// BenchmarkSample works out whom to remind among the 20,000 members of the
// sample record file of progress's benchmarks: what each check of 'course
// serve --remind-every' and each 'course remind' does before it sends. Make
// the file first (see progresstest.OpenSample); it is read, never changed:
//
//	COURSE_SAMPLE_RECORDS=/tmp/sample.db go test ./internal/remind -run '^$' -bench Sample -benchtime 5x
func BenchmarkSample(b *testing.B) {
	s := progresstest.OpenSample(b)
	// The sample's course, as in internal/report's BenchmarkSample.
	info := report.Info{DueMonths: 3, CourseInfo: progress.CourseInfo{PassMark: 80, RefreshMonths: 12, Modules: []progress.ModuleInfo{
		{ID: "purpose", Version: "3f9a1c2b7d40"}, {ID: "what-is-social-media", Version: "a81c0e5d9b27"},
		{ID: "keeping-safe", Version: "5d2e8f1a0c63"}, {ID: "responsibilities", Version: "c07b4a9e2d18"},
		{ID: "code-of-conduct", Version: "9e6f3b1d8a54"}, {ID: "general", Version: "1b8d7c2e4f90"}, {ID: "advice", Version: "e42a9f0c6b35"},
	}}}
	now := time.Date(2025, 7, 1, 12, 0, 0, 0, time.UTC)
	for b.Loop() {
		rows, _, _, err := report.ReadAt(s, info, now)
		if err != nil {
			b.Fatal(err)
		}
		members, err := s.Members()
		if err != nil {
			b.Fatal(err)
		}
		if p := Reminders(rows, members, Options{Now: now}); len(p.Send)+len(p.NoEmail)+len(p.Recent) == 0 {
			b.Fatal("nobody to remind in the sample")
		}
	}
}

package stats

import (
	"fmt"
	"testing"

	"course/internal/modules"
	"course/internal/progress/progresstest"
	"course/internal/quiz"
	"course/internal/store"
)

// sampleCourse is the course of the store's sample record file: seven
// modules at the versions its answers were given to, each with the three
// questions answered there (MODULE-q1 to -q3, four options), each citing
// its module's one paragraph.
func sampleCourse() *modules.Course {
	c := &modules.Course{}
	for i, m := range []struct{ id, version string }{
		{"purpose", "3f9a1c2b7d40"}, {"what-is-social-media", "a81c0e5d9b27"}, {"keeping-safe", "5d2e8f1a0c63"},
		{"responsibilities", "c07b4a9e2d18"}, {"code-of-conduct", "9e6f3b1d8a54"}, {"general", "1b8d7c2e4f90"}, {"advice", "e42a9f0c6b35"},
	} {
		para := fmt.Sprint(i + 1)
		c.Paragraphs = append(c.Paragraphs, modules.Paragraph{ID: para})
		mod := &modules.Module{ID: m.id, Title: m.id, Number: i + 1, Version: m.version}
		for q := range 3 {
			mod.Questions = append(mod.Questions, quiz.Question{ID: fmt.Sprintf("%s-q%d", m.id, q+1), Module: m.id, Cites: []string{para},
				Options: []quiz.Option{{Text: "a"}, {Text: "b"}, {Text: "c", Correct: true}, {Text: "d"}}})
		}
		c.Modules = append(c.Modules, mod)
	}
	return c
}

// BenchmarkSample works out the statistics of the sample record file of
// the store's benchmarks (20,000 members, 420,000 answers, 650,000 events,
// about 400 MB), as course report --questions does. Make the file first
// (see progresstest.OpenSample); it is read, never changed:
//
//	COURSE_SAMPLE_RECORDS=/tmp/sample.db go test ./internal/store -run TestGenerateSampleRecords
//	COURSE_SAMPLE_RECORDS=/tmp/sample.db go test ./internal/stats -run '^$' -bench Sample -benchtime 5x
func BenchmarkSample(b *testing.B) {
	s := progresstest.OpenSample(b)
	c := sampleCourse()
	for _, all := range []bool{false, true} {
		b.Run(fmt.Sprintf("All=%v", all), func(b *testing.B) {
			for b.Loop() {
				err := s.ReadLog(func(log *store.LogReader) error {
					r, err := Read(log, c, Options{All: all, MinGroup: 5})
					if err == nil && (r.Members != 20_000 || r.Questions[2].Attempts == 0) {
						err = fmt.Errorf("%d members, %d answers to the third question", r.Members, r.Questions[2].Attempts)
					}
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

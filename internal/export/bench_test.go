package export

import (
	"context"
	"testing"

	"course/internal/progress/progresstest"
)

// BenchmarkSample exports the sample record file of progress's benchmarks
// (20,000 members, 650,000 events, about 400 MB) in each format. Make the
// file first (see progresstest.OpenSample); it is read, never changed:
//
//	COURSE_SAMPLE_RECORDS=/tmp/sample.db go test ./internal/export -run '^$' -bench Sample -benchtime 5x
func BenchmarkSample(b *testing.B) {
	s := progresstest.OpenSample(b)
	// The sample's modules, named by their ids.
	course := XAPICourse{HomePage: "https://www.example.gov.uk", ActivityBase: "https://www.example.gov.uk/learning/smg",
		Title: "Social Media Guidance for Members", GuidanceVersion: "1.0"}
	for _, id := range []string{"purpose", "what-is-social-media", "keeping-safe", "responsibilities", "code-of-conduct", "general", "advice"} {
		course.Modules = append(course.Modules, XAPIModule{ID: id, Title: id})
	}
	for _, format := range []Format{CSV, JSON, XAPI} {
		b.Run(string(format), func(b *testing.B) {
			var written countingWriter
			var res Result
			for b.Loop() {
				written = 0
				var err error
				if res, err = Write(context.Background(), &written, s, Options{Format: format, XAPI: course}); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(written))
			b.ReportMetric(float64(res.Records), "records/op")
		})
	}
}

// countingWriter counts what is written and throws it away.
type countingWriter int64

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}

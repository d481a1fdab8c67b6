package lrs_test

import (
	"context"
	"os"
	"testing"

	"course/internal/lrs"
)

// BenchmarkSync sends a record file of about 9,700 events (9,100
// statements) to the LRS at $COURSE_TEST_LRS, from the start each time;
// DryRun is the course's own part of that work, without an LRS.
//
//	COURSE_TEST_LRS=http://127.0.0.1:PORT/xAPI go test ./internal/lrs -run '^$' -bench . -benchtime 3x
func BenchmarkSync(b *testing.B) {
	s, events := sampleRecords(b, 100)
	_, course := builtInCourse(b)
	b.Run("DryRun", func(b *testing.B) {
		sy, err := lrs.NewSyncer(s, lrs.Config{Endpoint: "http://127.0.0.1:9/xAPI", Course: course})
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if res, err := sy.DryRun(context.Background()); err != nil || res.To != uint64(events) {
				b.Fatal(res, err)
			}
		}
	})
	b.Run("RealLRS", func(b *testing.B) {
		endpoint := os.Getenv("COURSE_TEST_LRS")
		if endpoint == "" {
			b.Skip("set COURSE_TEST_LRS to an LRS endpoint (see .ci/run)")
		}
		sy, err := lrs.NewSyncer(s, lrs.Config{Endpoint: endpoint, Key: realKey, Secret: realSecret, Course: course})
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if err := sy.Restart(); err != nil {
				b.Fatal(err)
			}
			res, err := sy.Sync(context.Background(), nil)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(res.Statements), "statements")
		}
	})
}

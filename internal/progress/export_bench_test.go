package progress

import (
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BenchmarkLarge runs the store's and the report's benchmarks on the
// sample record file: 20,000 members, 420,000 answers, 650,000 events in all (about
// 400 MB). The file is generated once per run, which takes 15 to 30
// seconds. Run with -benchtime=1x:
//
//	go test ./internal/progress -run '^$' -bench Large -benchtime=1x
func BenchmarkLarge(b *testing.B) {
	path := filepath.Join(b.TempDir(), "records.db")
	began := time.Now()
	if err := generateSample(path, sampleMembers); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %s in %v", path, time.Since(began).Round(time.Millisecond))
	s, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()

	// Opening checks the structure and the chain (without decoding events);
	// CheckChain is that chain check alone; Verify is course verify's walk.
	b.Run("Open", func(b *testing.B) {
		for b.Loop() {
			o, err := Open(path, Options{ReadOnly: true})
			if err != nil || o.Problem() != nil {
				b.Fatalf("%v, %v", err, o.Problem())
			}
			o.Close()
		}
	})
	b.Run("CheckChain", func(b *testing.B) {
		for b.Loop() {
			err := s.db.View(func(tx *bolt.Tx) error {
				if r := checkChain(tx.Bucket(bucketEvents), tx.Bucket(bucketMemberEvents), nil, "", false); !r.OK {
					b.Fatalf("%+v", r)
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Verify", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Verify(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("BuildReport", func(b *testing.B) {
		members, events := sampleMembersAndSummaries(b, s)
		b.ResetTimer()
		for b.Loop() {
			rows := BuildReport(members, events, sampleInfo, sampleNow)
			if len(rows) != sampleMembers {
				b.Fatalf("%d rows", len(rows))
			}
		}
		b.ReportMetric(float64(sampleMembers), "members/op")
	})
	b.Run("Report", func(b *testing.B) {
		for b.Loop() {
			rows, err := s.Report(sampleInfo, sampleNow)
			if err != nil || len(rows) != sampleMembers {
				b.Fatalf("%d rows, %v", len(rows), err)
			}
		}
	})
}

// sampleMembersAndSummaries reads every member and their event summaries.
func sampleMembersAndSummaries(b *testing.B, s *Store) ([]Member, map[string][]Event) {
	members, err := s.Members()
	if err != nil {
		b.Fatal(err)
	}
	events := make(map[string][]Event, len(members))
	err = s.db.View(func(tx *bolt.Tx) error {
		for _, m := range members {
			if events[m.Number], err = memberSummaries(tx, m.Number); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return members, events
}

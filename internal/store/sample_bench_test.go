package store

import (
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// BenchmarkLarge runs the store's benchmarks on the sample record file: 20,000 members, 420,000 answers, 650,000 events in all (about
// 400 MB). The file is generated once per run, which takes 15 to 30
// seconds. Run with -benchtime=1x:
//
//	go test ./internal/store -run '^$' -bench Large -benchtime=1x
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
				if r := checkIn(tx, nil, "", false); !r.OK {
					b.Fatalf("%+v", r)
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	// Details is the check of every member's details that Verify ends with.
	b.Run("Details", func(b *testing.B) {
		for b.Loop() {
			err := s.db.View(func(tx *bolt.Tx) error {
				if r, unsealed := checkDetails(tx, ""); !r.OK || len(unsealed) > 0 {
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
			if _, err := verify(s); err != nil {
				b.Fatal(err)
			}
		}
	})
}

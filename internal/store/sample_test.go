package store

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"course/internal/progress"
	"course/internal/record"
)

// A sample record file at the scale of a large council over several years,
// for the benchmarks and scripts/bench-export.

// sampleCourse is a course shaped like the real one: seven modules. The
// report benchmark (internal/report) names the same modules and versions.
var sampleCourse = progress.CourseInfo{PassMark: 80, RefreshMonths: 12, Modules: []progress.ModuleInfo{
	{ID: "purpose", Version: "3f9a1c2b7d40"}, {ID: "what-is-social-media", Version: "a81c0e5d9b27"},
	{ID: "keeping-safe", Version: "5d2e8f1a0c63"}, {ID: "responsibilities", Version: "c07b4a9e2d18"},
	{ID: "code-of-conduct", Version: "9e6f3b1d8a54"}, {ID: "general", Version: "1b8d7c2e4f90"}, {ID: "advice", Version: "e42a9f0c6b35"},
}}

var sampleWards = []string{"Abbey", "Bestwood St Albans", "Calverton", "Carlton", "Colwick", "Daybrook",
	"Gedling", "Netherfield", "Newstead Abbey", "Phoenix", "Porchester", "Trent Valley"}

// generateSample adds members to a new record file at path: each of them
// makes three attempts at each of the seven modules, answering one
// question per attempt (members × 7 × 3 answers in all); the third attempt
// is finished and, for the first i%8 modules of the i-th member, passed and
// the module completed. Members are interleaved in the log, 100 at a time,
// as real use would spread them. Events are 45 seconds apart from 1 June
// 2024, so by July 2025 the earliest passes need a refresh.
func generateSample(path string, members int) error {
	clock := time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC)
	s, err := Open(path, Options{AppVersion: "sample", Now: func() time.Time {
		clock = clock.Add(45 * time.Second)
		return clock
	}})
	if err != nil {
		return err
	}
	defer s.Close()
	// Generating is not recording: one sync at the end is enough.
	s.db.NoSync = true
	elected := []time.Time{{}, time.Date(2019, 5, 2, 0, 0, 0, 0, time.UTC),
		time.Date(2023, 5, 4, 0, 0, 0, 0, time.UTC), time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC)} // before the first event: nobody is elected in the future
	const group = 100
	for first := 0; first < members; first += group {
		// A group is imported as a roster is (adding members one by one
		// checks each against all the others).
		var rows []record.NewMember
		for i := first; i < min(first+group, members); i++ {
			rows = append(rows, record.NewMember{Name: fmt.Sprintf("Member %05d", i), Ward: sampleWards[i%len(sampleWards)],
				Email: fmt.Sprintf("member%05d@example.gov.uk", i), Elected: elected[i%len(elected)]})
		}
		if _, err := s.ImportMembers(rows, nil); err != nil {
			return err
		}
		numbers := map[string]string{}
		err := s.view(func(tx *bolt.Tx) error {
			return tx.Bucket(bucketMembers).ForEach(func(k, v []byte) error {
				var rec record.Member
				if err := json.Unmarshal(v, &rec); err != nil {
					return err
				}
				numbers[rec.Name] = string(k)
				return nil
			})
		})
		if err != nil {
			return err
		}
		var runs [][]record.Event
		for i := first; i < min(first+group, members); i++ {
			runs = append(runs, sampleRun(numbers[fmt.Sprintf("Member %05d", i)], i%8))
		}
		var batch []record.Event
		for step := 0; ; step++ {
			before := len(batch)
			for _, run := range runs {
				if step < len(run) {
					batch = append(batch, run[step])
				}
			}
			if len(batch) == before {
				break
			}
		}
		if _, err := s.RecordBatch(batch); err != nil {
			return err
		}
	}
	return s.db.Sync()
}

// sampleRun is one member's events: passes in the first done modules.
func sampleRun(number string, done int) []record.Event {
	var events []record.Event
	for mi, m := range sampleCourse.Modules {
		for a := range 3 {
			attempt := record.NewAttemptID()
			events = append(events, record.Event{Kind: record.QuestionAnswered, Member: number, Module: m.ID,
				ModuleVersion: m.Version, Attempt: attempt, Question: fmt.Sprintf("%s-q%d", m.ID, a+1),
				Chosen: []int{a % 4}, Correct: a == 2 && mi < done})
			if a < 2 {
				continue
			}
			passed := mi < done
			score := 0
			if passed {
				score = 1
			}
			events = append(events, record.Event{Kind: record.QuizFinished, Member: number, Module: m.ID,
				ModuleVersion: m.Version, Attempt: attempt, Score: score, Total: 1, Passed: passed})
			if passed {
				events = append(events, record.Event{Kind: record.ModuleCompleted, Member: number, Module: m.ID,
					ModuleVersion: m.Version, Attempt: attempt, Score: 1, Total: 1, Passed: true})
			}
		}
	}
	return events
}

// sampleMembers is the sample's size: 20,000 members, 420,000 answers.
const sampleMembers = 20_000

// TestGenerateSampleRecords writes the sample record file to the path in
// $COURSE_SAMPLE_RECORDS, for scripts/bench-export; without it, it is
// skipped. $COURSE_SAMPLE_MEMBERS changes the number of members.
func TestGenerateSampleRecords(t *testing.T) {
	path := os.Getenv("COURSE_SAMPLE_RECORDS")
	if path == "" {
		t.Skip("set COURSE_SAMPLE_RECORDS to a file path to generate the sample records")
	}
	members := sampleMembers
	if n := os.Getenv("COURSE_SAMPLE_MEMBERS"); n != "" {
		if _, err := fmt.Sscan(n, &members); err != nil {
			t.Fatalf("COURSE_SAMPLE_MEMBERS: %v", err)
		}
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatalf("%s exists already; remove it first", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := generateSample(path, members); err != nil {
		t.Fatal(err)
	}
}

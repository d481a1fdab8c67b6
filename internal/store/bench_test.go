package store

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"course/internal/progress"
	"course/internal/record"
)

// courseOf10 is a course the size of the real one.
var courseOf10 = func() progress.CourseInfo {
	info := progress.CourseInfo{PassMark: 80, RefreshMonths: 12}
	for i := range 10 {
		info.Modules = append(info.Modules, progress.ModuleInfo{ID: fmt.Sprintf("module-%02d", i), Version: "v1"})
	}
	return info
}()

// memberRun is the events of one member working through the whole course:
// for each module, open, read, eight answers, a passing quiz and completion.
func memberRun(number string, info progress.CourseInfo) []record.Event {
	var events []record.Event
	for _, m := range info.Modules {
		attempt := record.NewAttemptID()
		events = append(events,
			record.Event{Kind: record.ModuleOpened, Member: number, Module: m.ID, ModuleVersion: m.Version},
			record.Event{Kind: record.ModuleRead, Member: number, Module: m.ID, ModuleVersion: m.Version})
		for q := range 8 {
			events = append(events, record.Event{Kind: record.QuestionAnswered, Member: number, Module: m.ID,
				ModuleVersion: m.Version, Attempt: attempt, Question: fmt.Sprintf("q%d", q),
				Chosen: []int{q % 4}, Correct: q != 3})
		}
		events = append(events,
			record.Event{Kind: record.QuizFinished, Member: number, Module: m.ID, ModuleVersion: m.Version,
				Attempt: attempt, Score: 7, Total: 8, Passed: true},
			record.Event{Kind: record.ModuleCompleted, Member: number, Module: m.ID, ModuleVersion: m.Version,
				Attempt: attempt, Score: 7, Total: 8, Passed: true})
	}
	return events
}

func benchStore(b *testing.B) *Store {
	b.Helper()
	s, err := Open(filepath.Join(b.TempDir(), "records.db"), Options{AppVersion: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// BenchmarkRecordAnswer measures one synced answer, as the quiz screen
// records it (by progress.Accept's rule, which reads the attempt's last
// event); the percentiles show what a member waits for.
func BenchmarkRecordAnswer(b *testing.B) {
	s := benchStore(b)
	m, err := s.AddMember(record.NewMember{Name: "Bench Mark"})
	if err != nil {
		b.Fatal(err)
	}
	e := record.Event{Kind: record.QuestionAnswered, Member: m.Number, Module: "module-00", ModuleVersion: "v1",
		Attempt: record.NewAttemptID(), Question: "q1", Chosen: []int{2}, Correct: true}
	var took []time.Duration
	for b.Loop() {
		start := time.Now()
		if _, err := s.Append(m.Number, progress.Accept(e)); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	pct := func(p int) float64 {
		return float64(took[(len(took)-1)*p/100].Microseconds())
	}
	b.ReportMetric(pct(50), "p50-µs")
	b.ReportMetric(pct(99), "p99-µs")
}

// BenchmarkProgress rebuilds one member's progress from a file holding
// 1,000 members' complete runs (about 120,000 events).
func BenchmarkProgress(b *testing.B) {
	s := benchStore(b)
	var numbers []string
	for i := range 1000 {
		m, err := s.AddMember(record.NewMember{Name: fmt.Sprintf("Member %d", i)})
		if err != nil {
			b.Fatal(err)
		}
		numbers = append(numbers, m.Number)
	}
	// Interleave members, as real use would, so one member's events are
	// spread across the log.
	for m := 0; m < len(numbers); m += 100 {
		var batch []record.Event
		runs := make([][]record.Event, 0, 100)
		for _, n := range numbers[m:min(m+100, len(numbers))] {
			runs = append(runs, memberRun(n, courseOf10))
		}
		for i := range runs[0] {
			for _, run := range runs {
				batch = append(batch, run[i])
			}
		}
		if _, err := s.RecordBatch(batch); err != nil {
			b.Fatal(err)
		}
	}
	now := time.Now()
	number := numbers[len(numbers)/2]
	for b.Loop() {
		p, err := progress.Load(s, number, courseOf10, now)
		if err != nil {
			b.Fatal(err)
		}
		if p.Status != progress.Passed {
			b.Fatalf("status = %v, want passed", p.Status)
		}
	}
}

// BenchmarkAppend420k appends 420,000 events in batches of 10,000: a large
// council's records for several years. Run it with -benchtime=1x.
func BenchmarkAppend420k(b *testing.B) {
	const total, batchSize = 420_000, 10_000
	for b.Loop() {
		b.StopTimer()
		s := benchStore(b)
		var numbers []string
		for i := range 350 {
			m, err := s.AddMember(record.NewMember{Name: fmt.Sprintf("Member %d", i)})
			if err != nil {
				b.Fatal(err)
			}
			numbers = append(numbers, m.Number)
		}
		batch := make([]record.Event, batchSize)
		b.StartTimer()
		for done := 0; done < total; done += batchSize {
			for i := range batch {
				batch[i] = record.Event{Kind: record.QuestionAnswered, Member: numbers[(done+i)%len(numbers)],
					Module: "module-03", ModuleVersion: "v1", Attempt: "5f0c6b1e-8d1a-4c57-9a53-1b2f1e0f6a11",
					Question: "q4", Chosen: []int{1, 3}, Correct: true}
			}
			if _, err := s.RecordBatch(batch); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		_, n, err := s.Head()
		if err != nil || n != total+len(numbers) {
			b.Fatalf("head: %d events, %v", n, err)
		}
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(total), "events/op")
}

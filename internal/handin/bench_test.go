package handin

import (
	"bytes"
	"testing"

	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/store"
)

// BenchmarkWriteAndRead: a hand-in of one member of two from a log of
// 50,000 events, half of them theirs.
func BenchmarkWriteAndRead(b *testing.B) {
	s := progresstest.NewStore(b)
	if err := s.BindCourse(binding); err != nil {
		b.Fatal(err)
	}
	amy, bob := progresstest.AddMember(b, s, "Amy Adams"), progresstest.AddMember(b, s, "Bob Brown")
	for range 50 {
		batch := make([]record.Event, 0, 1000)
		for i := range 1000 {
			m := amy
			if i%2 == 1 {
				m = bob
			}
			batch = append(batch, record.Event{Kind: record.QuestionAnswered, Member: m.Number, Module: "intro",
				ModuleVersion: "v1", Attempt: record.NewAttemptID(), Question: "intro-q1", Chosen: []int{1}, Correct: true})
		}
		if _, err := progresstest.SaveBatch(s, batch); err != nil {
			b.Fatal(err)
		}
	}
	var file bytes.Buffer
	b.Run("Write", func(b *testing.B) {
		for b.Loop() {
			file.Reset()
			if err := s.ReadLog(func(r *store.LogReader) error { return Write(&file, r, amy.Number, made) }); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(file.Len()))
	})
	b.Run("Read", func(b *testing.B) {
		for b.Loop() {
			if _, err := Read(bytes.NewReader(file.Bytes()), nil); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(file.Len()))
	})
}

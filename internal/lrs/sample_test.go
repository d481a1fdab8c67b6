package lrs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"course/content"
	"course/internal/export"
	"course/internal/modules"
	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/store"
)

// builtInCourse is the built-in course, as statements describe it.
func builtInCourse(t testing.TB) (*modules.Course, export.XAPICourse) {
	t.Helper()
	c, err := modules.Load(content.FS, content.Root)
	if err != nil {
		t.Fatal(err)
	}
	return c, export.CourseOf(c)
}

// sampleRecords makes a record file of the built-in course in which each
// of members members reads every module and takes its quiz, answering
// every question: every third member fails a module's first attempt and
// passes a second; every fourth stops part way through the course; the
// ones that finish every module complete the course, and some take a
// refresher; one member is erased at the end. It returns the store and how
// many events it holds.
func sampleRecords(t testing.TB, members int) (*store.Store, int) {
	t.Helper()
	c, _ := builtInCourse(t)
	s := progresstest.NewStore(t)
	var batch []record.Event
	flush := func() {
		if _, err := progresstest.SaveBatch(s, batch); err != nil {
			t.Fatal(err)
		}
		batch = batch[:0]
	}
	var numbers []string
	for i := range members {
		m := progresstest.AddMember(t, s, "Member "+string(rune('A'+i%26))+string(rune('a'+i/26%26)))
		numbers = append(numbers, m.Number)
		modulesTaken := len(c.Modules)
		if i%4 == 3 {
			modulesTaken = 1 + i%len(c.Modules)
		}
		for _, mod := range c.Modules[:modulesTaken] {
			ev := func(kind record.Kind, attempt string) record.Event {
				return record.Event{Kind: kind, Member: m.Number, Module: mod.ID, ModuleVersion: mod.Version, Attempt: attempt}
			}
			batch = append(batch, ev(record.ModuleOpened, ""), ev(record.ModuleRead, ""))
			tries := 1
			if i%3 == 0 {
				tries = 2
			}
			for try := 1; try <= tries; try++ {
				attempt := record.NewAttemptID()
				score := 0
				for qi, q := range mod.Questions {
					e := ev(record.QuestionAnswered, attempt)
					e.Question, e.Chosen, e.Correct = q.ID, q.CorrectOptions(), true
					if try < tries && qi == 0 {
						e.Chosen, e.Correct = []int{(q.CorrectOptions()[0] + 1) % len(q.Options)}, false
					}
					if e.Correct {
						score++
					}
					batch = append(batch, e)
				}
				passed := try == tries
				e := ev(record.QuizFinished, attempt)
				e.Score, e.Total, e.Passed = score, len(mod.Questions), passed
				batch = append(batch, e)
				if passed {
					e.Kind = record.ModuleCompleted
					batch = append(batch, e)
				}
			}
		}
		if i%5 == 0 && modulesTaken == len(c.Modules) {
			attempt := record.NewAttemptID()
			q := c.Modules[0].Questions[0]
			batch = append(batch, record.Event{Kind: record.QuestionAnswered, Member: m.Number, Module: c.Modules[0].ID,
				Attempt: attempt, Question: q.ID, Chosen: q.CorrectOptions(), Correct: true},
				record.Event{Kind: record.RefresherFinished, Member: m.Number, Attempt: attempt, Score: 1, Total: 1, Passed: true})
		}
		flush()
	}
	if members > 1 {
		progresstest.Erase(t, s, numbers[1])
	}
	var events int
	err := s.ReadLog(func(r *store.LogReader) (err error) {
		_, events, err = r.End()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, events
}

// exported is the xAPI export of the store's records, as statements by id
// and the ids in order.
func exported(t testing.TB, s *store.Store, course export.XAPICourse) (map[string]json.RawMessage, []string) {
	t.Helper()
	var buf bytes.Buffer
	if _, err := export.Write(context.Background(), &buf, s, export.Options{Format: export.XAPI, XAPI: course}); err != nil {
		t.Fatal(err)
	}
	var sts []json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &sts); err != nil {
		t.Fatal(err)
	}
	byID := make(map[string]json.RawMessage, len(sts))
	var ids []string
	for _, st := range sts {
		var head struct{ ID string }
		if err := json.Unmarshal(st, &head); err != nil {
			t.Fatal(err)
		}
		byID[head.ID] = st
		ids = append(ids, head.ID)
	}
	return byID, ids
}

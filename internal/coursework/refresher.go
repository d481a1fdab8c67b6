package coursework

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"course/internal/modules"
	"course/internal/progress"
	"course/internal/quiz"
	"course/internal/record"
)

// leftRefresher is a refresher left part way: its saved answers, and its
// questions in the order they were answered.
type leftRefresher struct {
	progress.Unfinished
	asked []string
	// changed says a question it answered has changed since.
	changed bool
}

// NewRefresher starts a refresher: RefresherSize questions from the
// modules the member has passed, those they missed last time first and
// those they always get right last. A refresher left part way carries on
// (see Resume): its saved answers stand and the rest of its questions are
// drawn again from the record as it was when it began. ok is false when
// they have passed no module, and there is nothing to ask. r orders each
// question's options.
//
// The questions are drawn the same way each time until the member finishes
// a refresher (see refresherDraw), so that leaving a refresher, answered
// or not, and starting again asks the same questions: a member cannot
// start again until the questions they know come up.
func NewRefresher(c *modules.Course, member, mode string, s Standing, r *rand.Rand) (a Attempt, ok bool) {
	left := s.refresher
	if left.Attempt == "" {
		return newRefresher(c, member, mode, s.Progress, s.Events, r)
	}
	// The record as it was when the refresher began, so that the
	// questions still to come are those drawn then.
	began := s.Events[:slices.IndexFunc(s.Events, func(e record.Event) bool { return e.Attempt == left.Attempt })]
	pool := RefresherQuestions(c, progress.Derive(member, began, Info(c), time.Time{}))
	qs := make([]quiz.Question, 0, RefresherSize)
	for _, id := range left.asked {
		i := slices.IndexFunc(pool, func(q quiz.Question) bool { return q.ID == id })
		if i < 0 {
			// Not a question it could have asked: start afresh.
			return newRefresher(c, member, mode, s.Progress, s.Events, r)
		}
		qs = append(qs, pool[i])
	}
	answered := len(qs)
	for _, q := range quiz.Refresher(pool, progress.History(began), len(pool), refresherDraw(began)) {
		if len(qs) >= max(RefresherSize, answered) {
			break
		}
		if !slices.ContainsFunc(qs[:answered], func(a quiz.Question) bool { return a.ID == q.ID }) {
			qs = append(qs, q)
		}
	}
	a = newAttempt(c, member, mode, nil, qs, r)
	a.Resume(left.Unfinished)
	return a, true
}

// newRefresher draws a new refresher from the member's progress p and
// events.
func newRefresher(c *modules.Course, member, mode string, p progress.Progress, events []record.Event, r *rand.Rand) (Attempt, bool) {
	pool := RefresherQuestions(c, p)
	if len(pool) == 0 {
		return Attempt{}, false
	}
	qs := quiz.Refresher(pool, progress.History(events), RefresherSize, refresherDraw(events))
	return newAttempt(c, member, mode, nil, qs, r), true
}

// refresherDraw is the source a refresher's questions are drawn from:
// the same until the member finishes a refresher, when it moves on so
// that the next one is drawn anew. It starts from the time of the
// member's first event, which differs from member to member and never
// changes.
func refresherDraw(events []record.Event) *rand.Rand {
	var first time.Time
	finished := 0
	for i, e := range events {
		if i == 0 {
			first = e.Time
		}
		if e.Kind == record.RefresherFinished {
			finished++
		}
	}
	sum := sha256.Sum256([]byte("refresher " + strconv.FormatInt(first.UnixNano(), 10) + " " + strconv.Itoa(finished)))
	return rand.New(rand.NewPCG(binary.BigEndian.Uint64(sum[:8]), binary.BigEndian.Uint64(sum[8:16])))
}

// unfinishedRefresher is the member's latest refresher that has answers
// but no result, among the attempts that are refreshers. One whose
// answered questions have changed since, or left the course, is not
// carried on: its answers were to other questions.
func unfinishedRefresher(c *modules.Course, events []record.Event, refreshers map[string]bool) leftRefresher {
	left := map[string]*leftRefresher{}
	latest := ""
	for _, e := range events {
		if !refreshers[e.Attempt] {
			continue
		}
		switch e.Kind {
		case record.QuestionAnswered:
			l := left[e.Attempt]
			if l == nil {
				l = &leftRefresher{Unfinished: progress.Unfinished{Attempt: e.Attempt, Answers: map[string]quiz.Answer{}}}
				left[e.Attempt] = l
			}
			if _, again := l.Answers[e.Question]; !again {
				l.asked = append(l.asked, e.Question)
			}
			l.Answers[e.Question] = quiz.Answer{Question: e.Question, Chosen: e.Chosen, Correct: e.Correct}
			if mod := c.Module(e.Module); mod == nil || mod.Version != e.ModuleVersion {
				l.changed = true
			}
			latest = e.Attempt
		case record.RefresherFinished:
			delete(left, e.Attempt)
			if latest == e.Attempt {
				latest = ""
			}
		}
	}
	if l := left[latest]; l != nil && !l.changed {
		return *l
	}
	return leftRefresher{}
}

// UnfinishedRefresher is the member's refresher left part way, if any.
func (s Standing) UnfinishedRefresher() (progress.Unfinished, bool) {
	return s.refresher.Unfinished, s.refresher.Attempt != ""
}

// Finished is s once attempts, finished but whose results are not yet
// read back, are: none of them is left part way.
func (s Standing) Finished(attempts map[string]bool) Standing {
	if attempts[s.refresher.Attempt] {
		s.refresher = leftRefresher{}
	}
	left := make(map[string]progress.Unfinished, len(s.leftPartWay))
	for mod, u := range s.leftPartWay {
		if !attempts[u.Attempt] {
			left[mod] = u
		}
	}
	s.leftPartWay = left
	return s
}

package coursework

import (
	"slices"

	"course/internal/modules"
	"course/internal/quiz"
	"course/internal/record"
)

// ReviewExplainsTheRest is said under an answer's feedback that leaves
// some options unexplained: the review explains every one.
const ReviewExplainsTheRest = "The review after the quiz explains the other answers too."

// Reviewed is one answer of a finished attempt, as a review goes through
// it.
type Reviewed struct {
	// Question is the question as it reads now; nil when it is no longer
	// in the course.
	Question *quiz.Question
	Answer   record.Event
	// Changed says the question's module has changed since the answer.
	Changed bool
}

// Review are the answers of an attempt, in the order given; none when
// attempt is "" or has no answer on the record.
func Review(c *modules.Course, events []record.Event, attempt string) []Reviewed {
	if attempt == "" {
		return nil
	}
	questions := map[string]quiz.Question{}
	for _, q := range c.Questions() {
		questions[q.ID] = q
	}
	var out []Reviewed
	for _, e := range events {
		if e.Kind != record.QuestionAnswered || e.Attempt != attempt {
			continue
		}
		r := Reviewed{Answer: e}
		if q, ok := questions[e.Question]; ok {
			r.Question = &q
			if cur := c.Module(q.Module); cur != nil && e.ModuleVersion != cur.Version {
				r.Changed = true
			}
		}
		out = append(out, r)
	}
	return out
}

// Chosen are the options the member chose, in the order written.
func (r Reviewed) Chosen() []quiz.Option { return r.options(r.Answer.Chosen) }

// Right are the question's right options, in the order written.
func (r Reviewed) Right() []quiz.Option { return r.options(r.Question.CorrectOptions()) }

// WronglyChosen are the options the member chose that are not right.
func (r Reviewed) WronglyChosen() []quiz.Option {
	var out []quiz.Option
	for _, o := range r.Chosen() {
		if !o.Correct {
			out = append(out, o)
		}
	}
	return out
}

// Unchosen are the options that are neither right nor chosen, which an
// answer's feedback does not explain and the review does.
func (r Reviewed) Unchosen() []quiz.Option {
	var out []quiz.Option
	for i, o := range r.Question.Options {
		if !o.Correct && !slices.Contains(r.Answer.Chosen, i) {
			out = append(out, o)
		}
	}
	return out
}

func (r Reviewed) options(authored []int) []quiz.Option {
	var out []quiz.Option
	for _, i := range authored {
		if i >= 0 && i < len(r.Question.Options) {
			out = append(out, r.Question.Options[i])
		}
	}
	return out
}

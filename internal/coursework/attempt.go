package coursework

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"course/internal/modules"
	"course/internal/progress"
	"course/internal/quiz"
	"course/internal/record"
	"course/internal/safetext"
)

// Attempt is one attempt at a quiz: a module's, or a refresher over the
// modules the member has passed. Both courses drive it the same way: show
// the question now asked, grade the options chosen with Answer, record
// the event it gives (SaveAnswer) and only then Accept it, and when every
// question is answered record Result (FinishQuiz) and say its Outcome.
type Attempt struct {
	// Module is the module whose quiz this is; nil for a refresher.
	Module *modules.Module
	// ID names the attempt on the record.
	ID string
	// Questions are asked in order, each with its options in the order
	// shown.
	Questions []quiz.Shuffled
	// Answers are the answers on the record: Answers[i] answers
	// Questions[i].
	Answers []quiz.Answer
	// Resumed is how many answers were carried over from an attempt left
	// part way.
	Resumed int

	course *modules.Course
	member string
	mode   string // the Mode of the events it gives to record
}

// NewQuiz starts an attempt by member at mod's quiz, each question's
// options in an order drawn from r. mode is the Mode of the events it
// gives to record.
func NewQuiz(c *modules.Course, member, mode string, mod *modules.Module, r *rand.Rand) Attempt {
	return newAttempt(c, member, mode, mod, mod.Questions, r)
}

func newAttempt(c *modules.Course, member, mode string, mod *modules.Module, questions []quiz.Question, r *rand.Rand) Attempt {
	a := Attempt{Module: mod, ID: record.NewAttemptID(), course: c, member: member, mode: mode}
	a.Questions = make([]quiz.Shuffled, len(questions))
	for i, q := range questions {
		a.Questions[i] = quiz.Shuffle(q, r)
	}
	return a
}

// Resume carries on an attempt left part way: its saved answers stand, in
// question order, up to the first question it has no answer to.
func (a *Attempt) Resume(u progress.Unfinished) {
	a.ID, a.Answers = u.Attempt, nil
	for _, q := range a.Questions {
		ans, ok := u.Answers[q.Question.ID]
		if !ok {
			break
		}
		a.Answers = append(a.Answers, ans)
	}
	a.Resumed = len(a.Answers)
}

// ResumedNote says the saved answers of an attempt left part way stand, or
// is "" when none were carried over.
func (a *Attempt) ResumedNote() string {
	if a.Resumed == 0 {
		return ""
	}
	return fmt.Sprintf("Carrying on where you left off: %s.", Plural(a.Resumed, "your saved answer stands", fmt.Sprintf("your %d saved answers stand", a.Resumed)))
}

// Done says every question has an answer on the record.
func (a *Attempt) Done() bool { return len(a.Answers) == len(a.Questions) }

// Current is the question to answer next; Done must be false.
func (a *Attempt) Current() quiz.Shuffled { return a.Questions[len(a.Answers)] }

// Asked are the attempt's questions, in the order asked.
func (a *Attempt) Asked() []quiz.Question {
	qs := make([]quiz.Question, len(a.Questions))
	for i, q := range a.Questions {
		qs[i] = q.Question
	}
	return qs
}

// Verdict is an answer graded: the event that records it, and what to
// say of it.
type Verdict struct {
	Answer quiz.Answer
	// Event is the answer's record (see SaveAnswer).
	Event record.Event
	// Options are the question's options in the order shown, each with
	// what to say of it.
	Options []OptionVerdict
	// BasedOn names the guidance paragraphs the question rests on, ready
	// to print (see CiteLine).
	BasedOn string
}

// OptionVerdict is one option of an answered question.
type OptionVerdict struct {
	quiz.Option
	// Chosen says the member chose it.
	Chosen bool
	// Why is the verdict on it (see Why): "" when it was neither chosen
	// nor right, and there is nothing to say.
	Why string
}

// Answer grades the options chosen, by their positions as shown (from 0),
// for the question now asked. Nothing is kept: the answer is recorded
// first (Verdict.Event), then kept with Accept. An answer that cannot be
// taken is an error from quiz.Grade (such as quiz.ErrTooManyChoice).
func (a *Attempt) Answer(positions []int) (Verdict, error) {
	q := a.Current()
	ans, err := q.Grade(positions)
	if err != nil {
		return Verdict{}, err
	}
	v := a.verdict(q, ans)
	v.Event = AnswerEvent(a.course, a.member, a.ID, q.Question, ans)
	v.Event.Mode = a.mode
	if a.Module == nil {
		v.Event.Reason = record.RefresherAnswer
	}
	return v, nil
}

// Accept keeps an answer now on the record, and moves on to the next
// question.
func (a *Attempt) Accept(v Verdict) { a.Answers = append(a.Answers, v.Answer) }

// VerdictOn is the verdict on the answer to question i.
func (a *Attempt) VerdictOn(i int) Verdict { return a.verdict(a.Questions[i], a.Answers[i]) }

func (a *Attempt) verdict(q quiz.Shuffled, ans quiz.Answer) Verdict {
	v := Verdict{Answer: ans, BasedOn: CiteLine(a.course, q.Question.Cites)}
	for j, authored := range q.Order {
		o := q.Option(j)
		chosen := slices.Contains(ans.Chosen, authored)
		v.Options = append(v.Options, OptionVerdict{Option: o, Chosen: chosen, Why: Why(o, chosen, q.Question.Kind)})
	}
	return v
}

// Score is the attempt's score against the course's pass mark.
func (a *Attempt) Score() quiz.Score { return quiz.ScoreOf(a.Answers, a.course.PassMark) }

// Result is the finished attempt for the record file (see FinishQuiz).
func (a *Attempt) Result() progress.QuizResult {
	r := Result(a.course, a.member, a.ID, a.Module, a.Asked(), a.Answers, a.Score())
	r.Mode = a.mode
	return r
}

// Outcome is what the results of a finished attempt say.
type Outcome struct {
	Score quiz.Score
	// ScoreLine says the score and the pass mark.
	ScoreLine string
	// Renewed are the modules whose passes a refresher renewed.
	Renewed []*modules.Module
	// Reread are the guidance paragraphs behind the questions answered
	// wrongly, each as "Guidance 3.1: Topic", ready to print.
	Reread []string
	// PassedBefore says the member had passed the module before this
	// attempt.
	PassedBefore bool
}

// Outcome is what the attempt earned, from the events FinishQuiz saved
// (finished) and the member's events (any read since the attempt began).
func (a *Attempt) Outcome(finished, events []record.Event) Outcome {
	sc := a.Score()
	o := Outcome{Score: sc, Renewed: Renewed(a.course, finished),
		ScoreLine: fmt.Sprintf("You answered %d of %d questions correctly (%s). The pass mark is %d%%.", sc.Correct, sc.Total, sc.PercentText(a.course.PassMark), a.course.PassMark)}
	for _, id := range ToReread(a.course, a.Asked(), a.Answers) {
		p, _ := a.course.Paragraph(id)
		o.Reread = append(o.Reread, safetext.Inert(a.course.Cite(id))+": "+safetext.Inert(p.Topic))
	}
	o.PassedBefore = a.Module != nil && PassedBefore(events, a.Module.ID, a.ID)
	return o
}

// RenewedLine says which passes a refresher renewed, or is "".
func (o Outcome) RenewedLine() string {
	var names []string
	for _, mod := range o.Renewed {
		names = append(names, fmt.Sprintf("module %d (%s)", mod.Number, safetext.Inert(mod.Title)))
	}
	if len(names) == 0 {
		return ""
	}
	return "This refresher renewed your pass in " + JoinAnd(names) + "."
}

// EarlierPassLine says a quiz not passed leaves an earlier pass standing,
// or is "".
func (o Outcome) EarlierPassLine() string {
	if o.Score.Passed || !o.PassedBefore {
		return ""
	}
	return "Your earlier pass of this module still stands."
}

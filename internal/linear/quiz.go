package linear

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/quiz"
	"course/internal/record"
)

// attempt is one attempt at a quiz in progress.
type attempt struct {
	module    *modules.Module // nil for a refresher
	title     string
	id        string
	questions []quiz.Shuffled
	answers   []quiz.Answer
}

func (a *attempt) asked() []quiz.Question {
	qs := make([]quiz.Question, len(a.questions))
	for i, q := range a.questions {
		qs[i] = q.Question
	}
	return qs
}

func (s *session) newAttempt(mod *modules.Module, title string, questions []quiz.Question) *attempt {
	a := &attempt{module: mod, title: title, id: record.NewAttemptID()}
	for _, q := range questions {
		a.questions = append(a.questions, quiz.Shuffle(q, s.rand))
	}
	return a
}

// moduleQuiz takes mod's quiz, carrying on an attempt left part way.
func (s *session) moduleQuiz(mod *modules.Module) error {
	if err := s.reload(); err != nil {
		return err
	}
	a := s.newAttempt(mod, fmt.Sprintf("Module %d quiz, %s", mod.Number, inert(mod.Title)), mod.Questions)
	if u, ok := progress.UnfinishedQuiz(s.events, mod.ID, mod.Version); ok {
		a.id = u.Attempt
		for _, q := range a.questions {
			ans, ok := u.Answers[q.Question.ID]
			if !ok {
				break
			}
			a.answers = append(a.answers, ans)
		}
		if n := len(a.answers); n > 0 {
			s.say("", fmt.Sprintf("Carrying on where you left off: %s.", plural(n, "your saved answer stands", fmt.Sprintf("your %d saved answers stand", n))))
		}
	}
	return s.take(a)
}

// refresher takes a refresher quiz over the modules the member has passed.
func (s *session) refresher() error {
	if err := s.reload(); err != nil {
		return err
	}
	pool := coursework.RefresherQuestions(s.c, s.prog)
	if len(pool) == 0 {
		s.say("", "The refresher goes over the modules you have passed: pass a module's quiz first.")
		return nil
	}
	qs := quiz.Refresher(pool, progress.History(s.events), coursework.RefresherSize, s.rand)
	return s.take(s.newAttempt(nil, "Refresher quiz", qs))
}

// finishedElsewhere is said when another window finished the quiz.
const finishedElsewhere = "That quiz was finished in another window, so nothing more is added to it: its result stands, and the contents show it. Open the module to take the quiz again."

// take asks the attempt's questions not yet answered, then saves and reads
// out the result.
func (s *session) take(a *attempt) error {
	for len(a.answers) < len(a.questions) {
		done, err := s.question(a)
		if err != nil || done {
			return err
		}
	}
	return s.finish(a)
}

// question asks the next question and saves the answer. done says the
// member left the quiz.
func (s *session) question(a *attempt) (done bool, err error) {
	i := len(a.answers)
	q := a.questions[i]
	multiple := q.Question.Kind == quiz.Multiple
	show := func() {
		lines := []string{"", fmt.Sprintf("%s. Question %d of %d.", a.title, i+1, len(a.questions))}
		if q.Question.Scenario != "" {
			lines = append(lines, inertLines(q.Question.Scenario))
		}
		lines = append(lines, inert(q.Question.Prompt))
		switch {
		case strings.Contains(strings.ToLower(q.Question.Prompt), "select all"):
		case multiple:
			lines = append(lines, "Select all that apply.")
		default:
			lines = append(lines, "Choose one answer.")
		}
		for j := range q.Order {
			lines = append(lines, fmt.Sprintf("%d. %s", j+1, inert(q.Option(j).Text)))
		}
		s.say(lines...)
	}
	show()
	prompt := "Type the number of your answer, or help."
	if multiple {
		prompt = "Type the numbers of every answer that applies, with commas between, such as 1,3. Or type help."
	}
	for {
		typed, err := s.ask(prompt)
		if err != nil {
			return false, err
		}
		switch strings.ToLower(typed) {
		case "help", "?":
			how := "Type the number before an answer and press enter."
			if multiple {
				how += " For more than one, put commas between the numbers, such as 1,3."
			}
			s.say(how,
				"repeat: hear the question again.",
				"contents: leave the quiz. Your answers so far are saved, and the quiz carries on from here next time.",
				"quit: stop. Your answers are saved.")
			continue
		case "repeat", "again":
			show()
			continue
		case "contents", "back":
			saved := plural(len(a.answers), "Your answer is saved.", fmt.Sprintf("Your %d answers are saved.", len(a.answers)))
			if len(a.answers) == 0 {
				saved = "You had not answered any question yet."
			}
			s.say("You left the quiz. " + saved)
			return true, nil
		case "":
			if multiple {
				s.say("Type the numbers of your answers first, with commas between.")
			} else {
				s.say("Type the number of your answer first.")
			}
			continue
		}
		positions, problem := parseChoice(typed, len(q.Order))
		if problem != "" {
			s.say(problem)
			continue
		}
		answer, err := q.Grade(positions)
		if errors.Is(err, quiz.ErrTooManyChoice) {
			s.say("This question has one answer: type only one number.")
			continue
		}
		if err != nil {
			s.say("That answer cannot be taken: " + err.Error() + ".")
			continue
		}
		// Saved before it is marked, as in the full-screen course.
		if _, err := s.record(coursework.AnswerEvent(s.c, s.member.Number, a.id, q.Question, answer)); err != nil {
			if errors.Is(err, progress.ErrAttemptFinished) {
				s.say(finishedElsewhere)
				return true, nil
			}
			s.say("Your answer was not saved: " + err.Error() + ". Type it again to try again.")
			continue
		}
		a.answers = append(a.answers, answer)
		s.feedback(q, answer)
		return false, nil
	}
}

// parseChoice reads "2", "1,3", "1 3" or "1 and 3" as screen positions
// from 0.
func parseChoice(typed string, n int) ([]int, string) {
	if t := strings.TrimSpace(typed); strings.HasSuffix(t, ",") || strings.HasSuffix(t, " and") || strings.Contains(strings.ReplaceAll(t, " ", ""), ",,") {
		// Enter pressed half way through a list: nothing is taken yet.
		return nil, "That answer ends with a comma or a gap: type all the numbers again, such as 1,3."
	}
	fields := strings.FieldsFunc(strings.ToLower(typed), func(r rune) bool { return r == ',' || r == ' ' || r == ';' })
	var positions []int
	for _, f := range fields {
		if f == "and" {
			continue
		}
		i, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Sprintf("%q is not an answer number. Type a number from 1 to %d, or help.", f, n)
		}
		if i < 1 || i > n {
			return nil, fmt.Sprintf("There is no answer %d. Type a number from 1 to %d.", i, n)
		}
		positions = append(positions, i-1)
	}
	if len(positions) == 0 {
		return nil, fmt.Sprintf("Type a number from 1 to %d.", n)
	}
	return positions, ""
}

// feedback says whether the saved answer was right, and why.
func (s *session) feedback(q quiz.Shuffled, answer quiz.Answer) {
	lines := []string{"Not correct."}
	if answer.Correct {
		lines = []string{"Correct."}
	}
	for j := range q.Order {
		o, authored := q.Option(j), q.Order[j]
		chosen := slices.Contains(answer.Chosen, authored)
		if !o.Correct && !chosen {
			continue
		}
		var why string
		switch {
		case o.Correct && chosen:
			why = "Your choice, and right"
		case o.Correct && q.Question.Kind == quiz.Single:
			why = "The right answer"
		case o.Correct:
			why = "You missed this one"
		default:
			why = "Your choice"
		}
		lines = append(lines, fmt.Sprintf("%s: %d. %s %s", why, j+1, inert(o.Text), inert(o.Feedback)))
	}
	lines = append(lines, inert(coursework.BasedOn(s.c, q.Question.Cites)))
	s.say(lines...)
}

// finish saves the finished quiz and reads out the result.
func (s *session) finish(a *attempt) error {
	score := quiz.ScoreOf(a.answers, s.c.PassMark)
	r := coursework.Result(s.c, s.member.Number, a.id, a.module, a.asked(), a.answers, score)
	r.Mode = record.ModeAccessible
	var saved []record.Event
	for {
		var err error
		if saved, err = coursework.FinishQuiz(s.store, r); err == nil {
			break
		}
		if errors.Is(err, progress.ErrAttemptFinished) {
			s.say(finishedElsewhere)
			return nil
		}
		if _, aerr := s.ask("Your result was not saved: " + err.Error() + ". Press enter to try again, or type quit."); aerr != nil {
			return aerr
		}
	}
	passedBefore := a.module != nil && coursework.PassedBefore(s.events, a.module.ID, a.id)
	if err := s.reload(); err != nil {
		return err
	}
	lines := []string{"", a.title + ". Results.",
		fmt.Sprintf("You answered %d of %d questions correctly (%s). The pass mark is %d%%.", score.Correct, score.Total, score.PercentText(s.c.PassMark), s.c.PassMark)}
	if score.Passed {
		lines = append(lines, "Passed. Your result is saved on your record.")
	} else {
		lines = append(lines, "Not passed this time. Your result is saved; you can try again now or later.")
	}
	var renewed []string
	for _, mod := range coursework.Renewed(s.c, saved) {
		renewed = append(renewed, fmt.Sprintf("module %d (%s)", mod.Number, inert(mod.Title)))
	}
	if len(renewed) > 0 {
		lines = append(lines, "This refresher renewed your pass in "+coursework.JoinAnd(renewed)+".")
	}
	if wrong := coursework.ToReread(s.c, a.asked(), a.answers); len(wrong) > 0 {
		lines = append(lines, "Worth re-reading:")
		for _, id := range wrong {
			p, _ := s.c.Paragraph(id)
			lines = append(lines, inert(s.c.Cite(id))+": "+inert(p.Topic)+".")
		}
	}
	if a.module != nil && !score.Passed && passedBefore {
		lines = append(lines, "Your earlier pass of this module still stands.")
	}
	complete := a.module != nil && s.prog.Status == progress.Passed
	if complete && score.Passed {
		lines = append(lines, "You have passed every module.")
	}
	s.say(lines...)
	enter := "press enter to go back to the contents"
	if complete {
		enter = "press enter to hear your certificate"
	}
	again := "again to take it again (the answers come in a new order)"
	if a.module == nil {
		again = "again for another refresher"
	}
	for {
		typed, err := s.ask("Type review to go through your answers, " + again + ", or " + enter + ".")
		if err != nil {
			return err
		}
		switch strings.ToLower(typed) {
		case "":
			if complete {
				return s.certificate()
			}
			return nil
		case "review":
			if err := s.review(a.module, a.id); err != nil {
				return err
			}
		case "again":
			if a.module == nil {
				return s.refresher()
			}
			return s.moduleQuiz(a.module)
		case "contents":
			return nil
		default:
			s.say("Type review, again, or press enter.")
		}
	}
}

// review goes through one attempt: each question, what the member chose,
// the right answer and why. mod is nil for a refresher.
func (s *session) review(mod *modules.Module, attemptID string) error {
	if err := s.reload(); err != nil {
		return err
	}
	title := "Review of the refresher quiz."
	if mod != nil {
		title = fmt.Sprintf("Review of the module %d quiz, %s.", mod.Number, inert(mod.Title))
	}
	questions := map[string]quiz.Question{}
	for _, q := range s.c.Questions() {
		questions[q.ID] = q
	}
	var answered []record.Event
	for _, e := range s.events {
		if e.Kind == record.QuestionAnswered && e.Attempt == attemptID && attemptID != "" {
			answered = append(answered, e)
		}
	}
	if len(answered) == 0 {
		s.say("", "There is no finished attempt to review yet. Take the quiz first.")
		return nil
	}
	lines := []string{"", title}
	for n, e := range answered {
		lines = append(lines, fmt.Sprintf("Question %d of %d.", n+1, len(answered)))
		q, ok := questions[e.Question]
		if !ok {
			lines = append(lines, "This question is no longer in the course.")
			continue
		}
		if cur := s.c.Module(q.Module); cur != nil && e.ModuleVersion != cur.Version {
			lines = append(lines, "This module has changed since this attempt: the question is read as it is now.")
		}
		if q.Scenario != "" {
			lines = append(lines, inertLines(q.Scenario))
		}
		lines = append(lines, inert(q.Prompt))
		if e.Correct {
			lines = append(lines, "Correct. You chose: "+optionTexts(q, e.Chosen))
		} else {
			lines = append(lines, "Not correct. You chose: "+optionTexts(q, e.Chosen))
			lines = append(lines, plural(len(q.CorrectOptions()), "The right answer: ", "The right answers: ")+optionTexts(q, q.CorrectOptions()))
		}
		for _, i := range q.CorrectOptions() {
			lines = append(lines, "Why: "+inert(q.Options[i].Feedback))
		}
		for _, i := range e.Chosen {
			if i >= 0 && i < len(q.Options) && !q.Options[i].Correct {
				lines = append(lines, "Why not "+inert(q.Options[i].Text)+": "+inert(q.Options[i].Feedback))
			}
		}
		lines = append(lines, inert(coursework.BasedOn(s.c, q.Cites)))
	}
	lines = append(lines, "End of the review.")
	s.say(lines...)
	return nil
}

// optionTexts lists options by their authored numbers as a sentence.
func optionTexts(q quiz.Question, options []int) string {
	var texts []string
	for _, i := range options {
		if i >= 0 && i < len(q.Options) {
			texts = append(texts, inert(strings.TrimRight(q.Options[i].Text, ".")))
		}
	}
	if len(texts) == 0 {
		return "nothing."
	}
	return strings.Join(texts, "; ") + "."
}

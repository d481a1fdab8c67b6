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
	"course/internal/safetext"
)

// attempt is one attempt at a quiz in progress, with its title.
type attempt struct {
	coursework.Attempt
	title string
	// last is the feedback to the last question, when it was given in
	// this run: the pause after it comes once the result is saved.
	last *coursework.Verdict
}

// moduleQuiz takes mod's quiz, carrying on an attempt left part way.
func (s *session) moduleQuiz(mod *modules.Module) error {
	if err := s.reload(); err != nil {
		return err
	}
	a := &attempt{Attempt: coursework.NewQuiz(s.c, s.member.Number, record.ModeAccessible, mod, s.rand),
		title: fmt.Sprintf("Module %d quiz, %s", mod.Number, safetext.Inert(mod.Title))}
	if u, ok := s.st.Unfinished(mod); ok {
		a.Resume(u)
		if note := a.ResumedNote(); note != "" {
			s.say("", note)
		}
	}
	return s.take(a)
}

// refresher takes a refresher quiz over the modules the member has passed,
// carrying on one left part way.
func (s *session) refresher() error {
	if err := s.reload(); err != nil {
		return err
	}
	r, ok := coursework.NewRefresher(s.c, s.member.Number, record.ModeAccessible, s.st, s.rand)
	if !ok {
		s.say("", coursework.NoRefresherYet)
		return nil
	}
	if note := r.ResumedNote(); note != "" {
		s.say("", note)
	}
	return s.take(&attempt{Attempt: r, title: "Refresher quiz"})
}

// finishedElsewhere is said when another window finished the quiz.
const finishedElsewhere = "That quiz was finished in another window, so nothing more is added to it: its result stands, and the contents show it. Open the module to take the quiz again."

// take asks the attempt's questions not yet answered, then saves and reads
// out the result.
func (s *session) take(a *attempt) error {
	for !a.Done() {
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
	i := len(a.Answers)
	q := a.Current()
	multiple := q.Question.Kind == quiz.Multiple
	show := func() {
		lines := []string{"", fmt.Sprintf("%s. Question %d of %d.", a.title, i+1, len(a.Questions))}
		if q.Question.Scenario != "" {
			lines = append(lines, safetext.InertLines(q.Question.Scenario))
		}
		lines = append(lines, safetext.Inert(q.Question.Prompt))
		if how := coursework.HowToAnswer(q.Question); how != "" {
			lines = append(lines, how)
		}
		for j := range q.Order {
			lines = append(lines, fmt.Sprintf("%d. %s", j+1, safetext.Inert(q.Option(j).Text)))
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
			saved := coursework.Plural(i, "Your answer is saved.", fmt.Sprintf("Your %d answers are saved.", i))
			if i == 0 {
				saved = "You had not answered any question yet."
			}
			s.say("You left the quiz. " + saved)
			s.listContents = strings.EqualFold(typed, "contents")
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
		v, err := a.Answer(positions)
		if errors.Is(err, quiz.ErrTooManyChoice) {
			s.say("This question has one answer: type only one number.")
			continue
		}
		if err != nil {
			s.say("That answer cannot be taken: " + err.Error() + ".")
			continue
		}
		// Saved before it is marked, as in the full-screen course.
		if _, err := coursework.SaveAnswer(s.store, v.Event); err != nil {
			if errors.Is(err, progress.ErrAttemptFinished) {
				s.say(finishedElsewhere)
				return true, nil
			}
			if errors.Is(err, coursework.ErrLeft) {
				return true, fmt.Errorf("your answer was not saved: %w", err)
			}
			s.say("Your answer was not saved: " + err.Error() + ". Type it again to try again.")
			continue
		}
		a.Accept(v)
		s.feedback(v)
		if a.Done() {
			a.last = &v
			return false, nil
		}
		return s.pause(a, v)
	}
}

// pause waits after an answer's feedback, so that it does not run into
// what comes next; repeat says the feedback again. done says the member
// left the quiz. After the last answer it comes once the result is saved
// (see finish), so that quitting there loses nothing.
func (s *session) pause(a *attempt, v coursework.Verdict) (done bool, err error) {
	next := "your results"
	if !a.Done() {
		next = fmt.Sprintf("question %d of %d", len(a.Answers)+1, len(a.Questions))
	}
	prompt := "Press enter for " + next + ", or type repeat to hear this again, or help."
	for {
		typed, err := s.ask(prompt)
		if err != nil {
			return false, err
		}
		switch strings.ToLower(typed) {
		case "":
			return false, nil
		case "repeat", "again":
			s.feedback(v)
		case "help", "?":
			s.say("Your answer is saved.",
				"enter on its own: "+next+".",
				"repeat: hear whether your answer was right, and why, again.")
			if !a.Done() {
				s.say("contents: leave the quiz. The quiz carries on from here next time.")
			}
			s.say("quit: stop. Your answers are saved.")
		case "contents", "back":
			if a.Done() {
				// Every answer is in: the result is what comes next.
				s.say("Your answers are all saved. Press enter on its own for your results.")
				continue
			}
			s.say("You left the quiz. " + coursework.Plural(len(a.Answers), "Your answer is saved.", fmt.Sprintf("Your %d answers are saved.", len(a.Answers))))
			s.listContents = strings.EqualFold(typed, "contents")
			return true, nil
		default:
			s.say("Your answer is saved. Press enter on its own for " + next + ".")
		}
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
func (s *session) feedback(v coursework.Verdict) {
	lines := []string{"Not correct."}
	if v.Answer.Correct {
		lines = []string{"Correct."}
	}
	for j, o := range v.Options {
		if o.Why != "" {
			lines = append(lines, fmt.Sprintf("%s: %d. %s %s", o.Why, j+1, endSentence(safetext.Inert(o.Text)), safetext.Inert(o.Feedback)))
		}
	}
	if slices.ContainsFunc(v.Options, func(o coursework.OptionVerdict) bool { return o.Why == "" }) {
		lines = append(lines, coursework.ReviewExplainsTheRest)
	}
	lines = append(lines, v.BasedOn)
	s.say(lines...)
}

// finish saves the finished quiz and reads out the result.
func (s *session) finish(a *attempt) error {
	var saved []record.Event
	for {
		var err error
		if saved, err = coursework.FinishQuiz(s.store, a.Result()); err == nil {
			break
		}
		if errors.Is(err, progress.ErrAttemptFinished) {
			s.say(finishedElsewhere)
			return nil
		}
		if errors.Is(err, coursework.ErrLeft) {
			return fmt.Errorf("your result was not saved: %w", err)
		}
		if _, aerr := s.ask("Your result was not saved: " + err.Error() + ". Press enter to try again, or type quit."); aerr != nil {
			return aerr
		}
	}
	if a.last != nil {
		if _, err := s.pause(a, *a.last); err != nil {
			return err
		}
	}
	out := a.Outcome(saved, s.st.Events)
	if err := s.reload(); err != nil {
		return err
	}
	verdict, kept := coursework.ResultWords(out.Score.Passed)
	lines := []string{"", a.title + ". Results.", out.ScoreLine, verdict + " " + kept}
	if r := out.RenewedLine(); r != "" {
		lines = append(lines, r)
	}
	if len(out.Reread) > 0 {
		lines = append(lines, "Worth re-reading:")
		for _, r := range out.Reread {
			lines = append(lines, r+".")
		}
	}
	if e := out.EarlierPassLine(); e != "" {
		lines = append(lines, e)
	}
	complete := a.Module != nil && s.st.Complete()
	if complete && out.Score.Passed {
		lines = append(lines, "You have passed every module.")
	}
	s.say(lines...)
	enter := "press enter to go back to the contents"
	if complete {
		enter = "press enter to hear your certificate"
	}
	again := "again to take it again (the answers come in a new order)"
	if a.Module == nil {
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
			if err := s.review(a.Module, a.ID); err != nil {
				return err
			}
		case "again":
			if a.Module == nil {
				return s.refresher()
			}
			return s.moduleQuiz(a.Module)
		case "contents":
			return errContents
		default:
			s.say("Type review, again, or press enter.")
		}
	}
}

// review goes through one attempt a question at a time: each question,
// what the member chose, the right answer and why. mod is nil for a
// refresher.
func (s *session) review(mod *modules.Module, attemptID string) error {
	if err := s.reload(); err != nil {
		return err
	}
	title := "Review of the refresher quiz."
	if mod != nil {
		title = fmt.Sprintf("Review of the module %d quiz, %s.", mod.Number, safetext.Inert(mod.Title))
	}
	answered := coursework.Review(s.c, s.st.Events, attemptID)
	if len(answered) == 0 {
		s.say("", coursework.NothingToReview)
		return nil
	}
	n := len(answered)
	for i, show := 0, true; ; {
		if show {
			lines := []string{""}
			if i == 0 {
				lines = append(lines, title)
			}
			lines = append(lines, s.reviewed(answered[i], i, n)...)
			if i == n-1 {
				lines = append(lines, "End of the review.")
			}
			s.say(lines...)
		}
		show = true
		if i == n-1 {
			return nil
		}
		a, err := s.ask(fmt.Sprintf("Press enter for question %d of %d, or type back, repeat or done.", i+2, n))
		if err != nil {
			return err
		}
		switch strings.ToLower(a) {
		case "":
			i++
		case "back", "b", "previous":
			if i == 0 {
				s.say("This is the first question. Type done to end the review.")
				show = false
				continue
			}
			i--
		case "repeat", "r", "again":
		case "done", "end", "stop":
			return nil
		case "contents":
			return errContents
		case "help", "?":
			s.say("In a review you can type:",
				"enter on its own: the next question.",
				"back: the question before.",
				"repeat: this question again.",
				fmt.Sprintf("a number from 1 to %d: that question.", n),
				"done: end the review.",
				"quit: stop. Your answers are saved.")
			show = false
		default:
			k, ok := number(a, n)
			if !ok {
				s.say(fmt.Sprintf("Press enter for the next question, or type a number from 1 to %d, or done, or help.", n))
				show = false
				continue
			}
			i = k - 1
		}
	}
}

// reviewed is the review of the i-th of n questions answered.
func (s *session) reviewed(r coursework.Reviewed, i, n int) []string {
	lines := []string{fmt.Sprintf("Question %d of %d.", i+1, n)}
	q := r.Question
	if q == nil {
		return append(lines, coursework.QuestionGone)
	}
	if r.Changed {
		lines = append(lines, "This module has changed since this attempt: the question is read as it is now.")
	}
	if q.Scenario != "" {
		lines = append(lines, safetext.InertLines(q.Scenario))
	}
	lines = append(lines, safetext.Inert(q.Prompt))
	if r.Answer.Correct {
		lines = append(lines, "Correct. You chose: "+optionTexts(r.Chosen()))
	} else {
		lines = append(lines, "Not correct. You chose: "+optionTexts(r.Chosen()))
		lines = append(lines, coursework.Plural(len(r.Right()), "The right answer: ", "The right answers: ")+optionTexts(r.Right()))
	}
	// Several right answers are named, so that each reason is heard with
	// the answer it explains.
	right := r.Right()
	lines = append(lines, rightReasons(right)...)
	for _, o := range append(r.WronglyChosen(), r.Unchosen()...) {
		lines = append(lines, "Why not "+safetext.Inert(strings.TrimRight(o.Text, "."))+": "+safetext.Inert(o.Feedback))
	}
	return append(lines, coursework.CiteLine(s.c, q.Cites))
}

// rightReasons says why each right answer is right, naming it when there
// are several. Answers with the same reason share one line, naming each:
// the same reason twice tells a listener nothing new.
func rightReasons(options []quiz.Option) []string {
	named := len(options) > 1
	var lines []string
	var names [][]string
	at := map[string]int{} // the line of each reason
	for _, o := range options {
		fb := safetext.Inert(o.Feedback)
		i, ok := at[fb]
		if !ok {
			i = len(lines)
			at[fb] = i
			lines = append(lines, fb)
			names = append(names, nil)
		}
		names[i] = append(names[i], safetext.Inert(strings.TrimRight(o.Text, ".")))
	}
	for i, fb := range lines {
		if !named {
			lines[i] = "Why: " + fb
			continue
		}
		n := names[i]
		who := n[len(n)-1]
		if len(n) > 1 {
			who = strings.Join(n[:len(n)-1], ", ") + " and " + who
		}
		lines[i] = "Why " + who + ": " + fb
	}
	return lines
}

// optionTexts lists options as a sentence.
func optionTexts(options []quiz.Option) string {
	var texts []string
	for _, o := range options {
		texts = append(texts, safetext.Inert(strings.TrimRight(o.Text, ".")))
	}
	if len(texts) == 0 {
		return "nothing."
	}
	return strings.Join(texts, "; ") + "."
}

// endSentence ends text with a full stop unless it ends a sentence
// already, so that a screen reader does not run it into what follows.
func endSentence(text string) string {
	t := strings.TrimRight(text, "\"'”’)]")
	if t == "" || strings.ContainsAny(t[len(t)-1:], ".!?:;") || strings.HasSuffix(t, "…") {
		return text
	}
	return text + "."
}

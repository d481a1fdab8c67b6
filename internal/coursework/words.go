package coursework

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"course/internal/dates"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/quiz"
	"course/internal/record"
	"course/internal/safetext"
)

// The words both courses say alike, so that they say the same thing.

// StatusWords says a module's standing in words. detail adds what the
// full-screen list has no room for: "best" before the score, "lesson"
// before read, and why a refresh is needed.
func StatusWords(mp progress.ModuleProgress, detail bool) string {
	switch mp.Status {
	case progress.Passed:
		return fmt.Sprintf("passed (%d%%)", mp.BestPercent)
	case progress.NeedsRefresh:
		if detail && mp.RefreshReason != "" {
			return "needs refresh: " + mp.RefreshReason
		}
		return "needs refresh"
	case progress.InProgress:
		switch {
		case mp.Attempts > 0 && detail:
			return fmt.Sprintf("not passed yet (best %d%%)", mp.BestPercent)
		case mp.Attempts > 0:
			return fmt.Sprintf("not passed yet (%d%%)", mp.BestPercent)
		case mp.Read && detail:
			return "lesson read, quiz next"
		case mp.Read:
			return "read, quiz next"
		}
		return "in progress"
	}
	return "not started"
}

// Why is the verdict on one option of an answered question of kind: why
// it is worth reading its feedback. It is "" for an option neither
// chosen nor right.
func Why(o quiz.Option, chosen bool, kind quiz.Kind) string {
	switch {
	case o.Correct && chosen:
		return "Your choice, and right"
	case o.Correct && kind == quiz.Single:
		return "The right answer"
	case o.Correct:
		return "You missed this one"
	case chosen:
		return "Your choice"
	}
	return ""
}

// ResultWords are what a finished quiz says of itself: whether it passed,
// and that the result is saved.
func ResultWords(passed bool) (verdict, saved string) {
	if passed {
		return "Passed.", "Your result is saved on your record."
	}
	return "Not passed this time.", "Your result is saved; you can try again now or later."
}

// Plural is one when n is 1, else many.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Sentence starts text with a capital letter.
func Sentence(text string) string {
	if text == "" {
		return text
	}
	r, n := utf8.DecodeRuneInString(text)
	return string(unicode.ToUpper(r)) + text[n:]
}

// AdviceLine names whom members can ask for advice, or is "" when the
// course names nobody.
func AdviceLine(c *modules.Course) string {
	if len(c.Advice) == 0 {
		return ""
	}
	return "Ask for advice: " + safetext.Inert(c.AdviceList()) + "."
}

// HandedIn is what saving a member's hand-in did: where the file is, and
// what it holds, as a sentence ("It holds 212 records of … You completed
// the course: your certificate's verification code is …"), or "".
type HandedIn struct {
	Path, Holds string
}

// SendHandIn says whom to send a hand-in to: the contacts course.yaml
// names for the course itself (serve: contacts:), or else the monitoring
// officer; and what they do with it. The advice teams, who answer
// questions about social media, are not whom records go to.
func SendHandIn(c *modules.Course) string {
	if len(c.ServeContacts) > 0 {
		return "Send this file to: " + safetext.Inert(c.ConnectList()) + ". They add it to the council's records."
	}
	return "Send this file to your council's monitoring officer (in a parish or town council, the clerk), " +
		"who adds it to the council's records."
}

// CiteLine names the guidance paragraphs a question rests on (see
// BasedOn), ready to print.
func CiteLine(c *modules.Course, ids []string) string {
	return safetext.Inert(BasedOn(c, ids))
}

// Sentences both courses say alike.
const (
	// NoRefresherYet says why there is no refresher for a member who has
	// passed nothing.
	NoRefresherYet = "The refresher goes over the modules you have passed: pass a module's quiz first."
	// NothingToReview says there is no finished attempt to review.
	NothingToReview = "There is no finished attempt to review yet. Take the quiz first."
	// QuestionGone says a reviewed question is no longer in the course.
	QuestionGone = "This question is no longer in the course."
	// HandInWhy is what a hand-in is for: the records of a course taken
	// on the member's own computer reach the council's only in one.
	HandInWhy = "save your records as a file to send to the council, so that it can confirm your certificate"
	// NameRequired asks a member registering for their name.
	NameRequired = "Please type your name: it is how the monitoring officer finds your record."
)

// HowToAnswer says how many options to choose, or is "" when the prompt
// says so itself.
func HowToAnswer(q quiz.Question) string {
	switch {
	case strings.Contains(strings.ToLower(q.Prompt), "select all"):
		return ""
	case q.Kind == quiz.Multiple:
		return "Select all that apply."
	}
	return "Choose one answer."
}

// Elected reads the date a member was elected or co-opted, as typed, and
// checks it as the record does. A problem is a sentence for the member,
// without its full stop; invalid says the record's own check refused the
// date, rather than it not being a date.
func Elected(typed string, now time.Time) (elected time.Time, problem string, invalid bool) {
	elected, err := dates.Parse(typed)
	if err == nil {
		err = record.CheckElected(elected, now)
	}
	switch {
	case errors.Is(err, record.ErrInvalid):
		return elected, Sentence(record.Reason(err)), true
	case err != nil:
		return elected, "Date elected: " + err.Error(), false
	}
	return elected, "", false
}

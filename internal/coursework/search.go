package coursework

import (
	"course/internal/modules"
	"course/internal/progress"
)

// Search finds query in the course as a member may read it: a quiz's
// answers, and why each is right or wrong, only once the member has taken
// that module's quiz, so that search cannot be used to look them up first;
// every quiz's when the course's answers_in_search is set, for a course
// used as a refresher. p is the member's progress; the zero Progress (no
// member, as in course search) has taken no quiz. A member taking the
// course searches with Standing.Search, which adds the rule for a quiz
// under way.
func Search(c *modules.Course, p progress.Progress, query string) []modules.Match {
	if c.AnswersInSearch {
		return c.Search(query)
	}
	return c.SearchHiding(query, func(m *modules.Module) bool { return !QuizTaken(p, m) })
}

// QuizTaken says the member has finished mod's quiz at least once.
func QuizTaken(p progress.Progress, mod *modules.Module) bool {
	for _, mp := range p.Modules {
		if mp.Module == mod.ID {
			return mp.Attempts > 0 || mp.Passed
		}
	}
	return false
}

// AnswersHidden says what a search leaves out until a quiz is taken, or
// is "" when the course shows every answer.
func AnswersHidden(c *modules.Course) string {
	if c.AnswersInSearch {
		return ""
	}
	return "A quiz's answers, and why each is right or wrong, are searched once you have taken that quiz."
}

// QuizzesHidden says why a member's search finds no quiz while they have
// one under way.
const QuizzesHidden = "While you have a quiz not finished, search finds only the lessons: finish the quiz, and the quizzes are searched again."

// QuizOpen says the member has a quiz or a refresher left part way.
func (s Standing) QuizOpen() bool { return len(s.leftPartWay) > 0 || s.refresher.Attempt != "" }

// SearchesQuizzes says the member's search finds quizzes now: not while
// they have a quiz under way, on screen (quizOnScreen) or left part way.
func (s Standing) SearchesQuizzes(quizOnScreen bool) bool { return !quizOnScreen && !s.QuizOpen() }

// Search finds query in the course as the member may read it now. While
// they have a quiz under way (see SearchesQuizzes) it finds only the
// lessons: any quiz's questions and answers, and the paragraphs each
// rests on, would help answer it, answers_in_search or not. Otherwise it
// is Search.
func (s Standing) Search(c *modules.Course, query string, quizOnScreen bool) []modules.Match {
	if s.SearchesQuizzes(quizOnScreen) {
		return Search(c, s.Progress, query)
	}
	var lessons []modules.Match
	for _, m := range c.Search(query) {
		if m.Question == "" {
			lessons = append(lessons, m)
		}
	}
	return lessons
}

// SearchLeavesOut says what the member's search leaves out now (see
// Standing.Search), or is "" when it leaves out nothing.
func (s Standing) SearchLeavesOut(c *modules.Course, quizOnScreen bool) string {
	if !s.SearchesQuizzes(quizOnScreen) {
		return QuizzesHidden
	}
	return AnswersHidden(c)
}

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
// member, as in course search) has taken no quiz.
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

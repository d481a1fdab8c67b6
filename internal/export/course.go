package export

import "course/internal/modules"

// CourseOf is what xAPI statements need from the course.
func CourseOf(c *modules.Course) XAPICourse {
	x := XAPICourse{
		HomePage: c.XAPI.HomePage, ActivityBase: c.XAPI.ActivityBase,
		Title: c.GuidanceTitle, GuidanceVersion: c.GuidanceVersion, Language: c.Language,
	}
	for _, m := range c.Modules {
		xm := XAPIModule{ID: m.ID, Title: m.Title}
		for _, q := range m.Questions {
			xq := XAPIQuestion{ID: q.ID, Scenario: q.Scenario, Prompt: q.Prompt, Correct: q.CorrectOptions()}
			for _, o := range q.Options {
				xq.Choices = append(xq.Choices, o.Text)
			}
			xm.Questions = append(xm.Questions, xq)
		}
		x.Modules = append(x.Modules, xm)
	}
	return x
}

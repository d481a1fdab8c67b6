package modules

import (
	"strings"
	"testing"
	"testing/fstest"
)

// aliasBomb expands to billions of nodes if aliases are followed naively.
const aliasBomb = `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
paragraphs: *i
`

// FuzzCheck feeds arbitrary settings, lesson and quiz files to the loader:
// whatever the input, it must return (problems or a course), never panic or hang.
func FuzzCheck(f *testing.F) {
	f.Add(testSettings, testLesson, testQuiz)
	f.Add(aliasBomb, testLesson, testQuiz)
	f.Add(testSettings, "---\n"+aliasBomb+"---\nbody\n", "questions: "+strings.Repeat("[", 5000))
	f.Add(testSettings, testLesson, "questions:\n"+strings.Repeat("  ", 2000)+"- x")
	f.Add(testSettings, "---\n---\n", "questions:\n  - id: &x q\n    options: *x\n")
	f.Add("\ufeffcouncil: x\r\n", "---\r\nid: one\r\n---\r\n", "{")
	f.Fuzz(func(t *testing.T, settings, lesson, quizText string) {
		fsys := fstest.MapFS{
			"course.yaml":             {Data: []byte(settings)},
			"modules/1-one.md":        {Data: []byte(lesson)},
			"modules/1-one.quiz.yaml": {Data: []byte(quizText)},
			"modules/2-two.md":        {Data: []byte(testLesson2)},
			"modules/2-two.quiz.yaml": {Data: []byte(testQuiz2)},
		}
		c, problems := Check(fsys, "content")
		if c == nil && len(problems) == 0 {
			t.Fatal("no course and no problem reported")
		}
		for _, p := range problems {
			if p.File == "" || p.Msg == "" {
				t.Fatalf("problem without file or message: %+v", p)
			}
		}
	})
}

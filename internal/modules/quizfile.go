package modules

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"course/internal/quiz"
)

// The quizzes: modules/NAME.quiz.yaml, beside each lesson.

// questions reads the module's quiz file.
func (l *loader) questions(c *Course, m *Module, seen map[string]string) {
	file := l.name(m.QuizFile)
	lesson := path.Base(m.File)
	data, ok := l.read(m.QuizFile, fmt.Sprintf("every lesson %s needs a quiz %s beside it, in the same folder", lesson, strings.TrimSuffix(lesson, lessonSuffix)+quizSuffix))
	// The version follows what members read: a contact's new address in
	// course.yaml is news to the lessons that give it.
	lessonRead, _ := c.fill(string(m.lesson), nil, nil)
	quizRead, _ := c.fill(string(data), nil, nil)
	m.Version = hashOf([]byte(lessonRead), []byte(quizRead))
	if !ok {
		return
	}
	var q quizFile
	if !l.decodeStrict(m.QuizFile, data, 1, &q, quizFields) {
		return
	}
	m.questionLines = idLines(data)
	root := l.nodeLines(data, 1)
	list := valueOf(root, "questions")
	if len(q.Questions) == 0 {
		l.ps.add(file, lineOr(list, 1), "has no questions: each module needs a quiz")
	}
	for i, qy := range q.Questions {
		qn := item(list, i)
		line := lineOr(qn, 1)
		id := strings.TrimSpace(qy.ID)
		valid := true
		if !idRe.MatchString(id) {
			l.ps.add(file, lineOf(qn, "id", line), "question id %q must be lower-case letters, digits and hyphens", id)
			valid = false
		} else if prev, dup := seen[id]; dup {
			l.ps.add(file, lineOf(qn, "id", line), "question id %q is already used in %s", id, prev)
			valid = false
		} else {
			seen[id] = file + ":" + strconv.Itoa(line)
		}
		kind, err := quiz.ParseKind(qy.Type)
		if err != nil {
			l.ps.add(file, lineOf(qn, "type", line), "%v", err)
			valid = false
		}
		if strings.TrimSpace(qy.Question) == "" {
			l.ps.add(file, line, "question %q has no question text (field: question)", id)
			valid = false
		}
		cites := valueOf(qn, "cites")
		if len(qy.Cites) == 0 {
			l.ps.add(file, lineOr(cites, line), "question %q cites no paragraph: add cites: [\"3.8\"]", id)
			valid = false
		}
		for j, p := range qy.Cites {
			if !l.knownParagraph(c, file, lineOr(item(cites, j), line), p, "question "+strconv.Quote(id)+" cites") {
				valid = false
			}
		}
		opts := valueOf(qn, "options")
		if len(qy.Options) < 2 {
			l.ps.add(file, lineOr(opts, line), "question %q needs at least two options", id)
			valid = false
		}
		question := quiz.Question{
			ID: id, Module: m.ID, Kind: kind,
			Scenario: strings.TrimSpace(l.text(c, file, lineOf(qn, "scenario", line), qy.Scenario, "scenario ")),
			Prompt:   strings.TrimSpace(l.text(c, file, lineOf(qn, "question", line), qy.Question, "question ")),
			Cites:    qy.Cites,
		}
		for j, o := range qy.Options {
			on := item(opts, j)
			if strings.TrimSpace(o.Text) == "" {
				l.ps.add(file, lineOr(on, line), "question %q option %d has no text", id, j+1)
				valid = false
			}
			if strings.TrimSpace(o.Feedback) == "" {
				l.ps.add(file, lineOr(on, line), "question %q option %d has no feedback: say why it is right or wrong", id, j+1)
				valid = false
			}
			text := l.text(c, file, lineOf(on, "text", lineOr(on, line)), o.Text, "option text ")
			feedback := l.text(c, file, lineOf(on, "feedback", lineOr(on, line)), o.Feedback, "feedback ")
			question.Options = append(question.Options, quiz.Option{
				Text: strings.TrimSpace(text), Correct: o.Correct, Feedback: strings.TrimSpace(feedback),
			})
		}
		switch n := len(question.CorrectOptions()); {
		case len(qy.Options) >= 2 && n == 0:
			l.ps.add(file, lineOr(opts, line), "question %q has no correct option: mark one with correct: true", id)
			valid = false
		case kind == quiz.Single && n > 1:
			l.ps.add(file, lineOr(opts, line), "question %q is type single but has %d correct options: make it type multiple or mark only one", id, n)
			valid = false
		}
		if valid {
			m.Questions = append(m.Questions, question)
		}
	}
}

var idLineRe = regexp.MustCompile(`^\s*(?:-\s+)?id:\s*["']?([a-z0-9-]+)["']?\s*(?:#.*)?$`)

// idLines finds the line of each "id:" in a quiz file, for messages about
// content that loaded cleanly (when the file is not parsed a second time for
// its lines). Options have no ids, so every id is a question's.
func idLines(data []byte) map[string]int {
	lines := map[string]int{}
	for i, l := range strings.Split(string(data), "\n") {
		if !strings.Contains(l, "id:") {
			continue
		}
		if m := idLineRe.FindStringSubmatch(l); m != nil {
			if _, seen := lines[m[1]]; !seen {
				lines[m[1]] = i + 1
			}
		}
	}
	return lines
}

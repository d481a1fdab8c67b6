package modules

import (
	"io/fs"
	"path"
	"slices"
	"strings"

	"course/internal/modules/cite"
)

// The lessons: modules/NAME.md, their front matter, and their order.

type frontMatter struct {
	ID      string   `yaml:"id"`
	Title   string   `yaml:"title"`
	Section string   `yaml:"section"`
	Teaches []string `yaml:"teaches"`
	Minutes int      `yaml:"minutes"`
	Summary string   `yaml:"summary"`
}

const frontMatterFields = "id, title, section, teaches, minutes, summary"

type quizFile struct {
	Questions []struct {
		ID       string   `yaml:"id"`
		Type     string   `yaml:"type"`
		Scenario string   `yaml:"scenario"`
		Question string   `yaml:"question"`
		Cites    []string `yaml:"cites"`
		Options  []struct {
			Text     string `yaml:"text"`
			Correct  bool   `yaml:"correct"`
			Feedback string `yaml:"feedback"`
		} `yaml:"options"`
	} `yaml:"questions"`
}

const quizFields = "questions; each question: id, type, scenario, question, cites, options; each option: text, correct, feedback"

func (l *loader) loadModules(c *Course) {
	entries, err := fs.ReadDir(l.fsys, modulesDir)
	if err != nil {
		l.ps.add(l.name(modulesDir), 0, "folder not found: it holds the lessons (N-name.md) and quizzes (N-name.quiz.yaml)")
		return
	}
	lessons := map[string]bool{}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), lessonSuffix) {
			lessons[strings.TrimSuffix(e.Name(), lessonSuffix)] = true
		}
	}
	ids := map[string]string{}
	questionIDs := map[string]string{}
	sections := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() {
			continue
		}
		if base, ok := strings.CutSuffix(name, quizSuffix); ok {
			if !lessons[base] {
				l.ps.add(l.name(path.Join(modulesDir, name)), 0, "quiz has no lesson: add %s%s or rename the quiz", base, lessonSuffix)
			}
			continue
		}
		base, ok := strings.CutSuffix(name, lessonSuffix)
		if !ok {
			continue
		}
		m, valid := l.module(c, base)
		switch {
		case !valid:
		case ids[m.ID] != "":
			l.ps.add(l.name(m.File), 2, "module id %q is already used by %s", m.ID, ids[m.ID])
			valid = false
		case sections[m.Section] != "":
			l.ps.add(l.name(m.File), m.sectionLine, "section %s is already covered by %s: one module per section", m.Section, sections[m.Section])
			valid = false
		default:
			ids[m.ID], sections[m.Section] = l.name(m.File), l.name(m.File)
		}
		// The quiz is checked even beside a broken lesson.
		l.questions(c, m, questionIDs)
		if m.Minutes == 0 {
			m.Minutes = estimateMinutes(m)
		}
		if valid {
			c.Modules = append(c.Modules, m)
		}
	}
	l.orderModules(c)
	if len(c.Modules) == 0 && len(entries) > 0 && len(l.ps.list) == 0 {
		l.ps.add(l.name(modulesDir), 0, "holds no lessons: add files named N-name.md")
	}
}

// orderModules puts the modules in the order of course.yaml's sections
// and numbers them. A course.yaml that lists no sections takes them from
// the modules, in the order of their labels (3 before 10).
func (l *loader) orderModules(c *Course) {
	if len(c.Sections) == 0 {
		slices.SortFunc(c.Modules, func(a, b *Module) int { return cite.Compare(a.Section, b.Section) })
		for _, m := range c.Modules {
			c.Sections = append(c.Sections, Section{Label: m.Section})
		}
	} else {
		place := map[string]int{}
		var labels []string
		for i, s := range c.Sections {
			place[s.Label] = i
			labels = append(labels, s.Label)
		}
		for _, m := range c.Modules {
			if _, ok := place[m.Section]; !ok {
				place[m.Section] = len(c.Sections)
				l.ps.add(l.name(m.File), m.sectionLine, "section %s is not in course.yaml's sections (%s): use one of them, or add it there", m.Section, strings.Join(labels, ", "))
			}
		}
		slices.SortStableFunc(c.Modules, func(a, b *Module) int { return place[a.Section] - place[b.Section] })
	}
	for i, m := range c.Modules {
		m.Number = i + 1
	}
}

// module reads one lesson's front matter and body. A lesson that cannot be
// used gives a module that names only its files, with valid false.
func (l *loader) module(c *Course, base string) (m *Module, valid bool) {
	p := path.Join(modulesDir, base+lessonSuffix)
	file := l.name(p)
	stub := &Module{File: p, QuizFile: path.Join(modulesDir, base+quizSuffix)}
	data, ok := l.read(p, "")
	if !ok {
		return stub, false
	}
	stub.lesson = data
	text := string(data)
	if !strings.HasPrefix(text, "---\n") {
		l.ps.add(file, 1, "must start with front matter: a line '---', the module's fields, and another '---'")
		return stub, false
	}
	fmText, body, found := strings.Cut(text[4:], "\n---\n")
	if !found {
		if t, ok := strings.CutSuffix(text[4:], "\n---"); ok {
			fmText, body, found = t, "", true
		}
	}
	if !found {
		l.ps.add(file, 1, "front matter is not closed: add a line '---' after the module's fields")
		return stub, false
	}
	var f frontMatter
	if !l.decodeStrict(p, []byte(fmText), 2, &f, frontMatterFields) {
		return stub, false
	}
	node := l.nodeLines([]byte(fmText), 2)
	bodyLine := strings.Count(fmText, "\n") + 4
	m = &Module{
		ID:       strings.TrimSpace(f.ID),
		Title:    strings.TrimSpace(l.text(c, file, lineOf(node, "title", 2), f.Title, "title ")),
		Section:  strings.TrimSpace(f.Section),
		Minutes:  f.Minutes,
		Summary:  strings.TrimSpace(l.text(c, file, lineOf(node, "summary", 2), f.Summary, "summary ")),
		Body:     l.text(c, file, bodyLine, body, ""),
		BodyLine: bodyLine,
		File:     p,
		lesson:   data,
		QuizFile: stub.QuizFile,
	}
	valid = true
	if !idRe.MatchString(m.ID) {
		l.ps.add(file, lineOf(node, "id", 2), "id %q must be lower-case letters, digits and hyphens, e.g. keeping-safe", m.ID)
		valid = false
	}
	if m.Title == "" {
		l.ps.add(file, lineOf(node, "title", 2), "title is missing")
		valid = false
	}
	m.sectionLine = lineOf(node, "section", 2)
	if !cite.IsLabel(m.Section) {
		l.ps.add(file, m.sectionLine, "section must be the label of the guidance section this lesson covers, as the guidance prints it, such as 3 or B")
		valid = false
	}
	if m.Minutes < 0 || (m.Minutes == 0 && valueOf(node, "minutes") != nil) {
		l.ps.add(file, lineOf(node, "minutes", 2), "minutes must be the time in whole minutes (1 or more), or left out to have it estimated from the lesson and quiz")
	}
	teaches := valueOf(node, "teaches")
	if len(f.Teaches) == 0 {
		l.ps.add(file, lineOr(teaches, 2), "teaches is missing: list the guidance paragraphs this lesson teaches")
	}
	for i, id := range f.Teaches {
		if l.knownParagraph(c, file, lineOr(item(teaches, i), 2), id, "teaches") {
			m.Teaches = append(m.Teaches, id)
		}
	}
	if strings.TrimSpace(body) == "" {
		l.ps.add(file, m.BodyLine, "the lesson has no text after the front matter")
	}
	return m, valid
}

func (l *loader) knownParagraph(c *Course, file string, line int, id, verb string) bool {
	if _, ok := c.Paragraph(id); ok || l.noSettings {
		return true
	}
	l.ps.add(file, line, "%s %s", verb, cite.UnknownParagraph(id))
	return false
}

// text fills in the placeholders of a text from a content file and checks
// its citations. The text starts on file line first; where names its field
// in messages ("feedback "), or is "" for a lesson's body.
func (l *loader) text(c *Course, file string, first int, text, where string) string {
	return l.textWith(c, file, first, text, where, nil)
}

// textWith is text with placeholders of its own (see Course.fill).
func (l *loader) textWith(c *Course, file string, first int, text, where string, extra map[string]string) string {
	if l.noSettings {
		return text
	}
	text, ps := c.fill(text, extra, nil)
	for _, p := range ps {
		l.ps.add(file, first+p.Line-1, "%s%s", where, p.Msg)
	}
	for _, p := range c.citationProblems(text) {
		l.ps.add(file, first+p.Line-1, "%scites %s", where, p.Msg)
	}
	return text
}

package modules

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"course/internal/quiz"
)

const (
	courseFile   = "course.yaml"
	modulesDir   = "modules"
	quizSuffix   = ".quiz.yaml"
	lessonSuffix = ".md"
)

var (
	idRe       = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	languageRe = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$`)
)

// Wording for a course.yaml that gives none.
const (
	DefaultLanguage = "en-GB"
	defaultWelcome  = "This course has {{modules}} modules, about {{time}} in all. " +
		"Each ends with a quiz; the pass mark is {{pass_mark}}%. Answers are saved as they are given."
	defaultCertificate = "completed the {{course}}\nof {{council}} ({{guidance}}, version {{version}})\non {{date}}."
)

// Load reads and checks the course in fsys. root is how the folder is named
// in messages ("content", or the directory a council gave). Any problem makes
// Load fail with a *ContentError listing every problem found.
func Load(fsys fs.FS, root string) (*Course, error) {
	c, ps := Check(fsys, root)
	if len(ps) > 0 {
		return nil, &ContentError{Problems: ps}
	}
	return c, nil
}

// Check reads the course in fsys and returns what it could load with every
// problem found. The course is nil only when course.yaml cannot be used.
func Check(fsys fs.FS, root string) (*Course, []Problem) {
	// Valid content is read once. Finding the line of every field takes a
	// second parse of each file, so it is done only to report problems.
	l := loader{fsys: fsys, root: root}
	c := l.load()
	if len(l.ps.list) == 0 {
		return c, nil
	}
	l = loader{fsys: fsys, root: root, withLines: true}
	c = l.load()
	return c, l.ps.list
}

type loader struct {
	fsys      fs.FS
	root      string
	withLines bool
	ps        problems
	// noSettings says course.yaml could not be read: the modules are
	// still checked, but not against its paragraphs and sections.
	noSettings bool
}

func (l *loader) name(p string) string {
	if l.root == "" {
		return p
	}
	return path.Join(l.root, p)
}

// read returns a file's bytes with a byte-order mark removed and Windows
// line endings made plain, or reports why it cannot be used. needed says
// why the file must be there, for when it is not.
func (l *loader) read(p, needed string) ([]byte, bool) {
	f, err := l.fsys.Open(p)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist) && needed != "":
			l.ps.add(l.name(p), 0, "file not found: %s", needed)
		case errors.Is(err, fs.ErrNotExist):
			l.ps.add(l.name(p), 0, "file not found")
		default:
			l.ps.add(l.name(p), 0, "cannot be read: %v", err)
		}
		return nil, false
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		l.ps.add(l.name(p), 0, "cannot be read: %v", err)
		return nil, false
	}
	if len(data) > MaxFileSize {
		l.ps.add(l.name(p), 0, "file is larger than 1 MiB: content files must be smaller")
		return nil, false
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	return data, l.checkText(p, data)
}

// checkText refuses text that is not UTF-8 or carries control characters,
// which could otherwise reach a member's terminal as escape sequences.
func (l *loader) checkText(p string, data []byte) bool {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			l.ps.add(l.name(p), line, "is not UTF-8 text: save the file as UTF-8")
			return false
		case r == '\n':
			line++
		case r == '\t':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			l.ps.add(l.name(p), line, "contains the control character U+%04X: remove it", r)
			return false
		}
		i += size
	}
	return true
}

// decodeStrict decodes YAML into v, refusing unknown fields. The YAML
// starts on file line first, so reported lines are file lines.
func (l *loader) decodeStrict(p string, data []byte, first int, v any, allowed string) bool {
	if l.tabs(p, data, first) {
		return false
	}
	padded := append(bytes.Repeat([]byte("\n"), first-1), data...)
	dec := yaml.NewDecoder(bytes.NewReader(padded))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			l.ps.add(l.name(p), first, "is empty: it needs YAML fields")
		} else {
			var tree yaml.Node
			_ = yaml.Unmarshal(padded, &tree) // for the fields named in type errors
			l.ps.addYAML(l.name(p), err, allowed, &tree)
		}
		return false
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		line := extra.Line
		if err != nil {
			line = 0
		}
		l.ps.add(l.name(p), line, "holds more than one YAML document: remove the extra '---'")
		return false
	}
	return true
}

// tabs reports every line of YAML, starting on file line first, that is
// indented with a tab: the YAML reader refuses them with a message that
// names neither the tab nor, always, the right line.
func (l *loader) tabs(p string, data []byte, first int) bool {
	found := false
	for i, line := range strings.Split(string(data), "\n") {
		indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		if strings.Contains(indent, "\t") && len(indent) < len(line) {
			l.ps.add(l.name(p), first+i, "line %d starts with a tab: YAML needs spaces for indenting", first+i)
			found = true
		}
	}
	return found
}

// nodeLines decodes YAML into a node tree, used only for line numbers;
// without lines it returns nil and problems are placed at their file's start.
func (l *loader) nodeLines(data []byte, first int) *yaml.Node {
	if !l.withLines {
		return nil
	}
	var n yaml.Node
	padded := append(bytes.Repeat([]byte("\n"), first-1), data...)
	if yaml.Unmarshal(padded, &n) != nil || len(n.Content) == 0 {
		return nil
	}
	return n.Content[0]
}

// lineOf returns the line of the value under key in mapping m, or def.
func lineOf(m *yaml.Node, key string, def int) int {
	if v := valueOf(m, key); v != nil {
		return v.Line
	}
	return def
}

func valueOf(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// item returns the i-th element of sequence s, or nil.
func item(s *yaml.Node, i int) *yaml.Node {
	if s == nil || s.Kind != yaml.SequenceNode || i >= len(s.Content) {
		return nil
	}
	return s.Content[i]
}

func lineOr(n *yaml.Node, def int) int {
	if n == nil {
		return def
	}
	return n.Line
}

type settingsFile struct {
	ID       string `yaml:"id"`
	Title    string `yaml:"title"`
	Council  string `yaml:"council"`
	Guidance struct {
		Title   string `yaml:"title"`
		Version string `yaml:"version"`
	} `yaml:"guidance"`
	Language string `yaml:"language"`
	Welcome  struct {
		Heading string `yaml:"heading"`
		Text    string `yaml:"text"`
		Rule    string `yaml:"rule"`
	} `yaml:"welcome"`
	Certificate   string `yaml:"certificate"`
	PassMark      *int   `yaml:"pass_mark"`
	RefreshMonths *int   `yaml:"refresh_months"`
	DueMonths     *int   `yaml:"due_months"`
	XAPI          struct {
		HomePage     string `yaml:"home_page"`
		ActivityBase string `yaml:"activity_base"`
	} `yaml:"xapi"`
	Sections []struct {
		Label string `yaml:"label"`
		Title string `yaml:"title"`
	} `yaml:"sections"`
	Advice []struct {
		Team  string `yaml:"team"`
		Email string `yaml:"email"`
		Phone string `yaml:"phone"`
	} `yaml:"advice"`
	Citations struct {
		Words []string `yaml:"words"`
		And   []string `yaml:"and"`
	} `yaml:"citations"`
	Paragraphs []struct {
		ID    string `yaml:"id"`
		Topic string `yaml:"topic"`
	} `yaml:"paragraphs"`
}

const settingsFields = "id, title, council, guidance (title, version), language, welcome (heading, text, rule), certificate, pass_mark, refresh_months, due_months, xapi (home_page, activity_base), advice (team, email, phone), sections (label, title), citations (words, and), paragraphs (id, topic)"

func (l *loader) load() *Course {
	data, ok := l.read(courseFile, "the content folder needs a course.yaml with the course's settings and the guidance's paragraphs")
	var s settingsFile
	if ok && !l.decodeStrict(courseFile, data, 1, &s, settingsFields) {
		ok = false
	}
	if !ok {
		// The lessons and quizzes are still checked, so that one run lists
		// every problem.
		l.noSettings = true
		l.loadModules(&Course{})
		return nil
	}
	root := l.nodeLines(data, 1)
	c := l.settings(s, root)
	l.loadModules(c)
	l.wording(c, root)
	// Coverage is judged only on content that loaded cleanly: a module that
	// failed to load would otherwise show up again as untaught paragraphs.
	if len(l.ps.list) == 0 {
		l.checkCoverage(c, root)
	}
	parts := [][]byte{data}
	for _, m := range c.Modules {
		parts = append(parts, []byte(m.Version))
	}
	c.Version = hashOf(parts...)
	return c
}

func (l *loader) settings(s settingsFile, root *yaml.Node) *Course {
	file := l.name(courseFile)
	c := &Course{
		Council:         strings.TrimSpace(s.Council),
		GuidanceTitle:   strings.TrimSpace(s.Guidance.Title),
		GuidanceVersion: strings.TrimSpace(s.Guidance.Version),
		PassMark:        DefaultPassMark,
		RefreshMonths:   DefaultRefreshMonths,
		DueMonths:       DefaultDueMonths,
		XAPI:            XAPI{HomePage: s.XAPI.HomePage, ActivityBase: strings.TrimSuffix(s.XAPI.ActivityBase, "/")},
	}
	c.ID = strings.TrimSpace(s.ID)
	switch {
	case c.ID == "":
		c.ID = c.XAPI.ActivityBase
	case len(c.ID) > 200 || strings.ContainsFunc(c.ID, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }):
		l.ps.add(file, lineOf(root, "id", 1), "id must be one word of at most 200 characters, such as council-social-media-2025")
	}
	if c.Council == "" {
		l.ps.add(file, lineOf(root, "council", 1), "council is missing: give the council's name")
	}
	c.Title = cmp.Or(strings.TrimSpace(s.Title), c.GuidanceTitle)
	c.Language = cmp.Or(strings.TrimSpace(s.Language), DefaultLanguage)
	if !languageRe.MatchString(c.Language) {
		l.ps.add(file, lineOf(root, "language", 1), "language must be a language tag such as en-GB, cy or cy-GB")
	}
	c.Welcome = Welcome{
		Heading: cmp.Or(strings.TrimSpace(s.Welcome.Heading), c.Title),
		Text:    cmp.Or(strings.TrimSpace(s.Welcome.Text), defaultWelcome),
		Rule:    strings.TrimSpace(s.Welcome.Rule),
	}
	c.certificate = cmp.Or(strings.TrimSpace(s.Certificate), defaultCertificate)
	guidance := valueOf(root, "guidance")
	if c.GuidanceTitle == "" {
		l.ps.add(file, lineOr(guidance, 1), "guidance title is missing")
	}
	if c.GuidanceVersion == "" {
		l.ps.add(file, lineOr(guidance, 1), "guidance version is missing: give it as text, e.g. version: \"1.0\"")
	}
	number := func(key string, v *int, lo, hi int, dst *int) {
		if v == nil {
			return
		}
		if *v < lo || *v > hi {
			l.ps.add(file, lineOf(root, key, 1), "%s must be between %d and %d, not %d", key, lo, hi, *v)
			return
		}
		*dst = *v
	}
	number("pass_mark", s.PassMark, 1, 100, &c.PassMark)
	number("refresh_months", s.RefreshMonths, 1, 120, &c.RefreshMonths)
	number("due_months", s.DueMonths, 1, 120, &c.DueMonths)
	xapi := valueOf(root, "xapi")
	for _, kv := range [][2]string{{"home_page", c.XAPI.HomePage}, {"activity_base", c.XAPI.ActivityBase}} {
		key, v := kv[0], kv[1]
		if !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") {
			l.ps.add(file, lineOf(xapi, key, lineOr(xapi, 1)), "xapi %s must be a web address starting https://", key)
		}
	}
	advice := valueOf(root, "advice")
	teams := map[string]bool{}
	for i, a := range s.Advice {
		team := strings.TrimSpace(a.Team)
		switch {
		case team == "":
			l.ps.add(file, lineOr(item(advice, i), 1), "an advice entry has no team name")
		case teams[team]:
			l.ps.add(file, lineOr(item(advice, i), 1), "advice lists the team %q twice: lessons name contacts by team, so each must be different", team)
		}
		teams[team] = true
		c.Advice = append(c.Advice, Contact{Team: team, Email: strings.TrimSpace(a.Email), Phone: strings.TrimSpace(a.Phone)})
	}
	labels := make([]string, len(s.Sections))
	for i, sec := range s.Sections {
		labels[i] = sec.Label
	}
	for i, label := range l.labels(file, valueOf(root, "sections"), labels, "section", `"3" or "B"`) {
		if label != "" {
			c.Sections = append(c.Sections, Section{Label: label, Title: strings.TrimSpace(s.Sections[i].Title)})
		}
	}
	paras := valueOf(root, "paragraphs")
	if len(s.Paragraphs) == 0 {
		l.ps.add(file, lineOr(paras, 1), "paragraphs is missing: list every paragraph of the guidance")
	}
	ids := make([]string, len(s.Paragraphs))
	for i, p := range s.Paragraphs {
		ids[i] = p.ID
	}
	for i, id := range l.labels(file, paras, ids, "paragraph", `"3.8", "A1", "3(b)" or "7"`) {
		if id != "" {
			c.Paragraphs = append(c.Paragraphs, Paragraph{ID: id, Topic: strings.TrimSpace(s.Paragraphs[i].Topic)})
		}
	}
	cites := valueOf(root, "citations")
	c.CiteWords = l.words(file, valueOf(cites, "words"), s.Citations.Words, DefaultCiteWords, "citations words")
	c.CiteJoins = l.words(file, valueOf(cites, "and"), s.Citations.And, DefaultCiteJoins, "citations and")
	c.citing = c.cites()
	return c
}

// labels checks the labels of a list in course.yaml (the sections or the
// paragraphs): each must be a label, and none listed twice. It returns them
// trimmed, with "" in place of each one refused.
func (l *loader) labels(file string, list *yaml.Node, labels []string, what, examples string) []string {
	out := make([]string, len(labels))
	seen := map[string]int{}
	for i, label := range labels {
		line := lineOr(item(list, i), 1)
		label = strings.TrimSpace(label)
		switch {
		case !IsLabel(label):
			l.ps.add(file, line, "%s %q must be the %s's label as the guidance prints it, such as %s: letters and digits, with dots or brackets between, at most %d characters", what, label, what, examples, maxLabel)
		case seen[label] > 0:
			l.ps.add(file, line, "%s %s is listed twice (first on line %d)", what, label, seen[label])
		default:
			seen[label] = line
			out[i] = label
		}
	}
	return out
}

// wording fills in the placeholders of the welcome screen and checks them
// and the certificate's, once the modules are known.
func (l *loader) wording(c *Course, root *yaml.Node) {
	file := l.name(courseFile)
	welcome := valueOf(root, "welcome")
	extra := map[string]string{"modules": strconv.Itoa(len(c.Modules)), "time": Duration(c.Minutes())}
	w := &c.Welcome
	w.Heading = l.textWith(c, file, lineOf(welcome, "heading", 1), w.Heading, "welcome heading ", extra)
	w.Text = l.textWith(c, file, lineOf(welcome, "text", 1), w.Text, "welcome text ", extra)
	w.Rule = l.textWith(c, file, lineOf(welcome, "rule", 1), w.Rule, "welcome rule ", extra)
	l.textWith(c, file, lineOf(root, "certificate", 1), c.certificate, "certificate ", map[string]string{"date": "1 January 2026"})
}

// words checks a list of single words, or gives def for an empty list.
func (l *loader) words(file string, list *yaml.Node, ws, def []string, field string) []string {
	if len(ws) == 0 {
		return def
	}
	var out []string
	for i, w := range ws {
		w = strings.TrimSpace(w)
		if w == "" || strings.ContainsFunc(w, unicode.IsSpace) {
			l.ps.add(file, lineOr(item(list, i), lineOr(list, 1)), "%s: %q must be one word, such as Guidance", field, w)
			continue
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return def
	}
	return out
}

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
		slices.SortFunc(c.Modules, func(a, b *Module) int { return compareLabels(a.Section, b.Section) })
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

// compareLabels orders labels as people do: runs of digits by their value,
// so that 3 comes before 10 and 3.9 before 3.10.
func compareLabels(a, b string) int {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		var c int
		switch {
		case da > 0 && db > 0:
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c = len(na) - len(nb); c == 0 {
				c = strings.Compare(na, nb)
			}
		default:
			da, db = max(da, 1), max(db, 1)
			c = strings.Compare(a[:da], b[:db])
		}
		if c != 0 {
			return c
		}
		a, b = a[da:], b[db:]
	}
	return len(a) - len(b)
}

func digitRun(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
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
	if !IsLabel(m.Section) {
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
	l.ps.add(file, line, "%s %s", verb, unknownParagraph(id))
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

// checkCoverage reports sections that no module covers, and paragraphs
// that no module teaches or no question tests.
func (l *loader) checkCoverage(c *Course, root *yaml.Node) {
	covered := map[string]bool{}
	for _, m := range c.Modules {
		covered[m.Section] = true
	}
	sections := valueOf(root, "sections")
	for i, s := range c.Sections {
		if !covered[s.Label] {
			l.ps.add(l.name(courseFile), lineOr(item(sections, i), 1), "section %s has no module: add a lesson with section: %s, or take the section out of sections", s.Label, s.Label)
		}
	}
	paras := valueOf(root, "paragraphs")
	for i, cov := range c.Coverage() {
		line := lineOr(item(paras, i), 1)
		if len(cov.Modules) == 0 {
			l.ps.add(l.name(courseFile), line, "paragraph %s is taught by no module: add it to a module's teaches", cov.Paragraph.ID)
		}
		if len(cov.Questions) == 0 {
			l.ps.add(l.name(courseFile), line, "paragraph %s is tested by no question: add it to a question's cites", cov.Paragraph.ID)
		}
	}
}

// Coverage says, for one guidance paragraph, what teaches and tests it.
type Coverage struct {
	Paragraph Paragraph
	Modules   []string // module ids
	Questions []string // question ids
}

// Coverage lists every guidance paragraph with the modules that teach it
// and the questions that test it.
func (c *Course) Coverage() []Coverage {
	out := make([]Coverage, len(c.Paragraphs))
	index := map[string]int{}
	for i, p := range c.Paragraphs {
		out[i].Paragraph = p
		index[p.ID] = i
	}
	for _, m := range c.Modules {
		for _, p := range m.Teaches {
			if i, ok := index[p]; ok {
				out[i].Modules = append(out[i].Modules, m.ID)
			}
		}
		for _, q := range m.Questions {
			for _, p := range q.Cites {
				if i, ok := index[p]; ok && !slices.Contains(out[i].Questions, q.ID) {
					out[i].Questions = append(out[i].Questions, q.ID)
				}
			}
		}
	}
	return out
}

// String names the course for messages.
func (c *Course) String() string {
	return fmt.Sprintf("%s (guidance %s, content %s)", c.GuidanceTitle, c.GuidanceVersion, c.Version)
}

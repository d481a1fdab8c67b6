package modules

import (
	"cmp"
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"course/internal/modules/cite"
)

// course.yaml: the course's settings, wording, contacts, sections and
// paragraphs.

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
	// AnswersInSearch is answers_in_search: see Course.AnswersInSearch.
	AnswersInSearch bool `yaml:"answers_in_search"`
	Statistics      struct {
		MinGroup *int `yaml:"min_group"`
	} `yaml:"statistics"`
	XAPI struct {
		HomePage     string `yaml:"home_page"`
		ActivityBase string `yaml:"activity_base"`
	} `yaml:"xapi"`
	LRS struct {
		Endpoint    string `yaml:"endpoint"`
		Credentials string `yaml:"credentials"`
	} `yaml:"lrs"`
	Sections []struct {
		Label string `yaml:"label"`
		Title string `yaml:"title"`
	} `yaml:"sections"`
	Advice []contactEntry `yaml:"advice"`
	Serve  struct {
		Contacts []contactEntry `yaml:"contacts"`
	} `yaml:"serve"`
	Mail      mailSection `yaml:"mail"`
	Citations struct {
		Words []string `yaml:"words"`
		And   []string `yaml:"and"`
	} `yaml:"citations"`
	Clues struct {
		Reasons  []string `yaml:"reasons"`
		Hedges   []string `yaml:"hedges"`
		Absolute []string `yaml:"absolute"`
		Families []string `yaml:"families"`
	} `yaml:"clues"`
	Paragraphs []struct {
		ID    string `yaml:"id"`
		Topic string `yaml:"topic"`
	} `yaml:"paragraphs"`
}

// contactEntry is a team as course.yaml lists it, in advice or in serve's
// contacts.
type contactEntry struct {
	Team  string `yaml:"team"`
	Email string `yaml:"email"`
	Phone string `yaml:"phone"`
}

const settingsFields = "id, title, council, guidance (title, version), language, welcome (heading, text, rule), certificate, pass_mark, refresh_months, due_months, answers_in_search, statistics (min_group), xapi (home_page, activity_base), lrs (endpoint, credentials), advice (team, email, phone), serve (contacts (team, email, phone)), " + mailFields + ", sections (label, title), citations (words, and), clues (reasons, hedges, absolute, families), paragraphs (id, topic)"

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
	l.mailSettings(c, s.Mail, root)
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
		RefreshMonths:   defaultRefreshMonths,
		DueMonths:       defaultDueMonths,
		AnswersInSearch: s.AnswersInSearch,
		MinGroup:        DefaultMinGroup,
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
	c.Language = cmp.Or(strings.TrimSpace(s.Language), defaultLanguage)
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
	if v := s.Statistics.MinGroup; v != nil && (*v < minMinGroup || *v > 1000) {
		l.ps.add(file, lineOf(valueOf(root, "statistics"), "min_group", lineOf(root, "statistics", 1)),
			"statistics min_group must be between %d and 1000, not %d: with fewer than %d, a member's own answers could be told apart", minMinGroup, *v, minMinGroup)
	} else if v != nil {
		c.MinGroup = *v
	}
	xapi := valueOf(root, "xapi")
	for _, kv := range [][2]string{{"home_page", c.XAPI.HomePage}, {"activity_base", c.XAPI.ActivityBase}} {
		key, v := kv[0], kv[1]
		if !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") {
			l.ps.add(file, lineOf(xapi, key, lineOr(xapi, 1)), "xapi %s must be a web address starting https://", key)
		}
	}
	lrs := valueOf(root, "lrs")
	c.LRS = LRS{Endpoint: strings.TrimSpace(s.LRS.Endpoint), Credentials: strings.TrimSpace(s.LRS.Credentials)}
	if problem := EndpointProblem(c.LRS.Endpoint); c.LRS.Endpoint != "" && problem != "" {
		l.ps.add(file, lineOf(lrs, "endpoint", lineOr(lrs, 1)), "lrs endpoint %s", problem)
	}
	if c.LRS.Credentials != "" && c.LRS.Endpoint == "" {
		l.ps.add(file, lineOf(lrs, "credentials", lineOr(lrs, 1)), "lrs credentials are given without an endpoint: add endpoint, the LRS's address")
	}
	c.Advice = l.contacts(file, valueOf(root, "advice"), s.Advice, "advice", "lessons name contacts by team, so each must be different")
	c.ServeContacts = l.contacts(file, valueOf(valueOf(root, "serve"), "contacts"), s.Serve.Contacts, "serve contacts", "give each team once")
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
	c.CiteWords = l.words(file, valueOf(cites, "words"), s.Citations.Words, defaultCiteWords, "citations words")
	c.CiteJoins = l.words(file, valueOf(cites, "and"), s.Citations.And, defaultCiteJoins, "citations and")
	c.citing = c.cites()
	clues := valueOf(root, "clues")
	c.Clues = ClueWords{
		Reasons:  l.phrases(file, valueOf(clues, "reasons"), s.Clues.Reasons, "clues reasons"),
		Hedges:   l.phrases(file, valueOf(clues, "hedges"), s.Clues.Hedges, "clues hedges"),
		Absolute: l.phrases(file, valueOf(clues, "absolute"), s.Clues.Absolute, "clues absolute"),
		Families: l.phrases(file, valueOf(clues, "families"), s.Clues.Families, "clues families"),
	}
	return c
}

// contacts checks a list of teams in course.yaml (field names it in
// problems; why follows the problem of a team listed twice) and returns
// them trimmed.
func (l *loader) contacts(file string, list *yaml.Node, entries []contactEntry, field, why string) []Contact {
	var out []Contact
	teams := map[string]bool{}
	for i, e := range entries {
		line := lineOr(item(list, i), lineOr(list, 1))
		team := strings.TrimSpace(e.Team)
		switch {
		case team == "":
			l.ps.add(file, line, "%s: an entry has no team name", field)
		case teams[team]:
			l.ps.add(file, line, "%s lists the team %q twice: %s", field, team, why)
		}
		teams[team] = true
		out = append(out, Contact{Team: team, Email: strings.TrimSpace(e.Email), Phone: strings.TrimSpace(e.Phone)})
	}
	return out
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
		case !cite.IsLabel(label):
			l.ps.add(file, line, "%s %q must be the %s's label as the guidance prints it, such as %s: letters and digits, with dots or brackets between, at most %d characters", what, label, what, examples, cite.MaxLabel)
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

// phrases checks a list of the phrases the answer-clue checks look for; an
// empty list is left empty, for CheckClues to take the English default.
func (l *loader) phrases(file string, list *yaml.Node, ps []string, field string) []string {
	var out []string
	for i, p := range ps {
		if problem := PhraseProblem(p); problem != "" {
			l.ps.add(file, lineOr(item(list, i), lineOr(list, 1)), "%s: %q %s: give words to look for, such as \"ask the … team\"", field, p, problem)
			continue
		}
		out = append(out, strings.Join(strings.Fields(p), " "))
	}
	return out
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

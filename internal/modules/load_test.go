package modules

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"course/internal/modules/modulestest"
	"course/internal/quiz"
)

// The test pack, kept in modulestest so that the checks' tests load the same one.
const (
	testSettings = modulestest.Settings
	testLesson   = modulestest.Lesson
	testQuiz     = modulestest.Quiz
	testLesson2  = modulestest.Lesson2
	testQuiz2    = modulestest.Quiz2
)

func validFS() fstest.MapFS { return modulestest.ValidFS() }

func TestLoadValidCourse(t *testing.T) {
	c, err := Load(validFS(), "content")
	if err != nil {
		t.Fatal(err)
	}
	if c.Council != "Test Council" || c.GuidanceVersion != "1.0" || c.PassMark != 80 {
		t.Errorf("settings = %q %q %d", c.Council, c.GuidanceVersion, c.PassMark)
	}
	if c.RefreshMonths != defaultRefreshMonths || c.DueMonths != defaultDueMonths {
		t.Errorf("defaults = %d, %d", c.RefreshMonths, c.DueMonths)
	}
	if len(c.Modules) != 2 || c.Modules[0].ID != "one" || c.Modules[1].ID != "two" {
		t.Fatalf("modules = %v", c.Modules)
	}
	m := c.Modules[0]
	if m.BodyLine != 9 || !strings.HasPrefix(m.Body, "\n## Start") {
		t.Errorf("body starts at line %d: %q", m.BodyLine, m.Body[:12])
	}
	if len(m.Questions) != 2 || m.Questions[1].Kind != quiz.Multiple || m.Questions[0].Module != "one" {
		t.Errorf("questions = %+v", m.Questions)
	}
	if got := m.Questions[1].CorrectOptions(); len(got) != 2 {
		t.Errorf("correct options = %v", got)
	}
	if len(m.Version) != 12 || len(c.Version) != 12 || m.Version == c.Modules[1].Version {
		t.Errorf("versions = %q %q %q", m.Version, c.Modules[1].Version, c.Version)
	}
	if hs := m.Headings(); len(hs) != 2 || hs[0].Title != "Start" || hs[1].Title != "Summary" {
		t.Errorf("headings = %+v", hs)
	}
	if c.Minutes() != 8 {
		t.Errorf("minutes = %d", c.Minutes())
	}
}

func TestVersionsFollowContent(t *testing.T) {
	a, err := Load(validFS(), "")
	if err != nil {
		t.Fatal(err)
	}
	fsys := validFS()
	fsys["modules/2-two.quiz.yaml"].Data = []byte(strings.Replace(testQuiz2, "No.", "No, because.", 1))
	b, err := Load(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	if a.Modules[0].Version != b.Modules[0].Version {
		t.Error("module one's version changed although its files did not")
	}
	if a.Modules[1].Version == b.Modules[1].Version {
		t.Error("module two's version did not change with its quiz")
	}
	if a.Version == b.Version {
		t.Error("course version did not change")
	}
	// Windows line endings and a byte-order mark do not make a new version.
	fsys = validFS()
	fsys["modules/1-one.md"].Data = []byte("\ufeff" + strings.ReplaceAll(testLesson, "\n", "\r\n"))
	c, err := Load(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Modules[0].Version != a.Modules[0].Version {
		t.Error("CRLF and BOM changed the module version")
	}
}

// TestRules breaks a valid course one way at a time and checks that the
// problem is reported at the right file and line.
func TestRules(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		edit   func(string) string
		where  string // file:line expected in the problem
		phrase string
	}{
		{"malformed course yaml", "course.yaml", replace("pass_mark: 80", "pass_mark: [80"), "course.yaml:5", "a list in brackets is not closed with ]"},
		{"mapping in value", "course.yaml", replace("pass_mark: 80", "pass_mark: a: b"), "course.yaml:5", "a colon and a space may only follow a field's name"},
		{"unknown settings field", "course.yaml", replace("pass_mark: 80", "pass_mark: 80\npassmark: 70"), "course.yaml:6", `unknown field "passmark"`},
		{"pass mark out of range", "course.yaml", replace("pass_mark: 80", "pass_mark: 180"), "course.yaml:5", "between 1 and 100"},
		{"statistics group below three", "course.yaml", replace("pass_mark: 80", "pass_mark: 80\nstatistics:\n  min_group: 2"), "course.yaml:7", "statistics min_group must be between 3 and 1000, not 2"},
		{"wrong type", "course.yaml", replace("pass_mark: 80", "pass_mark: eighty"), "course.yaml:5", `pass_mark must be a whole number, not the text "eighty"`},
		{"list for text", "modules/1-one.md", replace("section: 1", "section: [A]"), "modules/1-one.md:4", "section must be text, not a list"},
		{"text for number", "modules/1-one.md", replace("minutes: 5", "minutes: ten"), "modules/1-one.md:6", `minutes must be a whole number, not the text "ten"`},
		{"list in a list", "modules/1-one.md", replace(`teaches: ["1.1", "1.2"]`, `teaches: [["1.1"], "1.2"]`), "modules/1-one.md:5", "each entry of teaches must be text, not a list"},
		{"yes for true", "modules/1-one.quiz.yaml", replace("correct: true", "correct: right"), "modules/1-one.quiz.yaml:9", `correct must be true or false, not the text "right"`},
		{"text for a list", "modules/1-one.quiz.yaml", replace(`cites: ["1.2"]`, `cites: "1.2"`), "modules/1-one.quiz.yaml:16", `cites must be a list, not the text "1.2"`},
		{"tab in course.yaml", "course.yaml", replace("  version:", "\tversion:"), "course.yaml:4", "line 4 starts with a tab: YAML needs spaces for indenting"},
		{"tab in front matter", "modules/1-one.md", replace("teaches:", " \tteaches:"), "modules/1-one.md:5", "line 5 starts with a tab"},
		{"tab in a list", "modules/1-one.quiz.yaml", replace("      - text: Ignore it.", "\t- text: Ignore it."), "modules/1-one.quiz.yaml:11", "line 11 starts with a tab"},
		{"missing council", "course.yaml", replace("council: Test Council", "council: \"\""), "course.yaml:1", "council is missing"},
		{"duplicate paragraph", "course.yaml", replace(`id: "1.2"`, `id: "1.1"`), "course.yaml:15", "listed twice"},
		{"bad paragraph id", "course.yaml", replace(`id: "1.2"`, `id: "1 2"`), "course.yaml:15", "must be the paragraph's label"},
		{"paragraph id with a dash", "course.yaml", replace(`id: "1.2"`, `id: "1-2"`), "course.yaml:15", `such as "3.8", "A1", "3(b)"`},
		{"body cites a range backwards", "modules/1-one.md", replace("(Guidance 1.1).", "(Guidance 1.2–1.1)."), "modules/1-one.md:11", "runs backwards"},
		{"body cites a range to nowhere", "modules/1-one.md", replace("(Guidance 1.1).", "(Guidance 1.1-1.9)."), "modules/1-one.md:11", `cites paragraph "1.9"`},
		{"body cites with a word not read", "modules/1-one.md", replace("(Guidance 1.1).", "(Guidance 1.1 or 1.2)."), "modules/1-one.md:11", `goes on with "or 1.2"`},
		{"scenario cites unknown paragraph", "modules/1-one.quiz.yaml", replace("A resident writes to you.", "A resident writes (Guidance Z9)."), "modules/1-one.quiz.yaml:4", `scenario cites paragraph "Z9"`},
		{"citation word is two words", "course.yaml", replace("paragraphs:", "citations:\n  words: [The Guidance]\nparagraphs:"), "course.yaml:13", "must be one word"},
		{"bad xapi address", "course.yaml", replace("https://example.org/course", "example.org"), "course.yaml:8", "activity_base must be a web address"},
		{"lrs endpoint not an address", "course.yaml", replace("advice:", "lrs:\n  endpoint: lrs.example.org\nadvice:"), "course.yaml:10", "lrs endpoint must be a web address starting https://"},
		{"lrs endpoint with a password", "course.yaml", replace("advice:", "lrs:\n  endpoint: https://key:pw@lrs.example.org/xAPI\nadvice:"), "course.yaml:10", "must not have a user name or password in it"},
		{"lrs endpoint with a query", "course.yaml", replace("advice:", "lrs:\n  endpoint: https://lrs.example.org/xAPI?x=1\nadvice:"), "course.yaml:10", "must not have a ? or # part"},
		{"lrs credentials without an endpoint", "course.yaml", replace("advice:", "lrs:\n  credentials: lrs.key\nadvice:"), "course.yaml:10", "credentials are given without an endpoint"},
		{"lrs secret in course.yaml", "course.yaml", replace("advice:", "lrs:\n  endpoint: https://lrs.example.org/xAPI\n  secret: x\nadvice:"), "course.yaml:11", `unknown field "secret"`},
		{"no front matter", "modules/1-one.md", replace("---\nid: one", "id: one"), "modules/1-one.md:1", "must start with front matter"},
		{"unclosed front matter", "modules/1-one.md", replace("summary: The first lesson.\n---", "summary: x"), "modules/1-one.md:1", "not closed"},
		{"unknown front matter field", "modules/1-one.md", replace("minutes: 5", "minutes: 5\nauthor: me"), "modules/1-one.md:7", `unknown field "author"`},
		{"malformed front matter", "modules/1-one.md", replace("title: Lesson one", "title: [Lesson"), "modules/1-one.md:3", "a list in brackets is not closed"},
		{"value starting with @", "modules/1-one.md", replace("title: Lesson one", "title: @council"), "modules/1-one.md:3", "put the value in quotes"},
		{"bad module id", "modules/1-one.md", replace("id: one", "id: One Two"), "modules/1-one.md:2", "lower-case"},
		{"duplicate module id", "modules/2-two.md", replace("id: two", "id: one"), "modules/2-two.md:2", `module id "one" is already used`},
		{"duplicate section", "modules/2-two.md", replace("section: 2", "section: 1"), "modules/2-two.md:4", "section 1 is already covered"},
		{"bad section label", "modules/2-two.md", replace("section: 2", "section: \"2 b\""), "modules/2-two.md:4", "section must be the label"},
		{"section not listed", "course.yaml", replace("paragraphs:", "sections:\n  - label: \"1\"\n  - label: \"3\"\nparagraphs:"), "modules/2-two.md:4", "section 2 is not in course.yaml's sections (1, 3)"},
		{"section without module", "course.yaml", replace("paragraphs:", "sections:\n  - label: \"1\"\n  - label: \"2\"\n  - label: C\nparagraphs:"), "course.yaml:15", "section C has no module"},
		{"section listed twice", "course.yaml", replace("paragraphs:", "sections:\n  - label: \"1\"\n  - label: \"1\"\nparagraphs:"), "course.yaml:14", "section 1 is listed twice"},
		{"teaches unknown paragraph", "modules/1-one.md", replace(`"1.2"]`, `"1.2", "9.9"]`), "modules/1-one.md:5", `teaches paragraph "9.9"`},
		{"body cites unknown paragraph", "modules/1-one.md", replace("(Guidance 1.1).", "(Guidance 1.7)."), "modules/1-one.md:11", `cites paragraph "1.7"`},
		{"second citation in list", "modules/1-one.md", replace("(Guidance 1.1, 1.2)", "(Guidance 1.1, 4.2)"), "modules/1-one.md:14", `cites paragraph "4.2"`},
		{"missing quiz", "modules/1-one.quiz.yaml", func(string) string { return "\x00delete" }, "modules/1-one.quiz.yaml", "file not found: every lesson 1-one.md needs a quiz 1-one.quiz.yaml beside it"},
		{"orphan quiz", "modules/3-three.quiz.yaml", func(string) string { return testQuiz2 }, "modules/3-three.quiz.yaml", "quiz has no lesson"},
		{"empty quiz", "modules/1-one.quiz.yaml", func(string) string { return "" }, "modules/1-one.quiz.yaml:1", "is empty"},
		{"unknown quiz field", "modules/1-one.quiz.yaml", replace("    type: single\n", "    type: single\n    hint: x\n"), "modules/1-one.quiz.yaml:4", `unknown field "hint"`},
		{"unknown option field", "modules/1-one.quiz.yaml", replace("        correct: true\n        feedback: Right", "        right: true\n        feedback: Right"), "modules/1-one.quiz.yaml:9", `unknown field "right"`},
		{"duplicate question id", "modules/2-two.quiz.yaml", replace("id: two-a", "id: one-a"), "modules/2-two.quiz.yaml:2", `question id "one-a" is already used`},
		{"no correct option", "modules/1-one.quiz.yaml", replace("        correct: true\n        feedback: Right", "        feedback: Right"), "modules/1-one.quiz.yaml:8", "has no correct option"},
		{"single with two correct", "modules/1-one.quiz.yaml", replace("      - text: Ignore it.\n", "      - text: Ignore it.\n        correct: true\n"), "modules/1-one.quiz.yaml:8", "type single but has 2 correct"},
		{"option without feedback", "modules/1-one.quiz.yaml", replace("        feedback: Wrong.\n", ""), "modules/1-one.quiz.yaml:11", "option 2 has no feedback"},
		{"bad type", "modules/1-one.quiz.yaml", replace("type: single", "type: several"), "modules/1-one.quiz.yaml:3", "single or multiple"},
		{"question cites unknown paragraph", "modules/1-one.quiz.yaml", replace(`cites: ["1.1"]`, `cites: ["1.1", "5.5"]`), "modules/1-one.quiz.yaml:6", `cites paragraph "5.5"`},
		{"question cites nothing", "modules/1-one.quiz.yaml", replace(`    cites: ["1.1"]`+"\n", ""), "modules/1-one.quiz.yaml:2", "cites no paragraph"},
		{"feedback cites unknown paragraph", "modules/1-one.quiz.yaml", replace("Right (Guidance 1.1).", "Right (Guidance 8.1)."), "modules/1-one.quiz.yaml:10", `cites paragraph "8.1"`},
		{"paragraph not taught", "modules/2-two.md", replace(`teaches: ["2.1"]`, `teaches: ["1.1"]`), "course.yaml:17", "2.1 is taught by no module"},
		{"paragraph not tested", "modules/2-two.quiz.yaml", replace(`cites: ["2.1"]`, `cites: ["1.1"]`), "course.yaml:17", "2.1 is tested by no question"},
		{"file too large", "modules/1-one.md", func(s string) string { return s + strings.Repeat("x", maxFileSize) }, "modules/1-one.md", "larger than 1 MiB"},
		{"not utf-8", "modules/1-one.md", replace("Be kind", "Be \xff kind"), "modules/1-one.md:11", "not UTF-8"},
		{"escape sequence", "modules/1-one.quiz.yaml", replace("Reply politely.", "Reply \x1b[2J politely."), "modules/1-one.quiz.yaml:8", "control character U+001B"},
		{"two documents", "modules/1-one.quiz.yaml", func(s string) string { return s + "---\nquestions: []\n" }, "modules/1-one.quiz.yaml:26", "more than one YAML document"},
		{"placeholder for no team", "modules/1-one.md", replace("Be kind online", `Write to {{email "Legal"}}`), "modules/1-one.md:11", `{{email "Legal"}}: course.yaml's advice has no team "Legal"; its teams are Records team`},
		{"placeholder for no phone", "modules/1-one.quiz.yaml", replace("Reply politely.", `Ring {{phone "Records team"}}.`), "modules/1-one.quiz.yaml:8", "course.yaml's advice gives Records team no phone"},
		{"placeholder without a team", "modules/1-one.quiz.yaml", replace("Right (Guidance 1.1).", "Ask {{email}}."), "modules/1-one.quiz.yaml:10", "give the team in quotes"},
		{"unknown placeholder", "modules/1-one.md", replace("Be kind online", "Be kind in {{town}}"), "modules/1-one.md:11", "{{town}}: there is no such placeholder: use {{council}}"},
		{"certificate placeholder in a lesson", "modules/1-one.md", replace("Be kind online", "Done on {{date}}"), "modules/1-one.md:11", "{{date}}: there is no such placeholder"},
		{"unclosed placeholder", "modules/1-one.md", replace("Be kind online", "Be kind {{council"), "modules/1-one.md:11", "does not close it with }}"},
		{"placeholder in a title", "modules/1-one.md", replace("title: Lesson one", "title: Lesson {{one}}"), "modules/1-one.md:3", "title {{one}}: there is no such placeholder"},
		{"welcome rule cites nothing known", "course.yaml", replace("pass_mark: 80", "pass_mark: 80\nwelcome:\n  rule: Ask first (Guidance 9.9)."), "course.yaml:7", `welcome rule cites paragraph "9.9"`},
		{"welcome with a lesson's placeholder", "course.yaml", replace("pass_mark: 80", "pass_mark: 80\nwelcome:\n  text: Done on {{date}}."), "course.yaml:7", "welcome text {{date}}: there is no such placeholder"},
		{"certificate placeholder unknown", "course.yaml", replace("pass_mark: 80", "pass_mark: 80\ncertificate: Passed {{when}}"), "course.yaml:6", "certificate {{when}}: there is no such placeholder: use {{council}}, {{guidance}}, {{version}}, {{course}}, {{pass_mark}}, {{date}}"},
		{"bad language", "course.yaml", replace("pass_mark: 80", "pass_mark: 80\nlanguage: English"), "course.yaml:6", "language must be a language tag"},
		{"team twice", "course.yaml", replace("advice:", "advice:\n  - team: Records team"), "course.yaml:11", `lists the team "Records team" twice`},
		{"serve contact twice", "course.yaml", replace("paragraphs:", "serve:\n  contacts:\n    - team: IT desk\n    - team: IT desk\nparagraphs:"), "course.yaml:15", `serve contacts lists the team "IT desk" twice`},
		{"serve contact without a team", "course.yaml", replace("paragraphs:", "serve:\n  contacts:\n    - email: it@example.org\nparagraphs:"), "course.yaml:14", "serve contacts: an entry has no team name"},
		{"serve contact with a fax", "course.yaml", replace("paragraphs:", "serve:\n  contacts:\n    - team: IT desk\n      fax: 01632 960 999\nparagraphs:"), "course.yaml:15", `unknown field "fax"`},
		{"missing course.yaml", "course.yaml", func(string) string { return "\x00delete" }, "course.yaml", "file not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := validFS()
			old := ""
			if f, ok := fsys[tt.file]; ok {
				old = string(f.Data)
			}
			if s := tt.edit(old); s == "\x00delete" {
				delete(fsys, tt.file)
			} else {
				if s == old {
					t.Fatalf("edit did not change %s", tt.file)
				}
				fsys[tt.file] = &fstest.MapFile{Data: []byte(s)}
			}
			_, err := Load(fsys, "content")
			var ce *ContentError
			if !errors.As(err, &ce) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("Load error = %v, want a ContentError", err)
			}
			for _, p := range ce.Problems {
				if strings.HasPrefix(p.String(), "content/"+tt.where) && strings.Contains(p.Msg, tt.phrase) {
					return
				}
			}
			t.Errorf("no problem at %s saying %q; got:\n%v", tt.where, tt.phrase, err)
		})
	}
}

func replace(old, new string) func(string) string {
	return func(s string) string { return strings.Replace(s, old, new, 1) }
}

func TestCoverage(t *testing.T) {
	c, err := Load(validFS(), "")
	if err != nil {
		t.Fatal(err)
	}
	cov := c.Coverage()
	if len(cov) != 3 || cov[0].Paragraph.ID != "1.1" || strings.Join(cov[0].Modules, ",") != "one" || strings.Join(cov[0].Questions, ",") != "one-a" {
		t.Fatalf("coverage = %+v", cov)
	}
}

// Modules follow course.yaml's sections, whatever their labels; without
// sections, their labels in the order people count them.
func TestModuleOrder(t *testing.T) {
	fsys := validFS()
	fsys["modules/1-one.md"].Data = []byte(strings.Replace(testLesson, "section: 1", "section: B", 1))
	fsys["modules/2-two.md"].Data = []byte(strings.Replace(testLesson2, "section: 2", "section: A", 1))
	fsys["course.yaml"].Data = []byte(strings.Replace(testSettings, "paragraphs:", "sections:\n  - label: B\n    title: Bee\n  - label: A\nparagraphs:", 1))
	c, err := Load(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Modules[0].ID != "one" || c.Modules[0].Number != 1 || c.Modules[1].Section != "A" || c.Modules[1].Number != 2 {
		t.Errorf("modules in order %s %s, %s %s", c.Modules[0].Section, c.Modules[0].ID, c.Modules[1].Section, c.Modules[1].ID)
	}
	if c.SectionsNumbered() || len(c.Sections) != 2 || c.Sections[0].Title != "Bee" {
		t.Errorf("sections = %+v", c.Sections)
	}

	fsys = validFS()
	fsys["modules/1-one.md"].Data = []byte(strings.Replace(testLesson, "section: 1", "section: 10", 1))
	fsys["modules/2-two.md"].Data = []byte(strings.Replace(testLesson2, "section: 2", "section: 9", 1))
	if c, err = Load(fsys, ""); err != nil {
		t.Fatal(err)
	}
	if c.Modules[0].Section != "9" || c.Modules[1].Section != "10" || len(c.Sections) != 2 || c.SectionsNumbered() {
		t.Errorf("modules in order %s, %s", c.Modules[0].Section, c.Modules[1].Section)
	}
	if c, err = Load(validFS(), ""); err != nil || !c.SectionsNumbered() {
		t.Errorf("sections 1 and 2 are not numbered: %v", err)
	}
}

// TestEveryProblemInOneRun: one run lists every tab, and the problems of
// every file, even when course.yaml or a lesson cannot be read.
func TestEveryProblemInOneRun(t *testing.T) {
	fsys := validFS()
	fsys["course.yaml"].Data = []byte(strings.Replace(strings.Replace(testSettings, "  title:", "\ttitle:", 1), "  version:", "\tversion:", 1))
	fsys["modules/1-one.md"].Data = []byte(strings.Replace(testLesson, "minutes: 5", "minutes: five", 1))
	fsys["modules/1-one.quiz.yaml"].Data = []byte(strings.Replace(testQuiz, "type: single", "type: several", 1))
	delete(fsys, "modules/2-two.quiz.yaml")
	_, ps := Check(fsys, "content")
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	want := []string{
		"content/course.yaml:3: line 3 starts with a tab: YAML needs spaces for indenting",
		"content/course.yaml:4: line 4 starts with a tab: YAML needs spaces for indenting",
		`content/modules/1-one.md:6: minutes must be a whole number, not the text "five"`,
		"content/modules/1-one.quiz.yaml:3: type must be single or multiple",
		"content/modules/2-two.quiz.yaml: file not found: every lesson 2-two.md needs a quiz 2-two.quiz.yaml beside it, in the same folder",
	}
	if len(got) != len(want) {
		t.Fatalf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d = %q, want %q", i, got[i], want[i])
		}
	}
}

// TestMinGroup: question statistics show groups of five members unless
// course.yaml says otherwise.
func TestMinGroup(t *testing.T) {
	c, err := Load(validFS(), "")
	if err != nil {
		t.Fatal(err)
	}
	if c.MinGroup != 5 {
		t.Errorf("MinGroup = %d by default, want 5", c.MinGroup)
	}
	fsys := validFS()
	fsys["course.yaml"].Data = []byte(strings.Replace(testSettings, "pass_mark: 80", "pass_mark: 80\nstatistics:\n  min_group: 3", 1))
	if c, err = Load(fsys, ""); err != nil {
		t.Fatal(err)
	}
	if c.MinGroup != 3 {
		t.Errorf("MinGroup = %d with min_group: 3", c.MinGroup)
	}
}

// TestWording: the course's words come from course.yaml, placeholders
// filled in, with plain defaults where it gives none.
func TestWording(t *testing.T) {
	fsys := validFS()
	fsys["course.yaml"].Data = []byte(strings.Replace(testSettings, "pass_mark: 80", `pass_mark: 80
title: Test course
language: cy
welcome:
  heading: Croeso to the {{course}}
  text: "{{modules}} modules, {{time}}, pass at {{pass_mark}}%."
  rule: Ask first (Guidance 1.1).
certificate: |-
  passed the {{guidance}} of {{council}}
  on {{date}}.`, 1))
	fsys["modules/1-one.md"].Data = []byte(strings.Replace(testLesson, "Be kind online", `Write to {{email "Records team"}} at {{council}}`, 1))
	fsys["modules/1-one.quiz.yaml"].Data = []byte(strings.Replace(testQuiz, "Reply politely.", `Ask {{email "Records team"}}.`, 1))
	c, err := Load(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	w := c.Welcome
	if c.Title != "Test course" || c.Language != "cy" || w.Heading != "Croeso to the Test course" || w.Text != "2 modules, 8 minutes, pass at 80%." || w.Rule != "Ask first (Guidance 1.1)." {
		t.Errorf("title %q, language %q, welcome %+v", c.Title, c.Language, w)
	}
	if got := c.Certificate("1 May 2026", nil); got != "passed the Test Guidance of Test Council\non 1 May 2026." {
		t.Errorf("certificate = %q", got)
	}
	if got := c.Certificate("1 May 2026", strings.ToUpper); got != "passed the TEST GUIDANCE of TEST COUNCIL\non 1 MAY 2026." {
		t.Errorf("certificate with values held = %q", got)
	}
	if m := c.Modules[0]; !strings.Contains(m.Body, "Write to records@example.org at Test Council") || m.Questions[0].Options[0].Text != "Ask records@example.org." {
		t.Errorf("placeholders not filled in: %q, %q", m.Body, m.Questions[0].Options[0].Text)
	}

	// A new address is news to the module that gives it, and to no other.
	fsys["course.yaml"].Data = []byte(strings.Replace(string(fsys["course.yaml"].Data), "records@example.org", "law@example.org", 1))
	d, err := Load(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	if d.Modules[0].Version == c.Modules[0].Version || d.Modules[1].Version != c.Modules[1].Version {
		t.Errorf("versions %s→%s and %s→%s", c.Modules[0].Version, d.Modules[0].Version, c.Modules[1].Version, d.Modules[1].Version)
	}

	// Without wording in course.yaml: the guidance's title, en-GB, no rule.
	c, err = Load(validFS(), "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Title != "Test Guidance" || c.Language != "en-GB" || c.Welcome.Heading != "Test Guidance" || c.Welcome.Rule != "" ||
		!strings.Contains(c.Welcome.Text, "2 modules") || !strings.Contains(c.Certificate("today", nil), "of Test Council") {
		t.Errorf("defaults: %q %q %+v %q", c.Title, c.Language, c.Welcome, c.Certificate("today", nil))
	}
}

// TestAnotherCouncilsPack loads a made-up council's course: paragraphs
// labelled A1, B2(a), C1.1, lettered sections, a Welsh lesson citing the
// "Canllawiau", and a pass mark of 70%.
func TestAnotherCouncilsPack(t *testing.T) {
	const dir = "../../testdata/dyffryn-teg"
	c, err := Load(os.DirFS(dir), dir)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, m := range c.Modules {
		order = append(order, strconv.Itoa(m.Number)+m.Section)
	}
	if got := strings.Join(order, " "); got != "1A 2B 3C 4D 5E" {
		t.Errorf("modules in order %s", got)
	}
	if c.PassMark != 70 || c.Council != "Dyffryn Teg County Borough Council" || c.Welcome.Rule != "" || c.SectionsNumbered() {
		t.Errorf("settings: %d %q %q", c.PassMark, c.Council, c.Welcome.Rule)
	}
	var cited []string
	for _, ct := range c.Citations(c.Module("safe").Body + c.Module("cymorth").Body) {
		cited = append(cited, ct.Paragraph)
	}
	if got := strings.Join(cited, " "); got != "B1 B2(a) B2(b) B1 B2(a) B2(b) E1 C1 C2 E1" {
		t.Errorf("citations = %s", got)
	}
	if !strings.Contains(c.Module("cymorth").Body, "democratic.services@dyffrynteg.example") {
		t.Error("the Welsh lesson's contact is not filled in")
	}
}

func TestAdviceList(t *testing.T) {
	c := &Course{Advice: []Contact{{Team: "Democratic Services", Email: "ds@example.gov.uk", Phone: "01632 960 000"}, {Team: "Legal team"}}}
	if got, want := c.AdviceList(), "Democratic Services, ds@example.gov.uk, 01632 960 000; Legal team"; got != want {
		t.Errorf("AdviceList = %q, want %q", got, want)
	}
	if got := (&Course{}).AdviceList(); got != "" {
		t.Errorf("AdviceList with nobody = %q", got)
	}
}

// TestConnectContacts: members are told to ask serve's contacts for a code
// or for help connecting, or the advice contacts when there are none.
func TestConnectContacts(t *testing.T) {
	fsys := validFS()
	c, err := Load(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.ConnectList(), "Records team, records@example.org"; len(c.ServeContacts) != 0 || got != want {
		t.Errorf("without serve: ServeContacts %+v, ConnectList %q; want none and %q", c.ServeContacts, got, want)
	}
	data := strings.Replace(string(fsys["course.yaml"].Data), "paragraphs:",
		"serve:\n  contacts:\n    - team: \" IT service desk \"\n      phone: 01632 960 111\n    - team: Democratic Services\nparagraphs:", 1)
	fsys["course.yaml"] = &fstest.MapFile{Data: []byte(data)}
	c, err = Load(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.ConnectList(), "IT service desk, 01632 960 111; Democratic Services"; got != want {
		t.Errorf("ConnectList = %q, want %q", got, want)
	}
	if got, want := c.AdviceList(), "Records team, records@example.org"; got != want {
		t.Errorf("AdviceList with serve contacts = %q, want %q", got, want)
	}
	if got := (&Course{}).ConnectList(); got != "" {
		t.Errorf("ConnectList with nobody = %q", got)
	}
}

func TestLRSSettings(t *testing.T) {
	fsys := validFS()
	c, err := Load(fsys, "content")
	if err != nil || c.LRS != (LRS{}) {
		t.Fatalf("without an lrs section: %+v, %v; want no LRS", c.LRS, err)
	}
	data := strings.Replace(string(fsys["course.yaml"].Data), "advice:",
		"lrs:\n  endpoint: \" https://lrs.example.org/xAPI/ \"\n  credentials: ../private/lrs.key\nadvice:", 1)
	fsys["course.yaml"] = &fstest.MapFile{Data: []byte(data)}
	c, err = Load(fsys, "content")
	if want := (LRS{Endpoint: "https://lrs.example.org/xAPI/", Credentials: "../private/lrs.key"}); err != nil || c.LRS != want {
		t.Errorf("LRS = %+v, %v; want %+v", c.LRS, err, want)
	}
}

// TestClueWordsFromSettings: a pack names its own clue phrases in
// course.yaml, kept as given, and a phrase with no word is a problem.
func TestClueWordsFromSettings(t *testing.T) {
	fsys := validFS()
	fsys["course.yaml"].Data = []byte(strings.Replace(testSettings, "paragraphs:", `clues:
  reasons: [", gan fod", "dim ond"]
  families: ["gofynnwch i'r … tîm"]
paragraphs:`, 1))
	c, err := Load(fsys, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Clues.Reasons, "|"); got != ", gan fod|dim ond" {
		t.Errorf("reasons = %q", got)
	}
	if len(c.Clues.Hedges) != 0 {
		t.Errorf("hedges = %q, want none (the English ones apply)", c.Clues.Hedges)
	}

	fsys["course.yaml"].Data = []byte(strings.Replace(testSettings, "paragraphs:", "clues:\n  hedges: [could, \"…\"]\nparagraphs:", 1))
	_, err = Load(fsys, "")
	var ce *ContentError
	if !errors.As(err, &ce) || len(ce.Problems) != 1 || !strings.Contains(err.Error(), `course.yaml:13: clues hedges: "…" has no word to look for`) {
		t.Errorf("err = %v", err)
	}
}

func TestPhraseProblem(t *testing.T) {
	for _, bad := range []string{"", "  ", "…", "* ...", ", ;", strings.Repeat("… a ", 30)} {
		if PhraseProblem(bad) == "" {
			t.Errorf("phrase %q is accepted", bad)
		}
	}
	for _, good := range []string{"ask the … team", "report*", ", since", "byth"} {
		if p := PhraseProblem(good); p != "" {
			t.Errorf("phrase %q: %s", good, p)
		}
	}
}

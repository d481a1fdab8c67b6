// Package modules loads and checks the course content: a course.yaml file of
// settings, wording, contacts and the guidance's sections and paragraphs,
// and one Markdown lesson with a YAML quiz for each guidance section.
//
//	course.yaml
//	modules/NAME.md         front matter + lesson
//	modules/NAME.quiz.yaml  scenario questions
//
// Sections and paragraphs keep the guidance's own labels (read by
// internal/modules/cite), and texts may use placeholders for what
// course.yaml says (see placeholders.go). Content is read from any fs.FS:
// the embedded course or a council's own folder. Every problem names the
// file and line it was found at; internal/modules/yamlerr puts the YAML
// reader's own errors in plain words.
//
// It owns the content format and the checks that loading makes: content
// that fails them is not loaded. The warnings that only course validate
// gives (answer clues, wording) are internal/packcheck's. It must not
// import the terminal libraries or the record store: the screens and the
// command line read a *Course, and records refer to its ids.
package modules

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"course/internal/mail"
	"course/internal/modules/cite"
	"course/internal/quiz"
)

// maxFileSize is the largest content file accepted.
const maxFileSize = 1 << 20

// Defaults for settings a course.yaml may leave out.
const (
	DefaultPassMark      = 80
	defaultRefreshMonths = 12
	defaultDueMonths     = 6
	// DefaultMinGroup is the fewest members whose answers question
	// statistics show figures for, and minMinGroup the fewest course.yaml
	// may set.
	DefaultMinGroup = 5
	minMinGroup     = 3
)

// Course is a loaded, checked course.
type Course struct {
	// ID names the course for good: the record file remembers it, so that
	// its records are never reported against another course. It is the
	// id in course.yaml, or else the xAPI activity_base.
	ID string
	// Title is the course's name: the window title, and in course --help.
	Title         string
	Council       string
	GuidanceTitle string
	// GuidanceVersion is the version of the guidance document the course teaches.
	GuidanceVersion string
	PassMark        int // per cent
	RefreshMonths   int
	DueMonths       int
	// AnswersInSearch lets search show every quiz's answers to everyone,
	// for a course used as a refresher (see coursework.Search).
	AnswersInSearch bool
	// MinGroup is the fewest members whose answers question statistics
	// show figures for (statistics min_group in course.yaml).
	MinGroup int
	XAPI     XAPI
	// LRS is the learning record store statements are sent to, if any.
	LRS LRS
	// Mail is the council's mail server, for invitations and reminders;
	// its PasswordFile is as course.yaml gives it (relative to the content
	// folder). Not Configured when course.yaml names none.
	Mail mail.Settings
	// Language is the language tag of the course's text, such as en-GB.
	Language string
	// Welcome is the first screen's wording, placeholders filled in.
	Welcome Welcome
	// Advice are the teams members can ask for advice on the guidance.
	Advice []Contact
	// ServeContacts are the teams that issue enrolment codes and help
	// members connect to the course on the council's server, as
	// course.yaml's serve contacts name them; none when it names none. Ask
	// ConnectList whom to name.
	ServeContacts []Contact
	// Sections are the guidance's sections in order, one module each.
	Sections   []Section
	Paragraphs []Paragraph
	// CiteWords introduce a citation in lessons and feedback, as in
	// (Guidance 3.8); the first names paragraphs on screens.
	CiteWords []string
	// CiteJoins join a list of paragraphs in a citation, besides commas.
	CiteJoins []string
	Modules   []*Module
	// Version is a hash of all the content: it changes when anything does.
	Version string
	// Clues are the phrases the answer-clue checks look for, as
	// course.yaml names them; the checks take English for any left empty.
	Clues ClueWords

	citing *cite.Syntax
	// certificate is the certificate's wording with its placeholders.
	certificate string
	// invitation and reminder are the emails' wording, placeholders and
	// all (see InvitationText and ReminderText).
	invitation, reminder messageText
}

// Welcome is the wording of the course's first screen.
type Welcome struct {
	Heading string
	Text    string
	// Rule is a rule to remember, shown apart, or "".
	Rule string
}

// Subtitle names the council, the guidance and its version on one line.
func (c *Course) Subtitle() string {
	return c.Council + " · " + c.GuidanceTitle + ", version " + c.GuidanceVersion
}

// Certificate is the wording under a member's name on the certificate of a
// course completed on date. hold, if not nil, is applied to every value
// filled in, so that a screen can keep a council's name on one line.
func (c *Course) Certificate(date string, hold func(string) string) string {
	text, _ := c.fill(c.certificate, map[string]string{"date": date}, hold)
	return text
}

// XAPI holds the identifiers used in learning-record exports.
type XAPI struct {
	HomePage     string
	ActivityBase string
}

// LRS says where `course sync` sends statements: never the key and
// secret, which come from the environment or the credentials file.
type LRS struct {
	// Endpoint is the address the LRS's statements resource is under
	// (statements go to Endpoint/statements); "" for none.
	Endpoint string
	// Credentials is the file of the key and secret, as course.yaml gives
	// it: a relative path is from the content folder. "" for none.
	Credentials string
}

// EndpointProblem says what is wrong with an LRS endpoint, as a phrase
// that follows its name ("must be a web address starting https://"), or ""
// when it is one statements can be sent to: an absolute http or https
// address with a host and no user name, password, query or fragment (the
// key and secret are never part of the address).
func EndpointProblem(endpoint string) string {
	u, err := url.Parse(endpoint)
	switch {
	case err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "" || u.Opaque != "":
		return "must be a web address starting https://, such as https://lrs.example.org/xAPI"
	case u.User != nil:
		return "must not have a user name or password in it: the key and secret go in the credentials file, or in COURSE_LRS_KEY and COURSE_LRS_SECRET"
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "must not have a ? or # part: give the address the statements resource is under"
	case strings.HasSuffix(strings.TrimRight(u.Path, "/"), "/statements"):
		return "must be the address before /statements, such as https://lrs.example.org/xAPI: the program adds /statements"
	}
	return ""
}

// Contact is a team members can ask: for advice, or for help connecting.
type Contact struct {
	Team  string
	Email string
	Phone string
}

// String is the team with its email and phone, for people.
func (a Contact) String() string {
	parts := []string{a.Team}
	for _, p := range []string{a.Email, a.Phone} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// AdviceList names everyone in course.yaml's advice, with their email and
// phone, separated by semicolons: "" when it names nobody.
func (c *Course) AdviceList() string { return contactList(c.Advice) }

// ConnectList names whom members ask for an enrolment code or for help
// connecting to the course on the council's server, as AdviceList names
// the advice contacts: the serve contacts, or the advice contacts when
// course.yaml names none; "" when there are none.
func (c *Course) ConnectList() string {
	if len(c.ServeContacts) > 0 {
		return contactList(c.ServeContacts)
	}
	return contactList(c.Advice)
}

// contactList names contacts with their email and phone, separated by
// semicolons.
func contactList(contacts []Contact) string {
	who := make([]string, len(contacts))
	for i, a := range contacts {
		who[i] = a.String()
	}
	return strings.Join(who, "; ")
}

// Section is a section of the guidance, with its label as the guidance
// prints it ("3", "B").
type Section struct {
	Label string
	Title string
}

// Paragraph is one paragraph of the guidance, with its label as the
// guidance prints it ("3.8", "A1", "3(b)").
type Paragraph struct {
	ID    string
	Topic string
}

// Module is one lesson and its quiz.
type Module struct {
	ID    string
	Title string
	// Section is the label of the guidance section the module covers.
	Section string
	// Number is the module's place in the course, from 1.
	Number  int
	Teaches []string
	Minutes int
	Summary string
	// Body is the lesson's Markdown, without front matter.
	Body string
	// BodyLine is the file line on which Body starts.
	BodyLine int
	// File and QuizFile are the paths the module was read from.
	File      string
	QuizFile  string
	Questions []quiz.Question
	// Version is a hash of the lesson and quiz files.
	Version string

	lesson        []byte         // the lesson file as read, for the version
	questionLines map[string]int // quiz file line of each question's id
	sectionLine   int            // lesson file line of the section
}

// QuestionLine is the line of the quiz file on which the question with the
// given id starts, or 0 when it is not known.
func (m *Module) QuestionLine(id string) int { return m.questionLines[id] }

// Module returns the module with the given id, or nil.
func (c *Course) Module(id string) *Module {
	for _, m := range c.Modules {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// Paragraph returns the guidance paragraph with the given id.
func (c *Course) Paragraph(id string) (Paragraph, bool) {
	if i, ok := c.cites().Index(id); ok {
		return c.Paragraphs[i], true
	}
	return Paragraph{}, false
}

// SectionsNumbered says whether every module's section label is its
// number in the course (1, 2, 3 …), so that screens need show only one.
func (c *Course) SectionsNumbered() bool {
	for _, m := range c.Modules {
		if m.Section != strconv.Itoa(m.Number) {
			return false
		}
	}
	return true
}

// Duration says how long something takes, for people: "1 hour 20 minutes".
func Duration(minutes int) string {
	switch {
	case minutes < 60:
		return fmt.Sprintf("%d minutes", minutes)
	case minutes == 60:
		return "an hour"
	case minutes%60 == 0:
		return fmt.Sprintf("%d hours", minutes/60)
	}
	h, m := minutes/60, minutes%60
	hours := "1 hour"
	if h > 1 {
		hours = fmt.Sprintf("%d hours", h)
	}
	return fmt.Sprintf("%s %d minutes", hours, m)
}

// Minutes is the estimated time for the whole course.
func (c *Course) Minutes() int {
	total := 0
	for _, m := range c.Modules {
		total += m.Minutes
	}
	return total
}

// Questions returns every question in the course, module by module.
func (c *Course) Questions() []quiz.Question {
	var qs []quiz.Question
	for _, m := range c.Modules {
		qs = append(qs, m.Questions...)
	}
	return qs
}

// Heading is a "## " heading of a lesson: a page start and an outline entry.
type Heading struct {
	Title string
	Line  int // line within Body, from 0
}

// Headings lists the lesson's second-level headings in order.
func (m *Module) Headings() []Heading {
	var hs []Heading
	for i, l := range strings.Split(m.Body, "\n") {
		if t, ok := strings.CutPrefix(l, "## "); ok {
			hs = append(hs, Heading{Title: strings.TrimSpace(t), Line: i})
		}
	}
	return hs
}

func hashOf(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		// Length-prefix each part so that moving bytes between parts changes the hash.
		var n [8]byte
		for i, l := 0, len(p); i < 8; i++ {
			n[i] = byte(l >> (8 * i))
		}
		h.Write(n[:])
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// ModuleIDs are the ids of the course's modules, in order.
func (c *Course) ModuleIDs() []string {
	ids := make([]string, len(c.Modules))
	for i, m := range c.Modules {
		ids[i] = m.ID
	}
	return ids
}

package export

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"course/internal/safetext"
)

// xAPI statements (Experience API 1.0.3) for a learning record store.
//
// Each exported event becomes one statement; the module-completed event
// that completes the last module of the course (every module in the course
// now having a module-completed event) also gives a "completed" statement
// for the course. Statement ids are name-based UUIDs (version 5) of the
// event's hash, so exporting the same records again gives the same ids and
// a record store keeps one copy. context.registration is the attempt id;
// events without one (a module read, the course completion) use a UUID
// derived from the member number, one per member.

// XAPICourse describes the course for xAPI statements.
type XAPICourse struct {
	// HomePage is the council's web address: actors are accounts on it,
	// named by member number.
	HomePage string
	// ActivityBase is the absolute IRI of the course; modules, quizzes and
	// questions have IRIs under it.
	ActivityBase    string
	Title           string // The course's name: the guidance title.
	GuidanceVersion string // context.revision.
	// Language tags the course's text (names, descriptions) and is the
	// statements' context.language; "" means en-GB.
	Language string
	Modules  []XAPIModule
}

// XAPIModule is one module of the course.
type XAPIModule struct {
	ID, Title string
	Questions []XAPIQuestion
}

// XAPIQuestion is one quiz question.
type XAPIQuestion struct {
	ID       string
	Scenario string
	Prompt   string
	Choices  []string // Option texts, in the order the quiz file gives them.
	Correct  []int    // The correct options, counted from 0.
}

// The xAPI vocabulary used.
const (
	xapiVersion = "1.0.3"
	// xapiLanguage tags the program's own words (the verbs), and the
	// course's when it gives no language.
	xapiLanguage   = "en-GB"
	verbBase       = "http://adlnet.gov/expapi/verbs/"
	activityTypeIn = "http://adlnet.gov/expapi/activities/"
)

// Statement parts, in the spec's terms. Activities, context activities and
// verbs are encoded with encoding/json once, when the export starts; each
// statement is then put together by appendStatement, which is several
// times faster than encoding it whole.
type (
	xVerb struct {
		ID      string            `json:"id"`
		Display map[string]string `json:"display"`
	}
	xActivity struct {
		ObjectType string       `json:"objectType"`
		ID         string       `json:"id"`
		Definition *xDefinition `json:"definition,omitempty"`
	}
	xDefinition struct {
		Name                    map[string]string `json:"name,omitempty"`
		Description             map[string]string `json:"description,omitempty"`
		Type                    string            `json:"type,omitempty"`
		InteractionType         string            `json:"interactionType,omitempty"`
		CorrectResponsesPattern []string          `json:"correctResponsesPattern,omitempty"`
		Choices                 []xComponent      `json:"choices,omitempty"`
	}
	xComponent struct {
		ID          string            `json:"id"`
		Description map[string]string `json:"description"`
	}
	// xResult is a statement's result; nil fields are left out.
	xResult struct {
		Score      *xScore
		Success    *bool
		Completion *bool
		Response   *string
		Duration   string
	}
	xScore struct {
		Raw, Max int // Min is 0.
	}
	xContextActivities struct {
		Parent   []*xActivity `json:"parent,omitempty"`
		Grouping []*xActivity `json:"grouping,omitempty"`
	}
)

// Verbs.
var (
	verbExperienced = xapiVerb("experienced")
	verbAnswered    = xapiVerb("answered")
	verbPassed      = xapiVerb("passed")
	verbFailed      = xapiVerb("failed")
	verbCompleted   = xapiVerb("completed")
)

func xapiVerb(name string) json.RawMessage {
	return encode(xVerb{ID: verbBase + name, Display: map[string]string{xapiLanguage: name}})
}

// langTag is the language of the course's text.
type langTag string

// text is a language map of the course's text, on one line and without
// format characters as every output has them.
func (t langTag) text(s string) map[string]string {
	if s = strings.Join(strings.Fields(safetext.Visible(s)), " "); s == "" {
		return nil
	}
	return map[string]string{string(t): s}
}

// xapiModule holds a module's activities and context activities, encoded
// once when the export starts (or when a record names a module the course
// no longer has) rather than for every statement.
type xapiModule struct {
	module, quiz json.RawMessage
	// underModule is the context of the quiz: parent module, grouping
	// course. underQuiz is the context of an answer: parent quiz, grouping
	// module and course. underRefresher is the context of an answer given
	// in a refresher: parent the refresher, grouping module and course, so
	// that counting a module's quiz attempts leaves refreshers out.
	underModule, underQuiz, underRefresher json.RawMessage
}

// xapiExport makes statements. It sees every exported event in order,
// including those before Since (or, when syncing, those already sent), to
// work out quiz durations and course completions.
type xapiExport struct {
	// out is where statements are appended, with a comma before each but
	// the first; n counts those in it. flush, if set, is called after each
	// statement; refs, if set, gets each statement's id and event.
	out   *[]byte
	n     int
	flush func()
	refs  *[]StatementRef

	course    XAPICourse
	lang      langTag
	base      string // ActivityBase without a final slash.
	names     map[string]string
	homePage  []byte // The home page, encoded as a JSON string.
	namespace [16]byte
	top       json.RawMessage // The course.
	refresher json.RawMessage
	inCourse  json.RawMessage // The context of a module: parent course.
	// topActivity is the course, for the context activities of modules
	// added later.
	topActivity       *xActivity
	refresherActivity *xActivity
	modules           map[string]*xapiModule
	questions         map[string]json.RawMessage
	// firstAnswer is when each unfinished attempt's first answer was given.
	firstAnswer map[string]time.Time
	// completed is, for each member, the course's modules with a
	// module-completed event so far; done is the members who have
	// completed the course.
	completed map[string]map[string]bool
	done      map[string]bool
}

func newXAPIExport(c XAPICourse, names map[string]string) (*xapiExport, error) {
	for _, f := range []struct{ name, value string }{{"home page", c.HomePage}, {"activity base", c.ActivityBase}} {
		if !absoluteIRI(f.value) {
			return nil, fmt.Errorf("%w: the xAPI %s %q is not an absolute web address", ErrInvalid, f.name, f.value)
		}
	}
	base := strings.TrimSuffix(c.ActivityBase, "/")
	x := &xapiExport{
		course: c, names: names, base: base, lang: langTag(cmp.Or(c.Language, xapiLanguage)),
		homePage:    appendJSONString(nil, c.HomePage),
		namespace:   uuidV5(urlNamespace, base),
		modules:     make(map[string]*xapiModule),
		questions:   make(map[string]json.RawMessage),
		firstAnswer: make(map[string]time.Time),
		completed:   make(map[string]map[string]bool),
		done:        make(map[string]bool),
	}
	top := x.activity(base, c.Title, "", "course")
	x.top = encode(top)
	x.refresherActivity = x.activity(base+"/refresher", "Refresher quiz: "+c.Title, "", "assessment")
	x.refresher = encode(x.refresherActivity)
	x.inCourse = encode(xContextActivities{Parent: []*xActivity{top}})
	x.topActivity = top
	for _, m := range c.Modules {
		x.addModule(base, m.ID, m.Title)
		for _, q := range m.Questions {
			x.questions[q.ID] = encode(x.questionActivity(base, q))
		}
	}
	return x, nil
}

func (x *xapiExport) addModule(base, id, title string) *xapiModule {
	if title == "" {
		title = id
	}
	iri := base + "/modules/" + url.PathEscape(id)
	module := x.activity(iri, title, "", "module")
	quiz := x.activity(iri+"/quiz", "Quiz: "+title, "", "assessment")
	m := &xapiModule{
		module:      encode(module),
		quiz:        encode(quiz),
		underModule: encode(xContextActivities{Parent: []*xActivity{module}, Grouping: []*xActivity{x.topActivity}}),
		underQuiz:   encode(xContextActivities{Parent: []*xActivity{quiz}, Grouping: []*xActivity{module, x.topActivity}}),
		underRefresher: encode(xContextActivities{Parent: []*xActivity{x.refresherActivity},
			Grouping: []*xActivity{module, x.topActivity}}),
	}
	x.modules[id] = m
	return m
}

func (x *xapiExport) activity(iri, name, description, typ string) *xActivity {
	return &xActivity{ObjectType: "Activity", ID: iri, Definition: &xDefinition{
		Name: x.lang.text(name), Description: x.lang.text(description), Type: activityTypeIn + typ,
	}}
}

// questionActivity is a choice interaction: choices are named "1", "2", …
// in the quiz file's order, as CSV and JSON exports number them.
func (x *xapiExport) questionActivity(base string, q XAPIQuestion) *xActivity {
	a := x.activity(base+"/questions/"+url.PathEscape(q.ID), q.Prompt, q.Scenario, "cmi.interaction")
	if a.Definition.Name == nil {
		a.Definition.Name = x.lang.text(q.ID)
	}
	a.Definition.InteractionType = "choice"
	for i, text := range q.Choices {
		a.Definition.Choices = append(a.Definition.Choices, xComponent{ID: strconv.Itoa(i + 1), Description: x.lang.text(text)})
	}
	if len(q.Correct) > 0 {
		a.Definition.CorrectResponsesPattern = []string{choiceResponse(q.Correct)}
	}
	return a
}

// choiceResponse is a choice response: option ids joined by "[,]".
func choiceResponse(options []int) string {
	ids := make([]string, len(options))
	for i, o := range options {
		ids[i] = strconv.Itoa(o + 1)
	}
	return strings.Join(ids, "[,]")
}

func (x *xapiExport) module(id string) *xapiModule {
	if m := x.modules[id]; m != nil {
		return m
	}
	// A module no longer in the course: named by its id.
	return x.addModule(x.base, id, "")
}

func (x *xapiExport) question(id string) json.RawMessage {
	if q := x.questions[id]; q != nil {
		return q
	}
	q := encode(x.questionActivity(x.base, XAPIQuestion{ID: id}))
	x.questions[id] = q
	return q
}

// encode is json.Marshal for the export's own types, which cannot fail.
func encode(v any) json.RawMessage {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return data
}

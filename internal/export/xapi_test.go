package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/xapitest"
)

func xapiStatements(t *testing.T, data []byte) []map[string]any {
	t.Helper()
	var sts []map[string]any
	if err := json.Unmarshal(data, &sts); err != nil {
		t.Fatalf("not a JSON array of statements: %v\n%s", err, data)
	}
	return sts
}

func TestExportXAPI(t *testing.T) {
	f := progresstest.NewAttempts(t)
	data, res := exportBytes(t, f.Store, Options{Format: XAPI, XAPI: exportCourse})
	sts := xapiStatements(t, data)
	if res.Records != len(sts) {
		t.Errorf("%d statements, %d reported", len(sts), res.Records)
	}
	ids := map[string]bool{}
	var summary []string
	for i, st := range sts {
		for _, p := range xapitest.Validate(st) {
			t.Errorf("statement %d: %s", i, p)
		}
		if ctx, _ := st["context"].(map[string]any); ctx["platform"] != "course test-1.0" {
			t.Errorf("statement %d: platform = %v, want the recording program's version", i, ctx["platform"])
		}
		id := st["id"].(string)
		if ids[id] {
			t.Errorf("statement id %s is repeated", id)
		}
		ids[id] = true
		if strings.Split(id, "-")[2][0] != '5' {
			t.Errorf("statement id %s is not a version 5 UUID", id)
		}
		verb := path(st, "verb", "id").(string)
		object := strings.TrimPrefix(path(st, "object", "id").(string), exportCourse.ActivityBase)
		summary = append(summary, fmt.Sprintf("%s %s %s", path(st, "actor", "account", "name"),
			strings.TrimPrefix(verb, "http://adlnet.gov/expapi/verbs/"), object))
	}
	amy, bob, cal := f.Amy.Number, f.Bob.Number, f.Cal.Number
	want := []string{
		amy + " experienced /modules/intro",
		amy + " answered /questions/intro-q1",
		bob + " answered /questions/intro-q1",
		amy + " answered /questions/intro-q2",
		bob + " answered /questions/intro-q2",
		amy + " passed /modules/intro/quiz",
		bob + " failed /modules/intro/quiz",
		amy + " completed /modules/intro",
		amy + " experienced /modules/ethics",
		amy + " answered /questions/ethics-q1",
		amy + " passed /modules/ethics/quiz",
		amy + " completed /modules/ethics",
		amy + " completed ",
		bob + " answered /questions/intro-q1",
		bob + " passed /refresher",
		cal + " answered /questions/ethics-q1",
	}
	if !slices.Equal(summary, want) {
		t.Errorf("statements:\n%s\nwant\n%s", strings.Join(summary, "\n"), strings.Join(want, "\n"))
	}
	if len(sts) != len(want) {
		t.FailNow()
	}

	events := exportedEvents(t, f.Store, time.Time{})
	// An answer: the question's definition, the response, and its place
	// under quiz, module and course, in the attempt's registration.
	answer := sts[1]
	if path(answer, "context", "registration") != events[1].Attempt {
		t.Errorf("registration %v, want the attempt %s", path(answer, "context", "registration"), events[1].Attempt)
	}
	if path(answer, "result", "response") != "2" || path(answer, "result", "success") != true {
		t.Errorf("answer result = %v", answer["result"])
	}
	if def := path(answer, "object", "definition").(map[string]any); def["interactionType"] != "choice" ||
		fmt.Sprint(def["correctResponsesPattern"]) != "[2]" || len(def["choices"].([]any)) != 3 {
		t.Errorf("question definition = %v", def)
	}
	if p := path(sts[3], "result", "response"); p != "1[,]3" {
		t.Errorf("multiple-choice response = %v, want 1[,]3", p)
	}
	if got := contextIDs(answer); got != "parent /modules/intro/quiz; grouping /modules/intro "+exportCourse.ActivityBase {
		t.Errorf("answer context = %s", got)
	}
	// A quiz: score, success, completion and duration from first answer
	// (second 2 of the attempt) to finish (second 6: the clock ticks once
	// an event).
	quiz := sts[5]
	if s := path(quiz, "result", "score").(map[string]any); s["scaled"] != 1.0 || s["raw"] != 2.0 || s["min"] != 0.0 || s["max"] != 2.0 {
		t.Errorf("quiz score = %v", s)
	}
	if d := path(quiz, "result", "duration"); d != isoDuration(events[5].Time.Sub(events[1].Time)) || d != "PT4S" {
		t.Errorf("quiz duration = %v, want PT4S", d)
	}
	if path(quiz, "result", "completion") != true || path(quiz, "result", "success") != true {
		t.Errorf("quiz result = %v", quiz["result"])
	}
	if got := contextIDs(quiz); got != "parent /modules/intro; grouping "+exportCourse.ActivityBase {
		t.Errorf("quiz context = %s", got)
	}
	if failed := sts[6]; path(failed, "result", "success") != false || path(failed, "result", "score", "scaled") != 0.0 {
		t.Errorf("failed quiz result = %v", failed["result"])
	}
	// The module read has no attempt: its registration is the member's.
	read, courseDone := sts[0], sts[12]
	if reg := path(read, "context", "registration"); reg != path(courseDone, "context", "registration") || reg == nil {
		t.Errorf("member registrations differ: %v and %v", reg, path(courseDone, "context", "registration"))
	}
	if path(courseDone, "object", "definition", "type") != "http://adlnet.gov/expapi/activities/course" ||
		path(courseDone, "timestamp") != path(sts[11], "timestamp") {
		t.Errorf("course completion = %v", courseDone)
	}
	for _, st := range sts {
		if path(st, "context", "revision") != "1.0" {
			t.Errorf("context.revision = %v", path(st, "context", "revision"))
		}
		if _, named := st["actor"].(map[string]any)["name"]; named {
			t.Error("an actor is named in an export made without Names")
		}
	}
}

// contextIDs summarises a statement's context activities.
func contextIDs(st map[string]any) string {
	var parts []string
	for _, k := range []string{"parent", "grouping"} {
		list, _ := path(st, "context", "contextActivities", k).([]any)
		var ids []string
		for _, a := range list {
			ids = append(ids, strings.TrimPrefix(a.(map[string]any)["id"].(string), exportCourse.ActivityBase+"/"))
		}
		if len(ids) > 0 {
			parts = append(parts, k+" /"+strings.Join(ids, " "))
		}
	}
	return strings.ReplaceAll(strings.Join(parts, "; "), "/https:", "https:")
}

// path follows keys into decoded JSON; nil if any is missing.
func path(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func TestExportXAPIIsDeterministic(t *testing.T) {
	f := progresstest.NewAttempts(t)
	first, _ := exportBytes(t, f.Store, Options{Format: XAPI, XAPI: exportCourse})
	// More records later: the earlier statements keep their ids.
	progresstest.Record(t, f.Store, record.Event{Kind: record.ModuleRead, Member: f.Bob.Number, Module: "ethics", ModuleVersion: "v1"})
	second, _ := exportBytes(t, f.Store, Options{Format: XAPI, XAPI: exportCourse})
	a, b := xapiStatements(t, first), xapiStatements(t, second)
	if len(b) != len(a)+1 {
		t.Fatalf("%d statements, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i]["id"] != b[i]["id"] {
			t.Errorf("statement %d: id %v, then %v", i, a[i]["id"], b[i]["id"])
		}
	}
	again, _ := exportBytes(t, f.Store, Options{Format: XAPI, XAPI: exportCourse})
	if !bytes.Equal(second, again) {
		t.Error("two exports of the same records differ")
	}
	// Another council's activity base gives other ids.
	other := exportCourse
	other.ActivityBase = "https://learning.example.org/course"
	c := xapiStatements(t, must(exportBytes(t, f.Store, Options{Format: XAPI, XAPI: other})))
	if c[0]["id"] == b[0]["id"] {
		t.Error("statement ids do not depend on the activity base")
	}
}

func TestExportXAPINames(t *testing.T) {
	f := progresstest.NewAttempts(t)
	sts := xapiStatements(t, must(exportBytes(t, f.Store, Options{Format: XAPI, XAPI: exportCourse, Names: true})))
	plain := map[any]bool{}
	for _, st := range xapiStatements(t, must(exportBytes(t, f.Store, Options{Format: XAPI, XAPI: exportCourse}))) {
		plain[st["id"]] = true
	}
	for _, st := range sts {
		// An LRS refuses an id it holds with other content: a named
		// statement must not reuse the id of the plain one sync sends.
		if _, named := st["actor"].(map[string]any)["name"]; named == plain[st["id"]] {
			t.Errorf("statement %v (named %v) has the id of a plain statement: %v", st["id"], named, plain[st["id"]])
		}
		for _, p := range xapitest.Validate(st) {
			t.Error(p)
		}
		number := path(st, "actor", "account", "name")
		name, named := st["actor"].(map[string]any)["name"]
		switch number {
		case f.Amy.Number:
			if name != "Amy Adams" {
				t.Errorf("Amy is named %v", name)
			}
		case f.Cal.Number:
			if named {
				t.Errorf("erased member is named %v", name)
			}
		}
	}
}

// The course's text and members' names reach statements without format
// characters, as in every other output.
func TestExportXAPIDropsFormatCharacters(t *testing.T) {
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Amy \u202esmadA\u200b")
	progresstest.Record(t, s, record.Event{Kind: record.QuestionAnswered, Member: m.Number, Module: "intro", Attempt: record.NewAttemptID(), Question: "q1", Chosen: []int{0}})
	course := exportCourse
	course.Title = "Social\u200b Media\ufeff"
	course.Modules = []XAPIModule{{ID: "intro", Title: "Why\u2066 it matters\u2069", Questions: []XAPIQuestion{
		{ID: "q1", Scenario: "A resident\u200d asks", Prompt: "What\u202e now?", Choices: []string{"Ignore\u200b it", "Reply"}, Correct: []int{1}},
	}}}
	data := must(exportBytes(t, s, Options{Format: XAPI, XAPI: course, Names: true}))
	if i := bytes.IndexFunc(data, func(r rune) bool { return unicode.Is(unicode.Cf, r) }); i >= 0 {
		t.Errorf("a format character is left: %q", data[max(0, i-20):min(len(data), i+20)])
	}
	for _, want := range []string{`"Amy smadA"`, `"What now?"`, `"Ignore it"`, `"A resident asks"`} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("statements lack %s:\n%s", want, data)
		}
	}
}

func TestValidatorCatchesMistakes(t *testing.T) {
	f := progresstest.NewAttempts(t)
	sts := xapiStatements(t, must(exportBytes(t, f.Store, Options{Format: XAPI, XAPI: exportCourse})))
	good := sts[5] // Amy passes the intro quiz.
	if p := xapitest.Validate(good); len(p) > 0 {
		t.Fatalf("a good statement fails: %v", p)
	}
	mistakes := map[string]func(st map[string]any){
		"malformed id":          func(st map[string]any) { st["id"] = st["id"].(string)[:35] },
		"version 0 id":          func(st map[string]any) { st["id"] = "1b4e28ba-2fa1-01d2-883f-0016d3cca427" },
		"wrong variant":         func(st map[string]any) { st["id"] = "1b4e28ba-2fa1-51d2-c83f-0016d3cca427" },
		"uppercase id":          func(st map[string]any) { st["id"] = strings.ToUpper(st["id"].(string)) },
		"extra property":        func(st map[string]any) { st["stored_by"] = "us" },
		"relative object":       func(st map[string]any) { st["object"].(map[string]any)["id"] = "/modules/intro" },
		"verb without display":  func(st map[string]any) { st["verb"].(map[string]any)["display"] = map[string]any{} },
		"bad language tag":      func(st map[string]any) { st["verb"].(map[string]any)["display"] = map[string]any{"English": "passed"} },
		"scaled above 1":        func(st map[string]any) { path(st, "result", "score").(map[string]any)["scaled"] = 1.5 },
		"scaled not raw/max":    func(st map[string]any) { path(st, "result", "score").(map[string]any)["scaled"] = 0.5 },
		"raw above max":         func(st map[string]any) { path(st, "result", "score").(map[string]any)["raw"] = 3.0 },
		"bad duration":          func(st map[string]any) { st["result"].(map[string]any)["duration"] = "4 seconds" },
		"empty duration":        func(st map[string]any) { st["result"].(map[string]any)["duration"] = "PT" },
		"local timestamp":       func(st map[string]any) { st["timestamp"] = "2025-05-01T10:00:01.000+01:00" },
		"no milliseconds":       func(st map[string]any) { st["timestamp"] = "2025-05-01T10:00:01Z" },
		"registration not UUID": func(st map[string]any) { st["context"].(map[string]any)["registration"] = "attempt-1" },
		"mbox and account":      func(st map[string]any) { st["actor"].(map[string]any)["mbox"] = "mailto:a@example.org" },
		"account without home":  func(st map[string]any) { delete(path(st, "actor", "account").(map[string]any), "homePage") },
		"account with extra":    func(st map[string]any) { path(st, "actor", "account").(map[string]any)["email"] = "x" },
		"group actor":           func(st map[string]any) { st["actor"].(map[string]any)["objectType"] = "Group" },
		"success not boolean":   func(st map[string]any) { st["result"].(map[string]any)["success"] = "yes" },
		"no version":            func(st map[string]any) { delete(st, "version") },
		"relative parent": func(st map[string]any) {
			path(st, "context", "contextActivities", "parent").([]any)[0].(map[string]any)["id"] = "quiz"
		},
		"unknown context member": func(st map[string]any) { st["context"].(map[string]any)["attempt"] = "1" },
	}
	for name, mistake := range mistakes {
		t.Run(name, func(t *testing.T) {
			var st map[string]any
			data, _ := json.Marshal(good)
			json.Unmarshal(data, &st)
			mistake(st)
			if p := xapitest.Validate(st); len(p) == 0 {
				t.Error("the validator found nothing wrong")
			}
		})
	}
	answer := sts[1]
	def := path(answer, "object", "definition").(map[string]any)
	def["correctResponsesPattern"] = []any{"9"}
	if p := xapitest.Validate(answer); len(p) == 0 {
		t.Error("a correct response naming no choice was accepted")
	}
}

func TestISODuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "PT0S", 4 * time.Second: "PT4S", 1500 * time.Millisecond: "PT1.5S", 1234 * time.Millisecond: "PT1.23S",
		83*time.Second + 450*time.Millisecond: "PT1M23.45S", time.Hour + 2*time.Second: "PT1H2S",
		26*time.Hour + 3*time.Minute: "PT26H3M0S", 4 * time.Millisecond: "PT0S",
	} {
		got := isoDuration(d)
		if got != want {
			t.Errorf("isoDuration(%v) = %q, want %q", d, got, want)
		}
		if !xapitest.DurationPattern.MatchString(got) {
			t.Errorf("isoDuration(%v) = %q does not match the grammar", d, got)
		}
	}
}

func TestUUIDv5(t *testing.T) {
	// RFC 9562's example: the version 5 UUID of "www.example.com" in the DNS namespace.
	dns := [16]byte{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	if got := uuidString(uuidV5(dns, "www.example.com")); got != "2ed6657d-e927-568b-95e1-2665a8aea6a2" {
		t.Errorf("uuidV5 = %s", got)
	}
}

// Records of a module or question the course no longer has still give
// valid statements, with the ids as names.
func TestExportXAPIRetiredContent(t *testing.T) {
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Amy Adams")
	attempt := "not a uuid"
	for _, e := range []record.Event{
		{Kind: record.ModuleRead, Member: m.Number, Module: "retired module"},
		{Kind: record.QuestionAnswered, Member: m.Number, Module: "retired module", Attempt: attempt, Question: "old/q1", Chosen: []int{0}},
		{Kind: record.QuizFinished, Member: m.Number, Module: "retired module", Attempt: attempt, Score: 0, Total: 0},
	} {
		progresstest.Record(t, s, e)
	}
	sts := xapiStatements(t, must(exportBytes(t, s, Options{Format: XAPI, XAPI: exportCourse})))
	if len(sts) != 3 {
		t.Fatalf("%d statements", len(sts))
	}
	for i, st := range sts {
		for _, p := range xapitest.Validate(st) {
			t.Errorf("statement %d: %s", i, p)
		}
	}
	if id := path(sts[1], "object", "id"); id != exportCourse.ActivityBase+"/questions/old%2Fq1" {
		t.Errorf("question id %v", id)
	}
	if path(sts[2], "result", "score") != nil {
		t.Errorf("a quiz of no questions has a score: %v", path(sts[2], "result"))
	}
	if r1, r2 := path(sts[1], "context", "registration"), path(sts[2], "context", "registration"); r1 != r2 || !xapitest.ValidUUID(r1.(string)) {
		t.Errorf("registrations %v and %v: want one UUID for the attempt", r1, r2)
	}
}

// The course's text is tagged with the course's language; the verbs, the
// program's own words, stay English.
func TestExportXAPILanguage(t *testing.T) {
	f := progresstest.NewAttempts(t)
	course := exportCourse
	course.Language = "cy"
	data, _ := exportBytes(t, f.Store, Options{Format: XAPI, XAPI: course})
	sts := xapiStatements(t, data)
	if len(sts) == 0 {
		t.Fatal("no statements")
	}
	for i, st := range sts {
		for _, p := range xapitest.Validate(st) {
			t.Errorf("statement %d: %s", i, p)
		}
		if got := path(st, "context", "language"); got != "cy" {
			t.Errorf("statement %d: context.language = %v", i, got)
		}
		if names, _ := path(st, "object", "definition", "name").(map[string]any); len(names) != 1 || names["cy"] == nil {
			t.Errorf("statement %d: object name = %v, want it tagged cy", i, names)
		}
		if display, _ := path(st, "verb", "display").(map[string]any); display["en-GB"] == nil {
			t.Errorf("statement %d: verb display = %v", i, display)
		}
	}
}

// An answer given in a refresher is parented to the refresher, grouped
// under its module and the course, so that counting a module's quiz
// attempts leaves it out; an answer recorded before answers were marked
// keeps the context it was first sent with.
func TestExportXAPIRefresherAnswers(t *testing.T) {
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Ann Lee")
	attempt := record.NewAttemptID()
	answer := func(reason string) record.Event {
		return record.Event{Kind: record.QuestionAnswered, Member: m.Number, Module: "intro", ModuleVersion: "v1",
			Attempt: attempt, Question: "intro-q1", Chosen: []int{1}, Correct: true, Reason: reason}
	}
	progresstest.Record(t, s, answer(""), answer(record.RefresherAnswer),
		record.Event{Kind: record.RefresherFinished, Member: m.Number, Attempt: attempt, Score: 2, Total: 2, Passed: true})
	sts := xapiStatements(t, must(exportBytes(t, s, Options{Format: XAPI, XAPI: exportCourse})))
	if len(sts) != 3 {
		t.Fatalf("%d statements, want 3", len(sts))
	}
	for i, want := range []string{
		"parent /modules/intro/quiz; grouping /modules/intro " + exportCourse.ActivityBase,
		"parent /refresher; grouping /modules/intro " + exportCourse.ActivityBase,
	} {
		if got := contextIDs(sts[i]); got != want {
			t.Errorf("answer %d context = %s, want %s", i, got, want)
		}
		for _, p := range xapitest.Validate(sts[i]) {
			t.Error(p)
		}
	}
}

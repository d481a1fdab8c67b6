package export

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"course/internal/record"
)

func (x *xapiExport) begin() { *x.out = append(*x.out, '[') }

func (x *xapiExport) end() {
	if x.n > 0 {
		*x.out = append(*x.out, '\n')
	}
	*x.out = append(*x.out, "]\n"...)
}

func (x *xapiExport) event(e *record.EventView, emit bool) int {
	member, attempt := string(e.Member), string(e.Attempt)
	written := 0
	switch record.Kind(e.Kind) {
	case record.ModuleRead:
		if emit {
			written += x.write(e, "", verbExperienced, x.module(string(e.Module)).module, nil, x.inCourse)
		}
	case record.QuestionAnswered:
		if _, ok := x.firstAnswer[attempt]; !ok && attempt != "" {
			x.firstAnswer[attempt] = e.Time
		}
		if emit {
			response := choiceResponse(e.Chosen)
			result := &xResult{Success: boolPtr(e.Correct), Response: &response}
			m := x.module(string(e.Module))
			activities := m.underQuiz
			if string(e.Reason) == record.RefresherAnswer {
				activities = m.underRefresher
			}
			written += x.write(e, "", verbAnswered, x.question(string(e.Question)), result, activities)
		}
	case record.QuizFinished, record.RefresherFinished:
		first, started := x.firstAnswer[attempt]
		delete(x.firstAnswer, attempt)
		if !emit {
			break
		}
		verb := verbFailed
		if e.Passed {
			verb = verbPassed
		}
		result := &xResult{Success: boolPtr(e.Passed), Completion: boolPtr(true), Score: score(e)}
		if started && !e.Time.Before(first) {
			result.Duration = isoDuration(e.Time.Sub(first))
		}
		object, activities := x.refresher, x.inCourse
		if record.Kind(e.Kind) == record.QuizFinished {
			m := x.module(string(e.Module))
			object, activities = m.quiz, m.underModule
		}
		written += x.write(e, "", verb, object, result, activities)
	case record.ModuleCompleted:
		if emit {
			result := &xResult{Success: boolPtr(true), Completion: boolPtr(true), Score: score(e)}
			written += x.write(e, "", verbCompleted, x.module(string(e.Module)).module, result, x.inCourse)
		}
		if x.completesCourse(member, string(e.Module)) && emit {
			result := &xResult{Success: boolPtr(true), Completion: boolPtr(true)}
			written += x.write(e, "/course-completed", verbCompleted, x.top, result, nil)
		}
	}
	return written
}

// completesCourse notes a module completion and says whether it is the
// member's first time with every module of the course completed.
func (x *xapiExport) completesCourse(member, module string) bool {
	if x.done[member] || len(x.course.Modules) == 0 {
		return false
	}
	set := x.completed[member]
	if set == nil {
		set = make(map[string]bool, len(x.course.Modules))
		x.completed[member] = set
	}
	set[module] = true
	for _, m := range x.course.Modules {
		if !set[m.ID] {
			return false
		}
	}
	x.done[member] = true
	delete(x.completed, member)
	return true
}

// write adds the statement for e: its id is derived from the hash the
// event was first sealed with (so an event merged from a member's hand-in
// keeps the id it had in the member's own records), suffix and the
// member's name if the statement gives it, and its
// registration is the attempt's (or, for the course completion and events
// outside an attempt, the member's).
func (x *xapiExport) write(e *record.EventView, suffix string, verb, object json.RawMessage, result *xResult, activities json.RawMessage) int {
	seed := string(e.FirstHash())
	if seed == "" {
		seed = "seq/" + strconv.FormatUint(e.Seq, 10)
	}
	registration := x.registration(e)
	if suffix != "" {
		registration = x.memberRegistration(string(e.Member))
	}
	b := *x.out
	if x.n > 0 {
		b = append(b, ',')
	}
	x.n++
	b = append(b, "\n{\"id\":\""...)
	start := len(b)
	// A statement that names the member is other content than the plain
	// one (which course sync sends), so it has an id of its own, from the
	// name: an LRS keeps the first content an id comes with and refuses
	// any other (409 Conflict), which would stop every later sync there.
	name := x.names[string(e.Member)]
	idName := "statement/" + seed + suffix
	if name != "" {
		idName += "/named/" + name
	}
	b = appendUUID(b, uuidV5(x.namespace, idName))
	if x.refs != nil {
		*x.refs = append(*x.refs, StatementRef{ID: string(b[start:]), Seq: e.Seq})
	}
	b = append(b, `","actor":{"objectType":"Agent"`...)
	if name != "" {
		b = append(b, `,"name":`...)
		b = appendJSONString(b, name)
	}
	b = append(b, `,"account":{"homePage":`...)
	b = append(b, x.homePage...)
	b = append(b, `,"name":`...)
	b = appendJSONString(b, e.Member)
	b = append(b, `}},"verb":`...)
	b = append(b, verb...)
	b = append(b, `,"object":`...)
	b = append(b, object...)
	if result != nil {
		b = appendResult(append(b, `,"result":`...), result)
	}
	b = append(b, `,"context":{"registration":"`...)
	b = append(b, registration...)
	b = append(b, '"')
	if x.course.GuidanceVersion != "" {
		b = append(b, `,"revision":`...)
		b = appendJSONString(b, x.course.GuidanceVersion)
	}
	if len(e.AppVersion) > 0 {
		// The program that recorded the event, e.g. "course 1.2.0".
		b = append(b, `,"platform":`...)
		b = appendJSONString(b, append([]byte("course "), e.AppVersion...))
	}
	b = append(b, `,"language":`...)
	b = appendJSONString(b, string(x.lang))
	if len(activities) > 0 {
		b = append(b, `,"contextActivities":`...)
		b = append(b, activities...)
	}
	b = append(b, `},"timestamp":"`...)
	b = e.Time.UTC().AppendFormat(b, "2006-01-02T15:04:05.000Z")
	b = append(b, `","version":"`+xapiVersion+`"}`...)
	*x.out = b
	if x.flush != nil {
		x.flush()
	}
	return 1
}

// appendResult encodes a result, leaving out what it does not have.
func appendResult(b []byte, r *xResult) []byte {
	b = append(b, '{')
	start := len(b)
	field := func(name string) {
		if len(b) > start {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, '"', ':')
	}
	if r.Score != nil {
		field("score")
		b = append(b, `{"scaled":`...)
		b = strconv.AppendFloat(b, float64(r.Score.Raw)/float64(r.Score.Max), 'f', -1, 64)
		b = append(b, `,"raw":`...)
		b = strconv.AppendInt(b, int64(r.Score.Raw), 10)
		b = append(b, `,"min":0,"max":`...)
		b = strconv.AppendInt(b, int64(r.Score.Max), 10)
		b = append(b, '}')
	}
	if r.Success != nil {
		field("success")
		b = strconv.AppendBool(b, *r.Success)
	}
	if r.Completion != nil {
		field("completion")
		b = strconv.AppendBool(b, *r.Completion)
	}
	if r.Response != nil {
		field("response")
		b = appendJSONString(b, *r.Response)
	}
	if r.Duration != "" {
		field("duration")
		b = appendJSONString(b, r.Duration)
	}
	return append(b, '}')
}

// registration is the attempt id, or a UUID derived from it if it is not a
// UUID, or the member's own registration for events outside an attempt.
func (x *xapiExport) registration(e *record.EventView) string {
	switch {
	case len(e.Attempt) == 0:
		return x.memberRegistration(string(e.Member))
	case uuidPattern.Match(e.Attempt):
		return strings.ToLower(string(e.Attempt))
	}
	return uuidString(uuidV5(x.namespace, "attempt/"+string(e.Attempt)))
}

func (x *xapiExport) memberRegistration(member string) string {
	return uuidString(uuidV5(x.namespace, "member/"+member))
}

func score(e *record.EventView) *xScore {
	if e.Total <= 0 || e.Score < 0 || e.Score > e.Total {
		return nil
	}
	return &xScore{Raw: e.Score, Max: e.Total}
}

func boolPtr(b bool) *bool { return &b }

// isoDuration writes d as an ISO 8601 duration to the hundredth of a
// second, the precision xAPI keeps: "PT1H2M3.45S", "PT0S".
func isoDuration(d time.Duration) string {
	cs := (d + 5*time.Millisecond) / (10 * time.Millisecond)
	h, m, s, frac := cs/360000, cs/6000%60, cs/100%60, cs%100
	var b strings.Builder
	b.WriteString("PT")
	if h > 0 {
		fmt.Fprintf(&b, "%dH", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dM", m)
	}
	if frac > 0 {
		fmt.Fprintf(&b, "%d.%s", s, strings.TrimRight(fmt.Sprintf("%02d", frac), "0"))
	} else {
		fmt.Fprintf(&b, "%d", s)
	}
	b.WriteString("S")
	return b.String()
}

// absoluteIRI says whether s is an absolute http(s) address with a host.
func absoluteIRI(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.IsAbs() && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// UUIDs.

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// urlNamespace is RFC 9562's namespace for names that are URLs.
var urlNamespace = [16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}

// uuidV5 is the name-based (SHA-1) UUID of name in namespace (RFC 9562 5.5).
func uuidV5(namespace [16]byte, name string) [16]byte {
	h := sha1.New()
	h.Write(namespace[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return u
}

func uuidString(u [16]byte) string { return string(appendUUID(nil, u)) }

// appendUUID appends u in its canonical form.
func appendUUID(dst []byte, u [16]byte) []byte {
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return append(dst, b[:]...)
}

package record

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// stored is e as the store keeps it: numbered, stamped, chained and
// hashed, which is json.Marshal of the whole event (see store's seal).
func stored(e Event, seq uint64, prev string) []byte {
	e.Seq, e.Time, e.AppVersion, e.Prev = seq, time.Date(2025, 5, 1, 9, 0, 0, int(seq)*1_500_000, time.UTC), "test-1.0", prev
	e.Hash = fmt.Sprintf("%064x", seq*0x9e3779b97f4a7c15)
	v, err := json.Marshal(e)
	if err != nil {
		panic(err)
	}
	return v
}

// TestEventViewDecode checks the reading in place of stored events
// against encoding/json, for ordinary events (read by the fast path) and
// ones it hands to encoding/json.
func TestEventViewDecode(t *testing.T) {
	m := Member{Number: "M0A1B2C3D"}
	plain := []Event{
		{Kind: QuestionAnswered, Member: m.Number, Module: "intro", ModuleVersion: "3f9a1c2b7d40", Attempt: NewAttemptID(),
			Question: "intro-q1", QuestionVersion: "0c1d2e3f4a5b", Chosen: []int{0, 2, 11}, Correct: true},
		{Kind: QuestionAnswered, Member: m.Number, Module: "intro", Question: "q", Chosen: []int{}},
		{Kind: QuizFinished, Member: m.Number, Module: "intro", Score: 0, Total: 8},
		{Kind: RefresherFinished, Member: m.Number, Score: 9, Total: 10, Passed: true, Reason: "refresh"},
		{Kind: MemberUpdated, Member: m.Number, Role: RoleCoopted, Elected: "2025-05-01"},
		{Kind: ModuleCompleted, Member: m.Number, Module: "intro", Passed: true, Mode: ModeAccessible,
			Origin: fmt.Sprintf("%064x", 7), HandIn: fmt.Sprintf("%064x", 9)},
	}
	escaped := []Event{
		{Kind: QuestionAnswered, Member: m.Number, Module: `quote"d`, Question: "back\\slash"},
		{Kind: QuestionAnswered, Member: m.Number, Module: "<b>&amp;</b>", Question: "tab\there"},
		{Kind: MemberUpdated, Member: m.Number, Fields: []string{"name", "ward"}},
		{Kind: ModuleRead, Member: m.Number, Module: "é — \u2028 line"},
	}
	added := Event{Kind: MemberAdded, Member: m.Number, Role: RoleCouncillor}
	var log [][]byte
	prev := ""
	for i, e := range slices.Concat([]Event{added}, plain, escaped) {
		log = append(log, stored(e, uint64(i+1), prev))
		prev = fmt.Sprintf("%064x", uint64(i+1)*0x9e3779b97f4a7c15)
	}
	err := func() error {
		for i, v := range log {
			var want Event
			if err := json.Unmarshal(v, &want); err != nil {
				return err
			}
			var got EventView
			fast := got.decodeFast(v)
			if err := got.Decode(v); err != nil {
				return err
			}
			wantFast := i < 1+len(plain) // member-added, then the plain events.
			if fast != wantFast {
				t.Errorf("event %d: fast path %v, want %v: %s", want.Seq, fast, wantFast, v)
			}
			if g, w := fmt.Sprint(viewFields(got)), fmt.Sprint(eventFields(want)); g != w {
				t.Errorf("event %d decoded as\n%s\nwant\n%s", want.Seq, g, w)
			}
		}
		return nil
	}()
	if err != nil {
		t.Fatal(err)
	}
}

func viewFields(e EventView) []any {
	return []any{e.Seq, e.Time.UTC().Format(time.RFC3339Nano), string(e.TimeText), string(e.Kind), string(e.Member),
		string(e.Module), string(e.ModuleVersion), string(e.Attempt), string(e.Question), string(e.QuestionVersion), string(e.Reason), string(e.Hash),
		string(e.Mode), string(e.Origin), string(e.HandIn), string(e.FirstHash()), string(e.AppVersion), slices.Clip(e.Chosen), e.Correct, e.Passed, e.Score, e.Total}
}

func eventFields(e Event) []any {
	t := e.Time.UTC().Format(time.RFC3339Nano)
	chosen := e.Chosen
	if len(chosen) == 0 {
		chosen = nil
	}
	return []any{e.Seq, t, t, string(e.Kind), e.Member, e.Module, e.ModuleVersion, e.Attempt, e.Question, e.QuestionVersion, e.Reason, e.Hash,
		e.Mode, e.Origin, e.HandIn, e.FirstHash(), e.AppVersion, chosen, e.Correct, e.Passed, e.Score, e.Total}
}

func TestParseUTC(t *testing.T) {
	for _, s := range []string{"2025-05-01T09:00:01Z", "2025-05-01T09:00:01.5Z", "2025-05-01T09:00:01.123456789Z",
		"1999-12-31T23:59:59.000000001Z", "2024-02-29T00:00:00Z"} {
		want, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := parseUTC([]byte(s))
		if !ok || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("parseUTC(%q) = %v, %v; want %v", s, got, ok, want.UTC())
		}
	}
	// Other forms, right or wrong, are left to encoding/json.
	for _, s := range []string{"", "2025-05-01", "2025-13-01T09:00:01Z", "2025-05-01T09:00:01.Z", "yesterday",
		"2025-05-01T10:00:01+01:00", "2025-05-01T09:00:01.500Z", "2025-06-31T09:00:01Z", "2025-02-29T09:00:01Z",
		"2025-05-01T24:00:00Z", "2025-05-01T09:00:60Z", "2025-05-00T09:00:01Z"} {
		if _, ok := parseUTC([]byte(s)); ok {
			t.Errorf("parseUTC(%q) accepted it", s)
		}
	}
}

// FuzzEventViewDecode checks the fast path of EventView.Decode against
// encoding/json: whatever it reads, encoding/json reads too, to the same
// values. (What it does not read goes to encoding/json itself.)
func FuzzEventViewDecode(f *testing.F) {
	at := time.Date(2025, 5, 1, 9, 0, 1, 500_000_000, time.UTC)
	for _, e := range []Event{
		{Seq: 1, Time: at, Kind: MemberAdded, Member: "M0A1B2C3D", Role: RoleCouncillor, Elected: "2023-05-04", AppVersion: "1.2.0"},
		{Seq: 2, Time: at, Kind: QuestionAnswered, Member: "M0A1B2C3D", Module: "intro", ModuleVersion: "3f9a1c2b7d40",
			Attempt: "5f0c6b1e-8d1a-4c57-9a53-1b2f1e0f6a11", Question: "intro-q1", QuestionVersion: "0c1d2e3f4a5b", Chosen: []int{0, 2}, Correct: true,
			Prev: "20acd60a967c0572e4f63ee6a14f96ea83bb2dd70303d889cbb9f4cdce49ddfa"},
		{Seq: 3, Time: at.Add(time.Hour), Kind: ModuleCompleted, Member: "M0A1B2C3D", Module: "intro", Score: 7, Total: 8, Passed: true},
		{Seq: 4, Time: at, Kind: MemberErased, Member: "M0A1B2C3D", Reason: "left the council, request 2025/17 — é"},
		{Seq: 5, Time: at, Kind: QuestionAnswered, Module: `quote"d`, Question: "tab\there"},
	} {
		e.Hash = fmt.Sprintf("%064x", e.Seq)
		v, err := json.Marshal(e) // As the store keeps it.
		if err != nil {
			f.Fatal(err)
		}
		f.Add(v)
	}
	for _, v := range []string{
		`{"seq":-0,"time":"2025-05-01T09:00:01Z","kind":"x"}`,
		`{"seq":1,"time":"2025-05-01T09:00:01Z","score":007}`,
		`{"seq":1,"time":"2025-06-31T09:00:01Z"}`,
		`{"seq":1,"time":"2025-05-01T09:00:01.10Z"}`,
		`{"seq":1,"time":"2025-05-01T09:00:01Z","chosen":[1],"chosen":[2]}`,
		"{\"seq\":1,\"time\":\"2025-05-01T09:00:01Z\",\"kind\":\"a\x01b\"}",
		"{\"seq\":1,\"time\":\"2025-05-01T09:00:01Z\",\"member\":\"\xff\"}",
	} {
		f.Add([]byte(v))
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		var fast EventView
		if !fast.decodeFast(v) {
			return
		}
		var want Event
		if err := json.Unmarshal(v, &want); err != nil {
			t.Fatalf("the fast path read %q, which encoding/json refuses: %v", v, err)
		}
		if got, want := fmt.Sprint(viewFields(fast)), fmt.Sprint(eventFields(want)); got != want {
			t.Fatalf("the fast path read %q as\n%s\nencoding/json as\n%s", v, got, want)
		}
	})
}

// TestEventKeysFollowEvent: eventKeys, which the fast path reads stored
// events by, are Event's keys in its field order, so that a field added to
// Event is read by the fast path too rather than sending every event to
// encoding/json.
func TestEventKeysFollowEvent(t *testing.T) {
	typ := reflect.TypeFor[Event]()
	var want []string
	for f := range typ.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		want = append(want, `"`+name+`":`)
	}
	if !slices.Equal(eventKeys[:], want) {
		t.Errorf("eventKeys = %q\nEvent's keys = %q", eventKeys, want)
	}
}

// TestEveryKindHasRules: the kinds the log may hold are the ones listed.
func TestEveryKindHasRules(t *testing.T) {
	for _, k := range []Kind{MemberAdded, MemberUpdated, ModuleOpened, ModuleRead, QuestionAnswered, QuizFinished,
		ModuleCompleted, RefresherFinished, MemberErased, KeyAdded, KeyEnrolled, KeyRemoved, InviteIssued, MemberSealed} {
		if !k.Known() {
			t.Errorf("%s is not known", k)
		}
	}
	if Kind("module-skipped").Known() {
		t.Error("an unlisted kind is known")
	}
	for k, r := range kinds {
		if r.Ends && !r.Attempt {
			t.Errorf("%s ends an attempt but does not add to one", k)
		}
	}
}

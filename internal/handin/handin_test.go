package handin

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/store"
	"course/internal/store/chain"
)

var (
	binding = record.CourseBinding{ID: "test-course", Title: "Test Council: Social Media Guidance", GuidanceVersion: "2026"}
	made    = time.Date(2026, 12, 7, 10, 30, 0, 0, time.UTC)
)

// attempts is the progresstest.Attempts record file, bound to a course:
// Amy, Bob and the erased Cal share it.
func attempts(t testing.TB) progresstest.Attempts {
	t.Helper()
	f := progresstest.NewAttempts(t)
	if err := f.Store.BindCourse(binding); err != nil {
		t.Fatal(err)
	}
	return f
}

// handIn writes member's hand-in from s.
func handIn(t testing.TB, s *store.Store, member string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := s.ReadLog(func(r *store.LogReader) error { return Write(&buf, r, member, made) }); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fileLines splits a hand-in into its lines.
func fileLines(b []byte) []string {
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

func joinLines(lines []string) []byte { return []byte(strings.Join(lines, "\n") + "\n") }

// TestWriteHandsInOneMemberAmongSeveral: Amy's events are there as stored,
// Bob's and Cal's only as stubs, and the chain links end to end, so Read
// gives back Amy's events exactly.
func TestWriteHandsInOneMemberAmongSeveral(t *testing.T) {
	f := attempts(t)
	data := handIn(t, f.Store, f.Amy.Number)
	head, count, err := f.Store.Head()
	if err != nil {
		t.Fatal(err)
	}
	lines := fileLines(data)
	if len(lines) != count+1 {
		t.Fatalf("the file has %d lines for %d events", len(lines), count)
	}
	for _, bobs := range []string{f.Bob.Number, f.Cal.Number, "Bob Brown", "Cal Cole", "intro-q2\",\"chosen\":[1]"} {
		if bytes.Contains(data, []byte(bobs)) {
			t.Errorf("Amy's hand-in holds %q", bobs)
		}
	}
	var sealed [][]byte
	f.Store.ReadLog(func(r *store.LogReader) error {
		for _, v := range r.Sealed() {
			sealed = append(sealed, bytes.Clone(v))
		}
		return nil
	})
	own := 0
	for i, v := range sealed {
		var e record.Event
		json.Unmarshal(v, &e)
		if e.Member == f.Amy.Number {
			own++
			if lines[i+1] != string(v) {
				t.Errorf("line %d is %s, want event %d as stored, %s", i+2, lines[i+1], i+1, v)
			}
		} else if strings.Contains(lines[i+1], `"kind"`) {
			t.Errorf("line %d gives another member's event in full: %s", i+2, lines[i+1])
		}
	}

	got, err := Read(bytes.NewReader(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := f.Store.MemberEvents(f.Amy.Number)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != own || !reflect.DeepEqual(got.Events, want) {
		t.Errorf("Read gives Amy's events\n%+v\nwant\n%+v", got.Events, want)
	}
	sum := sha256.Sum256(data)
	amy := f.Amy
	amy.Added = time.Time{}
	if got.Course != binding || got.Member != amy || !got.Made.Equal(made) || got.Count != count || got.Head != head ||
		got.SHA256 != hex.EncodeToString(sum[:]) || got.AppVersion == "" || got.Records == "" {
		t.Errorf("Read gives %+v", got)
	}
}

// TestWriteRefusesAnErasedMember: nothing of theirs is left to hand in.
func TestWriteRefusesAnErasedMember(t *testing.T) {
	f := attempts(t)
	err := f.Store.ReadLog(func(r *store.LogReader) error { return Write(new(bytes.Buffer), r, f.Cal.Number, made) })
	if err == nil || !strings.Contains(err.Error(), "erased") {
		t.Errorf("Write of an erased member = %v, want a refusal", err)
	}
}

// TestWriteRefusesRecordsOfNoCourse: there is no course to hand in.
func TestWriteRefusesRecordsOfNoCourse(t *testing.T) {
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Amy Adams")
	err := s.ReadLog(func(r *store.LogReader) error { return Write(new(bytes.Buffer), r, m.Number, made) })
	if err == nil || !strings.Contains(err.Error(), "no course") {
		t.Errorf("Write from records of no course = %v, want a refusal", err)
	}
}

// TestReadRefuses: each damage is refused with its reason and the line
// it is on.
func TestReadRefuses(t *testing.T) {
	f := attempts(t)
	good := handIn(t, f.Store, f.Amy.Number)
	lines := fileLines(good)
	bobs := handIn(t, f.Store, f.Bob.Number)
	// amyAt is the line of Amy's event with score 2 (her first pass).
	amyAt := -1
	for i, l := range lines {
		if strings.Contains(l, `"kind":"quiz-finished"`) {
			amyAt = i
			break
		}
	}
	if amyAt < 0 {
		t.Fatal("no quiz-finished line in Amy's hand-in")
	}
	edit := func(fn func(lines []string) []string) []byte {
		return joinLines(fn(append([]string(nil), lines...)))
	}
	records, err := os.ReadFile(f.Store.Path())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
		want error
		line int
	}{
		{"an empty file", nil, ErrNotHandIn, 1},
		{"a CSV", []byte("name,email,ward\nAmy Adams,amy@example.gov.uk,North\n"), ErrNotHandIn, 1},
		{"a record file", records, ErrNotHandIn, 1},
		{"a JSON export", []byte(`{"seq":1,"kind":"module-read"}` + "\n"), ErrNotHandIn, 1},
		{"a score changed", edit(func(l []string) []string {
			l[amyAt] = strings.Replace(l[amyAt], `"score":2`, `"score":3`, 1)
			return l
		}), ErrEdited, amyAt + 1},
		{"a score changed and hashed again", edit(func(l []string) []string {
			var e record.Event
			json.Unmarshal([]byte(l[amyAt]), &e)
			e.Score = 3
			v, _ := chain.Seal(&e)
			l[amyAt] = string(v)
			return l
		}), ErrEdited, amyAt + 2},
		{"an event of another member in full", edit(func(l []string) []string {
			for i := 1; i < len(l); i++ {
				if b := fileLines(bobs)[i]; strings.Contains(b, `"kind"`) {
					l[i] = b
					break
				}
			}
			return l
		}), ErrEdited, 0},
		{"the header's member number changed", edit(func(l []string) []string {
			l[0] = strings.Replace(l[0], f.Amy.Number, f.Bob.Number, 1)
			return l
		}), ErrEdited, 0},
		{"a member's email that is no address", edit(func(l []string) []string {
			l[0] = strings.Replace(l[0], `"email":""`, `"email":"amy"`, 1)
			return l
		}), ErrEdited, 1},
		{"the last event cut off", edit(func(l []string) []string { return l[:len(l)-1] }), ErrTruncated, len(lines)},
		{"cut partway through a line", good[:len(good)-20], ErrTruncated, len(lines)},
		{"a header that claims more events", edit(func(l []string) []string {
			l[0] = strings.Replace(l[0], `"events":`, `"events":1`, 1)
			return l
		}), ErrTruncated, len(lines) + 1},
		{"a line after the head", append(bytes.Clone(good), lines[1]+"\n"...), ErrEdited, len(lines) + 1},
		{"a newer version", edit(func(l []string) []string {
			l[0] = strings.Replace(l[0], `"version":1`, `"version":2`, 1)
			return l
		}), ErrNewer, 1},
		{"an event with a field of a newer program", edit(func(l []string) []string {
			var e record.Event
			json.Unmarshal([]byte(l[1]), &e)
			v, _ := chain.Seal(&e)
			body, _, _ := chain.Unseal(v)
			body = append(bytes.Clone(body), `,"wings":true}`...)
			sum := sha256.Sum256(body)
			l[1] = string(body[:len(body)-1]) + `,"hash":"` + hex.EncodeToString(sum[:]) + `"}`
			// The next event is linked to the new hash.
			return l[:2]
		}), ErrNewer, 2},
		{"a line longer than a hand-in's", edit(func(l []string) []string {
			l[1] = strings.Repeat(" ", MaxLine+1)
			return l
		}), ErrEdited, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := Read(bytes.NewReader(c.data), nil)
			if !errors.Is(err, c.want) {
				t.Fatalf("Read = %+v, %v; want %v", got, err, c.want)
			}
			var e *Error
			if !errors.As(err, &e) || (c.line != 0 && e.Line != c.line) {
				t.Errorf("Read's error %v is not on line %d", err, c.line)
			}
			if !strings.Contains(err.Error(), "line ") || !strings.HasSuffix(err.Error(), ".") {
				t.Errorf("Read's error %q does not name the line and say what to do", err)
			}
		})
	}
}

// TestReadToleratesCRLF: a file whose line ends were changed in transit
// reads the same.
func TestReadToleratesCRLF(t *testing.T) {
	f := attempts(t)
	good := handIn(t, f.Store, f.Amy.Number)
	want, err := Read(bytes.NewReader(good), nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Read(bytes.NewReader(bytes.ReplaceAll(good, []byte("\n"), []byte("\r\n"))), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Events, want.Events) {
		t.Error("the events read differ with CRLF line ends")
	}
}

// TestReadReportsProgress: the bytes read so far, up to the whole file.
func TestReadReportsProgress(t *testing.T) {
	f := attempts(t)
	good := handIn(t, f.Store, f.Amy.Number)
	var last int64
	if _, err := Read(bytes.NewReader(good), func(n int64) {
		if n < last {
			t.Errorf("progress went back from %d to %d", last, n)
		}
		last = n
	}); err != nil {
		t.Fatal(err)
	}
	if last != int64(len(good)) {
		t.Errorf("progress ended at %d of %d bytes", last, len(good))
	}
}

// TestStubOfTheFirstEvent: the first event has no event before it, and
// its stub says so as a sealed event does, by leaving prev out.
func TestStubOfTheFirstEvent(t *testing.T) {
	f := attempts(t)
	// Bob's hand-in stubs Amy's member-added event, event 1.
	first := fileLines(handIn(t, f.Store, f.Bob.Number))[1]
	if strings.Contains(first, `"prev"`) || !strings.HasPrefix(first, `{"seq":1,"hash":"`) {
		t.Errorf("the stub of event 1 is %s", first)
	}
}

func TestFileName(t *testing.T) {
	day := time.Date(2026, 12, 7, 23, 0, 0, 0, time.UTC)
	for name, want := range map[string]string{
		"Jane Jones":                 "Hand-in Jane Jones 2026-12-07.course-hand-in",
		"Siân O'Brien-Gwŷn":          "Hand-in Siân O'Brien-Gwŷn 2026-12-07.course-hand-in",
		`Cllr. A/B: "C" <d>*?|\ e. `: "Hand-in Cllr A B C d e 2026-12-07.course-hand-in",
		"../..":                      "Hand-in M0000000A 2026-12-07.course-hand-in",
	} {
		if got := FileName(record.Member{Number: "M0000000A", Name: name}, day); got != want {
			t.Errorf("FileName(%q) = %q, want %q", name, got, want)
		}
	}
	long := FileName(record.Member{Name: strings.Repeat("Ab ", 100)}, day)
	if n := len([]rune(long)); n > 100 {
		t.Errorf("FileName of a long name is %d characters: %q", n, long)
	}
}

// FuzzRead: Read never panics, and what it accepts holds together: the
// member's events only, linked, no more than the file's count, with the
// file's own SHA-256.
func FuzzRead(f *testing.F) {
	a := attempts(f)
	good := handIn(f, a.Store, a.Amy.Number)
	f.Add(good)
	f.Add(handIn(f, a.Store, a.Bob.Number))
	f.Add(good[:len(good)/2])
	f.Add([]byte("name,email\n"))
	f.Add([]byte(`{"format":"course-hand-in","version":1}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Read(bytes.NewReader(data), nil)
		if err != nil {
			var e *Error
			if errors.As(err, &e) && !errors.Is(err, ErrNotHandIn) && !errors.Is(err, ErrEdited) &&
				!errors.Is(err, ErrTruncated) && !errors.Is(err, ErrNewer) {
				t.Fatalf("Read's error %v has no reason", err)
			}
			return
		}
		sum := sha256.Sum256(data)
		if got.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("SHA256 = %s, want that of the file", got.SHA256)
		}
		if len(got.Events) > got.Count {
			t.Errorf("%d events from a log of %d", len(got.Events), got.Count)
		}
		for i, e := range got.Events {
			if e.Member != got.Member.Number || e.Seq < 1 || int(e.Seq) > got.Count || (i > 0 && e.Seq <= got.Events[i-1].Seq) {
				t.Errorf("event %+v should not be in the hand-in of %s", e, got.Member.Number)
			}
		}
		if n := len(got.Events); n > 0 && int(got.Events[n-1].Seq) == got.Count && got.Events[n-1].Hash != got.Head {
			t.Errorf("the last event's hash %s is not the head %s", got.Events[n-1].Hash, got.Head)
		}
	})
}

// TestMemberDetailsRoundTrip: every detail the header holds reads back as
// the record file holds it.
func TestMemberDetailsRoundTrip(t *testing.T) {
	s := progresstest.NewStore(t)
	if err := s.BindCourse(binding); err != nil {
		t.Fatal(err)
	}
	m, err := s.AddMember(record.NewMember{Name: "Siân O'Brien", Email: "sian@example.gov.uk", Ward: "Abbey",
		Role: record.RoleCoopted, Elected: time.Date(2023, 5, 4, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	got, err := Read(bytes.NewReader(handIn(t, s, m.Number)), nil)
	if err != nil {
		t.Fatal(err)
	}
	m.Added = time.Time{}
	if got.Member != m {
		t.Errorf("Read gives the member %+v, want %+v", got.Member, m)
	}
}

// TestStubsAreExact: a stub reads back as written, and a line that is
// only nearly one (spaces, another order, a number in another form, an
// extra field) is not taken for one.
func TestStubsAreExact(t *testing.T) {
	h1, h2 := strings.Repeat("a", 64), strings.Repeat("0", 64)
	for _, want := range []stub{{Seq: 1, Hash: h1}, {Seq: 12345678901, Prev: h2, Hash: h1}} {
		line := appendStub(nil, want.Seq, []byte(want.Prev), []byte(want.Hash))
		if got, ok := readStub(line); !ok || got != want {
			t.Errorf("readStub(%s) = %+v, %v", line, got, ok)
		}
	}
	for _, line := range []string{
		(`{"seq":2,"prev":"` + h2 + `","hash":"` + h1 + `"}`)[:40],
		`{"seq": 2,"prev":"` + h2 + `","hash":"` + h1 + `"}`,
		`{"seq":02,"prev":"` + h2 + `","hash":"` + h1 + `"}`,
		`{"seq":2,"hash":"` + h1 + `","prev":"` + h2 + `"}`,
		`{"seq":2,"prev":"` + h2 + `","hash":"` + strings.ToUpper(h1) + `"}`,
		`{"seq":2,"prev":"` + h2 + `","hash":"` + h1 + `","kind":"module-read"}`,
		`{"seq":0,"hash":"` + h1 + `"}`,
		`{"seq":-1,"hash":"` + h1 + `"}`,
	} {
		if got, ok := readStub([]byte(line)); ok {
			t.Errorf("readStub(%s) = %+v, a stub", line, got)
		}
	}
}

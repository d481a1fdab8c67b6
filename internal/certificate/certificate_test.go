package certificate

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"course/content"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/progress/progresstest"
	"course/internal/record"
	"course/internal/store"
)

// welshName has letters the standard PDF fonts cannot show (ŵ, ŷ) and
// others from Latin-1 and Latin Extended-A.
const welshName = "Siân Gwŷn ap Ŵyn-Llŷr Dvořák"

func course(t *testing.T) *modules.Course {
	t.Helper()
	c, err := modules.Load(content.FS, content.Root)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// completeAll records a pass of every module of c for member.
func completeAll(t *testing.T, s *store.Store, c *modules.Course, member string) {
	t.Helper()
	for _, m := range c.Modules {
		progresstest.Record(t, s, record.Event{Kind: record.ModuleCompleted, Member: member, Module: m.ID,
			ModuleVersion: m.Version, Score: 5, Total: 5, Passed: true})
	}
}

func events(t *testing.T, s *store.Store, number string) []record.Event {
	t.Helper()
	e, err := s.MemberEvents(number)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestFindAcceptsTheCodeAndRefusesAChangedOne(t *testing.T) {
	c := course(t)
	s := progresstest.NewStore(t)
	siân := progresstest.AddMember(t, s, welshName)
	bob := progresstest.AddMember(t, s, "Bob Bell")
	completeAll(t, s, c, siân.Number)
	completeAll(t, s, c, bob.Number)
	// Later passes do not change the code.
	completeAll(t, s, c, siân.Number)
	ids := c.ModuleIDs()

	code := Code(events(t, s, siân.Number), ids)
	if len(code) != 14 || code == Code(events(t, s, bob.Number), ids) {
		t.Fatalf("codes %q and %q: want two different codes like 3F2A-9C01-B7E4", code, Code(events(t, s, bob.Number), ids))
	}
	completing, _ := progress.CompletingEvent(events(t, s, siân.Number), ids)
	for _, typed := range []string{code, strings.ToLower(code), " " + strings.ReplaceAll(code, "-", "") + " "} {
		got, err := Find(s, ids, typed)
		if err != nil {
			t.Fatalf("Find(%q): %v", typed, err)
		}
		if got.Member.Number != siân.Number || got.Member.Name != welshName || !got.Completed.Equal(completing.Time) || got.Code != code {
			t.Errorf("Find(%q) = %+v; want %s, completed %v", typed, got, siân.Number, completing.Time)
		}
	}

	// One digit changed.
	last := code[len(code)-1]
	changed := code[:len(code)-1] + map[bool]string{true: "1", false: "0"}[last == '0']
	if _, err := Find(s, ids, changed); !errors.Is(err, ErrNoMatch) {
		t.Errorf("Find(%q) = %v; want ErrNoMatch", changed, err)
	}
	for _, bad := range []string{"", "3F2A-9C01", "3F2A-9C01-B7EG", "3F2A-9C01-B7E41"} {
		if _, err := Find(s, ids, bad); !errors.Is(err, ErrBadCode) {
			t.Errorf("Find(%q) = %v; want ErrBadCode", bad, err)
		}
	}
}

func TestFindNamesAnErasedMemberByNumber(t *testing.T) {
	c := course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Cai Cadwaladr")
	completeAll(t, s, c, m.Number)
	code := Code(events(t, s, m.Number), c.ModuleIDs())
	progresstest.Erase(t, s, m.Number)
	got, err := Find(s, c.ModuleIDs(), code)
	if err != nil || got.Member.Number != m.Number || !got.Member.Erased || got.Member.Name != "" {
		t.Errorf("Find after erasure = %+v, %v; want member %s, erased, no name", got, err, m.Number)
	}
	if _, err := New(got.Member, events(t, s, m.Number), c, time.UTC); !errors.Is(err, ErrErased) {
		t.Errorf("New for an erased member: %v; want ErrErased", err)
	}
}

func TestNewNeedsACompletion(t *testing.T) {
	c := course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Dai Davies")
	first := c.Modules[0]
	progresstest.Record(t, s, record.Event{Kind: record.ModuleCompleted, Member: m.Number, Module: first.ID,
		ModuleVersion: first.Version, Score: 5, Total: 5, Passed: true})
	if _, err := New(m, events(t, s, m.Number), c, time.UTC); !errors.Is(err, ErrNotComplete) {
		t.Errorf("New with one module passed: %v; want ErrNotComplete", err)
	}
}

func TestNewShowsEachModulesPassOfTheCompletion(t *testing.T) {
	c := course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, welshName)
	completeAll(t, s, c, m.Number)
	ev := events(t, s, m.Number)
	completeAll(t, s, c, m.Number) // a renewal, after the completion
	cert, err := New(m, events(t, s, m.Number), c, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(cert.Modules) != len(c.Modules) {
		t.Fatalf("%d modules; want %d", len(cert.Modules), len(c.Modules))
	}
	for i, p := range cert.Modules {
		// ev[0] is the member-added event.
		if p.Title != c.Modules[i].Title || !p.Passed.Equal(ev[i+1].Time) {
			t.Errorf("module %d = %+v; want %q passed %v", i, p, c.Modules[i].Title, ev[i+1].Time)
		}
	}
	if !cert.Completed.Equal(ev[len(ev)-1].Time) || !strings.Contains(cert.Wording, cert.Completed.Format(DateLayout)) {
		t.Errorf("completed %v, wording %q; want %v, named in the wording", cert.Completed, cert.Wording, ev[len(ev)-1].Time)
	}
}

func TestFileName(t *testing.T) {
	for name, want := range map[string]string{
		welshName:              "certificate-Siân-Gwŷn-ap-Ŵyn-Llŷr-Dvořák-ABCD-0123-4567.pdf",
		"../../etc/passwd":     "certificate-etc-passwd-ABCD-0123-4567.pdf",
		`Ann "A:B" O'Neil\ *?`: "certificate-Ann-A-B-O-Neil-ABCD-0123-4567.pdf",
		"***":                  "certificate-member-0007-ABCD-0123-4567.pdf",
	} {
		got := Certificate{Member: name, Number: "0007", Code: "ABCD-0123-4567"}.fileName()
		if got != want {
			t.Errorf("fileName for %q = %q; want %q", name, got, want)
		}
	}
}

// TestPDFText reads the certificate's text back with pdftotext (from
// poppler-utils), as any PDF reader would find it: the accented name must
// come through as itself, not as missing glyphs.
func TestPDFText(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("pdftotext is not installed (it is in poppler-utils, which .ci/run installs): the PDF's text cannot be read back")
		}
		t.Fatal("pdftotext is not installed; .ci/run installs poppler-utils")
	}
	c := course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, welshName)
	completeAll(t, s, c, m.Number)
	cert, err := New(m, events(t, s, m.Number), c, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := cert.WritePDF(&buf, time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "certificate.pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	for _, want := range []string{welshName, c.Council, cert.Code, c.GuidanceVersion, c.Modules[0].Title,
		cert.Modules[0].Passed.Format("2 January 2006"), "Member number " + m.Number} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
}

// A completion copied from a member's own record file (as a merged hand-in
// brings it, with its first hash as Origin) keeps its code, and Find says
// which hand-in brought it and when it was merged.
func TestFindACompletionHandedIn(t *testing.T) {
	c := course(t)
	own := progresstest.NewStore(t)
	m := progresstest.AddMember(t, own, "Dee Jones")
	completeAll(t, own, c, m.Number)
	code := Code(events(t, own, m.Number), c.ModuleIDs())

	council := progresstest.NewStore(t)
	progresstest.AddMember(t, council, "Ed Fox")
	officers := progresstest.AddMember(t, council, "Dee Jones")
	const sum = "5f0c"
	copied := []record.Event{{Kind: record.HandInMerged, Member: officers.Number, HandIn: sum, Reason: "clerk"}}
	for _, e := range events(t, own, m.Number) {
		if e.Kind == record.ModuleCompleted {
			e.Member, e.Origin, e.HandIn = officers.Number, e.FirstHash(), sum
			copied = append(copied, e)
		}
	}
	stored, err := council.Append(officers.Number, func(record.History) ([]record.Event, error) { return copied, nil })
	if err != nil {
		t.Fatal(err)
	}
	if stored[1].Hash == stored[1].Origin {
		t.Fatal("the copied event has the hash it had in the member's file")
	}
	if got := Code(events(t, council, officers.Number), c.ModuleIDs()); got != code {
		t.Errorf("code in the council's records %s, want %s", got, code)
	}
	got, err := Find(council, c.ModuleIDs(), code)
	if err != nil {
		t.Fatal(err)
	}
	completing, _ := progress.CompletingEvent(events(t, own, m.Number), c.ModuleIDs())
	if got.Member.Number != officers.Number || !got.Completed.Equal(completing.Time) || got.HandIn != sum ||
		!got.Merged.Equal(stored[0].Time) || got.MergedBy != "clerk" {
		t.Errorf("Find = %+v; want %s completed %v, handed in %s, merged %v by clerk", got, officers.Number, completing.Time, sum, stored[0].Time)
	}
}

// A certificate is one page for any name the records accept (up to
// record.MaxText characters), the name wrapped at spaces and never broken
// inside a word while a smaller size lets it fit.
func TestLongNamesKeepTheCertificateOnOnePage(t *testing.T) {
	c := course(t)
	s := progresstest.NewStore(t)
	m := progresstest.AddMember(t, s, "Short Name")
	completeAll(t, s, c, m.Number)
	cert, err := New(m, events(t, s, m.Number), c, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	words := strings.Fields("Siân Gwenllian Angharad Llinos Rhiannon Ffion Eluned Myfanwy ap Llywelyn-Dvořák Pritchard-Hughes Ŵynne")
	names := []string{"Al", welshName, strings.Repeat("W", record.MaxText)}
	for n := 0; len(names) < 40; n++ {
		name := ""
		for i := 0; len([]rune(name)) < 20+n*5; i++ {
			name = strings.TrimSpace(name + " " + words[(i+n)%len(words)])
		}
		if len([]rune(name)) > record.MaxText {
			break
		}
		names = append(names, name)
	}
	issued := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, name := range names {
		cert.Member = name
		pdf, end := cert.draw(issued)
		if err := pdf.Error(); err != nil {
			t.Fatal(err)
		}
		if pdf.PageCount() != 1 || end > footerTop {
			t.Errorf("a name of %d characters: %d pages, body ends at %.0f mm (footer at %.0f mm); want one page",
				len([]rune(name)), pdf.PageCount(), end, footerTop)
		}
		size, lines := fitName(pdf, name, pageW-2*(margin+8))
		if strings.Contains(name, " ") && strings.Join(lines, " ") != name {
			t.Errorf("a name of %d characters at %.1f pt is broken inside a word: %q", len([]rune(name)), size, lines)
		}
		if len([]rune(name)) <= 30 && size != nameMaxPoint {
			t.Errorf("a name of %d characters is set at %.1f pt; want %.0f", len([]rune(name)), size, nameMaxPoint)
		}
	}
}

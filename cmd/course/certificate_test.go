package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"course/internal/certificate"
	"course/internal/record"
	"course/internal/report"
)

func TestReportWorkbook(t *testing.T) {
	f := newRecordsFixture(t)
	for _, args := range [][]string{{"--format", "xlsx", "--out"}, {"--out"}} {
		file := filepath.Join(t.TempDir(), "Report.XLSX")
		out := mustRun(t, append([]string{"--db", f.path, "report"}, append(args, file)...)...)
		if !regexp.MustCompile(`^Wrote the report of 7 members to .*Report\.XLSX\.\nchain head [0-9a-f]{64} over \d+ events\n$`).MatchString(out) {
			t.Errorf("report %v said:\n%s", args, out)
		}
		st, err := os.Stat(file)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("the workbook's mode is %v; want 0600, like every output file", st.Mode().Perm())
		}
		book, err := excelize.OpenFile(file)
		if err != nil {
			t.Fatalf("the workbook cannot be read back: %v", err)
		}
		defer book.Close()
		rows, err := book.GetRows(report.MembersSheet)
		if err != nil || len(rows) != 8 {
			t.Fatalf("%d rows in the members sheet (%v); want a header and 7 members", len(rows), err)
		}
		found := false
		for i, r := range rows[1:] {
			if r[0] != f.members["Gus"].Number {
				continue
			}
			found = true
			cell := "B" + string(rune('2'+i))
			if r[1] != `=HYPERLINK("http://evil.example","Gus")` {
				t.Errorf("Gus's name reads back as %q", r[1])
			}
			if formula, _ := book.GetCellFormula(report.MembersSheet, cell); formula != "" {
				t.Errorf("%s holds the formula %q; want text", cell, formula)
			}
		}
		if !found {
			t.Errorf("Gus is not in the members sheet: %q", rows)
		}
	}
}

func TestDocumentsAreNotWrittenToTheRecords(t *testing.T) {
	f := newRecordsFixture(t)
	before, _ := os.ReadFile(f.path)
	for _, args := range [][]string{
		{"report", "--format", "xlsx", "--out", f.path},
		{"certificate", f.members["Ann"].Number, "--out", f.path},
	} {
		_, err := execute(t, append([]string{"--db", f.path}, args...)...)
		msg := wantExit(t, err, exitUsage)
		if !strings.Contains(msg, "--out") {
			t.Errorf("%v: %s", args, msg)
		}
	}
	if after, _ := os.ReadFile(f.path); !bytes.Equal(before, after) {
		t.Error("the record file changed")
	}
}

func TestCertificateAndVerify(t *testing.T) {
	f := newRecordsFixture(t)
	ann := f.members["Ann"]
	file := filepath.Join(t.TempDir(), "ann.pdf")
	out := mustRun(t, "--db", f.path, "certificate", ann.Number, "--out", file)
	m := regexp.MustCompile(`^Wrote the certificate of Ann Adams \(member ` + ann.Number + `, verification code ([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})\) to .*ann\.pdf\.\n$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("certificate said:\n%s", out)
	}
	code := m[1]
	if data, err := os.ReadFile(file); err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("no PDF at %s: %v", file, err)
	}
	// The code is the one the certificate screen shows.
	events := storedEvents(t, f.path, ann.Number)
	if want := certificate.Code(events, f.course.ModuleIDs()); code != want {
		t.Errorf("the PDF's code is %s; the screen's is %s", code, want)
	}

	out = mustRun(t, "--db", f.path, "verify", "--certificate", strings.ToLower(code))
	if !strings.Contains(out, "certificate "+code+" verified: it belongs to Ann Adams (member "+ann.Number+"), who completed the course on ") {
		t.Errorf("verify --certificate said:\n%s", out)
	}
	changed := code[:len(code)-1] + map[bool]string{true: "1", false: "0"}[code[len(code)-1] == '0']
	_, err := execute(t, "--db", f.path, "verify", "--certificate", changed)
	if msg := wantExit(t, err, exitFailure); !strings.Contains(msg, "not verified: no completion in the records") || !strings.Contains(msg, changed) {
		t.Errorf("a changed code: %s", msg)
	}
	_, err = execute(t, "--db", f.path, "verify", "--certificate", "ABCD-12")
	if msg := wantExit(t, err, exitUsage); !strings.Contains(msg, "is not a verification code") {
		t.Errorf("a short code: %s", msg)
	}
}

func TestCertificateRefusals(t *testing.T) {
	f := newRecordsFixture(t)
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{f.members["Ben"].Number, "--out", filepath.Join(dir, "b.pdf")}, exitFailure, "Ben Brown (member " + f.members["Ben"].Number + ") has not completed the course yet: 0 of 7 modules passed."},
		{[]string{f.members["Fay"].Number, "--out", filepath.Join(dir, "f.pdf")}, exitFailure, "details were erased, so no certificate can name them"},
		{[]string{f.members["Ann"].Number, "--out", filepath.Join(dir, "a.csv")}, exitUsage, "a certificate is a PDF file, so its name must end .pdf (for example --out a.pdf)"},
		{[]string{"M99999999", "--out", filepath.Join(dir, "x.pdf")}, exitFailure, "no member has the number"},
		{[]string{}, exitUsage, "give a member number or name."},
	} {
		_, err := execute(t, append([]string{"--db", f.path, "certificate"}, tt.args...)...)
		if msg := wantExit(t, err, tt.code); !strings.Contains(msg, tt.want) {
			t.Errorf("certificate %v: %s\nwant %q", tt.args, msg, tt.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("%d files written by refused commands", len(entries))
	}
}

// The certificate examples (in --help and the officer's guide) name a
// member by a number the program would give, so an officer copying one sees
// the shape of a real number.
func TestCertificateExamplesUseAMemberNumber(t *testing.T) {
	guide, err := os.ReadFile("../../docs/officer-guide.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := newCertificateCmd(&options{}).Example + "\n" + string(guide)
	found := 0
	for _, m := range regexp.MustCompile(`course certificate (\S+)`).FindAllStringSubmatch(examples, -1) {
		arg := m[1]
		if strings.HasPrefix(arg, `"`) || strings.HasPrefix(arg, "-") {
			continue
		}
		found++
		if _, ok := record.ParseMemberNumber(arg); !ok {
			t.Errorf("example 'course certificate %s': %q is not a member number like MWE1DA479", arg, arg)
		}
	}
	if found < 2 {
		t.Errorf("%d certificate examples by number; want one in --help and one in the officer's guide", found)
	}
}

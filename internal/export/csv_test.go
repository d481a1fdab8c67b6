package export

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

// csvCases are values a record could hold, dangerous and ordinary.
var csvCases = []struct {
	in, want string // want is what a spreadsheet is given.
}{
	{"=HYPERLINK(\"http://evil.example\",\"Click\")", "'=HYPERLINK(\"http://evil.example\",\"Click\")"},
	{"+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"},
	{"-2+3", "'-2+3"},
	{"@SUM(A1:A9)", "'@SUM(A1:A9)"},
	{"\t=1+1", "'\t=1+1"},
	{"\r=1+1", "'\r=1+1"},
	{"\n=1+1", "'\n=1+1"},
	{"\r\n=1+1", "'\n=1+1"},
	{"Amy Adams", "Amy Adams"},
	{"O'Brien, Siobhán", "O'Brien, Siobhán"},
	{"said \"no\"", "said \"no\""},
	{" leading space", " leading space"},
	{"a=b+c-d@e", "a=b+c-d@e"},
	{"line one\nline two", "line one\nline two"},
	{"carriage\rreturn", "carriage\rreturn"},
	{"windows\r\nline", "windows\nline"},
	{"", ""},
	{"M0A1B2C3D", "M0A1B2C3D"},
	{"2025-05-01T09:00:01Z", "2025-05-01T09:00:01Z"},
	{"Ann \u202eeeL\u200b", "Ann eeL"},
	{"\u200b=1+1", "'=1+1"},
	{"\ufeff\u2066@SUM(A1)\u2069", "'@SUM(A1)"},
	{"\u202e, \"x\"", ", \"x\""},
}

func TestCSVSafe(t *testing.T) {
	for _, c := range csvCases {
		if got := csvSafe(c.in); got != c.want {
			t.Errorf("csvSafe(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCSVWriterReadsBackSafely(t *testing.T) {
	var buf bytes.Buffer
	w := NewCSVWriter(&buf)
	var want [][]string
	for _, c := range csvCases {
		row := []string{"x", c.in, "y"}
		if err := w.Write(row...); err != nil {
			t.Fatal(err)
		}
		want = append(want, []string{"x", c.want, "y"})
	}
	if err := w.Write(); err != nil { // An empty row.
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if !bytes.HasPrefix(data, []byte(utf8BOM)) {
		t.Fatalf("no byte order mark: %q", data[:min(len(data), 10)])
	}
	r := csv.NewReader(bytes.NewReader(data[len(utf8BOM):]))
	r.FieldsPerRecord = -1
	got, err := r.ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv cannot read it back: %v\n%s", err, data)
	}
	// encoding/csv skips empty lines, so the empty row is not read back.
	if len(got) != len(want) {
		t.Fatalf("read back %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("row %d read back as %q, want %q", i, got[i], want[i])
		}
		// What the spreadsheet sees first must never progresstest.Start a formula.
		if v := got[i][1]; v != "" && strings.ContainsRune("=+-@\t\r\n", rune(v[0])) {
			t.Errorf("row %d starts with %q", i, v[0])
		}
	}
	if !bytes.HasSuffix(data, []byte("\r\n")) || bytes.Count(data, []byte("\r\n")) < len(csvCases) {
		t.Error("rows do not end with CRLF")
	}
}

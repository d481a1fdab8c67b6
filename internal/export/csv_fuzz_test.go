package export

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

// FuzzCSVWriter checks the CSV writer against encoding/csv: reading its
// rows back gives csvSafe of every value, and they are the bytes
// encoding/csv writes for those values (with CRLF line ends), except that
// line breaks inside a value are kept as csvSafe has them, where
// encoding/csv would write LF as CRLF and drop a CR.
func FuzzCSVWriter(f *testing.F) {
	for _, c := range csvCases {
		f.Add(c.in, "x", "")
	}
	f.Add(`\.`, "\v tab", "\u00a0nbsp")
	f.Add("a,b", `"quoted"`, " lead")
	f.Add("\r\n", "0", "") // the reader, not the writer, turns a quoted CRLF into LF
	f.Fuzz(func(t *testing.T, a, b, c string) {
		var got bytes.Buffer
		w := NewCSVWriter(&got)
		if err := w.Write(a, b, c); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		safe := []string{csvSafe(a), csvSafe(b), csvSafe(c)}
		// encoding/csv's reader drops a CR before LF, inside quotes too.
		read := make([]string, len(safe))
		for i, v := range safe {
			read[i] = strings.ReplaceAll(v, "\r\n", "\n")
		}
		data := bytes.TrimPrefix(got.Bytes(), []byte(utf8BOM))

		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		switch {
		case err != nil:
			t.Fatalf("encoding/csv cannot read %q: %v", data, err)
		case strings.Join(safe, "") == "":
			// encoding/csv skips a line that is empty.
		case len(rows) != 1 || !slices.Equal(rows[0], read):
			t.Fatalf("%q read back as %q, want %q", data, rows, read)
		}

		if strings.ContainsAny(strings.Join(safe, ""), "\r\n") {
			return
		}
		var want bytes.Buffer
		cw := csv.NewWriter(&want)
		cw.UseCRLF = true
		if err := cw.Write(safe); err != nil {
			t.Fatal(err)
		}
		cw.Flush()
		if !bytes.Equal(data, want.Bytes()) {
			t.Fatalf("wrote %q, encoding/csv %q", data, want.Bytes())
		}
	})
}

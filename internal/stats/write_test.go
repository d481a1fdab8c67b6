package stats

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestWriteText: the table fits 80 columns, with a bar for each figure
// shown, and a group too small says so.
func TestWriteText(t *testing.T) {
	s, c := handWorkedStore(t)
	for _, group := range []int{5, 6} {
		r := readReport(t, s, c, Options{MinGroup: group})
		var b bytes.Buffer
		if err := WriteText(&b, r, 80); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if testing.Verbose() {
			t.Log("\n" + out)
		}
		for _, l := range strings.Split(out, "\n") {
			if n := utf8.RuneCountInString(l); n > 80 {
				t.Errorf("a line of %d columns: %q", n, l)
			}
		}
		shown := strings.Contains(out, "neg                                  5  ██████····   60%   50%    55   -91  -100\n")
		hidden := strings.Contains(out, "neg                                     "+TooFew+"\n")
		if shown != (group == 5) || hidden != (group == 6) {
			t.Errorf("with a group of %d:\n%s", group, out)
		}
		if group == 5 && !strings.Contains(out, "1.2        █████·····   50%       10  Second\n  cited by: unused, multi\n") {
			t.Errorf("paragraph 1.2 is not first with its bar:\n%s", out)
		}
	}
}

// TestWriteCSVAndJSON: the figures as written read back, with nothing for
// a figure that cannot be worked out.
func TestWriteCSVAndJSON(t *testing.T) {
	s, c := handWorkedStore(t)
	r := readReport(t, s, c, Options{MinGroup: 5})
	var b bytes.Buffer
	if err := WriteCSV(&b, r); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+len(r.Questions) || strings.Join(rows[0], ",") != strings.Join(Fields, ",") {
		t.Fatalf("rows %q", rows)
	}
	if got := strings.Join(rows[2][3:11], ","); got != "5,5,60.0,54.8,50.0,-91.3,-100.0,1* 60%; 2 40%" {
		t.Errorf("neg's figures %s", got)
	}
	if got := rows[1][8]; got != "" {
		t.Errorf("easy's discrimination %q, want none", got)
	}
	b.Reset()
	if err := WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Questions []struct {
			Question       string   `json:"question"`
			Discrimination *float64 `json:"discrimination"`
			Facility       *float64 `json:"facility"`
		} `json:"questions"`
		Paragraphs []struct {
			Paragraph string   `json:"paragraph"`
			Share     *float64 `json:"share_right"`
			Note      string   `json:"note"`
		} `json:"paragraphs"`
	}
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	q := back.Questions[0]
	if q.Question != "easy" || q.Discrimination != nil || q.Facility == nil || *q.Facility != 100 {
		t.Errorf("easy in JSON: %+v", q)
	}
	if p := back.Paragraphs[2]; p.Paragraph != "2.1" || p.Share != nil || p.Note != TooFew {
		t.Errorf("paragraph 2.1 in JSON: %+v", p)
	}
}

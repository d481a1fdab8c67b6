package report

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"course/internal/modules"
	"course/internal/modules/modulestest"
	"course/internal/record"
	"course/internal/stats"
)

// questionStats are the statistics of the small test pack: six members
// answer module one's two questions, the first four right in one-a and the
// last two right in one-b, so that paragraph 1.2 (one-b) is the most
// missed; module two's question is never answered.
func questionStats(t *testing.T) *stats.Report {
	t.Helper()
	c, err := modules.Load(modulestest.ValidFS(), "")
	if err != nil {
		t.Fatal(err)
	}
	mod := c.Modules[0]
	var events []record.Event
	for m := range 6 {
		member, attempt := fmt.Sprintf("M%08d", m), record.NewAttemptID()
		for i, q := range mod.Questions {
			right := i == 0 && m < 4 || i == 1 && m >= 4
			chosen := []int{len(q.Options) - 1}
			if right {
				chosen = q.CorrectOptions()
			}
			events = append(events, record.Event{Kind: record.QuestionAnswered, Member: member, Module: mod.ID, ModuleVersion: mod.Version,
				Attempt: attempt, Question: q.ID, QuestionVersion: q.Version(), Chosen: chosen, Correct: right})
		}
		events = append(events, record.Event{Kind: record.QuizFinished, Member: member, Module: mod.ID, Attempt: attempt})
	}
	seq := func(yield func(*record.EventView, error) bool) {
		var v record.EventView
		for i, e := range events {
			e.Seq, e.Time = uint64(i+1), time.Date(2025, 5, 1, 9, 0, i, 0, time.UTC)
			b, err := json.Marshal(e)
			if err != nil {
				t.Fatal(err)
			}
			if err := v.Decode(b); !yield(&v, err) {
				return
			}
		}
	}
	r, err := stats.FromEvents(iter.Seq2[*record.EventView, error](seq), c, stats.Options{MinGroup: 5})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestXLSXQuestions reads back the sheets of question statistics and the
// chart of paragraphs.
func TestXLSXQuestions(t *testing.T) {
	rows, mods := xlsxRows(t)
	var buf bytes.Buffer
	about := Workbook{Course: "Course", Council: "Council", Guidance: "Guidance", GuidanceVersion: "1.0",
		Made: time.Date(2025, 6, 15, 10, 0, 0, 0, time.UTC), Modules: mods, Questions: questionStats(t)}
	if err := WriteXLSX(&buf, rows, about); err != nil {
		t.Fatal(err)
	}
	data := bytes.Clone(buf.Bytes())
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{SummarySheet, MembersSheet, ModulesSheet, QuestionsSheet, ParagraphsSheet}) {
		t.Errorf("sheets %q", got)
	}
	qs, err := f.GetRows(QuestionsSheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 4 || !slices.Equal(qs[0], QuestionHeadings) {
		t.Fatalf("questions sheet %q", qs)
	}
	if got := strings.Join(qs[1][:8], "|"); got != "one|one-a|1.1|6|6|66.7|51.6|50" {
		t.Errorf("one-a: %s", got)
	}
	if got := qs[3]; got[1] != "two-a" || got[len(got)-1] != stats.TooFew {
		t.Errorf("two-a, never answered: %q", got)
	}
	ps, err := f.GetRows(ParagraphsSheet)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, p := range ps[1:] {
		order = append(order, p[0]+" "+p[len(p)-1])
	}
	if want := []string{"1.2 33.3", "1.1 66.7", "2.1 " + stats.TooFew}; !slices.Equal(order, want) {
		t.Errorf("paragraphs %q, want %q", order, want)
	}
	// The chart plots the two paragraphs shown.
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var chart string
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			chart += string(b)
		}
	}
	for _, want := range []string{"<barChart>", `<barDir val="bar">`, "Paragraphs!$A$2:$A$3", "Paragraphs!$G$2:$G$3", "most missed"} {
		if !strings.Contains(chart, want) {
			t.Errorf("the chart has no %s:\n%.600s", want, chart)
		}
	}
}

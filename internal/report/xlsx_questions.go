package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"

	"course/internal/stats"
)

// The sheets of question statistics, written when Workbook.Questions is
// given.
const (
	QuestionsSheet  = "Questions"
	ParagraphsSheet = "Paragraphs"
)

// QuestionHeadings and ParagraphHeadings are the columns of the two
// sheets.
var (
	QuestionHeadings = []string{"Module", "Question", "Cites", "Members", "Attempts", "Facility %", "SD %", "Random guess %",
		"Discrimination", "Efficiency", "Options chosen (* right)", "Flags", "Left out: question changed", "Note"}
	ParagraphHeadings = []string{"Paragraph", "Topic", "Questions", "Members", "First answers", "Right", "Right %", "Note"}
)

// figureCell is a figure rounded to one decimal place, or an empty cell
// when it is not known.
func figureCell(f float64) excelize.Cell {
	if !stats.Known(f) {
		return excelize.Cell{}
	}
	return excelize.Cell{Value: math.Round(f*10) / 10}
}

// questions writes the questions sheet: a row for each question, its
// figures (or a note that the group is too small to show them), the
// options chosen and the flags.
func (b *book) questions(r *stats.Report) error {
	cells := make([][]excelize.Cell, 0, len(r.Questions))
	for _, q := range r.Questions {
		row := []excelize.Cell{text(q.Module), text(q.ID), text(strings.Join(q.Cites, ", ")), {}, {}, {}, {}, {}, {}, {}, {}, {},
			{Value: q.Changed}, text(stats.TooFew)}
		if q.Shown {
			var flags []string
			for _, f := range q.Flags {
				flags = append(flags, f.Reason)
			}
			row[3], row[4] = excelize.Cell{Value: q.Members}, excelize.Cell{Value: q.Attempts}
			row[5], row[6], row[7] = figureCell(q.Facility), figureCell(q.SD), figureCell(q.RandomGuess)
			row[8], row[9] = figureCell(q.Discrimination), figureCell(q.Efficiency)
			row[10], row[11], row[13] = text(q.Responses()), text(strings.Join(flags, "\n")), excelize.Cell{}
		}
		cells = append(cells, row)
	}
	return b.table(QuestionsSheet, QuestionHeadings, cells)
}

// paragraphs writes the paragraphs sheet, the most missed first, and a
// bar chart beside it of the share of first answers right in each
// paragraph shown.
func (b *book) paragraphs(r *stats.Report) error {
	cells := make([][]excelize.Cell, 0, len(r.Paragraphs))
	shown := 0
	for _, p := range r.Paragraphs {
		row := []excelize.Cell{text(p.ID), text(p.Topic), text(strings.Join(p.Questions, ", ")), {}, {}, {}, {}, text(stats.TooFew)}
		if p.Shown {
			shown++
			row[3], row[4], row[5] = excelize.Cell{Value: p.Members}, excelize.Cell{Value: p.Answers}, excelize.Cell{Value: p.Right}
			row[6], row[7] = figureCell(p.Share), excelize.Cell{}
		}
		cells = append(cells, row)
	}
	if err := b.table(ParagraphsSheet, ParagraphHeadings, cells); err != nil {
		return err
	}
	if shown == 0 {
		return nil
	}
	// The paragraphs shown come first, so the chart's rows are 2 to
	// shown+1.
	column := func(col string) string { return fmt.Sprintf("%s!$%s$2:$%s$%d", ParagraphsSheet, col, col, shown+1) }
	lo, hi := 0.0, 100.0
	return b.f.AddChart(ParagraphsSheet, "J2", &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       ParagraphsSheet + "!$G$1",
			Categories: column("A"),
			Values:     column("G"),
		}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "First answers right, by paragraph of the guidance (most missed at the top)"}}},
		Legend:    excelize.ChartLegend{Position: "none"},
		XAxis:     excelize.ChartAxis{ReverseOrder: true},
		YAxis:     excelize.ChartAxis{Minimum: &lo, Maximum: &hi, MajorGridLines: true},
		Dimension: excelize.ChartDimension{Width: 640, Height: uint(max(320, 24*shown+100))},
	})
}

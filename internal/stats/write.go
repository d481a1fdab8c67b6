package stats

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// TooFew is what a row says in place of figures for a group smaller than
// MinGroup.
const TooFew = "too few answers to show"

// Fields are the CSV columns of the questions.
var Fields = []string{"module", "question", "cites", "members", "attempts", "facility", "sd", "random_guess",
	"discrimination", "efficiency", "responses", "flags", "changed", "note"}

// Counted says in words which answers the figures count.
func (r *Report) Counted() string {
	if r.All {
		return "every finished attempt"
	}
	return "each member's first answer to each question"
}

// LeftOut says in words which answers were left out, and why, or "".
func (r *Report) LeftOut() string {
	var parts []string
	if r.Changed > 0 {
		parts = append(parts, fmt.Sprintf("%s to questions changed since (or no longer in the course)", answers(r.Changed)))
	}
	if r.Unfinished > 0 {
		parts = append(parts, fmt.Sprintf("%s in attempts never finished", answers(r.Unfinished)))
	}
	if len(parts) == 0 {
		return ""
	}
	return "Left out: " + strings.Join(parts, " and ") + "."
}

func answers(n int) string {
	if n == 1 {
		return "1 answer"
	}
	return strconv.Itoa(n) + " answers"
}

// figure writes a per-cent figure to one decimal place, "" when it is
// not known.
func figure(f float64) string {
	if !Known(f) {
		return ""
	}
	return strconv.FormatFloat(f, 'f', 1, 64)
}

// Responses writes how often each option was chosen: "1* 80%; 2 15%; 3
// 5%", the right options starred.
func (q Question) Responses() string {
	parts := make([]string, len(q.Options))
	for i, o := range q.Options {
		mark := ""
		if o.Right {
			mark = "*"
		}
		parts[i] = fmt.Sprintf("%d%s %s", i+1, mark, percent(o.Share))
	}
	return strings.Join(parts, "; ")
}

// WriteCSV writes a row for each question as CSV for spreadsheets (a
// byte order mark first, so that Excel reads UTF-8), with a header of
// Fields. A question with too few members to show has only its module,
// id, cites and a note. Nothing in it comes from the records: ids and
// labels are the checked content's, and every other cell starts with a
// letter or a digit, or is a number, negative ones included, which
// export.CSVWriter would turn into text.
func WriteCSV(w io.Writer, r *Report) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(Fields); err != nil {
		return err
	}
	for _, q := range r.Questions {
		row := []string{q.Module, q.ID, strings.Join(q.Cites, " "), "", "", "", "", "", "", "", "", "", strconv.Itoa(q.Changed), TooFew}
		if q.Shown {
			var flags []string
			for _, f := range q.Flags {
				flags = append(flags, f.Reason)
			}
			row = []string{q.Module, q.ID, strings.Join(q.Cites, " "), strconv.Itoa(q.Members), strconv.Itoa(q.Attempts),
				figure(q.Facility), figure(q.SD), figure(q.RandomGuess), figure(q.Discrimination), figure(q.Efficiency),
				q.Responses(), strings.Join(flags, " | "), strconv.Itoa(q.Changed), ""}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// jsonFigure is a figure in JSON: null when not known or not shown.
type jsonFigure float64

func (f jsonFigure) MarshalJSON() ([]byte, error) {
	if !Known(float64(f)) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, float64(f), 'f', 2, 64), nil
}

type jsonReport struct {
	Counted    string          `json:"counted"`
	AllAnswers bool            `json:"all_attempts"`
	MinGroup   int             `json:"min_group"`
	Members    int             `json:"members"`
	Changed    int             `json:"left_out_changed"`
	Unfinished int             `json:"left_out_unfinished"`
	Questions  []jsonQuestion  `json:"questions"`
	Paragraphs []jsonParagraph `json:"paragraphs"`
}

type jsonQuestion struct {
	Module         string       `json:"module"`
	Question       string       `json:"question"`
	Cites          []string     `json:"cites"`
	Shown          bool         `json:"shown"`
	Note           string       `json:"note,omitempty"`
	Members        *int         `json:"members"`
	Attempts       *int         `json:"attempts"`
	Facility       jsonFigure   `json:"facility"`
	SD             jsonFigure   `json:"sd"`
	RandomGuess    jsonFigure   `json:"random_guess"`
	Discrimination jsonFigure   `json:"discrimination"`
	Efficiency     jsonFigure   `json:"efficiency"`
	Options        []jsonOption `json:"options"`
	Flags          []Flag       `json:"flags"`
	Changed        int          `json:"left_out_changed"`
}

type jsonOption struct {
	Option int        `json:"option"` // From 1, as the quiz file lists them.
	Right  bool       `json:"right"`
	Chosen int        `json:"chosen"`
	Share  jsonFigure `json:"share"`
}

type jsonParagraph struct {
	Paragraph string     `json:"paragraph"`
	Topic     string     `json:"topic"`
	Questions []string   `json:"questions"`
	Shown     bool       `json:"shown"`
	Note      string     `json:"note,omitempty"`
	Members   *int       `json:"members"`
	Answers   *int       `json:"first_answers"`
	Right     *int       `json:"right"`
	Share     jsonFigure `json:"share_right"`
}

// WriteJSON writes the report as indented JSON: the questions, then the
// paragraphs most missed first. Figures not known or not shown are null.
func WriteJSON(w io.Writer, r *Report) error {
	out := jsonReport{Counted: r.Counted(), AllAnswers: r.All, MinGroup: r.MinGroup, Members: r.Members, Changed: r.Changed,
		Unfinished: r.Unfinished, Questions: []jsonQuestion{}, Paragraphs: []jsonParagraph{}}
	nan := jsonFigure(notKnown)
	for _, q := range r.Questions {
		jq := jsonQuestion{Module: q.Module, Question: q.ID, Cites: q.Cites, Shown: q.Shown, Changed: q.Changed,
			Facility: nan, SD: nan, RandomGuess: nan, Discrimination: nan, Efficiency: nan, Options: []jsonOption{}, Flags: []Flag{}}
		if q.Shown {
			jq.Members, jq.Attempts = &q.Members, &q.Attempts
			jq.Facility, jq.SD, jq.RandomGuess = jsonFigure(q.Facility), jsonFigure(q.SD), jsonFigure(q.RandomGuess)
			jq.Discrimination, jq.Efficiency = jsonFigure(q.Discrimination), jsonFigure(q.Efficiency)
			for i, o := range q.Options {
				jq.Options = append(jq.Options, jsonOption{Option: i + 1, Right: o.Right, Chosen: o.Chosen, Share: jsonFigure(o.Share)})
			}
			jq.Flags = append(jq.Flags, q.Flags...)
		} else {
			jq.Note = TooFew
		}
		out.Questions = append(out.Questions, jq)
	}
	for _, p := range r.Paragraphs {
		jp := jsonParagraph{Paragraph: p.ID, Topic: p.Topic, Questions: p.Questions, Shown: p.Shown, Share: nan}
		if p.Shown {
			jp.Members, jp.Answers, jp.Right, jp.Share = &p.Members, &p.Answers, &p.Right, jsonFigure(p.Share)
		} else {
			jp.Note = TooFew
		}
		out.Paragraphs = append(out.Paragraphs, jp)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// Bar draws a share (per cent) as a bar of cells cells, in eighths of a
// cell.
func Bar(share float64, cells int) string {
	if !Known(share) {
		return strings.Repeat(" ", cells)
	}
	eighths := int(share/100*float64(cells*8) + 0.5)
	eighths = min(max(eighths, 0), cells*8)
	var b strings.Builder
	b.WriteString(strings.Repeat("█", eighths/8))
	if part := eighths % 8; part > 0 {
		b.WriteString(string([]rune("▏▎▍▌▋▊▉")[part-1]))
	}
	b.WriteString(strings.Repeat("·", cells-(eighths+7)/8))
	return b.String()
}

// WriteText writes the report as two tables of at most width columns
// (80 when width is 0), with bars: the questions module by module, each
// with its answers and flags under it, then the paragraphs, most missed
// first, each with the questions that cite it.
func WriteText(w io.Writer, r *Report, width int) error {
	if width <= 0 {
		width = 80
	}
	width = max(width, 60)
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	wrap := func(text string) {
		for _, l := range wrapWords(text, width) {
			line("%s", l)
		}
	}
	wrap(fmt.Sprintf("Questions: %s, from %d members. Figures are per cent, shown for %d members or more.",
		r.Counted(), r.Members, r.MinGroup))
	if left := r.LeftOut(); left != "" {
		wrap(left)
	}
	idWidth := width - 50
	module := ""
	for _, q := range r.Questions {
		if q.Module != module {
			module = q.Module
			line("")
			line("Module %d: %s", q.ModuleNumber, q.ModuleTitle)
			line("%-*s %7s  %-16s %5s %5s %5s %5s", idWidth, "Question", "Members", "Right", "Guess", "SD", "Disc", "Eff")
		}
		id := cut(q.ID, idWidth)
		if !q.Shown {
			line("%-*s %7s  %s", idWidth, id, "", TooFew)
			continue
		}
		line("%-*s %7d  %s %5s %5s %5s %5s %5s", idWidth, id, q.Members, Bar(q.Facility, 10), percent(q.Facility),
			percent(q.RandomGuess), number(q.SD), number(q.Discrimination), number(q.Efficiency))
		var opts []string
		for i, o := range q.Options {
			mark := ""
			if o.Right {
				mark = " (right)"
			}
			opts = append(opts, fmt.Sprintf("%d%s %s", i+1, mark, percent(o.Share)))
		}
		wrapHanging(&b, "  chosen: ", strings.Join(opts, ", "), width)
		for _, f := range q.Flags {
			wrapHanging(&b, "  ! ", f.Reason, width)
		}
	}
	line("")
	wrap("Paragraphs of the guidance, the most missed first: the share of first answers right to the questions that cite each.")
	topicWidth := width - 38
	line("%-10s %-16s %8s  %s", "Paragraph", "Right", "Answers", "Topic")
	for _, p := range r.Paragraphs {
		if !p.Shown {
			line("%-10s %s", cut(p.ID, 10), TooFew)
			continue
		}
		line("%-10s %s %5s %8d  %s", cut(p.ID, 10), Bar(p.Share, 10), percent(p.Share), p.Answers, cut(p.Topic, topicWidth))
		wrapHanging(&b, "  cited by: ", strings.Join(p.Questions, ", "), width)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// wrapHanging writes text after prefix, wrapped to width, later lines
// indented under the text.
func wrapHanging(b *strings.Builder, prefix, text string, width int) {
	indent := strings.Repeat(" ", ansi.StringWidth(prefix))
	for i, l := range wrapWords(text, width-len(indent)) {
		if i == 0 {
			b.WriteString(prefix)
		} else {
			b.WriteString(indent)
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
}

// wrapWords breaks text into lines of at most width cells, at spaces (a
// longer word has a line to itself).
func wrapWords(text string, width int) []string {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return nil
	}
	return strings.Split(ansi.Wordwrap(text, width, ""), "\n")
}

// cut shortens s to width runes, ending it with "…" when it is cut.
func cut(s string, width int) string {
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	r := []rune(s)
	return string(r[:max(width-1, 0)]) + "…"
}

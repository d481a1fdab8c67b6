package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"course/internal/modules"
	"course/internal/report"
	"course/internal/safetext"
	"course/internal/stats"
	"course/internal/store"
)

// questionsHelp is what report --help says of --questions.
const questionsHelp = `
--questions shows, instead, what members get wrong: for each question of
each module, Moodle's item analysis of members' answers (the facility
index, standard deviation, random guess score, discrimination index and
discriminative efficiency, defined in docs/officer-guide.md), how often each
option was chosen, and flags with a reason (too easy, too hard, a negative or
near-zero discrimination, a wrong option nobody chooses or one chosen more
than the right answer); then each paragraph of the guidance with the share
of first answers right to the questions citing it, the most missed first.
It counts each member's first answer to each question, or every finished
attempt with --all-attempts, and only answers to the question as it is
now. Figures are shown only for groups of at least statistics min_group
members (course.yaml; 5 unless it says otherwise), and no member is named.
With --format xlsx, the workbook has the report's sheets and a questions
and a paragraphs sheet, with a chart of the paragraphs most missed.`

// checkQuestionFlags refuses flags that do not go with --questions, or
// --all-attempts without it.
func checkQuestionFlags(ro *reportOptions) error {
	switch {
	case ro.allAttempts && !ro.questions:
		return flagError("report", "--all-attempts goes with --questions: add --questions")
	case ro.questions && (len(ro.statuses) > 0 || ro.since != "" || ro.ward != ""):
		return flagError("report", "--questions counts every member's answers, so that no small group can be picked out: leave out --status, --since and --ward")
	}
	return nil
}

// readQuestions works out the question statistics of c from the records,
// with the chain head and number of events they were read at.
func readQuestions(recs *store.Store, c *modules.Course, all bool) (r *stats.Report, head string, events int, err error) {
	err = recs.ReadLog(func(log *store.LogReader) error {
		if head, events, err = log.End(); err != nil {
			return err
		}
		r, err = stats.Read(log, c, stats.Options{All: all, MinGroup: c.MinGroup})
		return err
	})
	return r, head, events, err
}

func runQuestions(cmd *cobra.Command, opts *options, ro *reportOptions, format string) error {
	recs, c, err := readRecords(opts, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer recs.Close()
	now := time.Now()
	r, head, events, err := readQuestions(recs, c, ro.allAttempts)
	if err != nil {
		return err
	}
	if format == "xlsx" {
		rows, _, _, err := report.ReadAt(recs, reportInfo(c), now)
		if err != nil {
			return err
		}
		about := workbookAbout(c, now, head, events, ro)
		about.Questions = r
		err = writeDocument(cmd, opts, "report", ro.out, "the workbook", ".xlsx", func(w io.Writer) error {
			return report.WriteXLSX(w, rows, about)
		})
		if err != nil || ro.out == "" {
			return err
		}
		fmt.Fprintf(cmd.OutOrStdout(), "Wrote the question statistics of %s, and the report, to %s.\nchain head %s over %d events\n",
			count(r.Members, "member", "members"), safetext.Inert(ro.out), orNone(head), events)
		return nil
	}
	write := func(w io.Writer, width int) error {
		switch format {
		case "csv":
			return stats.WriteCSV(w, r)
		case "json":
			return stats.WriteJSON(w, r)
		}
		return stats.WriteText(w, r, width)
	}
	if ro.out != "" {
		return writeOutput(opts, "report", "--out", ro.out, func(w *bufio.Writer) error { return write(w, 80) })
	}
	out := dataWriter(cmd.OutOrStdout())
	if terminalWidth(out) == 0 || format != "" {
		return write(out, 80)
	}
	// The options' words come from the content folder: made inert, as
	// record text is, on a terminal.
	var table strings.Builder
	if err := write(&table, reportWidth(out)); err != nil {
		return err
	}
	_, err = io.WriteString(out, safetext.InertLines(table.String()))
	return err
}

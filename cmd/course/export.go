package main

import (
	"bufio"
	"fmt"

	"github.com/spf13/cobra"

	"course/internal/coursework"
	"course/internal/export"
)

type exportOptions struct {
	format string
	since  string
	out    string
	names  bool
}

func newExportCmd(opts *options) *cobra.Command {
	eo := &exportOptions{}
	cmd := &cobra.Command{
		Use:         "export --out FILE",
		Annotations: overSSH(),
		Short:       "Write every attempt and completion to a CSV, JSON or xAPI file",
		Long: `Write every module read, question answered, quiz or refresher finished and
module completed to a file:

  csv   for Excel: UTF-8 with a byte order mark, one header row; values that
        a spreadsheet would run as a formula get a ' in front
  json  an array of records with the same fields
  xapi  an array of xAPI 1.0.3 statements for a learning record store

Members are named by number. --names adds their names: leave it out for a
file that will be sent anywhere, because an export travels and a number
alone says nothing about the person.

The file is written in full or not at all, readable by its owner only.
It is never written over the record file (or another name for it) or its
.id file, nor over a folder, a device or anything else that is not a
regular file.
Afterwards the command prints the record file's chain head: keep it with
the export to show later which records it came from.`,
		Example: "  course export --out attempts.csv\n" +
			"  course export --format xapi --since 2025-04-01 --out statements.json",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runExport(cmd, opts, eo)
		},
	}
	f := cmd.Flags()
	f.StringVar(&eo.format, "format", "csv", "csv, json or xapi")
	f.StringVar(&eo.since, "since", "", "only events on or after this date (YYYY-MM-DD or DD/MM/YYYY)")
	f.StringVarP(&eo.out, "out", "o", "", "file to write, or - for standard output (required)")
	f.BoolVar(&eo.names, "names", false, "add members' names (leave out for files that travel)")
	return cmd
}

func runExport(cmd *cobra.Command, opts *options, eo *exportOptions) error {
	format := export.Format(eo.format)
	switch format {
	case export.CSV, export.JSON, export.XAPI:
	default:
		return flagError("export", "--format: %q is not an export format: use csv, json or xapi", eo.format)
	}
	if eo.out == "" && opts.served == nil {
		return flagError("export", "say where to write the export with --out FILE (or --out - for standard output)")
	}
	what := export.Options{Format: format, Names: eo.names}
	if eo.since != "" {
		since, err := parseSince(eo.since)
		if err != nil {
			return flagError("export", "--since: %v", err)
		}
		what.Since = since
	}
	// Only statements name activities, but every format is checked against
	// the course the records belong to.
	store, c, err := readRecords(opts, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer store.Close()
	if format == export.XAPI {
		what.XAPI = export.CourseOf(c)
	}

	var res export.Result
	err = writeOutput(opts, "export", "--out", eo.out, func(w *bufio.Writer) error {
		res, err = export.Write(cmd.Context(), w, store, what)
		return err
	})
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	if toStandardOutput(opts, eo.out) {
		out = cmd.ErrOrStderr() // the export itself went to standard output
	}
	noun := coursework.Plural(res.Records, "record", "records")
	if format == export.XAPI {
		noun = coursework.Plural(res.Records, "statement", "statements")
	}
	altered := ""
	if where := failedVerification(store); where != "" {
		altered = " The records failed verification " + where + "."
	}
	fmt.Fprintf(out, "Wrote %d %s to %s.%s\n", res.Records, noun, outputName(opts, eo.out), altered)
	fmt.Fprintf(out, "chain head %s over %d events\n", orNone(res.Head), res.Events)
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

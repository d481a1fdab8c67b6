package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"course/internal/certificate"
	"course/internal/progress"
	"course/internal/safetext"
)

func newCertificateCmd(opts *options) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:         "certificate MEMBER --out FILE.pdf",
		Annotations: overSSH(),
		Short:       "Write a member's certificate of completion as a PDF",
		Long: `Write the certificate of a member who has completed the course, as a
one-page PDF: their name, the council, the course and guidance version,
the date each module was passed, and the verification code. Give the member
by number, or by their exact name.

The code is the one the member's certificate screen shows; check any
certificate's code with 'course verify --certificate CODE'.

The file is written in full or not at all. It is never written over the
record file or its .id file. Without --out the PDF goes to standard output,
if that is not a terminal.`,
		Example: "  course certificate MWE1DA479 --out certificate.pdf\n" +
			"  course certificate \"Siân Gwŷn\" --out siân.pdf",
		Args: needs(1, 1, "a member number or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCertificate(cmd, opts, args[0], out)
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "PDF file to write")
	return cmd
}

func runCertificate(cmd *cobra.Command, opts *options, who, out string) error {
	store, c, err := readRecords(opts, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer store.Close()
	m, err := findMember(opts, store, who)
	if err != nil {
		return err
	}
	if _, err := memberIntact(opts, store, m.Number); err != nil {
		return err
	}
	events, err := store.MemberEvents(m.Number)
	if err != nil {
		return err
	}
	cert, err := certificate.New(m, events, c, time.Local)
	switch {
	case errors.Is(err, certificate.ErrErased):
		return &exitError{code: exitFailure, msg: fmt.Sprintf(
			"course: member %s's details were erased, so no certificate can name them. '%s' still checks a certificate they were given.",
			m.Number, typed(opts, "verify", "--certificate", "CODE"))}
	case errors.Is(err, certificate.ErrNotComplete):
		p, _ := progress.Load(store, m.Number, reportInfo(c).CourseInfo, time.Now())
		return &exitError{code: exitFailure, msg: fmt.Sprintf(
			"course: %s (member %s) has not completed the course yet: %d of %d modules passed. '%s' shows everyone's progress.",
			safetext.Inert(m.Name), m.Number, p.Passed, len(c.Modules), typed(opts, "report"))}
	case err != nil:
		return err
	}
	err = writeDocument(cmd, opts, "certificate", out, "a certificate", ".pdf", func(w io.Writer) error {
		return cert.WritePDF(w, time.Now())
	})
	if err != nil || out == "" {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "Wrote the certificate of %s (member %s, verification code %s) to %s.\n",
		safetext.Inert(cert.Member), m.Number, cert.Code, safetext.Inert(out))
	return nil
}

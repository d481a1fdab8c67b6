package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"course/internal/certificate"
	"course/internal/safetext"
	"course/internal/store"
)

func newVerifyCmd(opts *options) *cobra.Command {
	var head, code string
	cmd := &cobra.Command{
		Use:         "verify",
		Annotations: overSSH(),
		Short:       "Check that the records have not been changed or damaged",
		Long: `Check the record file: its structure, then every event in the log
against the hash chain that links each one to the one before, then every
member's stored details (name, email, ward, role, dates) against the
digest of them the log keeps. The file is only read, never written.

When all is well it prints the number of events and the chain head (the
hash of the newest event) and exits with status 0. Otherwise it names the
first event that is missing or does not match, or the member whose details
do not, and why, and exits with status 1: keep the file unchanged as
evidence, and restore the records from a backup.

After every save the number of events and the newest hash are noted in
the record file's companion, records.db.id, so that removing the newest
events is noticed too. With --head HASH (the chain head that an export or
an earlier verify printed) it also proves that the records still hold
every event up to that one.`,
		Example: "  course verify\n  course verify --db ./records.db\n" +
			"  course verify --head 3f2a…   # the chain head an export printed",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if cmd.Flags().Changed("certificate") {
				if head != "" {
					return flagError("verify", "give --head or --certificate, not both: they are separate checks")
				}
				return verifyCertificate(cmd, opts, code)
			}
			head = strings.ToLower(strings.TrimSpace(head))
			if head != "" && !wholeHead(head) {
				return flagError("verify", "--head %s is not a whole chain head: give all 64 characters (0-9 and a-f) of the head an export, report or verify printed. "+
					"Nothing was checked: a head cut short cannot prove the records hold the events up to it.", strconv.Quote(safetext.Inert(head)))
			}
			var recs *store.Store
			var err error
			if opts.contentDir != "" {
				// Verify reads no content, but a folder given must be the
				// records' own course (and is remembered, as by every command).
				recs, _, err = readCourse(opts, cmd.ErrOrStderr())
			} else {
				recs, err = openStore(opts, true)
			}
			if err != nil {
				return err
			}
			defer recs.Close()
			if err := recs.Check(); err != nil {
				if errors.Is(err, store.ErrDamaged) {
					return &exitError{code: exitFailure, msg: "course: " + safetext.Inert(err.Error())}
				}
				return err
			}
			r, err := recs.VerifyHead(head)
			var te *store.TamperedError
			if errors.As(err, &te) {
				return &exitError{code: exitFailure, msg: alteredMessage(opts, te)}
			}
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "records intact: %d events, chain head %s\n", r.Events, orNone(r.Head))
			if r.HeadAt > 0 {
				fmt.Fprintf(out, "the records hold every event up to %s (event %d)\n", head, r.HeadAt)
			}
			if r.Pinned > 0 {
				fmt.Fprintf(out, "the end noted in %s.id (event %d) is in place\n", safetext.Inert(recs.Path()), r.Pinned)
			}
			if r.Unsealed > 0 {
				fmt.Fprintf(out, "not yet covered: the details of %s were stored before the course sealed members' details, so no check can show they are unchanged; "+
					"the course seals them when it next opens the records for writing (a member's course window, or an officer's command that changes the records)\n",
					count(r.Unsealed, "member", "members"))
			}
			fmt.Fprintf(out, "record file: %s\n", safetext.Inert(recs.Path()))
			return nil
		},
	}
	cmd.Flags().StringVar(&head, "head", "", "also prove the records hold every event up to this chain head")
	cmd.Flags().StringVar(&code, "certificate", "", "check a certificate's verification code against the records")
	return cmd
}

// verifyCertificate says whose completion a certificate's code belongs to,
// by the rule that made the code (certificate.Find).
func verifyCertificate(cmd *cobra.Command, opts *options, code string) error {
	if _, err := certificate.ParseCode(code); err != nil {
		return flagError("verify", "--certificate %q is not a verification code: a code is 12 digits and letters A to F, written like 3F2A-9C01-B7E4 on the certificate", safetext.Inert(code))
	}
	recs, c, err := readRecords(opts, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer recs.Close()
	match, err := certificate.Find(recs, c.ModuleIDs(), code)
	if errors.Is(err, certificate.ErrNoMatch) {
		canonical, _ := certificate.ParseCode(code)
		return &exitError{code: exitFailure, msg: fmt.Sprintf(
			"course: not verified: no completion in the records in %s has the code %s. Check the code was typed as the certificate shows it; "+
				"if it was, the certificate does not come from these records.", safetext.Inert(recs.Path()), canonical)}
	}
	if err != nil {
		return err
	}
	sealed, err := memberIntact(opts, recs, match.Member.Number)
	if err != nil {
		return err
	}
	who := fmt.Sprintf("%s (member %s)", safetext.Inert(match.Member.Name), match.Member.Number)
	if match.Member.Erased {
		who = fmt.Sprintf("member %s, whose details have since been erased", match.Member.Number)
	}
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "certificate %s verified: it belongs to %s, who completed the course on %s at %s.\n",
		match.Code, who, match.Completed.Local().Format(certificate.DateLayout), match.Completed.Local().Format("15:04"))
	if match.HandIn != "" {
		fmt.Fprintf(out, "The completion was made on the member's own computer and handed in: the hand-in file (SHA-256 %s) was merged into these records", match.HandIn)
		if !match.Merged.IsZero() {
			fmt.Fprintf(out, " on %s at %s", match.Merged.Local().Format(certificate.DateLayout), match.Merged.Local().Format("15:04"))
		}
		if match.MergedBy != "" {
			fmt.Fprintf(out, " by %s", safetext.Inert(match.MergedBy))
		}
		fmt.Fprintln(out, ".")
	}
	if !sealed {
		fmt.Fprintf(out, "Member %s's details were stored before the course sealed members' details, so these records cannot show that the name is unchanged.\n",
			match.Member.Number)
	}
	fmt.Fprintf(out, "record file: %s\n", safetext.Inert(recs.Path()))
	return nil
}

// wholeHead says s is written as a chain head is: 64 hexadecimal
// characters (a SHA-256), in lower case.
func wholeHead(s string) bool {
	return len(s) == 64 && !strings.ContainsFunc(s, func(r rune) bool { return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') })
}

// memberIntact checks a member's stored details against the log before
// they are shown as theirs: details changed from outside the course fail
// as altered records. sealed is false for details stored before details
// were sealed, which nothing vouches for.
func memberIntact(opts *options, recs *store.Store, number string) (sealed bool, err error) {
	sealed, err = recs.MemberIntact(number)
	if te := (*store.TamperedError)(nil); errors.As(err, &te) {
		return false, &exitError{code: exitFailure, msg: alteredMessage(opts, te)}
	}
	return sealed, err
}

package main

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"course/internal/atomicfile"
	"course/internal/certificate"
	"course/internal/coursework"
	"course/internal/handin"
	"course/internal/merge"
	"course/internal/modules"
	"course/internal/progress"
	"course/internal/record"
	"course/internal/safetext"
	"course/internal/store"
	"course/internal/store/chain"
)

// The member's side of a hand-in: 'course hand-in' writes one member's
// records from this computer's record file into a file for the council's
// officer, who merges it into the council's records with 'course merge'.
// It is not offered over 'course serve', whose records are the council's
// already.

func newHandInCmd(opts *options) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "hand-in [MEMBER] [--out PATH]",
		Short: "Write your records into a file to send to the council",
		Long: `Write a member's records of the course on this computer into one file, to
send to the council's monitoring officer (or clerk), who adds them to the
council's records with 'course merge'. Then the certificate code the
member was given verifies there too.

The file holds that member's records only: where several members share this
computer, the others' records are left out. It is named with the member's
name and the date and saved in your Documents folder (else Downloads, else
your home folder), or where --out says: a file, or a folder to save it in.
It is never written over the record file or its .id file.

Give the member by number or exact name when more than one member uses the
course here; without one it is the only member, or else the member who used
the course last.`,
		Example: "  course hand-in\n" +
			"  course hand-in \"Siân Gwŷn\" --out E:\\",
		Args: needs(0, 1, "at most one member number or name"),
		RunE: func(cmd *cobra.Command, args []string) error {
			who := ""
			if len(args) == 1 {
				who = args[0]
			}
			return runHandIn(cmd, opts, who, out)
		},
	}
	cmd.Flags().StringVarP(&out, "out", "o", "", "file, or folder, to write the hand-in to (default: your Documents folder)")
	return cmd
}

func runHandIn(cmd *cobra.Command, opts *options, who, out string) error {
	path, err := recordPath(opts)
	if err != nil {
		return err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return &exitError{code: exitFailure, msg: fmt.Sprintf(
			"course hand-in: there are no records of the course on this computer (no record file at %s): take the course first, or use --db to name the record file.",
			safetext.Inert(path))}
	}
	// Opened as the course opens it: checked before anything is read, and
	// bound to its course, which the hand-in names.
	recs, c, err := openCourse(opts)
	if err != nil {
		return err
	}
	defer recs.Close()
	m, chosen, err := handInMember(opts, recs, who)
	if err != nil {
		return err
	}
	now := time.Now()
	if out == "" {
		if out, err = handin.Folder(); err != nil {
			return &exitError{code: exitFailure, msg: "course hand-in: " + err.Error() + ": say where to write the file with --out."}
		}
	}
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		out = filepath.Join(out, handin.FileName(m, now))
	}
	err = writeOutput(opts, "hand-in", "--out", out, func(w *bufio.Writer) error {
		return recs.ReadLog(func(r *store.LogReader) error { return handin.Write(w, r, m.Number, now) })
	})
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	if chosen != "" {
		printMessage(w, chosen)
	}
	if !toStandardOutput(opts, out) {
		printMessage(w, fmt.Sprintf("Saved the hand-in of %s (member %s) to:\n\n    %s\n", safetext.Inert(m.Name), m.Number, safetext.Inert(out)))
	}
	holds, err := handInHolds(recs, m, c)
	if err != nil {
		return err
	}
	printMessage(w, holds)
	printMessage(w, coursework.SendHandIn(c))
	return nil
}

// handInMember is the member to hand in: the one who is given, else the
// only member, else the one who used the course last, saying so (chosen).
func handInMember(opts *options, recs *store.Store, who string) (m record.Member, chosen string, err error) {
	if who != "" {
		m, err = findMember(opts, recs, who)
		if err == nil && m.Erased {
			err = &exitError{code: exitFailure, msg: fmt.Sprintf(
				"course hand-in: member %s was erased from these records, so nothing of theirs is left to hand in.", m.Number)}
		}
		return m, "", err
	}
	all, err := recs.Members()
	if err != nil {
		return m, "", err
	}
	var live []record.Member
	for _, m := range all {
		if !m.Erased {
			live = append(live, m)
		}
	}
	switch len(live) {
	case 0:
		return m, "", &exitError{code: exitFailure, msg: "course hand-in: nobody has taken the course on this computer yet: take it first, then hand it in."}
	case 1:
		return live[0], "", nil
	}
	names := make([]string, len(live))
	for i, m := range live {
		names[i] = fmt.Sprintf("%s (%s)", safetext.Inert(m.Name), m.Number)
	}
	last, err := recs.LastMember()
	if err != nil {
		return m, "", err
	}
	for i, m := range live {
		if m.Number == last {
			other := live[(i+1)%len(live)]
			return m, fmt.Sprintf("%d members use the course on this computer; this is the hand-in of %s, who used it last. "+
				"To hand in another's, give their name or number, for example: %s",
				len(live), safetext.Inert(m.Name), typed(opts, "hand-in", other.Number)), nil
		}
	}
	return m, "", &exitError{code: exitUsage, msg: fmt.Sprintf(
		"course hand-in: %d members use the course on this computer: %s. Give the name or number of the one to hand in, for example: %s",
		len(live), strings.Join(names, ", "), typed(opts, "hand-in", live[0].Number))}
}

// handInHolds says what m's hand-in holds: how many records (those a
// merge brings in), and whether
// they complete the course, with the certificate's code if they do.
func handInHolds(recs *store.Store, m record.Member, c *modules.Course) (string, error) {
	events, err := recs.MemberEvents(m.Number)
	if err != nil {
		return "", err
	}
	holds := fmt.Sprintf("It holds %s of %s.", count(merge.CountBrought(events), "record", "records"), safetext.Inert(courseTitle(c)))
	cert, err := certificate.New(m, events, c, time.Local)
	switch {
	case errors.Is(err, certificate.ErrNotComplete):
		p, err := progress.Load(recs, m.Number, reportInfo(c).CourseInfo, time.Now())
		if err != nil {
			return "", err
		}
		return holds + fmt.Sprintf(" The course is not complete yet: %d of %d modules passed. Hand in again once you have completed it.", p.Passed, len(c.Modules)), nil
	case err != nil:
		return "", err
	}
	return holds + fmt.Sprintf(" You completed the course: your certificate's verification code is %s, and it will verify in the council's records once they have merged this file.", cert.Code), nil
}

// saveHandIn writes member number's hand-in from recs into dir, named as
// handin.FileName names it, in full or not at all and never over the
// records, and returns its path: what the course's screens call to hand
// in.
func saveHandIn(recs *store.Store, number, dir string) (string, error) {
	m, err := recs.Member(number)
	if err != nil {
		return "", err
	}
	now := time.Now()
	path := filepath.Join(dir, handin.FileName(m, now))
	err = atomicfile.Write(path, 0o600, func(w *bufio.Writer) error {
		return recs.ReadLog(func(r *store.LogReader) error { return handin.Write(w, r, number, now) })
	}, chain.ProtectedFiles(recs.Path())...)
	return path, err
}

// handInTo is how the course's screens hand in a member's records from
// recs: to handin.Folder, saying what the file holds as 'course hand-in'
// does.
func handInTo(recs *store.Store, c *modules.Course) func(member string) (coursework.HandedIn, error) {
	return func(member string) (coursework.HandedIn, error) {
		dir, err := handin.Folder()
		if err != nil {
			return coursework.HandedIn{}, err
		}
		path, err := saveHandIn(recs, member, dir)
		if err != nil {
			return coursework.HandedIn{}, err
		}
		m, err := recs.Member(member)
		if err != nil {
			return coursework.HandedIn{Path: path}, nil
		}
		// Saved is saved: a sentence that cannot be made is left out.
		holds, _ := handInHolds(recs, m, c)
		return coursework.HandedIn{Path: path, Holds: holds}, nil
	}
}

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"

	"course/internal/modules"
	"course/internal/safetext"
	"course/internal/store"
	"course/internal/version"
)

// answersHelp is what validate --help says of --answers.
const answersHelp = `

With --answers RECORDS (a record file, such as a copy of the council's
records.db), the members' answers in it are checked too, question by
question, as 'course report --questions' does: each question flagged as
too easy, too hard, with a negative or near-zero discrimination, with a
wrong option nobody chooses or one chosen more than the right answer, is
listed with its file and line and the reason. Only answers to the
questions as the pack has them now count, and only groups of at least the
pack's statistics min_group members are judged. These are warnings: they
never make validate fail.`

// writeAnswerFlags writes, for the pack c read from root, the flags the
// answers in the record file at recordsPath raise.
func writeAnswerFlags(out io.Writer, c *modules.Course, root, recordsPath string) error {
	if _, err := os.Stat(recordsPath); errors.Is(err, os.ErrNotExist) {
		return &exitError{code: exitUsage, msg: fmt.Sprintf("course validate: --answers %s: there is no such file: give a record file, such as records.db",
			safetext.Inert(recordsPath))}
	}
	recs, err := store.Open(recordsPath, store.Options{ReadOnly: true, AppVersion: version.Short()})
	opts := &options{db: recordsPath} // so that a command suggested here names these records
	if err != nil {
		return storeFailure(opts, recordsPath, true, err)
	}
	defer recs.Close()
	if warning := alteredWarning(opts, recs); warning != "" {
		fmt.Fprintln(out, warning)
	}
	r, _, _, err := readQuestions(recs, c, false)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nAnswers in %s: %s, from %d members; questions with fewer than %d members are not judged.\n",
		safetext.Inert(recordsPath), r.Counted(), r.Members, r.MinGroup)
	if left := r.LeftOut(); left != "" {
		fmt.Fprintln(out, left)
	}
	flagged, judged := 0, 0
	for _, q := range r.Questions {
		if q.Shown {
			judged++
		}
		if len(q.Flags) == 0 {
			continue
		}
		flagged++
		mod := c.Module(q.Module)
		where := path.Join(root, mod.QuizFile)
		if line := mod.QuestionLine(q.ID); line > 0 {
			where += fmt.Sprintf(":%d", line)
		}
		for _, f := range q.Flags {
			fmt.Fprintf(out, "%s: question %s: %s\n", where, q.ID, f.Reason)
		}
	}
	switch {
	case judged == 0:
		fmt.Fprintln(out, "No question has answers from enough members to judge it.")
	case flagged == 0:
		fmt.Fprintf(out, "None of the %s judged raises a flag.\n", count(judged, "question", "questions"))
	default:
		fmt.Fprintf(out, "%s of the %d judged to look at (warnings only).\n", count(flagged, "question", "questions"), judged)
	}
	return nil
}

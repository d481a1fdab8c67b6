package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"course/content"
	"course/internal/modules"
	"course/internal/packcheck"
	"course/internal/safetext"
)

func newValidateCmd(opts *options) *cobra.Command {
	var strict bool
	var answers string
	cmd := &cobra.Command{
		Use:   "validate [DIR]",
		Short: "Check a content folder and show which paragraphs it teaches and tests",
		Long: `Check a content folder (the built-in course when no folder is given).

Every problem is listed with its file and line. When there are none, a table
shows, for every guidance paragraph, the modules that teach it and the
questions that test it.

Then the quiz questions are checked for answer clues: a right option that is
the longest or shortest, "select all" questions whose right answers can be
guessed from how many there are or that are all right, excuses (", since"),
hedges ("could") and absolute words ("always") used mostly on one side, an
answer such as "ask the … team" that is always right, a right option another
question's text echoes, feedback that cites a paragraph missing from its
question's cites, and module quizzes too short for the pass mark. The words
come from course.yaml's clues section (English by default). Last, the
wording: a course named only after its guidance (its certificate then
repeats the guidance's name), and feedback that opens with its own verdict
("Correct.", "Wrong."), which the course has already given. Clues and
wording are warnings; with --strict, a pack over the clue limits or with
wording warnings fails. The built-in course is always checked strictly.

When course.yaml names a mail server that needs a password, the password
is looked for as sending would: COURSE_MAIL_PASSWORD, or the file mail:
password_file: names, which must be readable by its owner only.` + answersHelp,
		Example: "  course validate\n  course validate ./my-content\n  course validate --strict ./my-content\n  course validate --answers records.db ./my-content",
		Args:    needs(0, 1, "at most one content folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := opts.contentDir
			if len(args) == 1 {
				dir = args[0]
			}
			return runValidate(cmd, dir, strict, answers)
		},
	}
	cmd.Flags().StringVar(&answers, "answers", "", "a record file whose members' answers to check the questions against (flags only, never a failure)")
	cmd.Flags().BoolVar(&strict, "strict", false, "fail when answer clues are over the limits or the wording has warnings (always on for the built-in course)")
	return cmd
}

func runValidate(cmd *cobra.Command, dir string, strict bool, answers string) error {
	name := dir
	var fsys fs.FS = content.FS
	root := content.Root
	if dir == "" {
		name = "the built-in course"
		// The course shipped with the program is held to the clue limits.
		strict = true
	} else {
		if err := checkDir(dir); err != nil {
			return err
		}
		fsys, root = os.DirFS(dir), dir
	}
	c, problems := modules.Check(fsys, root)
	out := cmd.OutOrStdout()
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(out, p.String())
		}
		summary := fmt.Sprintf("%s has %d problems: fix them and run course validate again", name, len(problems))
		if len(problems) == 1 {
			summary = fmt.Sprintf("%s has 1 problem: fix it and run course validate again", name)
		}
		return &exitError{code: exitFailure, msg: summary}
	}
	fmt.Fprintf(out, "Content: %s\nCourse: %s, guidance version %s (content version %s)\n\n", name, c.GuidanceTitle, c.GuidanceVersion, c.Version)
	if err := packcheck.WriteCoverage(out, c, 80); err != nil {
		return err
	}
	fmt.Fprintln(out, "Every paragraph is taught and tested.")
	fmt.Fprintln(out)
	report := packcheck.CheckClues(c)
	if err := packcheck.WriteClues(out, report, root); err != nil {
		return err
	}
	wording := packcheck.CheckWording(fsys, root, c)
	if len(wording) > 0 {
		fmt.Fprintln(out, "\nWording:")
		for _, p := range wording {
			fmt.Fprintln(out, p.String())
		}
	}
	if answers != "" {
		if err := writeAnswerFlags(out, c, root, answers); err != nil {
			return err
		}
	}
	failures := report.Failures()
	if strict && (len(failures) > 0 || len(wording) > 0) {
		var why []string
		if len(failures) > 0 {
			why = append(why, fmt.Sprintf("is over the answer-clue limits:\n  %s", strings.Join(failures, "\n  ")))
		}
		if len(wording) > 0 {
			why = append(why, fmt.Sprintf("has %s (listed above under Wording)", count(len(wording), "wording warning", "wording warnings")))
		}
		return &exitError{code: exitFailure, msg: name + " " + strings.Join(why, "\nand ")}
	}
	if len(failures) == 0 {
		fmt.Fprintln(out, "\nAnswer clues are within the limits.")
	} else {
		fmt.Fprintf(out, "\nAnswer clues are over the limits (warnings only; --strict makes them fail):\n  %s\n", strings.Join(failures, "\n  "))
	}
	if len(wording) > 0 {
		fmt.Fprintf(out, "The wording has %s (warnings only; --strict makes them fail).\n", count(len(wording), "warning", "warnings"))
	}
	return mailReady(c, dir)
}

// mailReady refuses the mail set-up of the course in dir as sending would
// (course remind, members invite --send): the password, from
// COURSE_MAIL_PASSWORD or the file course.yaml names, must be there and
// the file private. Nil when the course names no mail server.
func mailReady(c *modules.Course, dir string) error {
	if !c.Mail.Configured() {
		return nil
	}
	folder, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	s, err := mailSettings(courseChoice{course: c, folder: folder}, "validate")
	if err != nil {
		return err
	}
	if _, err := s.Password(); err != nil {
		return &exitError{code: exitFailure, msg: fmt.Sprintf("course validate: the content is sound, but its mail: section is not ready: %s. "+
			"Until that is put right, course remind and members invite --send send nothing.", safetext.Inert(err.Error()))}
	}
	return nil
}

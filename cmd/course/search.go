package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"course/internal/coursework"
	"course/internal/progress"
	"course/internal/safetext"
)

func newSearchCmd(opts *options) *cobra.Command {
	return &cobra.Command{
		Use:   "search WORDS...",
		Short: "Find where the course covers something",
		Long: `Search every lesson and quiz explanation for places that contain all
the words given, and print the module, the guidance paragraph and the
matching line. Case does not matter. Quiz answers and why each is right or
wrong are left out, as the course leaves them out of a member's search
until they have taken that quiz, unless course.yaml sets
answers_in_search: true.`,
		Example: "  course search friend request\n  course search trolls",
		Args:    needs(1, -1, "the words to search for"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := shownCourse(opts, cmd.ErrOrStderr(), true)
			if err != nil {
				return err
			}
			query := strings.Join(args, " ")
			matches := coursework.Search(c, progress.Progress{}, query)
			if len(matches) == 0 {
				return &exitError{code: exitFailure, msg: fmt.Sprintf("course: nothing in the course has all of: %s. Try fewer or other words.", safetext.Inert(query))}
			}
			out := cmd.OutOrStdout()
			numbered := c.SectionsNumbered()
			for _, m := range matches {
				where := fmt.Sprintf("Module %d, %s", m.Module.Number, m.Module.Title)
				if !numbered {
					where = fmt.Sprintf("Module %d (section %s), %s", m.Module.Number, m.Module.Section, m.Module.Title)
				}
				if m.Question != "" {
					where += ", " + m.Part.String()
				}
				if len(m.Paragraphs) > 0 {
					where += " · " + c.Cite(m.Paragraphs...)
				}
				fmt.Fprintf(out, "%s\n    %s\n", safetext.Inert(where), safetext.Inert(m.Text))
			}
			open := "Run '" + typed(opts) + "' and press / to open them."
			if opts.accessible || accessibleFromEnvironment() {
				// The plain text course has no / key: it searches by a typed command.
				open = "Run '" + typed(opts, "--accessible") + "' and type search " + safetext.Inert(query) + " at the contents to open them."
			}
			fmt.Fprintf(out, "\n%d places. %s\n", len(matches), open)
			if coursework.AnswersHidden(c) != "" {
				fmt.Fprintln(out, "Quiz answers are left out: the course searches them for a member who has taken that quiz.")
			}
			return nil
		},
	}
}

func newRefresherCmd(opts *options) *cobra.Command {
	return &cobra.Command{
		Use:   "refresher",
		Short: "Take a short refresher quiz across all modules",
		Long: `Start the course straight into a refresher: ten questions from every
module, the ones you got wrong last time first. Choose who you are, and the
quiz begins. The result is saved on your record.`,
		Example: "  course refresher",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runUI(cmd, opts, true)
		},
	}
}

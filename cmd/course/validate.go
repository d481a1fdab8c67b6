package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"course/content"
	"course/internal/modules"
)

func newValidateCmd(opts *options) *cobra.Command {
	return &cobra.Command{
		Use:   "validate [DIR]",
		Short: "Check a content folder and show which paragraphs it teaches and tests",
		Long: `Check a content folder (the built-in course when no folder is given).

Every problem is listed with its file and line. When there are none, a table
shows, for every guidance paragraph, the modules that teach it and the
questions that test it.`,
		Example: "  course validate\n  course validate ./my-content",
		Args:    needs(0, 1, "at most one content folder"),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := opts.contentDir
			if len(args) == 1 {
				dir = args[0]
			}
			return runValidate(cmd, dir)
		},
	}
}

func runValidate(cmd *cobra.Command, dir string) error {
	name := dir
	var c *modules.Course
	var problems []modules.Problem
	if dir == "" {
		name = "the built-in course"
		c, problems = modules.Check(content.FS, content.Root)
	} else {
		if err := checkDir(dir); err != nil {
			return err
		}
		c, problems = modules.Check(os.DirFS(dir), dir)
	}
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
	if err := modules.WriteCoverage(out, c, 80); err != nil {
		return err
	}
	fmt.Fprintln(out, "Every paragraph is taught and tested.")
	return nil
}

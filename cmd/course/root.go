package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"course/content"
	"course/internal/modules"
	"course/internal/version"
)

// options are the flags every command shares.
type options struct {
	db         string
	contentDir string
}

func newRootCmd() *cobra.Command {
	opts := &options{}
	cmd := &cobra.Command{
		Use:   "course",
		Short: "Social Media Guidance training for councillors",
		Long: `A training course on the council's Social Media Guidance for Members.

Run it with no command to take the course in this terminal. The other
commands check content and work with the record of who has taken part.`,
		Example:       "  course                       take the course\n  course validate ./content    check a council's own content folder",
		Version:       version.Get().Version,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCourse(cmd, opts)
		},
	}
	cmd.SetVersionTemplate(version.Get().String() + "\n")
	cmd.PersistentFlags().StringVar(&opts.db, "db", "", "record file to use (default: $COURSE_DB, or the per-user record file)")
	cmd.PersistentFlags().StringVar(&opts.contentDir, "content", "", "run on a council's own content folder instead of the built-in course")
	cmd.AddCommand(newValidateCmd(opts))
	cmd.AddCommand(newReportCmd(opts))
	cmd.AddCommand(newExportCmd(opts))
	cmd.AddCommand(newSearchCmd(opts), newRefresherCmd(opts))
	cmd.AddCommand(newMembersCmd(opts), newVerifyCmd(opts))
	return cmd
}

// loadCourse loads the content folder given, or the built-in course.
func loadCourse(dir string) (*modules.Course, error) {
	if dir == "" {
		return modules.Load(content.FS, content.Root)
	}
	if err := checkDir(dir); err != nil {
		return nil, err
	}
	return modules.Load(os.DirFS(dir), dir)
}

func checkDir(dir string) error {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("content folder %s does not exist", dir)
	case err != nil:
		return fmt.Errorf("content folder %s cannot be read: %w", dir, err)
	case !st.IsDir():
		return fmt.Errorf("%s is a file: give the folder that holds course.yaml", dir)
	}
	return nil
}

func isUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "flag needs an argument", "invalid argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"course/content"
	"course/internal/modules"
	"course/internal/safetext"
	"course/internal/version"
)

// options are the flags every command shares.
type options struct {
	db         string
	contentDir string
	anyCourse  bool
}

func newRootCmd() *cobra.Command {
	opts := &options{}
	cmd := &cobra.Command{
		Use:           "course",
		Short:         "A training course for councillors on their council's guidance",
		Long:          courseHelp(nil),
		Example:       "  course                       take the course\n  course validate ./content    check a council's own content folder",
		Version:       version.Get().Version,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCourse(cmd, opts)
		},
	}
	cmd.SetVersionTemplate(version.Get().String() + "\n")
	// The course is named in its own words, from the content in use, when
	// help is asked for: loading it for every command would be wasted.
	help := cmd.HelpFunc()
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		if c == cmd {
			course, _ := loadCourse(opts.contentDir) // nil when it cannot be loaded
			c.Long = courseHelp(course)
		}
		help(c, args)
	})
	cmd.SetFlagErrorFunc(flagMistake)
	cmd.PersistentFlags().StringVar(&opts.db, "db", "", "record file to use (default: $COURSE_DB, or the per-user record file)")
	cmd.PersistentFlags().StringVar(&opts.contentDir, "content", "", "run on a council's own content folder instead of the built-in course (by default: the folder the record file was made with)")
	cmd.PersistentFlags().BoolVar(&opts.anyCourse, "any-course", false, "use the course given even if the record file belongs to another")
	cmd.AddCommand(newValidateCmd(opts))
	cmd.AddCommand(newReportCmd(opts))
	cmd.AddCommand(newExportCmd(opts))
	cmd.AddCommand(newSearchCmd(opts), newRefresherCmd(opts))
	cmd.AddCommand(newMembersCmd(opts), newVerifyCmd(opts), newCertificateCmd(opts))
	addCompletion(cmd) // last, once every command is added
	return cmd
}

// courseHelp is the program's description in --help, naming the course
// when it is known.
func courseHelp(c *modules.Course) string {
	const about = `Run it with no command to take the course in this terminal. The other
commands check content and work with the record of who has taken part.`
	if c == nil {
		return "A training course for councillors on their council's guidance.\n\n" + about
	}
	return safetext.Inert(c.Title) + "\n" + safetext.Inert(c.Subtitle()) + "\n\n" + about
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

// completionExamples are shown by "course completion --help" and each
// shell's --help.
var completionExamples = map[string]string{
	"completion": `  course completion bash > ~/.local/share/bash-completion/completions/course
  course completion zsh > "${fpath[1]}/_course"
  course completion fish > ~/.config/fish/completions/course.fish
  course completion powershell >> $PROFILE`,
	"bash": `  source <(course completion bash)     # this shell only
  course completion bash > ~/.local/share/bash-completion/completions/course`,
	"zsh": `  source <(course completion zsh)      # this shell only
  course completion zsh > "${fpath[1]}/_course"`,
	"fish": `  course completion fish | source     # this shell only
  course completion fish > ~/.config/fish/completions/course.fish`,
	"powershell": `  course completion powershell | Out-String | Invoke-Expression   # this window only
  course completion powershell >> $PROFILE`,
}

// addCompletion adds cobra's "completion" command now, rather than when the
// program runs, so that it and its shells carry examples like every command.
func addCompletion(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Example = completionExamples["completion"]
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			return usageError(cmd, "course completion knows no shell %q: the shells are bash, zsh, fish and powershell.", safetext.Inert(args[0]))
		}
		for _, shell := range c.Commands() {
			shell.Example = completionExamples[shell.Name()]
		}
	}
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

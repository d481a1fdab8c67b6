package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"course/content"
	"course/internal/lrs"
	"course/internal/modules"
	"course/internal/safetext"
	"course/internal/store"
	"course/internal/version"
)

// options are the flags every command shares.
type options struct {
	db         string
	contentDir string
	anyCourse  bool
	// served is set when an officer's command runs over 'course serve':
	// it uses the server's open records and course, and its files come
	// and go through standard input and output on the officer's computer.
	served *served
	// accessible runs the course as plain lines of text.
	accessible bool
}

// served is what a command run over 'course serve' shares with the server.
type served struct {
	store  *store.Store
	course *modules.Course
	folder string // the content folder the course came from ("" for the built-in one)
	// connect is the command members and officers type to reach the
	// server, such as "ssh -p 2222 course.example.gov.uk".
	connect string
	stdout  io.Writer
	// syncer sends statements to the learning record store in the
	// background; nil when there is none.
	syncer *lrs.Syncer
	// hostKey is the public half of the server's host key, whose
	// fingerprint invitations give members to check.
	hostKey gossh.PublicKey
	// officerKey is the fingerprint of the key the officer running a
	// command signed in with ("SHA256:…"), which a merge notes.
	officerKey string
	// webURL is the address members open the course at in a browser, or
	// "" when the server gives it to no browser.
	webURL string
}

// standardOutput is where output to standard output goes: the officer's
// computer over SSH, else this program's standard output.
func (o *options) standardOutput() io.Writer {
	if o.served != nil {
		return o.served.stdout
	}
	return os.Stdout
}

// openInput opens a file a command reads, such as a roster: "-" is
// standard input, the only input over SSH.
func openInput(cmd *cobra.Command, opts *options, command, path string) (io.ReadCloser, error) {
	if path == "-" {
		return io.NopCloser(cmd.InOrStdin()), nil
	}
	if opts.served != nil {
		return nil, &exitError{code: exitUsage, msg: fmt.Sprintf(
			"course %s: over SSH the file comes from your own computer: give - in its place and send the file to standard input, for example: %s %s - < FILE",
			command, opts.served.connect, command)}
	}
	return os.Open(path)
}

// inputName is how messages name the file a command reads from path:
// "-" is standard input, which over SSH is the file the officer sent.
func inputName(opts *options, path string) string {
	switch {
	case path != "-":
		return safetext.Inert(path)
	case opts.served != nil:
		return "the file sent"
	}
	return "standard input"
}

func newRootCmd() *cobra.Command {
	return newRootCmdWith(&options{})
}

// newRootCmdWith builds the command line on opts.
func newRootCmdWith(opts *options) *cobra.Command {
	cmd := &cobra.Command{
		Use:           "course",
		Short:         "A training course for councillors on their council's guidance",
		Long:          courseHelp(nil),
		Example:       "  course                       take the course\n  course --accessible          take it as plain lines of text, for screen readers\n  course validate ./content    check a council's own content folder",
		Version:       version.Get().Version,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runCourse(cmd, opts)
		},
	}
	// Every command's messages are wrapped to the terminal they are
	// printed on (see messages): a command writes its data to dataWriter.
	cmd.PersistentPreRun = func(c *cobra.Command, _ []string) {
		root := c.Root()
		root.SetOut(messages(root.OutOrStdout()))
		root.SetErr(messages(root.ErrOrStderr()))
	}
	cmd.SetVersionTemplate(version.Get().String() + "\n")
	// The course is named in its own words, from the content in use (the
	// record file's own course, as every command chooses it), when help is
	// asked for: loading it for every command would be wasted.
	help := cmd.HelpFunc()
	cmd.SetHelpFunc(func(c *cobra.Command, args []string) {
		if c == cmd {
			course, _ := shownCourse(opts, io.Discard, false) // nil when it cannot be told
			c.Long = courseHelp(course)
		}
		help(c, args)
	})
	cmd.SetFlagErrorFunc(flagMistake)
	cmd.PersistentFlags().StringVar(&opts.db, "db", "", "record file to use (default: $COURSE_DB, or the per-user record file)")
	cmd.PersistentFlags().StringVar(&opts.contentDir, "content", "", "run on a council's own content folder instead of the built-in course (by default: the folder the record file remembers; a folder of its own course given here is remembered)")
	cmd.PersistentFlags().BoolVar(&opts.accessible, "accessible", false, "take the course as plain lines of text, for screen readers (also when $ACCESSIBLE is set)")
	cmd.PersistentFlags().BoolVar(&opts.anyCourse, "any-course", false, "use the course given even if the record file belongs to another (for this run: the record file keeps its own course)")
	cmd.AddCommand(newValidateCmd(opts))
	cmd.AddCommand(newReportCmd(opts))
	cmd.AddCommand(newExportCmd(opts))
	cmd.AddCommand(newSearchCmd(opts), newRefresherCmd(opts))
	cmd.AddCommand(newMembersCmd(opts), newVerifyCmd(opts), newBackupCmd(opts), newCertificateCmd(opts))
	cmd.AddCommand(newHandInCmd(opts))
	serve := newServeCmd(opts)
	cmd.AddCommand(serve, newSyncCmd(opts), newSyncStatusCmd(opts))
	cmd.AddCommand(newMergeCmd(opts), newRemindCmd(opts))
	addHelp(cmd)
	addCompletion(cmd) // last, once every command is added
	serve.Long = serveHelp(servedCommands(cmd))
	return cmd
}

// addHelp adds cobra's "help" command now, rather than when the program
// runs, so that it can be marked as a command an officer may run over SSH.
func addHelp(root *cobra.Command) {
	root.InitDefaultHelpCmd()
	for _, c := range root.Commands() {
		if c.Name() == "help" {
			c.Annotations = overSSH()
		}
	}
}

// courseHelp is the program's description in --help, naming the course
// when it is known.
// guides are the guides in the repository's docs folder (shipped in each
// release archive too), with the reader each is for, named by --help.
var guides = []struct{ path, reader string }{
	{"docs/taking-the-course.md", "councillors taking the course"},
	{"docs/officer-guide.md", "the monitoring officer"},
	{"docs/running-the-server.md", "the IT team running the server"},
	{"docs/content-packs.md", "a council writing its own content"},
}

func courseHelp(c *modules.Course) string {
	about := `Run it with no command to take the course in this terminal. The other
commands check content and work with the record of who has taken part.

Guides, in the docs folder beside the README:`
	for _, g := range guides {
		about += fmt.Sprintf("\n  %-28s for %s", g.path, g.reader)
	}
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

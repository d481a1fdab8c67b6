package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"

	"github.com/spf13/cobra"

	"course/internal/certificate"
	"course/internal/handin"
	"course/internal/merge"
	"course/internal/modules"
	"course/internal/safetext"
)

// maxStdinHandIn bounds a hand-in read from standard input (over SSH, the
// officer's computer sends it): one member's records are far smaller.
const maxStdinHandIn = 256 << 20

// progressBytes is the size of file above which reading it shows how far
// it has got, on a terminal.
const progressBytes = 16 << 20

func newMergeCmd(opts *options) *cobra.Command {
	return &cobra.Command{
		Use:         "merge FILE…",
		Annotations: overSSH(),
		Short:       "Bring in the records members hand in from their own computers",
		Long: `Bring into the records the hand-in files that members made on their own
computers with 'course hand-in' (or the key on the certificate screen), so
that their completions appear in the report and their certificate codes
verify here.

Every file is checked first: one that was edited or damaged after the
course wrote it, is cut short, is of another course, or is not a hand-in
file at all is refused with the reason, and nothing is merged from it (the
others still are; the exit status is 1 if any was refused).

Each file's member is matched to the records: to the member who already
holds some of its events (from an earlier hand-in), else by the rule that
matches a roster (the same email, or the same name in wards that agree),
else they are added, keeping their member number when it is free. A member
erased from these records is not brought back. Only their events in the
course are brought in, with their own times, and only those the records do
not hold yet: merging a file twice, or files from two computers, counts
each event once. Each merge is noted in the records with the file's
SHA-256 and who merged it, and the report marks completions handed in.

What a hand-in proves: that the file was not changed after the course
wrote it, as far as a chain of hashes without a key can show. It cannot
prove the member did the course themselves: someone who controls their
computer could make such a file. Decide whether that is enough for you.

Over SSH, send the file to standard input with - in its place.`,
		Example: `  course merge "Hand-in Dee Jones 2026-12-07.course-hand-in"
  course merge ~/Downloads/*.course-hand-in
  ssh -p 2222 course.example.gov.uk merge - < "Hand-in Dee Jones 2026-12-07.course-hand-in"`,
		Args: needs(1, -1, "the hand-in files to merge"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMerge(cmd, opts, args)
		},
	}
}

// handedIn is a file read for merging: its name as given, and what Read
// found or why it was refused.
type handedIn struct {
	name string
	file *handin.File
	err  error
}

func runMerge(cmd *cobra.Command, opts *options, args []string) error {
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	stdin := 0
	for _, a := range args {
		if a == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return flagError("merge", "standard input (-) can be given once: it holds one file. Merge the others in another run.")
	}
	// Every file is read, and checked, before anything is merged.
	files := make([]handedIn, len(args))
	for i, a := range args {
		files[i] = handedIn{name: inputName(opts, a)}
		f, err := readHandIn(cmd, opts, a)
		var ee *exitError
		if errors.As(err, &ee) {
			return err
		}
		files[i].file, files[i].err = f, err
	}

	recs, err := openStore(opts, false)
	if err != nil {
		return err
	}
	defer recs.Close()
	ch, err := choiceFor(opts, recs)
	if err != nil {
		return err
	}
	if !ch.own() {
		return &exitError{code: exitFailure, msg: fmt.Sprintf("course merge: the records in %s are of the course %q, not %q: hand-ins are merged into their own course's records only, so --any-course does not apply.",
			safetext.Inert(recs.Path()), safetext.Inert(ch.bound.Title), safetext.Inert(courseTitle(ch.course)))}
	}
	by := mergedBy(opts)
	refused := 0
	for _, h := range files {
		name := safetext.Inert(h.name)
		if h.err != nil {
			refused++
			fmt.Fprintf(errOut, "course merge: %s was refused, and nothing was merged from it: %s\n", name, safetext.Inert(messageOf(h.err)))
			continue
		}
		res, err := merge.Merge(recs, ch.binding(), h.file, by)
		if err != nil {
			var oc *merge.OtherCourseError
			var er *merge.ErasedError
			if !errors.As(err, &oc) && !errors.As(err, &er) && !errors.Is(err, merge.ErrSplit) {
				return fmt.Errorf("merging %s: %w", name, err)
			}
			refused++
			fmt.Fprintf(errOut, "course merge: %s was refused, and nothing was merged from it: %s.\n", name, safetext.Inert(err.Error()))
			continue
		}
		if res.Added > 0 {
			// Records that had none now belong to this course; a refusal
			// or a file with nothing new leaves them as they were.
			if err := bindCourse(recs, ch); err != nil {
				return err
			}
		}
		fmt.Fprintln(out, mergeReport(opts, name, h.file, res, ch.course))
	}
	if refused > 0 {
		return &exitError{code: exitFailure, msg: fmt.Sprintf("course merge: %d of %d files refused, for the reasons above; nothing was merged from them.",
			refused, len(files))}
	}
	return nil
}

// readHandIn reads and checks one hand-in file ("-" is standard input,
// size-capped). An *exitError is for the whole run (over SSH, a file
// named on the server); any other error refuses this file only.
func readHandIn(cmd *cobra.Command, opts *options, path string) (*handin.File, error) {
	in, err := openInput(cmd, opts, "merge", path)
	var ee *exitError
	switch {
	case errors.As(err, &ee):
		return nil, err
	case err != nil:
		if u := errors.Unwrap(err); u != nil {
			err = u // The name is said already.
		}
		return nil, fmt.Errorf("it cannot be read (%v)", err)
	}
	defer in.Close()
	var size int64 = -1
	var r io.Reader = in
	if path == "-" {
		r = &cappedReader{r: in, left: maxStdinHandIn}
	} else if f, ok := in.(*os.File); ok {
		if fi, err := f.Stat(); err == nil {
			size = fi.Size()
		}
	}
	line := &statusLine{w: cmd.ErrOrStderr()}
	defer line.clear()
	var progress func(int64)
	if isTerminal(line.w) && (size < 0 || size > progressBytes) {
		label := inputName(opts, path)
		progress = func(read int64) {
			if size > 0 {
				line.show(fmt.Sprintf("Reading %s: %d%%…", label, read*100/size))
			} else if read > progressBytes {
				line.show(fmt.Sprintf("Reading %s: %s MB…", label, thousands(int(read>>20))))
			}
		}
	}
	f, err := handin.Read(r, progress)
	if err != nil && isOver(r) {
		return nil, fmt.Errorf("%s holds more than %d MiB, and a hand-in of one member's records is far smaller: check that the hand-in file was sent, and not another", inputName(opts, path), maxStdinHandIn>>20)
	}
	return f, err
}

// errTooBig is what a cappedReader gives past its limit.
var errTooBig = errors.New("the input is too large")

// cappedReader reads at most left bytes, and fails after them.
type cappedReader struct {
	r    io.Reader
	left int64
	hit  bool
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		c.hit = true
		return 0, errTooBig
	}
	p = p[:min(int64(len(p)), c.left)]
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

func (c *cappedReader) over() bool { return c.hit }

// isOver says r is a cappedReader that reached its limit.
func isOver(r io.Reader) bool {
	c, ok := r.(*cappedReader)
	return ok && c.over()
}

// mergedBy is who merges, as the records note it: the officer's key over
// SSH, else the user signed in to this computer.
func mergedBy(opts *options) string {
	if opts.served != nil {
		if opts.served.officerKey != "" {
			return "officer key " + opts.served.officerKey
		}
		return "an officer over SSH"
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "user " + u.Username
	}
	if name := os.Getenv("USER"); name != "" {
		return "user " + name
	}
	return "a user of this computer"
}

// mergeReport says what merging one file did.
func mergeReport(opts *options, name string, f *handin.File, res merge.Result, c *modules.Course) string {
	who := safetext.Inert(res.Member.Name)
	var b strings.Builder
	switch res.How {
	case merge.Added:
		fmt.Fprintf(&b, "%s: %s is new to these records, added as member %s", name, who, res.Member.Number)
	case merge.SameMember:
		how := "the same name and ward"
		if res.ByEmail {
			how = "the same email"
		}
		fmt.Fprintf(&b, "%s: %s is member %s here (%s)", name, who, res.Member.Number, how)
	default:
		fmt.Fprintf(&b, "%s: %s is member %s here (who handed in some of these records before)", name, who, res.Member.Number)
	}
	switch {
	case res.Added == 0 && res.How == merge.Added:
		b.Reset()
		fmt.Fprintf(&b, "%s: %s has done nothing in the course yet, so nothing was merged, and they were not added", name, safetext.Inert(f.Member.Name))
	case res.Added == 0 && res.Already == 1:
		b.WriteString(": nothing new, its one record was already here")
	case res.Added == 0:
		fmt.Fprintf(&b, ": nothing new, all %d records were already here", res.Already)
	default:
		fmt.Fprintf(&b, ": %s brought in", count(res.Added, "record", "records"))
		if res.Already > 0 {
			fmt.Fprintf(&b, ", %d already here", res.Already)
		}
	}
	b.WriteString(".")
	if code := certificate.Code(f.Events, c.ModuleIDs()); code != "" && res.Added > 0 {
		fmt.Fprintf(&b, "\n  They completed the course: their certificate %s now verifies here (%s).", code, typed(opts, "verify", "--certificate", code))
	}
	return b.String()
}

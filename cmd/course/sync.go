package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"course/internal/export"
	"course/internal/lrs"
	"course/internal/modules"
	"course/internal/safetext"
)

type syncOptions struct {
	endpoint  string
	dryRun    bool
	fromStart bool
}

func newSyncCmd(opts *options) *cobra.Command {
	so := &syncOptions{}
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Send the records to the council's learning record store (LRS)",
		Long: `Send every attempt and completion the council's learning record store (LRS)
does not have yet, as xAPI 1.0.3 statements: the same statements, with the
same ids, as 'course export --format xapi', naming members by number only.
The record file keeps how far the LRS has accepted them, so each run sends
only what is new, and sending a statement again is harmless.

The LRS is the one course.yaml names (lrs: endpoint:), or --endpoint.
Its key and secret come from COURSE_LRS_KEY and COURSE_LRS_SECRET, or from
the file course.yaml names (lrs: credentials: FILE, readable by its owner
only), never from the command line.

When the network or the LRS fails, it says so at once on standard error,
and the statements are sent again after a wait; if it stays away, the run
stops, and the next run carries on where it stopped. The record file is
held while the run lasts.`,
		Example: "  course sync --dry-run\n" +
			"  course sync\n" +
			"  COURSE_LRS_KEY=… COURSE_LRS_SECRET=… course sync --endpoint https://lrs.example.org/xAPI",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSync(cmd, opts, so)
		},
	}
	f := cmd.Flags()
	f.StringVar(&so.endpoint, "endpoint", "", "the LRS's address, the part before /statements (default: lrs: endpoint: in course.yaml)")
	f.BoolVar(&so.dryRun, "dry-run", false, "say what would be sent, and send nothing")
	f.BoolVar(&so.fromStart, "from-start", false, "send every statement again, as to a new LRS (the LRS keeps one copy of each)")
	return cmd
}

// syncRetry is how a run tries a batch again: the zero value is the lrs
// package's (8 attempts, waits from a second to a minute).
var syncRetry lrs.Retry

// syncProgressEvents is the backlog above which a sync shows how far it
// has got: a smaller one takes a few seconds.
const syncProgressEvents = 5000

func runSync(cmd *cobra.Command, opts *options, so *syncOptions) error {
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if so.dryRun && so.fromStart {
		return flagError("sync", "--dry-run and --from-start cannot go together: a dry run with --from-start would say it sends everything")
	}
	store, err := openStore(opts, false)
	if err != nil {
		return err
	}
	defer store.Close()
	ch, err := choiceFor(opts, store)
	if err != nil {
		return err
	}
	c, dir := ch.course, ch.folder
	cfg, err := lrsConfig(c, dir, so.endpoint, !so.dryRun)
	if err != nil {
		return err
	}
	if warning := plainHTTPWarning(cfg.Endpoint); warning != "" {
		fmt.Fprintln(errOut, warning)
	}
	line := &statusLine{w: errOut}
	cfg.Retry = syncRetry
	// Each failure is said at once, as a wait of minutes in silence looks
	// like a hang.
	cfg.Retrying = func(r lrs.Retrying) {
		line.clear()
		printMessage(errOut, fmt.Sprintf("course: %s. Trying again in %s (attempt %d of %d).",
			safetext.Inert(r.Problem), r.Wait.Round(100*time.Millisecond), r.Next, r.Attempts))
	}
	syncer, err := lrs.NewSyncer(store, cfg)
	if err != nil {
		return &exitError{code: exitUsage, msg: "course: " + err.Error()}
	}
	where := safetext.Inert(syncer.Endpoint())

	if so.dryRun {
		res, err := syncer.DryRun(cmd.Context())
		if err != nil {
			return syncFailure(opts, err)
		}
		if res.Statements == 0 {
			fmt.Fprintf(out, "Nothing to send: the LRS at %s has accepted every statement (events up to %s).\n", where, thousands(int(res.Events)))
			return nil
		}
		fmt.Fprintf(out, "Would send %s (from events %s to %s) to %s, in %s. Nothing was sent.\n",
			count(res.Statements, "statement", "statements"), thousands(int(res.From+1)), thousands(int(res.To)), where, count(res.Batches, "batch", "batches"))
		return nil
	}

	if so.fromStart {
		if err := syncer.Restart(); err != nil {
			return err
		}
	}
	status := syncer.Status()
	res, err := syncer.Sync(cmd.Context(), syncProgress(line, status.Behind))
	line.clear()
	if res.Statements > 0 || err == nil {
		fmt.Fprintln(out, syncSummary(res, where))
	}
	if err != nil {
		return syncFailure(opts, err)
	}
	return nil
}

// syncSummary says what a run sent.
func syncSummary(res lrs.Result, where string) string {
	if res.Statements == 0 {
		return fmt.Sprintf("The LRS at %s is up to date: it has accepted every statement of the %s in the records.", where, count(int(res.Events), "event", "events"))
	}
	s := fmt.Sprintf("Sent %s (from events %s to %s) to %s; the LRS accepted them.",
		count(res.Statements, "statement", "statements"), thousands(int(res.From+1)), thousands(int(res.To)), where)
	if res.Retries > 0 {
		s += fmt.Sprintf(" (%s sent again after a failure.)", count(res.Retries, "request was", "requests were"))
	}
	return s
}

// syncProgress shows how far a sync has got on line, for a large backlog
// on a terminal; nil otherwise.
func syncProgress(line *statusLine, behind uint64) func(lrs.Progress) {
	if behind <= syncProgressEvents || !isTerminal(line.w) {
		return nil
	}
	return func(p lrs.Progress) {
		// One line, narrower than the terminal, so that each update
		// replaces the last: the bar goes first when there is no room.
		width := terminalWidth(line.w) - 1
		percent := fmt.Sprintf("%d%%", p.Done*100/max(p.Total, 1))
		text := fmt.Sprintf("Sending to the LRS: %s %s, %s of %s events", progressBar(p.Done, p.Total, 20), percent, thousands(p.Done), thousands(p.Total))
		if ansi.StringWidth(text) > width {
			text = fmt.Sprintf("Sending to the LRS: %s, %s of %s events", percent, thousands(p.Done), thousands(p.Total))
		}
		line.show(ansi.Truncate(text, width, "…"))
	}
}

// progressBar draws done of total as a bar width characters wide.
func progressBar(done, total, width int) string {
	filled := width
	if total > 0 {
		filled = min(done*width/total, width)
	}
	bar := make([]rune, width)
	for i := range bar {
		bar[i] = '░'
		if i < filled {
			bar[i] = '█'
		}
	}
	return string(bar)
}

// syncFailure says why a sync stopped, and what to do.
func syncFailure(opts *options, err error) error {
	msg := "course: sync stopped: " + safetext.Inert(err.Error()) + "."
	switch {
	case errors.Is(err, lrs.ErrUnauthorized):
		msg += fmt.Sprintf("\nCheck the key and secret (%s and %s, or the credentials file course.yaml names) against the LRS's client for this course.", lrs.KeyVar, lrs.SecretVar)
	case errors.Is(err, lrs.ErrEndpoint):
	case errors.As(err, new(*lrs.RefusedError)):
		// The LRS will refuse it again: running again is no help.
		msg += "\nWhat the LRS accepted before this is kept."
	default:
		msg += "\nWhat the LRS accepted before this is kept: run '" + typed(opts, "sync") + "' again to carry on."
	}
	return &exitError{code: exitFailure, msg: msg}
}

// lrsConfig is where statements go and with which key and secret: the
// endpoint from the flag, or else course.yaml; the key and secret (when
// needed) from the environment, or else the credentials file course.yaml
// names, relative to the content folder dir.
func lrsConfig(c *modules.Course, dir, endpoint string, needSecret bool) (lrs.Config, error) {
	cfg := lrs.Config{Endpoint: endpoint, Course: export.CourseOf(c)}
	if cfg.Endpoint == "" {
		cfg.Endpoint = c.LRS.Endpoint
	}
	if cfg.Endpoint == "" {
		return cfg, flagError("sync", "say where the LRS is: add lrs: endpoint: ADDRESS to course.yaml, or give --endpoint ADDRESS")
	}
	if _, err := lrs.ParseEndpoint(cfg.Endpoint); err != nil {
		return cfg, flagError("sync", "%s", err.Error())
	}
	if !needSecret {
		return cfg, nil
	}
	file := c.LRS.Credentials
	if file != "" && !filepath.IsAbs(file) && dir != "" {
		file = filepath.Join(dir, file)
	}
	var err error
	if cfg.Key, cfg.Secret, err = lrs.FindCredentials(file); err != nil {
		return cfg, &exitError{code: exitFailure, msg: "course: " + err.Error() + "."}
	}
	return cfg, nil
}

// plainHTTPWarning warns of an LRS reached over plain http on another
// machine, or says "".
func plainHTTPWarning(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil || u.Scheme != "http" {
		return ""
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() == "localhost" || ip != nil && ip.IsLoopback() {
		return ""
	}
	return "course: warning: the LRS address starts http://, so the key, the secret and the statements cross the network unencrypted. Use its https:// address."
}

// syncStatusText says how far behind the LRS is and how the last
// background run went, for the officer (course serve's sync-status).
func syncStatusText(st lrs.Status, now time.Time) string {
	where := safetext.Inert(st.Endpoint)
	var b strings.Builder
	switch {
	case st.Problem != "":
		fmt.Fprintf(&b, "How far the LRS at %s has got cannot be told: %s.\n", where, safetext.Inert(st.Problem))
	case st.Behind == 0:
		fmt.Fprintf(&b, "The LRS at %s is up to date: it has accepted every statement of the %s in the records (%s in all).\n",
			where, count(int(st.Events), "event", "events"), count(st.Accepted, "statement", "statements"))
	default:
		fmt.Fprintf(&b, "The LRS at %s is %s behind: it has accepted %s, up to event %s of %s.\n", where,
			count(int(st.Behind), "event", "events"), count(st.Accepted, "statement", "statements"),
			thousands(int(st.Events-st.Behind)), thousands(int(st.Events)))
	}
	if !st.LastAccepted.IsZero() {
		fmt.Fprintf(&b, "It last accepted statements %s.\n", ago(st.LastAccepted, now))
	}
	switch {
	case st.Running:
		b.WriteString("A sync is running now.\n")
	case st.LastRun.IsZero():
		b.WriteString("No sync has run since the server started.\n")
	case st.LastError != "":
		fmt.Fprintf(&b, "The last sync, %s, failed: %s.\n", ago(st.LastRun, now), safetext.Inert(st.LastError))
	default:
		fmt.Fprintf(&b, "The last sync, %s, succeeded.\n", ago(st.LastRun, now))
	}
	return b.String()
}

// ago says when t was: "at 14:05 UTC today (3 minutes ago)", or with the
// date when it was not today.
func ago(t, now time.Time) string {
	t, now = t.UTC(), now.UTC()
	d := now.Sub(t).Round(time.Second)
	when := "at " + t.Format("15:04 UTC")
	if t.YearDay() != now.YearDay() || t.Year() != now.Year() {
		when = "on " + t.Format("2 January 2006 at 15:04 UTC")
	} else {
		when += " today"
	}
	switch {
	case d < time.Minute:
		return when + " (just now)"
	case d < time.Hour:
		return fmt.Sprintf("%s (%s ago)", when, count(int(d/time.Minute), "minute", "minutes"))
	case d < 48*time.Hour:
		return fmt.Sprintf("%s (%s ago)", when, count(int(d/time.Hour), "hour", "hours"))
	}
	return when
}

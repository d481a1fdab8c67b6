package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"course/internal/mail"
	"course/internal/record"
	"course/internal/remind"
	"course/internal/report"
	"course/internal/safetext"
)

type remindOptions struct {
	// members, when given, are the only members the run may remind.
	members  []string
	statuses []string
	every    string
	force    bool
	dryRun   bool
	server   string
	webURL   string
}

func newRemindCmd(opts *options) *cobra.Command {
	ro := &remindOptions{}
	cmd := &cobra.Command{
		Use:         "remind [MEMBER…] [--status LIST] [--every 7d] [--force] [--dry-run]",
		Annotations: overSSH(),
		Short:       "Email a reminder to every member who has the course to finish",
		Long: `Email a reminder to each member who has the course to finish: not started,
in progress, overdue, or needing a refresh (--status picks some of these).
Each message says which modules are left and by when, in the words of
course.yaml's mail: reminder:, and goes from the council's mail server
that course.yaml's mail: section names. The password comes from
COURSE_MAIL_PASSWORD, or from the file mail: password_file: names
(readable by its owner only), never from the command line.

Each reminder sent is recorded, and the report shows when each member was
last reminded. A member reminded within the last 7 days (--every) is left
out unless --force, so a run that stopped part way can be run again and
emails nobody twice. Members without an email address are listed, not
skipped in silence; so are members whose address the mail server refused
for good, left out until it is corrected in the roster; members who have
left (erased) are never emailed.

Name members (by number or whole name) to remind only them, as after a
forced run that stopped part way (an address refused before is tried
again).

Give --dry-run first to read every message and send nothing. Give
--server (and --web-url) to tell members how to connect to the course;
over SSH, the server's own are given.`,
		Example: "  course remind --dry-run\n" +
			"  course remind --status overdue,not-started --server course.example.gov.uk:2222\n" +
			"  course remind --every 14d",
		Args: needs(0, -1, "members' numbers or whole names"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ro.members = args
			return runRemind(cmd, opts, ro)
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&ro.statuses, "status", nil, "remind only members with this status; repeat it or list with commas: not-started, in-progress, overdue, needs-refresh (default: all four)")
	f.StringVar(&ro.every, "every", "7d", "leave out members reminded less than this long ago: days (7d), hours (36h) or weeks (2w)")
	f.BoolVar(&ro.force, "force", false, "remind members even if they were reminded within --every")
	f.BoolVar(&ro.dryRun, "dry-run", false, "print every message that would be sent, and send nothing")
	f.StringVar(&ro.server, "server", "", "the course's SSH address, HOST or HOST:PORT, to give the command members type")
	f.StringVar(&ro.webURL, "web-url", "", "the course's address in a browser, such as https://course.example.gov.uk")
	return cmd
}

// remindStatuses reads --status: the standings to remind, never complete.
func remindStatuses(given []string) ([]report.Status, error) {
	var out []report.Status
	for _, s := range given {
		st, err := report.ParseStatus(s)
		if err != nil {
			return nil, flagError("remind", "--status: unknown status %q: use not-started, in-progress, overdue or needs-refresh", safetext.Inert(s))
		}
		if st == report.Complete {
			return nil, flagError("remind", "--status complete: members who have completed the course need no reminder; use not-started, in-progress, overdue or needs-refresh")
		}
		if !slices.Contains(out, st) {
			out = append(out, st)
		}
	}
	return out, nil
}

// courseLinks are how members reach the course, for the messages: the
// command that connects over SSH and the browser address, from the flags
// or the server the command runs on; "" for each the officer did not
// give.
func courseLinks(cmd *cobra.Command, opts *options, server, webURL string) (connect, link string, err error) {
	if opts.served != nil {
		connect, link = opts.served.connect, opts.served.webURL
	}
	if server != "" {
		if connect, err = sshCommand(server); err != nil {
			return "", "", usageError(cmd, "--server %s.", err)
		}
	}
	if webURL != "" {
		if err := checkWebURL(webURL); err != nil {
			return "", "", usageError(cmd, "--web-url %s.", err)
		}
		link = webURL
	}
	return connect, link, nil
}

func runRemind(cmd *cobra.Command, opts *options, ro *remindOptions) error {
	out := cmd.OutOrStdout()
	statuses, err := remindStatuses(ro.statuses)
	if err != nil {
		return err
	}
	every, err := parseTTL(ro.every)
	if err != nil {
		return flagError("remind", "--every %s. For example: %s", err, typed(opts, "remind", "--every", "14d", "--dry-run"))
	}
	connect, link, err := courseLinks(cmd, opts, ro.server, ro.webURL)
	if err != nil {
		return err
	}
	run := remindRun{only: ro.members, statuses: statuses, every: every, force: ro.force, dryRun: ro.dryRun, connect: connect, link: link, given: ro.links(), onSent: sentTo(out)}
	var previewed *courseChoice // the course of a dry run, for what it says after its count
	if ro.dryRun {
		run.preview = func(settings mail.Settings, msg mail.Message) { preview(out, settings, msg) }
		run.previewed = func(ch courseChoice) { previewed = &ch }
	}
	if connect == "" && link == "" {
		printMessage(cmd.ErrOrStderr(), "course: the reminders leave out how to reach the course, as neither --server nor --web-url was given: "+
			"give --server with the course's SSH address, as members type it (and --web-url if it runs in browsers).")
	}
	plan, sent, err := run.do(cmd.Context(), opts)
	if err != nil && plan == nil {
		return err
	}
	switch {
	case ro.dryRun && len(plan.Send) > 0:
		fmt.Fprintln(out, previewRule)
		fmt.Fprintf(out, "Would send %s. Nothing was sent.\n", count(len(plan.Send), "reminder", "reminders"))
	case ro.dryRun:
		fmt.Fprintln(out, "Would send no reminders. Nothing was sent.")
	case err == nil || errors.As(err, new(*refusedAddresses)): // all it could
		fmt.Fprintf(out, "Sent %s.\n", count(sent, "reminder", "reminders"))
	}
	if previewed != nil {
		dryRunWithoutMail(out, *previewed)
	}
	remindLeftOut(out, opts, *plan, every, ro.links())
	if err == nil && len(plan.Send) == 0 && len(plan.NoEmail) == 0 && len(plan.Recent) == 0 && len(plan.CannotSignIn) == 0 && len(plan.Refused) == 0 {
		switch {
		case len(ro.members) > 0:
			fmt.Fprintln(out, "None of the members named needs a reminder.")
		case len(statuses) > 0:
			// Others, of other standings, may need one.
			names := make([]string, len(statuses))
			for i, st := range statuses {
				names[i] = strconv.Quote(string(st))
			}
			fmt.Fprintf(out, "Nobody with the status %s needs a reminder (only --status %s was asked for).\n", strings.Join(names, " or "), strings.Join(ro.statuses, ","))
		default:
			fmt.Fprintln(out, "Nobody needs a reminder.")
		}
	}
	return err
}

// remindRun is one run of reminders, from the command line or from
// 'course serve --remind-every'.
type remindRun struct {
	// only, when given, are the members (numbers or whole names) the run
	// may remind.
	only          []string
	statuses      []report.Status
	every         time.Duration
	force, dryRun bool
	connect, link string
	// given are the --server and --web-url the officer gave, for the
	// commands the run gives back.
	given []string
	// preview is given each message instead of sending it, on a dry run,
	// and previewed the course once they are all given.
	preview   func(mail.Settings, mail.Message)
	previewed func(courseChoice)
	onSent    func(letter)
}

// do works out whom to remind and sends (or previews) their reminders. The
// plan is nil when the run failed before it knew whom to remind.
func (r remindRun) do(ctx context.Context, opts *options) (*remind.Plan, int, error) {
	if !r.dryRun {
		mailing.Lock()
		defer mailing.Unlock()
	}
	mr, err := openMailing(opts, "remind", r.dryRun)
	if err != nil {
		return nil, 0, err
	}
	recs, ch, c, settings, now, rows := mr.recs, mr.ch, mr.ch.course, mr.settings, mr.now, mr.rows
	defer recs.Close()
	if len(r.only) > 0 {
		named, err := namedMembers(opts, "remind", recs, r.only)
		if err != nil {
			return nil, 0, err
		}
		rows = slices.DeleteFunc(rows, func(row report.Row) bool {
			return !slices.ContainsFunc(named, func(m record.Member) bool { return m.Number == row.Number })
		})
	}
	o := remind.Options{Statuses: r.statuses, Every: r.every, Force: r.force, Named: len(r.only) > 0, Now: now}
	if r.connect != "" || r.link != "" {
		// The reminders send members to the server: those who cannot
		// sign in there yet need their invitation first.
		enrolled, live, err := signIns(recs)
		if err != nil {
			return nil, 0, err
		}
		o.SignIn, o.Codes = enrolled, live
	}
	var readErr error
	o.EmailChanged = emailChanged(recs, &readErr)
	plan := remind.Reminders(rows, mr.members, o)
	if readErr != nil {
		return nil, 0, readErr
	}
	message := func(m remind.Member) mail.Message {
		rem := remind.Reminder(c, m)
		rem.Connect, rem.Link = r.connect, r.link
		subject, text := c.ReminderText(rem)
		return mail.Message{ToName: m.Name, To: m.Email, Subject: subject, Text: text}
	}
	if r.dryRun {
		for _, m := range plan.Send {
			r.preview(settings, message(m))
		}
		r.previewed(ch)
		return &plan, 0, nil
	}
	letters := make([]letter, len(plan.Send))
	for i, m := range plan.Send {
		letters[i] = letter{
			who: m, what: string(m.Row.Status),
			prepare: func() (mail.Message, error) {
				// A member erased since the run began (by another
				// officer over SSH) is not emailed.
				if now, err := recs.Member(m.Number); err != nil || now.Erased || now.Email != m.Email {
					return mail.Message{}, errLeftOut
				}
				return message(m), nil
			},
			sent: func() error { return recordSent(recs, m.Number, record.ReminderSent, string(m.Row.Status)) },
		}
	}
	rest := runAgain
	if r.force {
		// The same command again would remind everyone once more.
		rest = func(unsent []string, _ string) string {
			if len(unsent) == 0 {
				return ""
			}
			return againNaming(typed(opts, append(append([]string{"remind", "--force"}, unsent...), r.given...)...))
		}
	}
	sent, err := sendLetters(ctx, opts, "remind", recs, settings, letters, rest, r.onSent)
	return &plan, sent, err
}

// links are the --server and --web-url given, as they were given.
func (ro *remindOptions) links() []string {
	var args []string
	if ro.server != "" {
		args = append(args, "--server", ro.server)
	}
	if ro.webURL != "" {
		args = append(args, "--web-url", ro.webURL)
	}
	return args
}

// remindLeftOut lists the members a run of reminders left out, and why.
// links are the run's --server and --web-url, which the invitations of
// members who cannot sign in need as well.
func remindLeftOut(out io.Writer, opts *options, plan remind.Plan, every time.Duration, links []string) {
	listMembers(out, fmt.Sprintf("Not reminded: %s emailed within the last %s (give --force to email them again):",
		count(len(plan.Recent), "member was", "members were"), days(every)), plan.Recent, func(m remind.Member) string {
		what := "reminded "
		if m.Row.LastInvited.After(m.Row.LastReminded) {
			what = "invited "
		}
		return what + remind.LastEmailed(m.Row).Local().Format("2 Jan 2006 15:04 MST")
	})
	listMembers(out, fmt.Sprintf("Not reminded: %s no email address (add it to the roster and import it again with '%s'):",
		count(len(plan.NoEmail), "member has", "members have"), typedImport(opts)), plan.NoEmail, func(m remind.Member) string { return string(m.Row.Status) })
	refusedLeftOut(out, opts, "Not reminded", plan.Refused)
	// Named, as --all-new leaves out members who completed the course
	// and now need a refresh, and the run may have named its members.
	invite := []string{"members", "invite"}
	for _, m := range plan.CannotSignIn {
		invite = append(invite, m.Number)
	}
	invite = append(append(invite, "--send"), links...)
	listMembers(out, fmt.Sprintf("Not reminded: %s sign in to the course yet, with no key and no enrolment code that still works (send their invitations first: '%s'):",
		count(len(plan.CannotSignIn), "member cannot", "members cannot"), typed(opts, invite...)), plan.CannotSignIn, func(m remind.Member) string { return string(m.Row.Status) })
}

// refusedLeftOut lists the members a run left out as the mail server
// refused their address for good, under a heading that starts with what.
func refusedLeftOut(out io.Writer, opts *options, what string, refused []remind.Member) {
	listMembers(out, fmt.Sprintf("%s: the mail server refused the email address of %s for good (correct it in the roster and import it again with '%s'; or name them to try the same address again):",
		what, count(len(refused), "member", "members"), typedImport(opts)), refused, func(m remind.Member) string {
		return "refused " + m.Row.EmailRefused.Local().Format("2 Jan 2006 15:04 MST")
	})
}

// onceEvery is how often d allows: "once a day", "once every 7 days".
func onceEvery(d time.Duration) string {
	switch d {
	case 24 * time.Hour:
		return "once a day"
	case time.Hour:
		return "once an hour"
	}
	return "once every " + days(d)
}

// days says a length of time in days, or hours when under a day.
func days(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return count(int(d/(24*time.Hour)), "day", "days")
	case d%time.Hour == 0:
		return count(int(d/time.Hour), "hour", "hours")
	}
	return d.String()
}

package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"course/internal/mail"
	"course/internal/record"
	"course/internal/remind"
	"course/internal/report"
)

// runInviteSend emails enrolment codes: to the members named, or with
// --all-new to everyone who cannot sign in yet and has not been emailed a
// code that still works. Each code is stored, with the message recorded
// as sent, once the mail server has taken its message.
func runInviteSend(cmd *cobra.Command, opts *options, iv *inviteOptions, names []string, ttl time.Duration, connect, webURL string) error {
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if connect == "" && webURL == "" {
		who := names
		if iv.allNew {
			who = []string{"--all-new"}
		}
		more := []string{"--server", "course.example.gov.uk:2222"}
		if iv.dryRun {
			more = append([]string{"--dry-run"}, more...)
		}
		return flagError("members invite", "an emailed invitation must say how to connect: give --server with the course's SSH address, as members type it (and --web-url if it runs in browsers). For example: %s\n%s",
			iv.sendLine(opts, who, more...), inviteHelp(opts))
	}
	if !iv.dryRun {
		mailing.Lock()
		defer mailing.Unlock()
	}
	mr, err := openMailing(opts, "members invite", iv.dryRun)
	if err != nil {
		return err
	}
	recs, c, settings, now, rows := mr.recs, mr.ch.course, mr.settings, mr.now, mr.rows
	defer recs.Close()
	fingerprint, missing, err := serverFingerprint(opts, recs.Path(), iv.hostKey)
	if err != nil {
		return err
	}
	var plan remind.Plan
	if iv.allNew {
		enrolled, live, err := signIns(recs)
		if err != nil {
			return err
		}
		var readErr error
		plan = remind.Invitations(rows, mr.members, enrolled, live, emailChanged(recs, &readErr))
		if readErr != nil {
			return readErr
		}
	} else {
		byNumber := map[string]report.Row{}
		for _, r := range rows {
			byNumber[r.Number] = r
		}
		named, err := namedMembers(opts, "members invite", recs, names)
		if err != nil {
			return err
		}
		for _, m := range named {
			who := remind.Member{Member: m, Row: byNumber[m.Number]}
			switch {
			case m.Email == "":
				plan.NoEmail = append(plan.NoEmail, who)
			default:
				plan.Send = append(plan.Send, who)
			}
		}
	}
	if missing != "" && len(plan.Send) > 0 {
		printMessage(errOut, missing)
	}

	if iv.dryRun {
		for _, m := range plan.Send {
			subject, text := c.InvitationText(invitation(m.Member, "XXXX-XXXX-XXXX", now.Add(ttl), connect, webURL, fingerprint))
			preview(out, settings, mail.Message{ToName: m.Name, To: m.Email, Subject: subject, Text: text})
		}
		if len(plan.Send) > 0 {
			fmt.Fprintln(out, previewRule)
		}
		switch len(plan.Send) {
		case 0:
			printMessage(out, "Would email no invitations. No code was issued and nothing was sent.")
		case 1:
			printMessage(out, "Would email 1 invitation, with a new code in place of XXXX-XXXX-XXXX. No code was issued and nothing was sent.")
		default:
			printMessage(out, fmt.Sprintf("Would email %s, each with a new code of its own in place of XXXX-XXXX-XXXX. No code was issued and nothing was sent.", count(len(plan.Send), "invitation", "invitations")))
		}
		dryRunWithoutMail(out, mr.ch)
		inviteLeftOut(out, opts, iv, plan)
		return nil
	}
	letters := make([]letter, len(plan.Send))
	for i, m := range plan.Send {
		// The code is made for the message and stored once the mail
		// server has taken it, so that a message that never went leaves
		// the member's code (from a printed letter) working.
		var code string
		var expires time.Time
		letters[i] = letter{
			who: m,
			prepare: func() (mail.Message, error) {
				// A member whose address was changed since the run began
				// (a roster imported over SSH), or who was erased since,
				// is left to the next run.
				now, err := recs.Member(m.Number)
				if err == nil && (now.Erased || now.Email != m.Email) {
					return mail.Message{}, errLeftOut
				}
				code, expires = record.NewCode(), time.Now().UTC().Add(ttl)
				subject, text := c.InvitationText(invitation(m.Member, code, expires, connect, webURL, fingerprint))
				return mail.Message{ToName: m.Name, To: m.Email, Subject: subject, Text: text}, nil
			},
			sent: func() error {
				return issued(recs.IssueCode(m.Number, code, expires, record.Event{Kind: record.InvitationSent, Reason: expires.Format(time.RFC3339)}))
			},
			// It may have arrived: its code works, but the message is
			// not recorded as sent, so a run again sends a new one.
			maybe: func() error { return issued(recs.IssueCode(m.Number, code, expires)) },
		}
	}
	rest := runAgain
	if !iv.allNew {
		// The same command again would email every member named once more.
		rest = func(unsent []string, _ string) string {
			if len(unsent) == 0 {
				return ""
			}
			return againNaming(iv.sendLine(opts, unsent))
		}
	}
	sent, err := sendLetters(cmd.Context(), opts, "members invite", recs, settings, letters, rest, sentTo(out))
	if err != nil && !errors.As(err, new(*refusedAddresses)) {
		inviteLeftOut(out, opts, iv, plan)
		return err
	}
	// Sent all it could, some addresses refused (said in err) or none.
	if sent > 0 {
		fmt.Fprintf(out, "Sent %s. Each code works once, until %s.\n", count(sent, "invitation", "invitations"), now.Add(ttl).Local().Format("2 January 2006"))
	} else {
		fmt.Fprintln(out, "Sent 0 invitations.")
	}
	inviteLeftOut(out, opts, iv, plan)
	if len(plan.Send) == 0 && len(plan.NoEmail) == 0 && len(plan.Invited) == 0 && len(plan.Refused) == 0 {
		fmt.Fprintln(out, "Nobody needs an invitation: every member can sign in already.")
	}
	return err
}

// issued is err from storing an emailed code, said as what it means for
// the member.
func issued(err error) error {
	if err != nil {
		return fmt.Errorf("%w; the code in it will not work until another is sent", err)
	}
	return nil
}

// againNaming is how to send the rest after a run that named its
// members, which the same command again would email once more: line,
// naming only the members not sent.
func againNaming(line string) string {
	return fmt.Sprintf("run '%s', which names only the members not sent", line)
}

// sendLine is the command that emails invitations to who (members'
// numbers, or --all-new), as typed where the officer is, with the options
// of this run that shape the message (--server, --web-url, --expires,
// --host-key), so that it says what this run's did; then more.
func (iv *inviteOptions) sendLine(opts *options, who []string, more ...string) string {
	args := append(append([]string{"members", "invite"}, who...), "--send")
	args = append(args, iv.shaping()...)
	return typed(opts, append(args, more...)...)
}

// shaping are the options given to this run that shape what an
// invitation says.
func (iv *inviteOptions) shaping() []string {
	var args []string
	for _, f := range []struct{ name, value string }{
		{"--server", iv.server}, {"--web-url", iv.webURL}, {"--host-key", iv.hostKey},
	} {
		if f.value != "" {
			args = append(args, f.name, f.value)
		}
	}
	if iv.expires != "" && iv.expires != defaultExpires {
		args = append(args, "--expires", iv.expires)
	}
	return args
}

// inviteLeftOut lists the members a run of invitations left out, and why,
// with the commands to invite them as this run would have.
func inviteLeftOut(out io.Writer, opts *options, iv *inviteOptions, plan remind.Plan) {
	listMembers(out, fmt.Sprintf("Not invited: %s emailed a code that still works (to send a new one: '%s'):",
		count(len(plan.Invited), "member was", "members were"), iv.sendLine(opts, []string{"NUMBER"})), plan.Invited, func(remind.Member) string { return "" })
	listMembers(out, fmt.Sprintf("Not invited: %s no email address (print their letter with '%s', or add the address to the roster and import it again):",
		count(len(plan.NoEmail), "member has", "members have"), typed(opts, append([]string{"members", "invite", "NUMBER"}, iv.shaping()...)...)), plan.NoEmail, func(remind.Member) string { return "" })
	refusedLeftOut(out, opts, "Not invited", plan.Refused)
}

package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"course/internal/mail"
	"course/internal/record"
	"course/internal/remind"
	"course/internal/report"
)

// runInviteSend emails enrolment codes: to the members named, or with
// --all-new to everyone who cannot sign in yet and has not been emailed a
// code that still works. Each code is issued just before its message is
// sent, and the message recorded once the mail server has taken it.
func runInviteSend(cmd *cobra.Command, opts *options, iv *inviteOptions, names []string, ttl time.Duration, connect, webURL string) error {
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if connect == "" && webURL == "" {
		return usageError(cmd, "an emailed invitation must say how to connect: give --server with the course's SSH address, as members type it (and --web-url if it runs in browsers).")
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
	if missing != "" {
		printMessage(errOut, missing)
	}
	var plan remind.Plan
	if iv.allNew {
		enrolled, live, err := signIns(recs)
		if err != nil {
			return err
		}
		plan = remind.Invitations(rows, mr.members, enrolled, live)
	} else {
		byNumber := map[string]report.Row{}
		for _, r := range rows {
			byNumber[r.Number] = r
		}
		named, err := namedMembers(opts, recs, names)
		if err != nil {
			return err
		}
		for _, m := range named {
			who := remind.Member{Member: m, Row: byNumber[m.Number]}
			switch {
			case m.Erased:
				return &exitError{code: exitFailure, msg: fmt.Sprintf("course members invite: member %s has left (their details were erased), so is not invited. Nothing was sent.", m.Number)}
			case m.Email == "":
				plan.NoEmail = append(plan.NoEmail, who)
			default:
				plan.Send = append(plan.Send, who)
			}
		}
	}

	if iv.dryRun {
		for _, m := range plan.Send {
			subject, text := c.InvitationText(invitation(m.Member, "XXXX-XXXX-XXXX", now.Add(ttl), connect, webURL, fingerprint))
			preview(out, settings, mail.Message{ToName: m.Name, To: m.Email, Subject: subject, Text: text})
		}
		if len(plan.Send) > 0 {
			fmt.Fprintln(out, previewRule)
		}
		printMessage(out, fmt.Sprintf("Would email %s, each with a new code in place of XXXX-XXXX-XXXX. No code was issued and nothing was sent.", count(len(plan.Send), "invitation", "invitations")))
		dryRunWithoutMail(out, mr.ch)
		inviteLeftOut(out, opts, plan)
		return nil
	}
	letters := make([]letter, len(plan.Send))
	for i, m := range plan.Send {
		var expires time.Time
		letters[i] = letter{
			who: m,
			prepare: func() (mail.Message, error) {
				// A member whose address was changed since the run began
				// (a roster imported over SSH) is left to the next run.
				if now, err := recs.Member(m.Number); err == nil && now.Email != m.Email {
					return mail.Message{}, errLeftOut
				}
				code, exp, err := recs.Invite(m.Number, ttl)
				if errors.Is(err, record.ErrAlreadyErased) {
					return mail.Message{}, errLeftOut // erased since the run began
				}
				if err != nil {
					return mail.Message{}, fmt.Errorf("no code could be issued for member %s: %w", m.Number, err)
				}
				expires = exp
				subject, text := c.InvitationText(invitation(m.Member, code, exp, connect, webURL, fingerprint))
				return mail.Message{ToName: m.Name, To: m.Email, Subject: subject, Text: text}, nil
			},
			sent: func() error {
				return recordSent(recs, m.Number, record.InvitationSent, expires.UTC().Format(time.RFC3339))
			},
		}
	}
	rest := runAgain
	if !iv.allNew {
		rest = againNaming
	}
	sent, err := sendLetters(cmd.Context(), opts, "members invite", recs, settings, letters, rest, sentTo(out))
	if err != nil {
		inviteLeftOut(out, opts, plan)
		return err
	}
	if sent > 0 {
		fmt.Fprintf(out, "Sent %s. Each code works once, until %s.\n", count(sent, "invitation", "invitations"), now.Add(ttl).Local().Format("2 January 2006"))
	} else {
		fmt.Fprintln(out, "Sent 0 invitations.")
	}
	inviteLeftOut(out, opts, plan)
	if len(plan.Send) == 0 && len(plan.NoEmail) == 0 && len(plan.Invited) == 0 && len(plan.Refused) == 0 {
		fmt.Fprintln(out, "Nobody needs an invitation: every member can sign in already.")
	}
	return nil
}

// againNaming is how to send the rest after a run that named its
// members, which the same command again would email once more.
func againNaming(unsent []string, _ string) string {
	return "run it again naming only the members not sent: " + strings.Join(unsent, " ")
}

// inviteLeftOut lists the members a run of invitations left out, and why.
func inviteLeftOut(out io.Writer, opts *options, plan remind.Plan) {
	listMembers(out, fmt.Sprintf("Not invited: %s emailed a code that still works (to send a new one: '%s'):",
		count(len(plan.Invited), "member was", "members were"), typed(opts, "members", "invite", "NUMBER", "--send")), plan.Invited, func(remind.Member) string { return "" })
	listMembers(out, fmt.Sprintf("Not invited: %s no email address (print their letter with '%s', or add the address to the roster and import it again):",
		count(len(plan.NoEmail), "member has", "members have"), typed(opts, "members", "invite", "NUMBER")), plan.NoEmail, func(remind.Member) string { return "" })
	refusedLeftOut(out, opts, "Not invited", plan.Refused)
}

package main

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"course/internal/remind"
	"course/internal/safetext"
)

// reminderCheck is how often 'course serve --remind-every' looks for
// members due a reminder: each is reminded once the time given has passed
// since they were last emailed, within this much.
var reminderCheck = time.Hour

// reminderEvery reads serve's --remind-every: zero for never. The mail
// server must be named, so that a mistake shows at start, not in a week.
func reminderEvery(ch courseChoice, given string) (time.Duration, error) {
	if given == "" || given == "0" {
		return 0, nil
	}
	every, err := parseTTL(given)
	if err != nil {
		return 0, flagError("serve", "--remind-every %s.", err)
	}
	if every < 24*time.Hour {
		return 0, flagError("serve", "--remind-every must be at least a day (1d): members are not to be emailed more often")
	}
	settings, err := mailSettings(ch, "serve")
	if err != nil {
		return 0, err
	}
	if _, err := settings.Password(); err != nil {
		return 0, &exitError{code: exitFailure, msg: "course serve: --remind-every: " + safetext.Inert(err.Error()) + ". The server was not started."}
	}
	return every, nil
}

// backgroundReminders is the job that emails reminders while the server
// runs, as 'course remind --every EVERY' would, checking every
// reminderCheck; none when every is zero. The log names members by
// number only, as the server's log does.
func backgroundReminders(cmd *cobra.Command, log *slog.Logger, every time.Duration, shared *served) []func(context.Context) {
	if every == 0 {
		return nil
	}
	cmd.Printf("Emailing reminders to members who need one, each at most %s.\n", onceEvery(every))
	run := remindRun{every: every, connect: shared.connect, link: shared.webURL, onSent: func(l letter) {
		log.Info("reminder sent", "member", l.who.Number, "status", l.what)
	}}
	said := map[string]string{} // what each warning last said, to say it again only when it changes
	warn := func(msg string, ms []remind.Member) {
		numbers := make([]string, len(ms))
		for i, m := range ms {
			numbers[i] = m.Number
		}
		if list := strings.Join(numbers, " "); list != said[msg] && list != "" {
			log.Warn(msg, "members", list)
		}
		said[msg] = strings.Join(numbers, " ")
	}
	lastError := "" // said again only when it changes, as a refused address would be every hour
	once := func(ctx context.Context) {
		opts := &options{served: shared}
		plan, sent, err := run.do(ctx, opts)
		var refused *refusedAddresses
		switch {
		case errors.As(err, &refused):
			// Every message it could was sent: a refusal for good is
			// recorded, and the next check lists it with plan.Refused.
			if why := "refused " + strings.Join(refused.forGood, " ") + ";" + strings.Join(refused.forNow, " "); why != lastError || sent > 0 {
				log.Warn("the mail server refused some members' email addresses", "sent", sent,
					"refused_for_good", strings.Join(refused.forGood, " "), "refused_for_now_tried_again_next_hour", strings.Join(refused.forNow, " "))
				lastError = why
			}
		case err != nil:
			if why := numbersOnly(err.Error(), plan); why != lastError || sent > 0 {
				log.Error("reminders stopped", "sent", sent, "error", why)
				lastError = why
			}
		default:
			lastError = ""
		}
		if plan == nil {
			return
		}
		warn("members need a reminder but have no email address", plan.NoEmail)
		warn("members need a reminder but cannot sign in yet: send their invitations", plan.CannotSignIn)
		warn("members need a reminder but the mail server refused their email address for good: correct it in the roster", plan.Refused)
	}

	return []func(context.Context){func(ctx context.Context) {
		once(ctx)
		tick := time.NewTicker(reminderCheck)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				once(ctx)
			}
		}
	}}
}

// numbersOnly is a sentence about a run of reminders with each member's
// name and email address in place of their number, for the server's log,
// which names members by number only.
func numbersOnly(text string, plan *remind.Plan) string {
	if plan == nil {
		return text
	}
	type swap struct{ from, to string }
	var swaps []swap
	for _, ms := range [][]remind.Member{plan.Send, plan.NoEmail, plan.Recent, plan.CannotSignIn, plan.Refused} {
		for _, m := range ms {
			for _, s := range []string{m.Email, m.Name, safetext.Inert(m.Name)} {
				if s != "" {
					swaps = append(swaps, swap{s, m.Number})
				}
			}
		}
	}
	// The longest first, so that "Ann Lee" goes before "Ann".
	slices.SortFunc(swaps, func(a, b swap) int { return len(b.from) - len(a.from) })
	for _, s := range swaps {
		text = strings.ReplaceAll(text, s.from, s.to)
	}
	return text
}

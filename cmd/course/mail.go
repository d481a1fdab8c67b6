package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"course/internal/mail"
	"course/internal/record"
	"course/internal/remind"
	"course/internal/report"
	"course/internal/safetext"
	"course/internal/store"
)

// mailing is held while a run works out whom to email and emails them, so
// that two runs in one server (an officer's and the background one) never
// email the same member twice.
var mailing sync.Mutex

// letter is one email a run sends to one member: prepare makes the
// message just before it is sent (an invitation issues its code then),
// and sent records it once the mail server has taken it.
type letter struct {
	who     remind.Member
	what    string // what it is, for the line that says it was sent: "overdue"
	prepare func() (mail.Message, error)
	sent    func() error
	// maybe, if not nil, records what must be kept of a message that may
	// or may not have been delivered.
	maybe func() error
}

// recordRefused records that member's address was refused for good, with
// the mail server's reply (or, refused before sending, why), so that
// later runs leave them out until the address is corrected (see
// remind.Plan.Refused).
func recordRefused(recs *store.Store, member string, rerr *mail.RecipientError) error {
	reply := rerr.Reply()
	if reply == "" {
		reply = "not an address a message can be sent to"
	}
	return recordSent(recs, member, record.EmailRefused, reply)
}

// mailSettings are course.yaml's mail settings, with the password file's
// path made absolute from the content folder.
func mailSettings(ch courseChoice, command string) (mail.Settings, error) {
	s := ch.course.Mail
	if !s.Configured() {
		problem, advice := noMailServer(ch)
		return s, &exitError{code: exitFailure, msg: fmt.Sprintf(
			"course %s: %s, so nothing can be sent. %s, or give --dry-run to read the messages.", command, problem, advice)}
	}
	if s.PasswordFile != "" && !filepath.IsAbs(s.PasswordFile) && ch.folder != "" {
		s.PasswordFile = filepath.Join(ch.folder, s.PasswordFile)
	}
	return s, nil
}

// noMailServer says, when the course names no mail server, which
// course.yaml it is (the built-in course's, when the record file has not
// yet been used with the council's folder) and what to do.
func noMailServer(ch courseChoice) (problem, advice string) {
	const section = "a mail: section with the council's mail server (host:, from:, and a username: and password if it needs them; see docs/officer-guide.md)"
	if ch.folder == "" {
		return "the built-in course names no mail server", "Give --content with the council's own content folder, whose course.yaml has " + section
	}
	return safetext.Inert(filepath.Join(ch.folder, "course.yaml")) + " names no mail server", "Add " + section
}

// dryRunWithoutMail says, after a dry run, that a real run could send
// nothing, when the course names no mail server.
func dryRunWithoutMail(out io.Writer, ch courseChoice) {
	if ch.course.Mail.Configured() {
		return
	}
	problem, advice := noMailServer(ch)
	printMessage(out, fmt.Sprintf("Note: %s, so without --dry-run nothing can be sent. %s.", problem, advice))
}

// mailRecords is what a run of emails works from: the record file, its
// course, the mail settings (as course.yaml gives them, on a dry run,
// which sends nothing) and the report's rows and the members as they
// stand.
type mailRecords struct {
	recs     *store.Store
	ch       courseChoice
	settings mail.Settings
	now      time.Time
	rows     []report.Row
	members  []record.Member
}

// openMailing opens the records for a run of emails by command: read-only
// for a dry run, which changes nothing and needs no mail server. The
// caller closes recs.
func openMailing(opts *options, command string, dryRun bool) (*mailRecords, error) {
	recs, err := openStore(opts, dryRun)
	if err != nil {
		return nil, err
	}
	mr, err := readMailing(opts, recs, command, dryRun)
	if err != nil {
		recs.Close()
		return nil, err
	}
	return mr, nil
}

func readMailing(opts *options, recs *store.Store, command string, dryRun bool) (*mailRecords, error) {
	mr := &mailRecords{recs: recs, now: time.Now()}
	choose := choiceFor
	if dryRun { // the record file is open read-only
		choose = chooseCourse
	}
	var err error
	if mr.ch, err = choose(opts, recs); err != nil {
		return nil, err
	}
	mr.settings = mr.ch.course.Mail
	if !dryRun {
		if mr.settings, err = mailSettings(mr.ch, command); err != nil {
			return nil, err
		}
	}
	if mr.rows, _, _, err = report.ReadAt(recs, reportInfo(mr.ch.course), mr.now); err != nil {
		return nil, err
	}
	if mr.members, err = recs.Members(); err != nil {
		return nil, err
	}
	return mr, nil
}

// namedMembers finds each member named on the command line (by number or
// whole name, see findMember), once each, in the order first named; a
// member who has left (erased) ends the command, which emails nobody.
func namedMembers(opts *options, command string, recs *store.Store, names []string) ([]record.Member, error) {
	var found []record.Member
	for _, name := range names {
		m, err := findMember(opts, recs, name)
		if err != nil {
			return nil, err
		}
		if m.Erased {
			return nil, &exitError{code: exitFailure, msg: fmt.Sprintf("course %s: member %s has left (their details were erased), so is not emailed. Nothing was sent.", command, m.Number)}
		}
		if !slices.ContainsFunc(found, func(f record.Member) bool { return f.Number == m.Number }) {
			found = append(found, m)
		}
	}
	return found, nil
}

// errLeftOut is what a letter's prepare returns for a member who is no
// longer to be emailed as the run planned (erased, or their address
// changed, since the run began): passed over.
var errLeftOut = errors.New("left out")

// sendLetters sends each letter in turn over one connection to the mail
// server, recording each as soon as the server has taken it, so that a run
// that stops part way can be run again and email nobody twice. A member
// whose address the server refuses is passed over; any other failure stops
// the run with a sentence that says what failed and what to do, in which
// rest says how to send to the members not sent (by number; maybe is the
// one whose message may have been delivered, or "").
//
// onSent is told of each letter once it is sent and recorded.
func sendLetters(ctx context.Context, opts *options, command string, recs *store.Store, s mail.Settings, letters []letter, rest func(unsent []string, maybe string) string, onSent func(letter)) (sent int, err error) {
	if len(letters) == 0 {
		return 0, nil
	}
	password, err := s.Password()
	if err != nil {
		return 0, &exitError{code: exitFailure, msg: fmt.Sprintf("course %s: %s. Nothing was sent.", command, safetext.Inert(err.Error()))}
	}
	client, err := mail.Dial(ctx, s, password)
	if err != nil {
		return 0, &exitError{code: exitFailure, msg: fmt.Sprintf("course %s: %s. Nothing was sent.", command, safetext.Inert(err.Error()))}
	}
	defer client.Close()
	var refused []string         // a line for each address refused
	var forGood, forNow []string // the members refused, for good (5xx) and for now (4xx)
	// refusedForGood says what to do for the members refused for good,
	// whom runs that choose whom to email now leave out.
	refusedForGood := func(maybe string) string {
		if len(forGood) == 0 {
			return ""
		}
		return fmt.Sprintf("Refused for good: %s. Until their address is corrected, 'remind' and 'members invite --all-new' leave them out. "+
			"Check their email address in the records ('%s'), correct it in the roster and import it again, then %s.",
			strings.Join(forGood, " "), typed(opts, "members", "list"), rest(forGood, maybe))
	}
	// stop is the error that ends the run at letters[i], which may have
	// been delivered when maybe. The members refused for now are sent
	// with the rest.
	stop := func(i int, why string, maybe bool) error {
		first, number, perhaps := i, "", ""
		if maybe {
			// Not among those to send to: it may have arrived.
			first, number = i+1, letters[i].who.Number
			perhaps = fmt.Sprintf("%s (%s)", number, safetext.Inert(letters[i].who.Name))
		}
		unsent := append(slices.Clone(forNow), numbers(letters[first:])...)
		return stopped(command, sent, len(unsent), perhaps, refused, why, rest(unsent, number), refusedForGood(number))
	}
	for i, l := range letters {
		if err := ctx.Err(); err != nil {
			return sent, stop(i, "the run was cancelled", false)
		}
		msg, err := l.prepare()
		if errors.Is(err, errLeftOut) {
			continue
		}
		if err != nil {
			return sent, stop(i, err.Error(), false)
		}
		err = client.Send(ctx, msg)
		if rerr, ok := errors.AsType[*mail.RecipientError](err); ok {
			refused = append(refused, fmt.Sprintf("%s (%s): %s", l.who.Number, safetext.Inert(l.who.Name), safetext.Inert(rerr.Error())))
			if rerr.Temporary() {
				forNow = append(forNow, l.who.Number)
				continue
			}
			if err := recordRefused(recs, l.who.Number, rerr); err != nil {
				// Not recorded: a run again tries the address again.
				forNow = append(forNow, l.who.Number)
				return sent, stop(i+1, fmt.Sprintf("saving that the mail server refused member %s's address failed (%s)", l.who.Number, safetext.Inert(err.Error())), false)
			}
			forGood = append(forGood, l.who.Number)
			continue
		}
		if errors.Is(err, mail.ErrMaybeDelivered) {
			why := err.Error()
			if l.maybe != nil {
				if err := l.maybe(); err != nil {
					why += "; and saving what it held failed (" + safetext.Inert(err.Error()) + ")"
				}
			}
			return sent, stop(i, why, true)
		}
		if err != nil {
			return sent, stop(i, err.Error(), false)
		}
		if err := l.sent(); err != nil {
			// The message went, but the record of it did not: say so,
			// as a run again would send it again.
			return sent, &exitError{code: exitFailure, msg: fmt.Sprintf(
				"course %s: the message to member %s was sent, but saving that it was failed (%s), so the records do not show it: "+
					"a run again would email them again. Nothing more was sent.", command, l.who.Number, safetext.Inert(err.Error()))}
		}
		sent++
		onSent(l)
	}
	if len(refused) > 0 {
		var advice []string
		if len(forGood) > 0 {
			advice = append(advice, refusedForGood(""))
		}
		if len(forNow) > 0 {
			advice = append(advice, fmt.Sprintf("Refused for now, not for good (a full mailbox, or a server that asks senders to wait): %s. Try again later; %s.",
				strings.Join(forNow, " "), rest(forNow, "")))
		}
		return sent, &refusedAddresses{exitError: &exitError{code: exitFailure, msg: fmt.Sprintf("course %s: %s refused:\n  %s\n%s",
			command, count(len(refused), "address was", "addresses were"), strings.Join(refused, "\n  "), strings.Join(advice, "\n"))},
			forGood: forGood, forNow: forNow}
	}
	return sent, nil
}

// refusedAddresses ends a run that sent every message it could: the mail
// server refused the addresses of the members forGood and forNow (by
// number), which the message lists.
type refusedAddresses struct {
	*exitError
	forGood, forNow []string
}

func (e *refusedAddresses) Unwrap() error { return e.exitError }

// numbers are the member numbers of letters.
func numbers(letters []letter) []string {
	out := make([]string, len(letters))
	for i, l := range letters {
		out[i] = l.who.Number
	}
	return out
}

// runAgain is how to send the rest after a run that chooses whom to email
// by itself, leaving out those emailed already: all but the member whose
// message may have been delivered (maybe, by number), who is emailed
// again. With nobody unsent it is "", or how to send maybe's again.
func runAgain(unsent []string, maybe string) string {
	switch {
	case len(unsent) == 0 && maybe == "":
		return ""
	case len(unsent) == 0:
		return "if it did not arrive, run the same command again: it emails member " + maybe + " again, and nobody else"
	case maybe != "":
		return "run the same command again: it emails those not sent yet, and nobody twice but perhaps member " + maybe
	}
	return "run the same command again: it emails those not sent yet, and nobody twice"
}

// stopped says a run stopped part way: how many were sent, how many
// (left) were not, and (in rest) how to send them, "" when none is left.
// The letter it stopped at, to member maybe ("NUMBER (Name)"), may have
// been delivered, and is counted in neither; "" when not.
func stopped(command string, sent, left int, maybe string, refused []string, why, rest, forGood string) error {
	counts := fmt.Sprintf("%s sent and recorded; %s not sent", count(sent, "message was", "messages were"), count(left, "message was", "messages were"))
	if maybe != "" {
		counts = fmt.Sprintf("%s sent and recorded, and 1 may have been (to member %s: ask them whether it arrived; it is not recorded, so a run that chooses whom to email emails them again); %s not sent",
			count(sent, "message was", "messages were"), maybe, count(left, "message was", "messages were"))
	}
	next := "Once that is put right, " + rest
	if rest == "" {
		next = "Nothing else was left to send"
	}
	msg := fmt.Sprintf("course %s: %s. %s. %s.", command, safetext.Inert(strings.TrimSuffix(why, ".")), counts, next)
	if len(refused) > 0 {
		msg += "\nThe mail server also refused:\n  " + strings.Join(refused, "\n  ")
	}
	if forGood != "" {
		msg += "\n" + forGood
	}
	return &exitError{code: exitFailure, msg: msg}
}

// sentTo says a letter was sent, on a line of out.
func sentTo(out io.Writer) func(letter) {
	return func(l letter) {
		fmt.Fprintf(out, "Sent to %s %s <%s>%s.\n", l.who.Number, safetext.Inert(l.who.Name), safetext.Inert(l.who.Email), parenthesis(l.what))
	}
}

// preview prints a message as a dry run shows it, after a rule (the
// caller ends the last with one).
func preview(out io.Writer, s mail.Settings, msg mail.Message) {
	fmt.Fprintln(out, previewRule)
	fmt.Fprint(out, safetext.InertLines(mail.Preview(s, msg)))
}

// previewRule is the line between messages on a dry run.
var previewRule = strings.Repeat("─", 40)

// signIns are the members who can sign in to the course's server with a
// key (enrolled), and when each live enrolment code was issued.
func signIns(recs *store.Store) (enrolled map[string]bool, live map[string]time.Time, err error) {
	keys, err := recs.Keys("")
	if err != nil {
		return nil, nil, err
	}
	enrolled = map[string]bool{}
	for _, k := range keys {
		enrolled[k.Member] = true
	}
	codes, err := recs.LiveCodes()
	if err != nil {
		return nil, nil, err
	}
	live = make(map[string]time.Time, len(codes))
	for number, code := range codes {
		live[number] = code.Issued
	}
	return enrolled, live, nil
}

// emailChanged says when a member's email address was last changed, from
// their stored events (record.DetailsChanged), for
// remind.Options.EmailChanged. The first error reading them is kept in
// *readErr.
func emailChanged(recs *store.Store, readErr *error) func(member string) time.Time {
	return func(member string) time.Time {
		events, err := recs.MemberEvents(member)
		if err != nil {
			if *readErr == nil {
				*readErr = err
			}
			return time.Time{}
		}
		return record.DetailsChanged(events, "email")
	}
}

// parenthesis is " (s)", or "" for "".
func parenthesis(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// recordSent appends the event that says an email was sent to a member.
func recordSent(recs *store.Store, member string, kind record.Kind, reason string) error {
	_, err := recs.Append(member, func(record.History) ([]record.Event, error) {
		return []record.Event{{Kind: kind, Member: member, Reason: reason}}, nil
	})
	return err
}

// listMembers writes a heading and the members under it, one a line.
func listMembers(w io.Writer, heading string, ms []remind.Member, detail func(remind.Member) string) {
	if len(ms) == 0 {
		return
	}
	printMessage(w, heading)
	for _, m := range ms {
		fmt.Fprintf(w, "  %s %s%s\n", m.Number, safetext.Inert(m.Name), parenthesis(detail(m)))
	}
}

package main

import (
	"context"
	"errors"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"course/internal/mail"
	"course/internal/mailtest"
	"course/internal/modules"
	"course/internal/progress/progresstest"
	"course/internal/remind"
)

// TestARunThatStopsAfterARefusal: when a run stops part way after the
// mail server refused an address for good, the sentence says so and
// leaves that member out of those a run again sends to, as a run again
// leaves them out; a member refused for now is sent with the rest.
func TestARunThatStopsAfterARefusal(t *testing.T) {
	m := newMailed(t, mailtest.WithChaos())
	c, err := modules.Load(os.DirFS(m.dir), ".")
	if err != nil {
		t.Fatal(err)
	}
	s := openRecords(t, m.db)
	siân, err := s.Member(m.numbers["Siân Jones"])
	if err != nil {
		t.Fatal(err)
	}
	cy, err := s.Member(m.numbers["Cy Dee"])
	if err != nil {
		t.Fatal(err)
	}
	message := func(to string) func() (mail.Message, error) {
		return func() (mail.Message, error) { return mail.Message{To: to, Subject: "Reminder", Text: "Hello."}, nil }
	}
	letters := []letter{
		{who: remind.Member{Member: siân}, prepare: message(siân.Email), sent: func() error { return nil }},
		// The run stops at Cy's letter, as when no code can be issued.
		{who: remind.Member{Member: cy}, prepare: func() (mail.Message, error) { return mail.Message{}, errors.New("the records cannot be written") }},
	}
	m.server.RefuseRecipients(t, 550)
	rest := func(numbers []string, _ string) string { return "send to " + strings.Join(numbers, " ") }
	_, err = sendLetters(context.Background(), &options{db: m.db}, "remind", s, c.Mail, letters, rest, func(letter) {})
	if err == nil || !strings.Contains(err.Error(), "the records cannot be written") ||
		!strings.Contains(err.Error(), "Once that is put right, send to "+cy.Number+".") ||
		!strings.Contains(err.Error(), "Refused for good: "+siân.Number+". Until their address is corrected, 'remind' and 'members invite --all-new' leave them out") {
		t.Errorf("the run said: %v", err)
	}

	// Refused for now: counted among those not sent, and named with them.
	m.server.RefuseRecipients(t, 451)
	_, err = sendLetters(context.Background(), &options{db: m.db}, "remind", s, c.Mail, letters, rest, func(letter) {})
	if err == nil || !strings.Contains(err.Error(), "0 messages were sent and recorded; 2 messages were not sent.") ||
		!strings.Contains(err.Error(), "Once that is put right, send to "+siân.Number+" "+cy.Number+".") {
		t.Errorf("the run with a refusal for now said: %v", err)
	}
}

// TestAFailedInvitationKeepsTheLetter: an emailed invitation the mail
// server refuses, for now or for good, replaces no code, so the code of
// the member's printed letter still signs them in and a reminder still
// counts them as able to; one that may have arrived when the connection
// dropped has a code that works in place of the letter's.
func TestAFailedInvitationKeepsTheLetter(t *testing.T) {
	codeRe := regexp.MustCompile(`[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}`)
	letter := func(m *mailed, number string) string {
		m.t.Helper()
		code := codeRe.FindString(m.run("members", "invite", number, "--server", "course.example.gov.uk:2222"))
		if code == "" {
			m.t.Fatal("the letter has no code")
		}
		return code
	}
	signsIn := func(m *mailed, code, number string) bool {
		m.t.Helper()
		s := openRecords(m.t, m.db)
		defer s.Close()
		member, err := s.Redeem(code, progresstest.NewKey(m.t), "")
		return err == nil && member.Number == number
	}
	for _, reply := range []int{451, 550} {
		t.Run(strconv.Itoa(reply), func(t *testing.T) {
			m := newMailed(t, mailtest.WithChaos())
			cy := m.numbers["Cy Dee"]
			code := letter(m, cy)
			m.server.RefuseRecipients(t, reply)
			if _, _, err := m.try("members", "invite", cy, "--send", "--server", "course.example.gov.uk:2222"); err == nil {
				t.Fatal("a refused invitation did not fail")
			}
			m.server.RefuseRecipients(t, 0)
			if reply == 451 {
				// Cy can sign in with the letter: not listed as unable to.
				if out := m.run("remind", cy, "--server", "course.example.gov.uk:2222", "--dry-run"); !strings.Contains(out, "To: Cy Dee <cy@example.org>") {
					t.Errorf("a reminder to Cy, who holds a letter's code:\n%s", out)
				}
			}
			if !signsIn(m, code, cy) {
				t.Error("the letter's code no longer signs Cy in")
			}
		})
	}
	t.Run("dropped", func(t *testing.T) {
		m := newMailed(t)
		cy := m.numbers["Cy Dee"]
		code := letter(m, cy)
		proxy := mailtest.NewProxy(t, m.server.Addr())
		m.sendTo(proxy.Addr(), 2)
		proxy.DropUnanswered(0)
		if _, _, err := m.try("members", "invite", cy, "--send", "--server", "course.example.gov.uk:2222"); err == nil {
			t.Fatal("a dropped invitation did not fail")
		}
		msgs := m.server.Messages(t)
		if len(msgs) != 1 {
			t.Fatalf("%d messages arrived, want the one sent as the connection dropped", len(msgs))
		}
		emailed := codeRe.FindString(msgs[0].Text)
		if signsIn(m, code, cy) || !signsIn(m, emailed, cy) {
			t.Errorf("after the drop, the letter's code %s works: %v; the emailed %s works: %v", code, signsIn(m, code, cy), emailed, signsIn(m, emailed, cy))
		}
	})
}

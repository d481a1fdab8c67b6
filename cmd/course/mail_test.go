package main

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"course/internal/mail"
	"course/internal/mailtest"
	"course/internal/modules"
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
		!strings.Contains(err.Error(), "Refused for good: "+siân.Number+". Runs that choose whom to email leave them out") {
		t.Errorf("the run said: %v", err)
	}
}

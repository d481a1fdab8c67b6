package modules

import (
	"strings"
	"testing"
	"time"
)

// mailPack is the test pack with a mail section after pass_mark (line 5).
func mailPack(t *testing.T, mail string) (*Course, error) {
	t.Helper()
	fsys := validFS()
	fsys["course.yaml"].Data = []byte(strings.Replace(testSettings, "pass_mark: 80", "pass_mark: 80\n"+mail, 1))
	return Load(fsys, "")
}

// TestMailProblems: every setting and placeholder of the mail section is
// checked at loading, each problem at its own line.
func TestMailProblems(t *testing.T) {
	tests := []struct{ name, mail, where, phrase string }{
		{"unknown security", "mail:\n  host: smtp.example.gov.uk\n  from: a@example.gov.uk\n  security: ssl", "course.yaml:9", `security "ssl" must be starttls`},
		{"no encryption off this computer", "mail:\n  host: smtp.example.gov.uk\n  from: a@example.gov.uk\n  security: none", "course.yaml:9", "allowed only to a server on this computer"},
		{"no from", "mail:\n  host: smtp.example.gov.uk", "course.yaml:7", "from must give the address"},
		{"from with a name", "mail:\n  host: smtp.example.gov.uk\n  from: Ann <a@example.gov.uk>", "course.yaml:8", "write the address alone in from (a@example.gov.uk), and the name in from_name"},
		{"host with a port", "mail:\n  host: smtp.example.gov.uk:587\n  from: a@example.gov.uk", "course.yaml:7", "the port goes in port:"},
		{"timeout too long", "mail:\n  host: smtp.example.gov.uk\n  from: a@example.gov.uk\n  timeout: 9000", "course.yaml:9", "between 1 and 600"},
		{"settings without a host", "mail:\n  from: a@example.gov.uk", "course.yaml:7", "given without host"},
		{"password in course.yaml", "mail:\n  host: smtp.example.gov.uk\n  password: x", "course.yaml:8", `unknown field "password"`},
		{"unknown placeholder", "mail:\n  reminder:\n    text: |-\n      Dear {{name}},\n\n      Finish by {{deadline}}.", "course.yaml:11", "mail reminder text {{deadline}}: there is no such placeholder"},
		{"two-line subject", "mail:\n  reminder:\n    subject: \"Reminder\\nBcc: x@example.org\"", "course.yaml:8", "subject must be one line"},
		{"invitation without its code", "mail:\n  invitation:\n    text: Dear {{name}}, please take the course.", "course.yaml:8", "text must give {{code}}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mailPack(t, tt.mail)
			if err == nil {
				t.Fatalf("loaded with %q", tt.mail)
			}
			if !strings.Contains(err.Error(), tt.where+": ") || !strings.Contains(err.Error(), tt.phrase) {
				t.Errorf("problem = %v\nwant %s and %q", err, tt.where, tt.phrase)
			}
		})
	}
}

// TestMailSettings: the settings are read as given; none means no email.
func TestMailSettings(t *testing.T) {
	c, err := Load(validFS(), "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Mail.Configured() {
		t.Errorf("a pack without mail: has a mail server: %+v", c.Mail)
	}
	c, err = mailPack(t, "mail:\n  host: localhost\n  port: 2525\n  security: None\n  username: course\n  password_file: mail.secret\n  from: a@example.gov.uk\n  from_name: Democratic Services\n  reply_to: b@example.gov.uk\n  timeout: 5")
	if err != nil {
		t.Fatal(err)
	}
	m := c.Mail
	if m.Host != "localhost" || m.Port != 2525 || m.Security != "none" || m.Username != "course" || m.PasswordFile != "mail.secret" ||
		m.From != "a@example.gov.uk" || m.FromName != "Democratic Services" || m.ReplyTo != "b@example.gov.uk" || m.Timeout != 5*time.Second {
		t.Errorf("settings = %+v", m)
	}
}

// TestMessages: a paragraph with nothing to fill in is left out, so one
// wording serves members with and without a browser link or a due date.
func TestMessages(t *testing.T) {
	c, err := Load(validFS(), "")
	if err != nil {
		t.Fatal(err)
	}
	expires := time.Date(2026, 3, 2, 17, 0, 0, 0, time.UTC)
	subject, text := c.InvitationText(Invitation{Name: "Siân Jones", Number: "M4K7Q2ZP9", Code: "ABCD-EFGH-JKLM", Expires: expires, Connect: "ssh -p 2222 course.example.gov.uk"})
	if subject != "Your enrolment code for the "+c.Title {
		t.Errorf("subject = %q", subject)
	}
	for _, want := range []string{"Dear Siân Jones,", "\n    ABCD-EFGH-JKLM\n", "member M4K7Q2ZP9", "until Monday 2 March 2026 at 17:00 UTC", "\n    ssh -p 2222 course.example.gov.uk\n"} {
		if !strings.Contains(text, want) && !strings.Contains(strings.ReplaceAll(text, "\n", " "), want) {
			t.Errorf("invitation lacks %q:\n%s", want, text)
		}
	}
	for _, gone := range []string{"web browser", "fingerprint", "{{", "\n\n\n"} {
		if strings.Contains(text, gone) {
			t.Errorf("invitation without a link or fingerprint has %q:\n%s", gone, text)
		}
	}
	_, text = c.InvitationText(Invitation{Name: "A", Code: "C", Link: "https://course.example.gov.uk/#code=C", Fingerprint: "SHA256:abc"})
	if !strings.Contains(text, "\n    https://course.example.gov.uk/#code=C\n") || !strings.Contains(text, "\n    SHA256:abc\n") || strings.Contains(text, "type the line below") {
		t.Errorf("invitation with a link and fingerprint, without ssh:\n%s", text)
	}

	one, two := c.Modules[0], c.Modules[1]
	due := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	subject, text = c.ReminderText(Reminder{Name: "Gwŷn Ap", Status: "in progress", Left: []*Module{two}, Due: due})
	if !strings.HasPrefix(subject, "Reminder: ") {
		t.Errorf("subject = %q", subject)
	}
	if !strings.Contains(text, "passed these modules:\n- 2. "+two.Title+"\n") || !strings.Contains(text, "by 1 May 2026.") || longestLine(text) > 72 {
		t.Errorf("reminder:\n%s", text)
	}
	for _, gone := range []string{"taking again", "was due", "terminal", "browser", "{{"} {
		if strings.Contains(text, gone) {
			t.Errorf("reminder has %q:\n%s", gone, text)
		}
	}
	_, text = c.ReminderText(Reminder{Name: "A", Status: "needs refresh", Refresh: []*Module{one}, Overdue: due})
	flat := strings.Join(strings.Fields(text), " ")
	if !strings.Contains(text, "- 1. "+one.Title) || !strings.Contains(flat, "12 months ago") || !strings.Contains(flat, "due to be completed by 1 May 2026") || strings.Contains(text, "not yet passed") {
		t.Errorf("refresh reminder:\n%s", text)
	}
}

// longestLine is the length in runes of text's longest line.
func longestLine(text string) int {
	longest := 0
	for line := range strings.SplitSeq(text, "\n") {
		longest = max(longest, len([]rune(line)))
	}
	return longest
}

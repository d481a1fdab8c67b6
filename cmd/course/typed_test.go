package main

import "testing"

// TestTyped gives back a command as it must be typed: with the record
// file and content the person gave, quoted for a shell, and over SSH
// after the server's connect command.
func TestTyped(t *testing.T) {
	const connect = "ssh -p 2222 course.example.gov.uk"
	for _, c := range []struct {
		name string
		opts *options
		args []string
		want string
	}{
		{"no options", nil, []string{"members", "list"}, "course members list"},
		{"nothing given", &options{}, []string{"members", "list"}, "course members list"},
		{"the course itself", &options{db: "r.db"}, nil, "course --db r.db"},
		{"--db", &options{db: "/srv/course/records.db"}, []string{"verify"}, "course --db /srv/course/records.db verify"},
		{"--content", &options{contentDir: "./pack"}, []string{"report"}, "course --content ./pack report"},
		{"both", &options{db: "r.db", contentDir: "pack"}, []string{"members", "invite", "NUMBER", "--send"},
			"course --db r.db --content pack members invite NUMBER --send"},
		{"spaces", &options{db: "My Records/r.db", contentDir: "Our Pack"}, []string{"report"},
			"course --db 'My Records/r.db' --content 'Our Pack' report"},
		{"apostrophe", &options{db: "Siân's records.db"}, []string{"verify"}, `course --db 'Siân'\''s records.db' verify`},
		{"word with a space", &options{db: "r.db"}, []string{"members", "add", "--name", "Ann Lee"},
			"course --db r.db members add --name 'Ann Lee'"},
		{"other flags are not carried", &options{db: "r.db", anyCourse: true, accessible: true}, []string{"report"},
			"course --db r.db report"},
		{"over SSH", &options{db: "ignored.db", contentDir: "ignored", served: &served{connect: connect}}, []string{"members", "list"},
			connect + " members list"},
		{"over SSH, no words", &options{served: &served{connect: connect}}, nil, connect},
		{"over SSH, a word with a space", &options{served: &served{connect: connect}}, []string{"members", "add", "--name", "Ann Lee"},
			connect + ` "members add --name 'Ann Lee'"`},
		{"over SSH, a word a shell would take", &options{served: &served{connect: connect}}, []string{"members", "add", "--name", `O'Brien "$HOME"`},
			connect + ` "members add --name 'O'\\''Brien \"\$HOME\"'"`},
	} {
		if got := typed(c.opts, c.args...); got != c.want {
			t.Errorf("%s: typed(%q) = %s, want %s", c.name, c.args, got, c.want)
		}
	}
}

// TestWindowsWord: on Windows a word is quoted so that both PowerShell
// and the Command Prompt read it back as it was.
func TestWindowsWord(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`records.db`, `records.db`},
		{`C:\Users\ann\records.db`, `C:\Users\ann\records.db`},
		{`--status`, `--status`},
		{`Siân`, `Siân`},
		{`C:\Users\Ann Lee\records.db`, `"C:\Users\Ann Lee\records.db"`},
		{`not-started,in-progress`, `"not-started,in-progress"`},
		{`Margaret O'Brien`, `"Margaret O'Brien"`},
		{`C:\Our Pack\`, `"C:\Our Pack\\"`},
		{`C:\Our Pack\\`, `"C:\Our Pack\\\\"`},
		{`@list`, `"@list"`},
		{``, `""`},
		{`C:\Users\$me\r.db`, `'C:\Users\$me\r.db'`},
		{`%USERPROFILE%\r.db`, `'%USERPROFILE%\r.db'`},
		{`O'Brien's $5`, `'O''Brien''s $5'`},
		{"O\u2019Brien $5", "'O\u2019\u2019Brien $5'"},
		{"the \u201cpack\u201d", "'the \u201cpack\u201d'"},
	} {
		if got := windowsWord(c.in); got != c.want {
			t.Errorf("windowsWord(%s) = %s, want %s", c.in, got, c.want)
		}
	}
}

// TestTypedOnWindows: the commands given back on Windows quote for its
// shells, and over SSH for the server, whatever the officer's computer.
func TestTypedOnWindows(t *testing.T) {
	defer func(was bool) { windowsShell = was }(windowsShell)
	windowsShell = true
	opts := &options{db: `C:\Users\Ann Lee\course.db`}
	if got, want := typed(opts, "remind", "--status", "overdue,needs-refresh"), `course --db "C:\Users\Ann Lee\course.db" remind --status "overdue,needs-refresh"`; got != want {
		t.Errorf("typed = %s, want %s", got, want)
	}
	served := &options{served: &served{connect: "ssh -p 2222 course.example.gov.uk"}}
	if got, want := typed(served, "remind", "Ann Lee"), `ssh -p 2222 course.example.gov.uk "remind 'Ann Lee'"`; got != want {
		t.Errorf("over SSH: typed = %s, want %s", got, want)
	}
}

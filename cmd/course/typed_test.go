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

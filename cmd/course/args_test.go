package main

import (
	"strings"
	"testing"
)

// TestMistypedCommandsReadAsSentences: every way of mistyping a command
// is a usage error (exit 2) that names the command, says what is wrong in
// words for a person and where to read more, never in cobra's words.
func TestMistypedCommandsReadAsSentences(t *testing.T) {
	db := recordsIn(t)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"search"}, "course search: give the words to search for. For example: course search friend request"},
		{[]string{"nonsense"}, `course: there is no command "nonsense".`},
		{[]string{"members", "frob"}, `course members: there is no command "frob".`},
		{[]string{"export", "--frob"}, "course export: there is no option --frob."},
		{[]string{"report", "--since"}, "course report: the option --since needs a value after it."},
		{[]string{"members", "import", "a.csv", "b.csv"}, `course members import: it takes the roster file (a spreadsheet saved as CSV), but was given 2 words: "a.csv b.csv".`},
		{[]string{"members", "erase"}, "course members erase: give the member's number or exact name."},
		{[]string{"verify", "now"}, `course verify: it takes nothing after it, but was given "now".`},
		{[]string{"validate", "a", "b"}, "course validate: it takes at most one content folder"},
		{[]string{"completion", "tcsh"}, `course completion knows no shell "tcsh"`},
	} {
		_, err := execute(t, append([]string{"--db", db}, tt.args...)...)
		msg := wantExit(t, err, exitUsage)
		if !strings.Contains(msg, tt.want) || !strings.Contains(msg, "--help' for more.") {
			t.Errorf("course %s said:\n%s\nwant it to say %q", strings.Join(tt.args, " "), msg, tt.want)
		}
		for _, cobraWords := range []string{"arg(s)", "requires at least", "accepts ", "unknown command", "unknown flag", "flag needs"} {
			if strings.Contains(msg, cobraWords) {
				t.Errorf("course %s says %q:\n%s", strings.Join(tt.args, " "), cobraWords, msg)
			}
		}
	}
}

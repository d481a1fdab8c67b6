package main

import "testing"

// TestCommandToCarryOn gives back the whole command, flags and all, quoted
// where a shell needs it.
func TestCommandToCarryOn(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "course"},
		{[]string{"--db", "/srv/course/records.db"}, "course --db /srv/course/records.db"},
		{[]string{"--content=my pack", "refresher"}, "course '--content=my pack' refresher"},
		{[]string{"--db", "Siân's records.db"}, `course --db 'Siân'\''s records.db'`},
		{[]string{"--db", ""}, "course --db ''"},
	} {
		if got := commandToCarryOn(c.args); got != c.want {
			t.Errorf("commandToCarryOn(%q) = %s, want %s", c.args, got, c.want)
		}
	}
}

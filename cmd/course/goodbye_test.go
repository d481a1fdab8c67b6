package main

import (
	"runtime"
	"testing"
)

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
		if got := commandToCarryOn("course", c.args); got != c.want {
			t.Errorf("commandToCarryOn(%q) = %s, want %s", c.args, got, c.want)
		}
	}
}

// TestProgramWord: the program is given back as it was typed when that
// was a path, which its name alone may not find; else by its name.
func TestProgramWord(t *testing.T) {
	for arg0, want := range map[string]string{
		"course":                    "course",
		"./course":                  "./course",
		"bin/course":                "bin/course",
		"/usr/local/bin/course":     "/usr/local/bin/course",
		"/tmp/go-build1/exe/course": "course",
		"./my tools/course":         "course",
		"":                          "course",
	} {
		if got := programWord(arg0); got != want {
			t.Errorf("programWord(%q) = %q, want %q", arg0, got, want)
		}
	}
	defer func(was bool) { windowsShell = was }(windowsShell)
	windowsShell = true
	if got := programWord(`.\course.exe`); runtime.GOOS == "windows" && got != `.\course.exe` {
		t.Errorf(`programWord(.\course.exe) on Windows = %q`, got)
	}
	if got := commandToCarryOn("course", []string{"--db", `C:\Users\Ann Lee\r.db`}); got != `course --db "C:\Users\Ann Lee\r.db"` {
		t.Errorf("carrying on, on Windows: %s", got)
	}
}

package main

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// withCommand is the command tree with one more command, unmarked, under
// parent ("" for the top).
func withCommand(t *testing.T, parent, name string) *cobra.Command {
	t.Helper()
	root := newRootCmd()
	under := root
	if parent != "" {
		var err error
		if under, _, err = root.Find(strings.Fields(parent)); err != nil {
			t.Fatal(err)
		}
	}
	under.AddCommand(&cobra.Command{Use: name, Short: "A command nobody marked", RunE: func(*cobra.Command, []string) error { return nil }})
	return root
}

// TestNewCommandIsRefusedOverSSHUntilMarked: a command, or a subcommand of
// one an officer may run, is refused over SSH unless it is marked.
func TestNewCommandIsRefusedOverSSHUntilMarked(t *testing.T) {
	for _, c := range []struct{ parent, line string }{
		{"", "frobnicate"},
		{"members", "members frobnicate M4K7Q2ZP9"},
		{"members keys", "members keys frobnicate"},
	} {
		root := withCommand(t, c.parent, "frobnicate")
		if msg := refuseServed(root, strings.Fields(c.line)); !strings.Contains(msg, "is not one of the commands the server runs") {
			t.Errorf("%s, unmarked: %q; want it refused", c.line, msg)
		}
		found, _, err := root.Find(strings.Fields(c.line))
		if err != nil {
			t.Fatal(err)
		}
		found.Annotations = overSSH()
		if msg := refuseServed(root, strings.Fields(c.line)); msg != "" {
			t.Errorf("%s, marked: refused with %q", c.line, msg)
		}
	}
	// The commands the server runs today, and some it does not.
	root := newRootCmd()
	for line, served := range map[string]bool{
		"report --format csv": true, "members keys remove M1 SHA256:x": true, "members invite M1": true,
		"help": true, "help report": true, "--help": true, "--version": true, "sync-status": true,
		"serve": false, "sync": false, "validate": false, "search conflict": false, "refresher": false,
		"completion bash": false, "__complete report": false, "nonsense": false,
	} {
		if msg := refuseServed(root, strings.Fields(line)); (msg == "") != served {
			t.Errorf("%q: refused %q; want served %v", line, msg, served)
		}
	}
}

// TestServedHelpListsTheMarkedCommands: the help an officer reads over SSH
// lists exactly the commands marked to run there, at every level.
func TestServedHelpListsTheMarkedCommands(t *testing.T) {
	root := withCommand(t, "", "frobnicate")
	var want []string
	for _, c := range root.Commands() {
		if isServed(c) && c.Name() != "help" {
			want = append(want, c.Name())
		}
	}
	var listed []string
	for _, m := range regexp.MustCompile(`(?m)^  ([a-z-]+) +[A-Z]`).FindAllStringSubmatch(servedHelp(root, "ssh -p 2222 HOST"), -1) {
		listed = append(listed, m[1])
	}
	slices.Sort(want)
	slices.Sort(listed)
	if !slices.Equal(listed, want) || slices.Contains(listed, "frobnicate") || !slices.Contains(listed, "members") {
		t.Errorf("help over SSH lists %v; want %v", listed, want)
	}
	if msg := refuseServed(root, []string{"frobnicate"}); !strings.Contains(msg, strings.Join(servedCommands(root), ", ")) ||
		strings.Contains(msg, "frobnicate,") || strings.Contains(msg, "serve,") {
		t.Errorf("the refusal does not list the commands the server runs: %q", msg)
	}

	// A subcommand nobody marked is not listed in its group's help.
	root = withCommand(t, "members", "frobnicate")
	hideUnserved(root)
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetArgs([]string{"members", "--help"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	if help := out.String(); strings.Contains(help, "frobnicate") || !strings.Contains(help, "invite") {
		t.Errorf("members --help over SSH:\n%s", help)
	}
}

// TestServedNameIsTheCommandPath: the log names the command a line runs,
// never the line's other words.
func TestServedNameIsTheCommandPath(t *testing.T) {
	for line, want := range map[string]string{
		"members keys remove M4K7Q2ZP9 SHA256:abc": "members keys remove",
		"members invite Ann Lee":                   "members invite",
		"report --format csv":                      "report",
		"--db /tmp/x report":                       "report",
		"--version":                                "--version",
		"Ann Lee":                                  "(not a command)",
		"":                                         "(not a command)",
	} {
		if got := servedName(strings.Fields(line)); got != want {
			t.Errorf("servedName(%q) = %q, want %q", line, got, want)
		}
	}
}

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"course/internal/version"
)

// commandTree is every command the program has when it runs, including the
// ones cobra adds itself (help, completion), as the words that call it.
func commandTree(t *testing.T) map[string]*cobra.Command {
	t.Helper()
	root := newRootCmd()
	// Let cobra add its own commands, as it does when the program runs.
	root.SetArgs([]string{"--help"})
	root.SetOut(&bytes.Buffer{})
	root.SetErr(&bytes.Buffer{})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	tree := map[string]*cobra.Command{}
	var walk func(path []string, c *cobra.Command)
	walk = func(path []string, c *cobra.Command) {
		tree[strings.Join(path, " ")] = c
		for _, sub := range c.Commands() {
			walk(append(path[:len(path):len(path)], sub.Name()), sub)
		}
	}
	walk(nil, root)
	return tree
}

// cobraOwn are the commands cobra generates that need no example.
func cobraOwn(c *cobra.Command) bool {
	return c.Name() == "help" || c.Name() == cobra.ShellCompRequestCmd || c.Name() == cobra.ShellCompNoDescRequestCmd
}

// Every command's --help shows at least one example.
func TestEveryCommandHasAnExample(t *testing.T) {
	tree := commandTree(t)
	for _, want := range []string{"", "validate", "completion", "completion bash", "completion zsh", "completion fish", "completion powershell"} {
		if tree[want] == nil {
			t.Errorf("no command %q", "course "+want)
		}
	}
	for path, c := range tree {
		if cobraOwn(c) {
			continue
		}
		name := strings.TrimSpace("course " + path)
		if strings.TrimSpace(c.Example) == "" {
			t.Errorf("%s has no Example: add one to its cobra.Command", name)
			continue
		}
		args := append(strings.Fields(path), "--help")
		out, err := execute(t, args...)
		if err != nil {
			t.Errorf("%s --help: %v", name, err)
			continue
		}
		if !strings.Contains(out, "Examples:\n") || !strings.Contains(out, strings.TrimSpace(strings.SplitN(c.Example, "\n", 2)[0])) {
			t.Errorf("%s --help shows no example:\n%s", name, out)
		}
	}
}

func TestVersion(t *testing.T) {
	want := version.Get().String() + "\n"
	for _, flag := range []string{"--version", "-v"} {
		out, err := execute(t, flag)
		if err != nil {
			t.Fatalf("%s: %v", flag, err)
		}
		if out != want {
			t.Errorf("%s printed %q, want %q", flag, out, want)
		}
	}
	// The program as built: "dev" with whatever the toolchain recorded,
	// and "unknown" where it recorded nothing (as with -buildvcs=false).
	out, err := exec.Command(courseBinary(t), "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^course dev( v\S+)? \(commit (unknown|[0-9a-f]{12})(, modified)?, (build date unknown|committed \S+), go\S+ \w+/\w+\)\n$`).Match(out) {
		t.Errorf("course --version printed %q", out)
	}
}

func TestCompletion(t *testing.T) {
	bin := courseBinary(t)
	for shell, want := range map[string]string{
		"bash":       "complete -o default -F __start_course course",
		"zsh":        "#compdef course",
		"fish":       "complete -c course",
		"powershell": "Register-ArgumentCompleter",
	} {
		out, err := exec.Command(bin, "completion", shell).Output()
		if err != nil {
			t.Errorf("completion %s: %v", shell, err)
			continue
		}
		if !strings.Contains(string(out), want) {
			t.Errorf("completion %s lacks %q:\n%.300s", shell, want, out)
		}
	}
	// What a shell asks for when the user presses tab after "course ".
	out, err := exec.Command(bin, cobra.ShellCompNoDescRequestCmd, "").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"validate\n", "completion\n"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("tab after 'course ' does not offer %q:\n%s", want, out)
		}
	}
	// An unknown shell is a usage error.
	err = exec.Command(bin, "completion", "tcsh").Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitUsage {
		t.Errorf("course completion tcsh: %v, want exit status %d", err, exitUsage)
	}
}

// TestHelpNamesTheGuides: --help names each reader's guide by a path that
// exists, and every guide in docs/ but the developers' own.
func TestHelpNamesTheGuides(t *testing.T) {
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs([]string{"--db", filepath.Join(t.TempDir(), "records.db"), "--help"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	named := map[string]bool{}
	for _, g := range guides {
		named[g.path] = true
		if !strings.Contains(out.String(), g.path) {
			t.Errorf("--help does not name %s", g.path)
		}
		if _, err := os.Stat(filepath.Join("..", "..", g.path)); err != nil {
			t.Errorf("--help names %s: %v", g.path, err)
		}
	}
	docs, err := filepath.Glob(filepath.Join("..", "..", "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range docs {
		path := "docs/" + filepath.Base(doc)
		if !named[path] && path != "docs/development.md" {
			t.Errorf("--help does not name the guide %s", path)
		}
	}
}

// Package layout holds the test that keeps the packages in their layers.
package layout

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// terminalUI are the libraries that draw on a terminal: only the front
// ends may use them (see frontEnds).
var terminalUI = []string{
	"charm.land/bubbletea", "charm.land/bubbles", "charm.land/lipgloss", "charm.land/glamour",
	"charm.land/huh", "charm.land/wish", "github.com/charmbracelet/x/term",
	"github.com/charmbracelet/ultraviolet",
}

// frontEnds are the packages that face a person: the screens, the SSH
// server and the web server that serve them, the live sessions they run
// in (internal/live, which runs the screens' programs for every way to
// the course), and the command line. The components of the screens, the
// packages under internal/ui/, are front ends too.
var frontEnds = []string{"internal/ui", "internal/server", "internal/live", "internal/web", "cmd/course"}

// isFrontEnd says pkg faces a person (see frontEnds).
func isFrontEnd(pkg string) bool {
	return slices.Contains(frontEnds, pkg) || strings.HasPrefix(pkg, "internal/ui/")
}

// engineUsers are the packages that may use the record file's engine,
// internal/store: the command that opens it, and what reads the whole log
// (exports, reports, question statistics, certificates, the LRS sync, the
// hand-in file, and the merge of a hand-in, which looks for its events in
// the log). The courses
// and the rules see it through record's types and interfaces of their own.
var engineUsers = []string{
	"cmd/course", "internal/certificate", "internal/export", "internal/lrs", "internal/report",
	"internal/handin", "internal/merge", "internal/stats",
	"internal/progress/progresstest",
}

// frozen are the v1 import paths of the Charm libraries, which the
// project does not use (charm.land/…/v2 replaces them).
var frozen = func() []string {
	var paths []string
	for _, lib := range []string{"bubbletea", "lipgloss", "bubbles", "glamour", "huh", "wish"} {
		paths = append(paths, "github.com/"+"charmbracelet/"+lib)
	}
	return paths
}()

// TestLayers: the domain packages use no terminal library, only the store
// (internal/store) uses bbolt, only engineUsers use the store, the engine
// and the shared record types import no course rule, nothing imports the
// command, and the frozen v1 Charm paths are used nowhere.
func TestLayers(t *testing.T) {
	root := filepath.Join("..", "..")
	// Every package under internal, at any depth.
	var dirs []string
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() != "testdata" {
			dirs = append(dirs, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, filepath.Join(root, "cmd", "course"), filepath.Join(root, "content"))
	checked := 0
	for _, dir := range dirs {
		pkg := filepath.ToSlash(strings.TrimPrefix(dir, root+string(filepath.Separator)))
		for _, imp := range imports(t, dir) {
			checked++
			switch {
			case hasAnyPrefix(imp, frozen):
				t.Errorf("%s imports the frozen v1 path %s: use charm.land/…/v2", pkg, imp)
			case !isFrontEnd(pkg) && hasAnyPrefix(imp, terminalUI):
				t.Errorf("%s imports the terminal library %s: only %s and the packages under internal/ui/ may", pkg, imp, strings.Join(frontEnds, ", "))
			case pkg != "internal/store" && strings.HasPrefix(imp, "go.etcd.io/bbolt"):
				t.Errorf("%s imports bbolt: only the store, internal/store, may", pkg)
			case imp == "course/internal/store" && !slices.Contains(engineUsers, pkg):
				t.Errorf("%s imports the engine, internal/store: only %s may", pkg, strings.Join(engineUsers, ", "))
			case (strings.HasPrefix(pkg, "internal/store") || pkg == "internal/record") && imp == "course/internal/progress":
				t.Errorf("%s imports the course rules, internal/progress", pkg)
			case (pkg == "internal/record" || pkg == "internal/store/chain") && imp == "course/internal/store":
				t.Errorf("%s imports the engine, internal/store", pkg)
			case strings.HasPrefix(imp, "course/cmd/"):
				t.Errorf("%s imports the command %s", pkg, imp)
			}
		}
	}
	if checked < 50 {
		t.Fatalf("only %d imports checked: is the tree where the test expects it?", checked)
	}
}

// imports lists the imports of the non-test Go files in dir.
func imports(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil // not a folder
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, name), nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			out = append(out, path)
		}
	}
	return out
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// buildCourse builds the program once for the tests that run it.
var buildCourse = sync.OnceValues(func() (string, error) { return buildProgram(".", "course") })

// buildProgram builds the package in dir (relative to this one) as a
// program called name in a new temporary folder.
func buildProgram(dir, name string) (string, error) {
	folder, err := os.MkdirTemp("", name+"-bin")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(folder, name)
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", bin, dir).CombinedOutput()
	if err != nil {
		return "", errors.New(string(out))
	}
	return bin, nil
}

func courseBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the program")
	}
	bin, err := buildCourse()
	if err != nil {
		t.Fatalf("building course: %v", err)
	}
	return bin
}

func TestWithoutTerminal(t *testing.T) {
	bin := courseBinary(t)
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "COURSE_DB="+filepath.Join(t.TempDir(), "records.db"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdin = strings.NewReader("")
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitUsage {
		t.Fatalf("exit = %v, want %d", err, exitUsage)
	}
	for _, want := range []string{"needs an interactive terminal", "course validate", "course report", "course export"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("message lacks %q:\n%s", want, stderr.String())
		}
	}

	// With the record file given, the plain text course it offers is on it.
	db := filepath.Join(t.TempDir(), "records.db")
	cmd = exec.Command(bin, "--db", db)
	stderr.Reset()
	cmd.Stderr, cmd.Stdin = &stderr, strings.NewReader("")
	_ = cmd.Run()
	if want := "plain lines of text (input may be piped), run:\n  course --db " + db + " --accessible\n"; !strings.Contains(stderr.String(), want) ||
		!strings.Contains(stderr.String(), "(give them the same --db)") {
		t.Errorf("message with --db lacks %q:\n%s", want, stderr.String())
	}
}

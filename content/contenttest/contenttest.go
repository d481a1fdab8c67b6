// Package contenttest loads the course built into the program, for the
// tests of the packages that take it.
package contenttest

import (
	"testing"

	"course/content"
	"course/internal/modules"
)

// Course is the built-in course; a content error fails the test.
func Course(t testing.TB) *modules.Course {
	t.Helper()
	c, err := modules.Load(content.FS, content.Root)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

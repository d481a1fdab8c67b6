package content_test

import (
	"testing"

	"course/content"
	"course/internal/modules"
)

// BenchmarkLoad measures loading and checking the built-in course, which
// happens on every start.
func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := modules.Load(content.FS, content.Root); err != nil {
			b.Fatal(err)
		}
	}
}

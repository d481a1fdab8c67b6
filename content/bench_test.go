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

// BenchmarkSearch measures one search of the whole course, which the search
// screen runs on every key press.
func BenchmarkSearch(b *testing.B) {
	c, err := modules.Load(content.FS, content.Root)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if len(c.Search("friend request")) == 0 {
			b.Fatal("no match")
		}
	}
}

package search

import (
	"strings"
	"testing"

	"course/internal/modules"

	"github.com/charmbracelet/x/ansi"
)

func TestSnippetShowsTheWords(t *testing.T) {
	text := "A long scenario that goes on for quite a while before it finally mentions the word trolls somewhere near its end."
	got := snippet(text, modules.SearchWords("trolls"), 40)
	if !strings.Contains(got, "trolls") || !strings.HasPrefix(got, "…") || ansi.StringWidth(got) > 40 {
		t.Errorf("snippet = %q", got)
	}
	if got := snippet("Short text with trolls", modules.SearchWords("trolls"), 40); got != "Short text with trolls" {
		t.Errorf("short snippet = %q", got)
	}
}

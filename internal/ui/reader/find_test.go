package reader

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"course/internal/modules"
)

// TestHighlightFoldsAccents: searching "siwr" marks "siŵr" in a lesson.
func TestHighlightFoldsAccents(t *testing.T) {
	mark := lipgloss.NewStyle().Reverse(true)
	out, hits := Highlight("Line one\nOs nad ydych yn siŵr, gofynnwch.", modules.SearchWords("siwr"), mark)
	if len(hits) != 1 || hits[0] != 1 {
		t.Fatalf("hits = %v, want line 1", hits)
	}
	line := strings.Split(out, "\n")[1]
	if ansi.Strip(line) != "Os nad ydych yn siŵr, gofynnwch." || !strings.Contains(line, mark.Render("siŵr")) {
		t.Errorf("highlighted line %q", line)
	}
}

package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// BenchmarkOpenModule measures what a member waits for between pressing a
// module's number on the home screen and seeing it: Update and View, with
// the lesson already rendered in the background. Target: well under one
// 60 Hz frame (16 ms).
func BenchmarkOpenModule(b *testing.B) {
	h := newHarness(b, 80, 24)
	h.press("enter")
	h.typeText("Bench Mark")
	h.press("enter", "enter", "enter", "enter", "enter")
	if h.root().state != stateHome {
		b.Fatalf("not on the home screen:\n%s", h.screen())
	}
	home := h.m
	open := keyMsg("3")
	b.ReportAllocs()
	for b.Loop() {
		m, _ := home.Update(open)
		if m.(Model).state != stateReader {
			b.Fatal("module did not open")
		}
		_ = m.View()
	}
}

// BenchmarkQuizKey measures one key press in a quiz (moving the cursor).
func BenchmarkQuizKey(b *testing.B) {
	h := newHarness(b, 80, 24)
	h.press("enter")
	h.typeText("Bench Mark")
	h.press("enter", "enter", "enter", "enter", "enter", "3", "t")
	var m tea.Model = h.m
	down := keyMsg("down")
	b.ReportAllocs()
	for b.Loop() {
		m, _ = m.Update(down)
		_ = m.View()
	}
}

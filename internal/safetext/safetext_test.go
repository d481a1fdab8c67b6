package safetext

import (
	"testing"
	"unicode"
)

func TestInert(t *testing.T) {
	for in, want := range map[string]string{
		"Ann\x1b[2J\x1b]0;owned\x07 Lee": "Ann Lee",
		"Bob\x07\x00\x9b31m":             "Bob",
		"Eve\u202eevil":                  "Eveevil",
		"Zero\u200bwidth\ufeff":          "Zerowidth",
		"Two\nlines\tand tab":            "Two lines and tab",
		"Zoë O'Brien-Smith":              "Zoë O'Brien-Smith",
	} {
		if got := Inert(in); got != want {
			t.Errorf("Inert(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestInertLines: each line is made inert and the breaks between them stay.
func TestInertLines(t *testing.T) {
	if got, want := InertLines("Ann\x1b[2J Lee\n\tBob\u202e\n"), "Ann Lee\n Bob\n"; got != want {
		t.Errorf("InertLines = %q, want %q", got, want)
	}
}

func TestVisible(t *testing.T) {
	for in, want := range map[string]string{
		"":                                   "",
		"Ann Lee":                            "Ann Lee",
		"Ann \u202eeeL":                      "Ann eeL",
		"\u202a\u202b\u202c\u202d":           "",
		"\u2066iso\u2067late\u2068\u2069":    "isolate",
		"z\u200bw\u200cj\u200dm\u200e\u200f": "zwjm",
		"\ufeffBOM\ufeff":                    "BOM",
		"soft\u00adhyphen\u2060":             "softhyphen",
		"tag\U000E0041":                      "tag",
		"Line\nbreak\tand \"quotes\"":        "Line\nbreak\tand \"quotes\"",
		"Zoë 中文 😀 \xff":                      "Zoë 中文 😀 \xff",
	} {
		if got := Visible(in); got != want {
			t.Errorf("Visible(%q) = %q, want %q", in, got, want)
		}
		if got := Visible([]byte(in)); string(got) != want {
			t.Errorf("Visible([]byte(%q)) = %q, want %q", in, got, want)
		}
	}
	// Every format character goes, and nothing else.
	for r := rune(0); r <= unicode.MaxRune; r++ {
		s := string(r)
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		if got, format := Visible(s), unicode.Is(unicode.Cf, r); (got == "") != format {
			t.Fatalf("Visible(%U) = %q", r, got)
		}
	}
}

func TestVisibleDoesNotCopy(t *testing.T) {
	in := []byte("Amy Adams, Zoë")
	if got := Visible(in); &got[0] != &in[0] {
		t.Error("text without format characters was copied")
	}
	allocs := testing.AllocsPerRun(100, func() {
		Visible("Amy Adams, Zoë")
		Visible(in)
	})
	if allocs != 0 {
		t.Errorf("%v allocations for text without format characters", allocs)
	}
}

func BenchmarkVisibleASCII(b *testing.B) {
	in := []byte("2025-05-01T09:00:01.123456789Z,M0A1B2C3D,question_answered,a3f9c0d2e1b4a5968778695a4b3c2d1e0f9e8d7c6b5a49382716051a2b3c4d5e")
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		Visible(in)
	}
}

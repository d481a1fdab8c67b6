package certificate

import (
	"testing"
	"unicode"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// TestFontsCoverNames: both embedded fonts have a glyph for every letter of
// Latin-1 and Latin Extended-A (U+00C0–U+017F), which covers Welsh (ŵ, ŷ)
// and most European names.
func TestFontsCoverNames(t *testing.T) {
	for name, ttf := range map[string][]byte{"regular": goregular.TTF, "bold": gobold.TTF} {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			t.Fatal(err)
		}
		var buf sfnt.Buffer
		for r := rune(0xC0); r <= 0x17F; r++ {
			if !unicode.IsLetter(r) {
				continue
			}
			if g, err := f.GlyphIndex(&buf, r); err != nil || g == 0 {
				t.Errorf("the %s font has no %c (U+%04X)", name, r, r)
			}
		}
	}
}

package linear

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/x/vt"
	"golang.org/x/text/unicode/norm"
)

// typeRaw types keys on a raw terminal of the given width and returns the
// lines read and what the screen shows.
func typeRaw(t *testing.T, width int, keys string) ([]string, []string) {
	t.Helper()
	screen := vt.NewEmulator(width, 10)
	p := &printer{out: screen, width: func() int { return width }, eol: "\r\n"}
	in := readRaw(strings.NewReader(keys), p)
	defer close(in.stop)
	var got []string
	for {
		line, err := in.next(context.Background())
		if errors.Is(err, errEnded) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, line)
	}
	var rows []string
	for row := range strings.SplitSeq(screen.String(), "\n") {
		rows = append(rows, norm.NFC.String(strings.TrimRight(row, " ")))
	}
	return got, rows
}

// TestRawBackspaceOverWideCharacters: on a raw terminal backspace takes off
// a whole character, however many columns and code points it has: Welsh
// ŵ and ŷ, typed as one code point or as a letter and a combining
// circumflex, Chinese, and emoji of one code point or joined from several.
// The screen shows what the line holds.
func TestRawBackspaceOverWideCharacters(t *testing.T) {
	for _, tt := range []struct {
		name, keys, want string
	}{
		{"Welsh", "ŵŷx\x7fn\r", "ŵŷn"},
		{"combining accents", "w\u0302y\u0302\x7fa\r", "ŵa"},
		{"Chinese", "中文\x7f国\r", "中国"},
		{"emoji", "a😀b\x7f\x7fc\r", "ac"},
		{"joined emoji", "👩\u200d💻\x7fok\r", "ok"},
		{"flag", "🇨🇾\x7fCymru\r", "Cymru"},
		{"erase the line", "中文 ŵ\x15ab\r", "ab"},
		{"backspace past the start", "中\x7f\x7f\x7fy\r", "y"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			lines, rows := typeRaw(t, 40, tt.keys)
			if len(lines) != 1 || norm.NFC.String(lines[0]) != tt.want {
				t.Errorf("lines read = %q, want %q", lines, tt.want)
			}
			if rows[0] != tt.want {
				t.Errorf("the screen shows %q, want %q", rows[0], tt.want)
			}
		})
	}
}

// TestRawLineWraps: a line longer than the screen is wide wraps, and
// backspace goes back up over the row it wrapped from.
func TestRawLineWraps(t *testing.T) {
	lines, rows := typeRaw(t, 20, strings.Repeat("ŵ", 25)+"\x7f\x7f\x7f\x7f\x7f\x7fend\r")
	want := strings.Repeat("ŵ", 19) + "end"
	if len(lines) != 1 || lines[0] != want {
		t.Errorf("lines read = %q, want %q", lines, want)
	}
	if got := rows[0] + rows[1]; got != want {
		t.Errorf("the screen shows %q, want %q", rows[:2], want)
	}
}

// TestRawKeysEndTheInput: ctrl+d at the start of a line ends the input,
// and so does ctrl+c anywhere; ctrl+d within a line does nothing.
func TestRawKeysEndTheInput(t *testing.T) {
	for keys, want := range map[string][]string{
		"one\rtwo\x04\r\x04three\r": {"one", "two"},
		"one\rtw\x03o\r":            {"one"},
	} {
		if lines, _ := typeRaw(t, 40, keys); strings.Join(lines, "|") != strings.Join(want, "|") {
			t.Errorf("%q: lines read = %q, want %q", keys, lines, want)
		}
	}
}

package linear

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/vt"
	"golang.org/x/text/unicode/norm"
)

// typist gives keys one at a time, each code point in a read of its own,
// as a person types them.
type typist struct{ keys string }

func (k *typist) Read(b []byte) (int, error) {
	if k.keys == "" {
		return 0, io.EOF
	}
	_, size := utf8.DecodeRuneInString(k.keys)
	n := copy(b, k.keys[:size])
	k.keys = k.keys[n:]
	return n, nil
}

// typeRaw types keys one at a time on a raw terminal of the given width and
// returns the lines read and what the screen shows.
func typeRaw(t *testing.T, width int, keys string) ([]string, []string) {
	t.Helper()
	return readScreen(t, width, &typist{keys})
}

// readScreen reads lines from keys on a raw terminal of the given width and
// returns them and what the screen shows.
func readScreen(t *testing.T, width int, keys io.Reader) ([]string, []string) {
	t.Helper()
	screen := vt.NewEmulator(width, 10)
	p := &printer{out: screen, width: func() int { return width }, eol: "\r\n"}
	in := readRaw(keys, p)
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

// TestRawScreenShowsTheLine: on a raw terminal the screen shows the line
// held after every key, whatever is typed or erased: wide characters,
// emoji, combining accents and Welsh ŵ and ŷ, at the start, middle and
// end of the line, and where a wide character does not fit at the right
// edge and goes to the next row, leaving the last column empty.
func TestRawScreenShowsTheLine(t *testing.T) {
	edge := strings.Repeat("a", 19)
	for _, tt := range []struct {
		name  string
		width int
		keys  string
	}{
		{"erase Chinese and type", 40, "中文\x7f\x7fab"},
		{"wide at the start", 40, "中ab\x7f\x7f\x7fc"},
		{"wide in the middle", 40, "a中b\x7f\x7fc"},
		{"emoji", 40, "a😀b\x7f\x7f😀c"},
		{"joined emoji", 40, "a👩\u200d💻\x7fb"},
		{"combining accents", 40, "w\u0302y\u0302\x7fa\u0302"},
		{"Welsh", 40, "ŵŷ\x7fŵ"},
		{"erase the line", 40, "x中文\x15ab"},
		{"erase the line of accents", 40, "w\u0302中\x15ŷ"},
		{"wide at the right edge", 20, edge + "中x\x7f\x7fyz\x7f\x7f\x7fb"},
		{"wide fills the row", 20, edge[1:] + "中x\x7f\x7f\x7fb"},
		{"emoji at the right edge", 20, edge + "😀\x7f😀c"},
		{"accent at the right edge", 20, edge + "w\u0302x\x7f\x7fŷ"},
		{"wide across two edges", 20, edge + strings.Repeat("中", 11) + "\x7f\x7f\x7fb"},
		{"erase the line past the edge", 20, edge + "中中\x15ok"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Enter after each key in turn shows the screen as it was.
			for i := range tt.keys {
				if i == 0 {
					continue
				}
				typed := tt.keys[:i]
				if !utf8.ValidString(typed) {
					continue
				}
				lines, rows := typeRaw(t, tt.width, typed+"\r")
				if len(lines) != 1 {
					t.Fatalf("%q: lines read = %q", typed, lines)
				}
				want := norm.NFC.String(lines[0])
				if got := strings.Join(rows, ""); got != want {
					t.Fatalf("after %q the screen shows %q, the line held is %q", typed, rows[:3], want)
				}
			}
		})
	}
}

// TestRawKeysTogether: keys that come together, as a character of several
// code points does from an input method, or pasted text, are taken
// together: the screen shows each character whole, and is never given a
// part of one to erase (a terminal may join what follows a part, such as a
// zero-width joiner, to the character before it).
func TestRawKeysTogether(t *testing.T) {
	for _, tt := range []struct {
		name string
		keys []string // what comes in each read
		want string
	}{
		{"joined emoji", []string{"a😀", "👩\u200d💻", "b\r"}, "a😀👩\u200d💻b"},
		{"letter and accent", []string{"w\u0302y\u0302", "\r"}, "ŵŷ"},
		{"pasted with corrections", []string{"中文\x7f国 👩\u200d💻\x7fok\r"}, "中国 ok"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out strings.Builder
			screen := vt.NewEmulator(40, 10)
			p := &printer{out: io.MultiWriter(screen, &out), width: func() int { return 40 }, eol: "\r\n"}
			in := readRaw(&chunks{tt.keys}, p)
			defer close(in.stop)
			line, err := in.next(context.Background())
			if err != nil || norm.NFC.String(line) != norm.NFC.String(tt.want) {
				t.Errorf("line read = %q, %v; want %q", line, err, tt.want)
			}
			if echo := out.String(); strings.Contains(echo, "\x1b[D") {
				t.Errorf("the echo erases what came together: %q", echo)
			}
			if row, _, _ := strings.Cut(screen.String(), "\n"); norm.NFC.String(strings.TrimRight(row, " ")) != norm.NFC.String(tt.want) {
				t.Errorf("the screen shows %q, want %q", row, tt.want)
			}
		})
	}
}

// chunks gives each of its strings in a read of its own.
type chunks struct{ reads []string }

func (c *chunks) Read(b []byte) (int, error) {
	if len(c.reads) == 0 {
		return 0, io.EOF
	}
	n := copy(b, c.reads[0])
	if c.reads[0] = c.reads[0][n:]; c.reads[0] == "" {
		c.reads = c.reads[1:]
	}
	return n, nil
}

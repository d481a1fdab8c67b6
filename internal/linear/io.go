package linear

import (
	"bufio"
	"bytes"
	"context"
	"course/internal/textwrap"
	"errors"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/term"
)

// errEnded says the input ended: the reader closed it, or the pipe ran dry.
var errEnded = errors.New("input ended")

// errClosing says Run's context was cancelled.
var errClosing = errors.New("the course is closing")

// maxLine is the most characters a line of input may have (on a raw
// terminal, columns: a wide character counts as two). Nothing the course
// asks for comes near it; past it what is typed is dropped, so that a
// client that sends no end of line cannot fill the server's memory.
const maxLine = 4096

// errTooLong says a line had more than maxLine characters, and was dropped.
var errTooLong = errors.New("the line was too long")

// printer writes the transcript: plain lines, wrapped at the width, never
// anything that moves the cursor or colours text. On a raw terminal the
// echo of what is typed goes through it too, and there backspace moves
// the cursor back (see readRaw).
type printer struct {
	mu    sync.Mutex
	out   io.Writer
	width func() int
	eol   string // "\n", or "\r\n" on a raw terminal
	err   error  // the first write that failed
}

func (p *printer) cols() int {
	w := 0
	if p.width != nil {
		w = p.width()
	}
	if w <= 0 {
		return 80
	}
	return max(w, 20)
}

// say prints paragraphs, each wrapped at the width; an empty one is a
// blank line. Lines break only at spaces, never at a hyphen nor inside a
// word longer than the width (a code, a path or an address): a screen
// reader reads each line on its own, so "hand-" and "in" would be two
// words.
func (p *printer) say(paragraphs ...string) {
	w := p.cols()
	var b strings.Builder
	for _, para := range paragraphs {
		for l := range strings.SplitSeq(para, "\n") {
			for wl := range strings.SplitSeq(textwrap.AtSpaces(l, w, false), "\n") {
				b.WriteString(strings.TrimRight(strings.ReplaceAll(wl, nbsp, " "), " "))
				b.WriteString(p.eol)
			}
		}
	}
	p.write(b.String())
}

// whole is text that is never broken across lines, such as a path with
// spaces in it.
func whole(text string) string { return strings.ReplaceAll(text, " ", nbsp) }

func (p *printer) write(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.err != nil {
		return
	}
	_, p.err = io.WriteString(p.out, s)
}

// lines reads the input a line at a time in the background and hands each
// line over when asked. It reads ahead, so that piped input is never lost
// between prompts.
type lines struct {
	ch   chan inputLine
	stop chan struct{} // closed when Run returns: no more lines are wanted
	err  error         // why the input ended, once ch is closed
}

// inputLine is a line as read: its text, or that it was too long to keep.
type inputLine struct {
	text    string
	tooLong bool
}

func newLines() *lines { return &lines{ch: make(chan inputLine), stop: make(chan struct{})} }

// send hands a line over, or says no more are wanted.
func (l *lines) send(line inputLine) bool {
	select {
	case l.ch <- line:
		return true
	case <-l.stop:
		return false
	}
}

// readLines reads whole lines from a reader whose terminal (if any)
// already edits and echoes them.
func readLines(in io.Reader) *lines {
	l := newLines()
	go func() {
		defer close(l.ch)
		r := bufio.NewReader(in)
		for {
			line, err := readLine(r)
			if line.text != "" || line.tooLong || err == nil {
				if !l.send(line) {
					return
				}
			}
			if err != nil {
				l.err = err
				return
			}
		}
	}()
	return l
}

// readLine reads a line up to its end, keeping at most maxLine characters.
func readLine(r *bufio.Reader) (inputLine, error) {
	var kept []byte
	tooLong := false
	for {
		part, err := r.ReadSlice('\n')
		if !tooLong {
			kept = append(kept, part...)
			// A character takes at most utf8.UTFMax bytes, so more bytes
			// than this, with the line's end, are too many characters:
			// the rest of the line is not kept.
			if tooLong = len(kept) > utf8.UTFMax*maxLine+len("\r\n"); tooLong {
				kept = nil
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		text := strings.TrimRight(string(kept), "\r\n")
		if tooLong || utf8.RuneCountInString(text) > maxLine {
			return inputLine{tooLong: true}, err
		}
		return inputLine{text: text}, err
	}
}

// readRaw reads from a raw terminal (an SSH session's PTY, where nothing
// edits the line) through golang.org/x/term's Terminal, which echoes what
// is typed, takes backspace and ctrl+u, wraps a long line where the screen
// does, ends a line on enter, and ends the input on ctrl+d at the start of
// a line or ctrl+c. The Terminal counts one column for each code point it
// holds, so it is given keys through a rawKeys, which keeps that true for
// wide characters and those made of several code points. What the course
// prints does not go through the Terminal, which would draw a line typed
// ahead again with escape sequences: the transcript has none but in the
// echo of editing keys. Past maxLine columns what is typed is dropped, and
// not echoed.
func readRaw(in io.Reader, p *printer) *lines {
	keys := &rawKeys{in: bufio.NewReader(in), p: p, lastAt: -1, cells: map[string]rune{}}
	t := term.NewTerminal(keys, "")
	keys.t = t
	l := newLines()
	go func() {
		defer close(l.ch)
		for {
			text, err := t.ReadLine()
			if err != nil {
				l.err = err
				return
			}
			if !l.send(inputLine{text: keys.text(text, ""), tooLong: keys.lineTooLong()}) {
				return
			}
		}
	}()
	return l
}

// Characters as the Terminal holds them. A character is a grapheme
// cluster: what a person sees as one, such as ŵ (w and a combining
// circumflex, when typed so), 中 or 👩‍💻. One that is a single code point
// one column wide goes to the Terminal as itself; any other is held as
// one code point of plane 16's private use area, followed by wideTail
// when it takes two columns, so that the Terminal's count of columns is
// the screen's. A wide character that would start in a row's last column
// is held after edgePad, written as a space, so that it starts the next
// row: the Terminal wraps there too, and a terminal need not guess what to
// do with half a character (some wrap it, some drop it). What the Terminal
// writes and the lines it returns are turned back.
const (
	firstCell = 0x100000 // the first code point that stands for a character
	edgePad   = 0x10fffc // a row's last column, left empty before a wide character
	wideTail  = 0x10fffd // the second column of a wide character: not written
)

// rawKeys is the session's input and output as the Terminal sees them. It
// reads the keys, drops the ones that would move the cursor (arrows,
// function keys, ctrl+a and the like), so that what is typed always goes
// at the end of the line, and keeps the line as the Terminal holds it, to
// erase a whole character on backspace.
type rawKeys struct {
	in      *bufio.Reader
	p       *printer // where the echo goes, between what the course prints
	t       *term.Terminal
	pending []byte // keys for the Terminal, not yet read
	lastAt  int    // where the line's last character starts in pending, or -1
	width   int    // the Terminal's width while the keys pending are taken
	prev    rune   // the last key read
	line    []char // the line being typed
	used    int    // columns the line takes
	over    bool   // the line went past maxLine columns
	tooLong []bool // for each line ended, whether it went past maxLine

	mu    sync.Mutex
	cells map[string]rune // the code point that stands for each character
	chars []string        // the character each code point stands for
}

// char is a character of the line being typed: its text and what the
// Terminal was given for it.
type char struct {
	text, held string
}

// Read gives the Terminal the keys that have come, waiting for at least
// one, and the session's width, which may have changed since the last.
func (k *rawKeys) Read(b []byte) (int, error) {
	if len(k.pending) == 0 {
		r, _, err := k.in.ReadRune()
		if err != nil {
			return 0, err
		}
		// The width is read once a key has come, and the keys are taken
		// at the width the Terminal is given for them.
		k.width = 0
		if k.p.width != nil {
			k.width = k.p.width()
		}
		if k.width <= 0 {
			k.width = 80
		}
		// The Terminal does not hold its lock while it reads.
		if err := k.t.SetSize(k.width, 24); err != nil {
			return 0, err
		}
		k.lastAt = -1
		k.key(r)
		// Keys that came together, such as a character of several code
		// points from an input method, or pasted text, are taken together:
		// the Terminal is given each character whole, and never draws one
		// in part (a terminal may join what comes after a part to the
		// character before it).
		for len(k.pending) == 0 || k.in.Buffered() > 0 {
			if r, _, err = k.in.ReadRune(); err != nil {
				return 0, err
			}
			k.key(r)
		}
	}
	n := copy(b, k.pending)
	k.pending = k.pending[n:]
	if k.lastAt -= n; k.lastAt < 0 {
		k.lastAt = -1
	}
	return n, nil
}

// key takes one key as the course wants it.
func (k *rawKeys) key(r rune) {
	afterCR := k.prev == '\r'
	k.prev = r
	switch {
	case r == '\n' && afterCR:
		// A terminal sends "\r" for enter: a "\n" straight after it
		// belongs to the same enter.
	case r == '\r' || r == '\n':
		k.lastAt = -1
		k.pending = append(k.pending, '\r')
		k.tooLong = append(k.tooLong, k.over)
		k.line, k.used, k.over = k.line[:0], 0, false
	case r == 0x7f || r == 0x08:
		if len(k.line) > 0 {
			k.erase()
		}
	case r == 0x15: // ctrl+u: the Terminal erases the line
		k.lastAt = -1
		k.pending = append(k.pending, 0x15)
		k.line, k.used = k.line[:0], 0
	case r == 0x03:
		k.lastAt = -1
		k.pending = append(k.pending, 0x03)
	case r == 0x04 && len(k.line) == 0:
		k.pending = append(k.pending, 0x04)
	case r == 0x1b:
		skipEscape(k.in)
	case r < 0x20 || r == utf8.RuneError:
	case k.over:
		// Past maxLine, the rest of the line is dropped.
	default:
		k.add(string(r))
	}
}

// add puts typed text at the end of the line: a character of its own, or
// part of the last one (a combining accent after its letter), which is
// then given again.
func (k *rawKeys) add(s string) {
	// Nothing joins a character to the one before it in ASCII.
	if n := len(k.line); n > 0 && s[0] >= utf8.RuneSelf {
		joined := k.line[n-1].text + s
		if c, _ := ansi.FirstGraphemeCluster(joined, ansi.GraphemeWidth); len(c) == len(joined) {
			if k.fits(joined, k.line[n-1].held) {
				k.erase()
				k.put(joined)
			}
			return
		}
	}
	if k.fits(s, "") {
		k.put(s)
	}
}

// fits says whether text, in place of held, leaves the line within
// maxLine columns; when it does not, the line is too long.
func (k *rawKeys) fits(text, held string) bool {
	if k.used-utf8.RuneCountInString(held)+columns(text) > maxLine {
		k.over = true
		return false
	}
	return true
}

// put gives the Terminal a character to add at the end of the line. One
// that takes no column (a zero-width space, an accent on nothing) is
// dropped.
func (k *rawKeys) put(text string) {
	width := columns(text)
	if width == 0 {
		return
	}
	held := text
	if r, size := utf8.DecodeRuneInString(text); size != len(text) || width != 1 || r >= firstCell {
		cell, ok := k.cell(text)
		if !ok {
			return
		}
		held = string(cell)
		if width == 2 {
			held += string(rune(wideTail))
			if k.width > 1 && k.used%k.width == k.width-1 {
				held = string(rune(edgePad)) + held
			}
		}
	}
	k.lastAt = len(k.pending)
	k.pending = append(k.pending, held...)
	k.line = append(k.line, char{text: text, held: held})
	k.used += utf8.RuneCountInString(held)
}

// erase takes the last character off the line: with a backspace for each
// column the Terminal counts for it, or, when the Terminal has not been
// given it yet, by not giving it.
func (k *rawKeys) erase() {
	last := k.line[len(k.line)-1]
	n := utf8.RuneCountInString(last.held)
	if k.lastAt >= 0 {
		k.pending = k.pending[:k.lastAt]
		k.lastAt = -1
	} else {
		k.pending = append(k.pending, bytes.Repeat([]byte{0x7f}, n)...)
	}
	k.line = k.line[:len(k.line)-1]
	k.used -= n
}

// columns is how many columns text takes on the screen: 1 or 2 for a
// character, 0 for one that takes none.
func columns(text string) int {
	_, w := ansi.FirstGraphemeCluster(text, ansi.GraphemeWidth)
	return min(w, 2)
}

// cell is the code point that stands for a character, the same one each
// time; false when plane 16 has none left for another.
func (k *rawKeys) cell(text string) (rune, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if r, ok := k.cells[text]; ok {
		return r, true
	}
	r := rune(firstCell + len(k.chars))
	if r >= edgePad {
		return 0, false
	}
	k.cells[text] = r
	k.chars = append(k.chars, text)
	return r, true
}

// text is s with each code point that stands for a character turned back
// into it, and each edgePad into pad.
func (k *rawKeys) text(s, pad string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= firstCell }) {
		return s
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	var b strings.Builder
	for _, r := range s {
		switch i := int(r - firstCell); {
		case r == wideTail:
		case r == edgePad:
			b.WriteString(pad)
		case i >= 0 && i < len(k.chars):
			b.WriteString(k.chars[i])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// lineTooLong says whether the line the Terminal has just returned went
// past maxLine columns. It is called only where the Terminal is read.
func (k *rawKeys) lineTooLong() bool {
	over := k.tooLong[0]
	k.tooLong = k.tooLong[1:]
	return over
}

// Write writes what the Terminal writes, each character as itself.
// The Terminal writes its prompt, which is empty, as it starts to read
// each line: an empty write is not passed on, as the course may have ended.
func (k *rawKeys) Write(b []byte) (int, error) {
	if len(b) > 0 {
		k.p.write(k.text(string(b), " "))
	}
	return len(b), nil
}

// skipEscape drops the rest of an escape sequence: ESC [ params final, or
// ESC O final, or ESC and one character.
func skipEscape(r *bufio.Reader) {
	c, _, err := r.ReadRune()
	if err != nil {
		return
	}
	switch c {
	case '[':
		for {
			c, _, err := r.ReadRune()
			if err != nil || (c >= 0x40 && c <= 0x7e) {
				return
			}
		}
	case 'O':
		_, _, _ = r.ReadRune()
	}
}

// next waits for the next line, the input's end or the context's end. A
// line that was too long is errTooLong.
func (l *lines) next(ctx context.Context) (string, error) {
	select {
	case <-ctx.Done():
		return "", errClosing
	case line, ok := <-l.ch:
		switch {
		case !ok:
			return "", errEnded
		case line.tooLong:
			return "", errTooLong
		}
		return line.text, nil
	}
}

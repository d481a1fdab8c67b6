package linear

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// errEnded says the input ended: the reader closed it, or the pipe ran dry.
var errEnded = errors.New("input ended")

// errClosing says Run's context was cancelled.
var errClosing = errors.New("the course is closing")

// maxLine is the most characters a line of input may have. Nothing the
// course asks for comes near it; past it what is typed is dropped, so that
// a client that sends no end of line cannot fill the server's memory.
const maxLine = 4096

// errTooLong says a line had more than maxLine characters, and was dropped.
var errTooLong = errors.New("the line was too long")

// printer writes the transcript: plain lines, wrapped at the width, never
// anything that moves the cursor or colours text.
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
// blank line.
func (p *printer) say(paragraphs ...string) {
	w := p.cols()
	var b strings.Builder
	for _, para := range paragraphs {
		for l := range strings.SplitSeq(para, "\n") {
			wrapped := ansi.Wrap(l, w, "")
			for wl := range strings.SplitSeq(wrapped, "\n") {
				b.WriteString(strings.TrimRight(strings.ReplaceAll(wl, nbsp, " "), " "))
				b.WriteString(p.eol)
			}
		}
	}
	p.write(b.String())
}

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
// edits the line): it echoes what is typed, takes backspace, ends a line
// on enter, ends the input on ctrl+d at the start of a line or ctrl+c, and
// drops the escape sequences that arrow and function keys send. Past
// maxLine characters what is typed is dropped, and not echoed.
func readRaw(in io.Reader, p *printer) *lines {
	l := newLines()
	go func() {
		defer close(l.ch)
		r := bufio.NewReader(in)
		var line []rune
		tooLong := false
		var prev rune
		for {
			c, _, err := r.ReadRune()
			if err != nil {
				l.err = err
				return
			}
			afterCR := prev == '\r'
			prev = c
			switch {
			case c == '\n' && afterCR:
				// A terminal sends "\r" for enter: a "\n" straight after
				// it belongs to the same enter.
			case c == '\r' || c == '\n':
				p.write(p.eol)
				if !l.send(inputLine{text: string(line), tooLong: tooLong}) {
					return
				}
				line, tooLong = line[:0], false
			case c == 0x7f || c == 0x08:
				if len(line) > 0 {
					line = line[:len(line)-1]
					p.write("\b \b")
				}
			case c == 0x03:
				l.err = io.EOF
				return
			case c == 0x04:
				if len(line) == 0 {
					l.err = io.EOF
					return
				}
			case c == 0x1b:
				skipEscape(r)
			case c < 0x20 || c == utf8.RuneError:
			case len(line) == maxLine:
				tooLong = true // dropped, and not echoed
			default:
				line = append(line, c)
				p.write(string(c))
			}
		}
	}()
	return l
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

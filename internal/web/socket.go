package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/color"
	"io"
	"log/slog"
	"net/http"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/coder/websocket"

	"course/internal/live"
	"course/internal/ui"
)

// message is what a page sends over its socket: "hello" first, with the
// terminal's size and whether the browser prefers dark; then "in", what
// the member typed; "size", a new size; and "dark", a new scheme.
type message struct {
	T    string `json:"t"`
	D    string `json:"d,omitempty"`
	Cols int    `json:"cols,omitempty"`
	Rows int    `json:"rows,omitempty"`
	Dark bool   `json:"dark,omitempty"`
}

// Bounds on a window's size, as over SSH: the screen the course keeps
// for a session grows with its area.
const (
	maxColumns = 400
	maxRows    = 150
)

// clampSize keeps a size a page sent inside the course's bounds; 0 means
// the common 80 by 24.
func clampSize(cols, rows int) (int, int) {
	if cols <= 0 {
		cols = 80
	}
	if rows <= 0 {
		rows = 24
	}
	return min(cols, maxColumns), min(rows, maxRows)
}

// Close reasons a page shows (a close frame holds at most 123 bytes).
const (
	reasonClosing = "The course is closing for maintenance. Your answers are saved."
	reasonFull    = "The course is full just now. Please try again in a few minutes."
	reasonEnded   = "The course has closed here."
	reasonError   = "The course stopped on an error. Your answers are saved."
)

// socket runs one session of the course over a WebSocket, for a browser
// bound to a member: the screens, or the plain text course (mode=plain).
// A browser that is not bound to a member is refused before the socket
// opens, and so is a page of another site (its Origin).
func (s *Server) socket(w http.ResponseWriter, r *http.Request) {
	addr := s.clientAddr(r)
	v, ok, err := s.visitorOf(r)
	switch {
	case err != nil:
		s.unavailable(w, err, addr)
		return
	case !ok:
		s.quiet.Note("refused: a socket from a browser that has not signed in", addr)
		http.Error(w, "Open the course's page and type your code first.", http.StatusUnauthorized)
		return
	}
	plain := r.URL.Query().Get("mode") == "plain"
	if plain && s.cfg.Accessible == nil {
		http.NotFound(w, r)
		return
	}
	log := s.log.With("addr", addr, "key", v.fingerprint, "via", "browser")
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled})
	if err != nil {
		s.quiet.Note("refused: a socket from another site's page, or not a socket", addr) // Accept has answered
		return
	}
	defer conn.CloseNow()
	conn.SetReadLimit(maxMessage)
	if s.hub.Closing() {
		conn.Close(websocket.StatusTryAgainLater, reasonClosing)
		return
	}
	open, ok := s.hub.OpenMember()
	defer s.hub.CloseMember()
	if !ok {
		log.Warn("refused: the course is full", "sessions", open)
		conn.Close(websocket.StatusTryAgainLater, reasonFull)
		return
	}
	log = log.With("member", v.member.Number)
	started := s.cfg.Now()
	log.Info("connected")
	defer func() { log.Info("disconnected", "seconds", int(s.cfg.Now().Sub(started).Seconds())) }()

	// The request's context is not the socket's once it is upgraded.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hello, err := readHello(ctx, conn)
	if err != nil {
		log.Info("refused: a socket that did not say its size", "err", err.Error())
		conn.Close(websocket.StatusPolicyViolation, "The page did not say its size.")
		return
	}
	kind := live.Screens
	if plain {
		kind = live.PlainText
	}
	l := live.NewSession(kind, v.member.Number, v.fingerprint, addr, started)
	l.Follow(log, cancel, func() { conn.CloseNow() })
	l.CheckKey(func() bool {
		m, ok, err := s.cfg.Members.KeyMember(v.fingerprint)
		if err == nil && (!ok || m.Number != v.member.Number) {
			log.Info("ending the session of a removed browser")
			return false
		}
		return true
	})
	if !s.begin(l) {
		conn.Close(websocket.StatusTryAgainLater, reasonClosing)
		return
	}
	defer s.end(l)
	defer live.Recovered(log, "in a browser's session", func() { conn.Close(websocket.StatusInternalError, reasonError) })
	in, feed := io.Pipe()
	defer in.Close()
	out := socketWriter{ctx: ctx, conn: conn, terminal: !plain}
	if plain {
		go s.readInput(ctx, conn, feed, nil, log, cancel)
		err = s.hub.RunPlain(ctx, l, out, "\n", func(w io.Writer) error {
			return s.cfg.Accessible(ctx, v.member, l.Input(in, s.cfg.Now), w, false, plainWidth)
		})
	} else {
		s.chooseScreens(v)
		member := v.member
		cols, rows := clampSize(hello.Cols, hello.Rows)
		model := ui.New(ui.Options{Course: s.cfg.Course, Store: live.LoggedRecords(s.cfg.Members, log), Now: s.cfg.Now,
			Dark: hello.Dark, Member: &member, Pages: s.pages})
		opts := []tea.ProgramOption{tea.WithWindowSize(cols, rows),
			tea.WithEnvironment([]string{"TERM=xterm-256color", "COLORTERM=truecolor"}), tea.WithColorProfile(colorprofile.TrueColor)}
		var code int
		code, err = s.hub.RunScreens(ctx, l, model, in, out, opts, func(p *tea.Program) {
			go s.readInput(ctx, conn, feed, p, log, cancel)
		})
		if err == nil && code != 0 {
			conn.Close(websocket.StatusInternalError, reasonError)
			return
		}
	}
	if errors.Is(err, live.ErrClosing) {
		conn.Close(websocket.StatusTryAgainLater, reasonClosing)
		return
	}
	reason := reasonEnded
	if l.Ended() == live.EndClosing {
		reason = reasonClosing
	}
	conn.Close(websocket.StatusNormalClosure, reason)
}

// plainWidth is the width the plain text course wraps at on the plain
// page: none that a paragraph reaches, as the browser wraps the lines to
// the window, and a screen reader reads each line it is sent as a line.
func plainWidth() int { return 100000 }

// chooseScreens remembers that the member chose the screens, as choosing
// them from the plain text course does.
func (s *Server) chooseScreens(v visitor) {
	if s.cfg.Accessible == nil || !s.prefersPlain(v) {
		return
	}
	if err := s.cfg.Members.SetAccessible(v.member.Number, false); err != nil {
		s.log.Error("saving the member's choice of mode", "member", v.member.Number, "err", err.Error())
	}
}

// readHello reads the page's first message, which says its size.
func readHello(ctx context.Context, conn *websocket.Conn) (message, error) {
	ctx, cancel := context.WithTimeout(ctx, helloWait)
	defer cancel()
	m, err := readMessage(ctx, conn)
	if err == nil && m.T != "hello" {
		err = fmt.Errorf("the first message was %q", m.T)
	}
	return m, err
}

func readMessage(ctx context.Context, conn *websocket.Conn) (message, error) {
	var m message
	typ, data, err := conn.Read(ctx)
	if err != nil {
		return m, err
	}
	if typ != websocket.MessageText {
		return m, errors.New("a binary message")
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, errors.New("a message that is not JSON")
	}
	return m, nil
}

// readInput passes what the page sends to the session: keys to feed, and
// sizes and schemes to p (nil for the plain text course, which has no
// screen). The session ends when the socket does, or sends what the
// course does not take.
func (s *Server) readInput(ctx context.Context, conn *websocket.Conn, feed *io.PipeWriter, p *tea.Program, log *slog.Logger, cancel context.CancelFunc) {
	defer cancel()
	defer feed.Close()
	defer live.Recovered(log, "reading a browser's input", nil)
	for {
		m, err := readMessage(ctx, conn)
		switch {
		case err == nil:
		case websocket.CloseStatus(err) != -1, errors.Is(err, io.EOF), ctx.Err() != nil:
			return // the page closed, or the session ended
		default:
			// Too large (the library has closed the socket), or not a
			// message the page sends.
			log.Warn("closing a socket that sent what the course does not take", "err", err.Error())
			conn.Close(websocket.StatusPolicyViolation, "The page sent what the course does not take.")
			return
		}
		switch m.T {
		case "in":
			if _, err := feed.Write([]byte(m.D)); err != nil {
				return
			}
		case "size":
			if p != nil {
				cols, rows := clampSize(m.Cols, m.Rows)
				p.Send(tea.WindowSizeMsg{Width: cols, Height: rows})
			}
		case "dark":
			if p != nil {
				var bg color.Color = color.White
				if m.Dark {
					bg = color.Black
				}
				p.Send(tea.BackgroundColorMsg{Color: bg})
			}
		}
	}
}

// socketWriter sends what the course writes to the page, a message for
// each write. A write waits while the page does not read: the hub closes
// such a session (see live.Session.Stalled).
// For the screens, each line feed becomes CR LF, as a terminal's own
// line discipline (and SSH's emulated one) makes it: xterm.js, like any
// terminal, moves down a line on LF alone.
type socketWriter struct {
	ctx      context.Context
	conn     *websocket.Conn
	terminal bool
}

func (w socketWriter) Write(p []byte) (int, error) {
	msg := p
	if w.terminal {
		msg = bytes.ReplaceAll(msg, []byte("\n"), []byte("\r\n"))
		msg = bytes.ReplaceAll(msg, []byte("\r\r\n"), []byte("\r\n"))
	}
	if err := w.conn.Write(w.ctx, websocket.MessageBinary, msg); err != nil {
		return 0, err
	}
	return len(p), nil
}

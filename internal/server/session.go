package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	"github.com/anmitsu/go-shlex"
	"github.com/charmbracelet/x/ansi"

	"course/internal/live"
	"course/internal/record"
	"course/internal/throttle"
	"course/internal/ui"
)

// middleware is the session, one middleware for each concern, in the
// order wish composes them: the last listed runs first. Each serves a
// session itself (or refuses it) or passes it on to the next.
func (s *Server) middleware() []wish.Middleware {
	return []wish.Middleware{
		s.course,          // a member's course: screens, or plain lines of text
		s.enrolment,       // no key, or a key the course does not know yet
		s.officerCommands, // an officer's commands; anyone else's refused
		s.admission,       // who is calling, and whether there is room
		s.recovering,      // a panic ends its session, never the server
		s.counting,        // closing waits for every session
	}
}

// caller is who opened a session, as admission found them.
type caller struct {
	fingerprint string // "" when no key was offered
	addr        string
	officer     bool
	known       bool // the key is enrolled for member
	member      record.Member
	command     []string // the command line, split into words
	log         *slog.Logger
}

// callerOf is who opened sess.
func callerOf(sess ssh.Session) *caller { return stateOf(sess).caller }

// counting counts the session as open, so that closing waits for it.
func (s *Server) counting(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		s.sessions.Add(1)
		defer s.sessions.Done()
		s.active.Add(1)
		defer s.active.Add(-1)
		next(sess)
	}
}

// recovering ends a session that panics, with a word to the person at the
// other end, and lets the server carry on; as every answer is saved when it
// is given, nothing is lost.
func (s *Server) recovering(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		log := s.log.With("addr", host(sess.RemoteAddr()), "key", keyOf(sess.Context()))
		defer live.Recovered(log, "in a session", func() { tellAndEnd(sess, live.StoppedOnAnError) })
		next(sess)
	}
}

// tellAndEnd tells the person at the other end why their session ends, in
// their window when it is a terminal, and ends it with status 1.
func tellAndEnd(sess ssh.Session, msg string) {
	if _, _, ok := sess.Pty(); ok {
		fmt.Fprint(sess, live.Lines(msg))
		sess.Exit(1)
		return
	}
	refuse(sess, msg)
}

// admission finds who is calling, by their key, and lets the session in
// if there is room for them. Members have the room the server was given;
// officers are not counted, so that they can always reach the records;
// people the course does not know yet have a share of it of their own, so
// that however many of them come, members still get in.
func (s *Server) admission(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		st := stateOf(sess)
		if st == nil { // every session channel has its state (see sessionChannel)
			refuse(sess, "This server gives the course only.")
			return
		}
		c := &caller{addr: host(sess.RemoteAddr())}
		if k := sess.PublicKey(); k != nil {
			c.fingerprint = Fingerprint(k)
		}
		c.log = s.log.With("addr", c.addr, "key", c.fingerprint)
		started := s.cfg.Now()
		if s.hub.Closing() {
			refuse(sess, closingNow)
			return
		}
		c.officer = s.isOfficer(c.fingerprint)
		if c.fingerprint != "" {
			var err error
			c.member, c.known, err = s.cfg.Members.KeyMember(c.fingerprint)
			if err != nil {
				c.log.Error("looking up a key", "err", err.Error())
				refuse(sess, "The course cannot read its records just now. Please try again in a few minutes, and tell the monitoring officer if this goes on.")
				return
			}
		}
		switch {
		case c.known:
			open, ok := s.hub.OpenMember()
			defer s.hub.CloseMember()
			if !ok {
				c.log.Warn("refused: the course is full", "sessions", open)
				refuse(sess, fmt.Sprintf("The course is full just now: %s connected, the most it takes at once. Please try again in a few minutes.", people(open)))
				return
			}
			c.log = c.log.With("member", c.member.Number)
		case c.officer:
			c.log = c.log.With("officer", true)
		default:
			if !s.gate.openUnknown(c.addr) {
				s.quiet.Note("refused: too many sessions of keys the course does not know", c.addr)
				refuse(sess, "The course is busy just now. Please try again in a few minutes.")
				return
			}
			defer s.gate.closeUnknown(c.addr)
		}
		st.caller = c
		c.log.Info("connected")
		defer func() { c.log.Info("disconnected", "seconds", int(s.cfg.Now().Sub(started).Seconds())) }()
		next(sess)
	}
}

// closingNow refuses a session that comes as the server closes.
const closingNow = "The course is closing for maintenance. Please connect again later."

// officerCommands runs an officer's command line, and "help" for an
// officer's key that is not also a member's and connects without one. It
// refuses anyone else's command but the member's "accessible".
func (s *Server) officerCommands(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		c := callerOf(sess)
		cmd, err := shlex.Split(sess.RawCommand(), true)
		c.command = cmd
		switch {
		case err != nil:
			c.log.Info("refused: a command that cannot be read")
			refuse(sess, "That command cannot be read: a quotation mark is not closed. Put a name in double quotes, or name a member by number (see 'members list').")
		case c.officer && len(cmd) > 0:
			s.runCommand(sess, cmd, c)
		case c.officer && !c.known:
			fmt.Fprint(sess, live.Lines("This key is a monitoring officer's key."))
			s.runCommand(sess, []string{"help"}, c)
		case len(cmd) == 0, c.known && slices.Equal(cmd, []string{"accessible"}) && s.cfg.Accessible != nil:
			next(sess)
		case c.fingerprint == "":
			c.log.Info("refused: a command without a key")
			refuse(sess, s.noKeyHelp(0))
		default:
			c.log.Warn("refused: a command from a key that is not an officer's", "command", firstWord(cmd))
			refuse(sess, "This key cannot run commands: they are for the monitoring officer's keys. "+
				"To take the course, connect without a command: "+s.cfg.Connect+
				" (or "+strings.Replace(s.cfg.Connect, "ssh ", "ssh -t ", 1)+" accessible, for the course as plain lines of text).")
		}
	}
}

// enrolment serves a computer that offered no key (how to make one) and a
// key the course does not know yet (the enrolment screen, where a member
// types the code they were sent).
func (s *Server) enrolment(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		c := callerOf(sess)
		switch {
		case c.known:
			next(sess)
		case c.fingerprint == "":
			s.runNoKey(sess, c.log)
		case s.needsTerminal(sess, c):
			l := live.NewSession(live.Screens, "", c.fingerprint, c.addr, s.cfg.Now())
			s.runScreens(sess, l, c.log, ui.NewEnrolment(ui.EnrolOptions{
				Course:      s.courseOptions(nil),
				Fingerprint: c.fingerprint,
				Connect:     s.connectCommand(),
				Redeem:      s.redeemer(sess, l, c.fingerprint, c.log),
			}))
		}
	}
}

// course gives a member the course: as plain lines of text when they ask
// for it (ssh -t HOST accessible) or chose it last time, else its screens.
// It is the last: it serves every session that reaches it.
func (s *Server) course(ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		c := callerOf(sess)
		switch {
		case len(c.command) > 0: // "accessible", the one officerCommands lets through
			s.runAccessible(sess, c)
		case !s.needsTerminal(sess, c):
		case s.cfg.Accessible != nil && s.prefersAccessible(c.member, c.log):
			s.runAccessible(sess, c)
		default:
			member := c.member
			s.runScreens(sess, live.NewSession(live.Screens, member.Number, c.fingerprint, c.addr, s.cfg.Now()), c.log,
				ui.New(s.courseOptions(&member)))
		}
	}
}

// needsTerminal says the session has a terminal to draw screens on, and
// refuses it when not.
func (s *Server) needsTerminal(sess ssh.Session, c *caller) bool {
	if _, _, ok := sess.Pty(); ok {
		return true
	}
	c.log.Info("refused: no terminal")
	refuse(sess, "The course shows its screens in a terminal, and this connection has none. "+
		"Connect from a terminal window (PowerShell, Terminal): "+s.cfg.Connect+", or "+strings.Replace(s.cfg.Connect, "ssh ", "ssh -t ", 1)+" accessible for the course as plain lines of text.")
	return false
}

// follow sets up l to be ended by the hub: its connection, its context,
// its key and its input's clock. The context ends too when the session's
// channel closes, which ends no connection's context when the connection
// carries on. It returns the session's input and the context to run it in.
func (s *Server) follow(sess ssh.Session, l *live.Session, log *slog.Logger) (context.Context, context.CancelFunc, io.Reader) {
	ctx, cancel := context.WithCancel(sess.Context())
	closeConn := func() { sess.Close() }
	st := stateOf(sess)
	if st != nil && st.conn != nil && st.conn.conn != nil {
		closeConn = func() { st.conn.conn.Close() }
	}
	l.Follow(log, cancel, closeConn)
	s.watchKey(l, host(sess.RemoteAddr()))
	if st != nil {
		go func() {
			defer live.Recovered(log, "watching a session's channel", cancel)
			select {
			case <-st.closed:
				cancel()
			case <-ctx.Done():
			}
		}()
	}
	return ctx, cancel, l.Input(sess, s.cfg.Now)
}

// connectCommand is the command that reaches the server, or "" when it
// is not known (the member is then told to connect as they did now).
func (s *Server) connectCommand() string {
	if s.cfg.Connect == defaultConnect {
		return ""
	}
	return s.cfg.Connect
}

// courseOptions are the options of a member's course session.
func (s *Server) courseOptions(member *record.Member) ui.Options {
	return ui.Options{Course: s.cfg.Course, Store: live.LoggedRecords(s.cfg.Members, s.log), Now: s.cfg.Now, Dark: true, Member: member, Pages: s.pages}
}

// runScreens runs a session's screens (see live.Hub.RunScreens) until the
// member quits, the session reaches a limit, the server closes, or the
// session or its connection closes. Window changes come from the
// session's windowFeed, as the SSH library's channel of them, which wish
// reads, is never fed (see screenRequests); the window's size was checked
// as it came (see screen).
func (s *Server) runScreens(sess ssh.Session, l *live.Session, log *slog.Logger, model tea.Model) {
	ctx, cancel, _ := s.follow(sess, l, log)
	defer cancel()
	st := stateOf(sess)
	code, err := s.hub.RunScreens(ctx, l, model, sess, sess, bubbletea.MakeOptions(sess), func(p *tea.Program) {
		if st != nil {
			go followWindow(ctx, st.window, p, log, cancel)
		}
	})
	if errors.Is(err, live.ErrClosing) {
		refuse(sess, closingNow)
		return
	}
	sess.Exit(code)
}

// followWindow passes each change of the member's window size to p, until
// ctx ends. A panic here ends the session (with stop), not the server.
func followWindow(ctx context.Context, windows *windowFeed, p *tea.Program, log *slog.Logger, stop func()) {
	defer live.Recovered(log, "following a window's size", stop)
	for {
		select {
		case <-ctx.Done():
			return
		case <-windows.changed:
			w := windows.get()
			p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
		}
	}
}

// redeemer binds the session's key to the member whose enrolment code is
// typed, with wrong codes limited by key and by address.
func (s *Server) redeemer(sess ssh.Session, l *live.Session, fingerprint string, log *slog.Logger) func(string) (record.Member, error) {
	byKey, byAddress := "key "+fingerprint, throttle.Address(sess.RemoteAddr())
	key := sess.PublicKey()
	fail := func() {
		s.cfg.Throttle.Fail(byKey)
		s.cfg.AddressThrottle.Fail(byAddress)
	}
	return func(code string) (record.Member, error) {
		okKey, waitKey := s.cfg.Throttle.Allow(byKey)
		okAddress, waitAddress := s.cfg.AddressThrottle.Allow(byAddress)
		if !okKey || !okAddress {
			wait := max(waitKey, waitAddress)
			log.Warn("enrolment code refused: too many wrong codes", "wait_seconds", int(wait.Seconds()))
			return record.Member{}, sentence(fmt.Sprintf("Too many wrong codes have been typed from this computer or its network. Wait %s, then try again.", live.Duration(max(wait, time.Minute))))
		}
		m, err := s.cfg.Members.Redeem(code, key, "enrolled over SSH")
		switch {
		case err == nil:
			s.cfg.Throttle.Succeed(byKey) // the address's other tries still count
			s.hub.Bind(l, m.Number)
			log.Info("key enrolled", "member", m.Number)
			return m, nil
		case errors.Is(err, record.ErrInviteUnknown):
			fail()
			log.Warn("wrong enrolment code")
			return m, sentence("That code is not right. Check it against your letter or email and type it again.")
		case errors.Is(err, record.ErrInviteMalformed):
			return m, sentence("That is not an enrolment code: a code has 12 letters and digits, like ABCD-EFGH-JKMN. Check it against your letter or email and type it again.")
		case errors.Is(err, record.ErrInviteReplaced):
			log.Warn("replaced enrolment code")
			return m, sentence("That code was replaced by a newer one. Type the code from the latest letter or email.")
		case errors.Is(err, record.ErrKeyBound):
			log.Warn("enrolment of a key already enrolled for another member")
			return m, sentence("This key is already enrolled for another member. Each member needs a key of their own: make one with ssh-keygen, or ask the monitoring officer.")
		case errors.Is(err, record.ErrInviteExpired):
			log.Warn("expired enrolment code")
			return m, sentence("That code has expired. Ask for a new one, and type it here when it comes.")
		case errors.Is(err, record.ErrInviteUsed):
			fail()
			log.Warn("enrolment code used again")
			return m, sentence("That code has already been used to enrol a key. If that was not you, tell whoever sent you the code at once.")
		default:
			log.Error("enrolment failed", "err", err.Error())
			return m, sentence(fmt.Sprintf("The code could not be checked: %s Try again in a minute.", record.Reason(err)))
		}
	}
}

// sentence is a problem told to the member as it is: a whole sentence.
type sentence string

func (s sentence) Error() string { return string(s) }

// runCommand runs an officer's command with its input and output on the
// officer's computer.
// It is stopped if the key leaves the officers' file while it runs.
func (s *Server) runCommand(sess ssh.Session, args []string, c *caller) {
	started := s.cfg.Now()
	l := live.NewSession(live.Command, "", c.fingerprint, c.addr, started)
	ctx, cancel, _ := s.follow(sess, l, c.log)
	defer cancel()
	stdout, stderr := l.Watch(sess), l.Watch(sess.Stderr())
	var code int
	ctx = withTerminal(ctx, stateOf(sess))
	err := s.hub.RunCommand(l, func() { code = s.cfg.Commands(ctx, args, sess, stdout, stderr) })
	if err != nil {
		refuse(sess, closingNow)
		return
	}
	c.log.Info("officer's command", "command", s.cfg.CommandName(args), "exit", code, "seconds", int(s.cfg.Now().Sub(started).Seconds()))
	sess.Exit(code)
}

// prefersAccessible says the member chose the course as plain lines of
// text, the last time they took it.
func (s *Server) prefersAccessible(member record.Member, log *slog.Logger) bool {
	on, err := s.cfg.Members.Accessible(member.Number)
	if err != nil {
		log.Error("reading the member's choice of mode", "err", err.Error())
	}
	return on
}

// runAccessible runs the course as plain lines of text: no screen is
// drawn, so the session's size is read as each part is written, and the
// hub keeps its clock.
func (s *Server) runAccessible(sess ssh.Session, c *caller) {
	_, _, raw := sess.Pty()
	member, log := c.member, c.log
	l := live.NewSession(live.PlainText, member.Number, c.fingerprint, c.addr, s.cfg.Now())
	ctx, cancel, input := s.follow(sess, l, log)
	defer cancel()
	eol := "\n"
	if raw {
		eol = "\r\n"
	}
	current := func() int { return 0 }
	if st := stateOf(sess); st != nil && raw {
		current = func() int { return st.window.get().Width }
	}
	err := s.hub.RunPlain(ctx, l, sess, eol, func(out io.Writer) error {
		return s.cfg.Accessible(ctx, member, input, out, raw, current)
	})
	if err != nil {
		refuse(sess, closingNow)
		return
	}
	sess.Exit(0)
}

// noKeyHelp is for a computer that offered no key: how to make one, as
// plain text wrapped to width (0: not wrapped).
func (s *Server) noKeyHelp(width int) string {
	text := strings.Join(ui.NoKeyHelp(s.cfg.Course), "\n\n")
	if width > 0 {
		text = ansi.Wrap(text, min(width, 80), "")
	}
	return text
}

// runNoKey tells a computer that offered no key how to make one. Nothing
// else can be done without a key, so no screens are run for it: the text
// is written and the session ends at a key press, or after noKeyWait.
func (s *Server) runNoKey(sess ssh.Session, log *slog.Logger) {
	if _, _, hasTerminal := sess.Pty(); !hasTerminal {
		log.Info("refused: no key and no terminal")
		refuse(sess, s.noKeyHelp(0))
		return
	}
	log.Info("no key")
	width := 80
	if st := stateOf(sess); st != nil {
		width = st.window.get().Width
	}
	fmt.Fprint(sess, live.Lines(s.noKeyHelp(width)+"\n\nPress any key to close."))
	pressed := make(chan struct{})
	go func() {
		defer close(pressed)
		defer live.Recovered(log, "waiting for a key press", nil)
		var b [1]byte
		sess.Read(b[:]) // ends with the session
	}()
	select {
	case <-pressed:
	case <-sess.Context().Done():
	case <-time.After(noKeyWait):
	}
	sess.Exit(0)
}

// noKeyWait is how long the advice for a computer without a key stays.
const noKeyWait = 10 * time.Minute

// people says how many people: "1 person", "3 people".
func people(n int) string {
	if n == 1 {
		return "1 person is"
	}
	return itoa(n) + " people are"
}

func host(addr net.Addr) string {
	if addr == nil {
		return ""
	}
	h, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	return h
}

// firstWord is the command's first word.
func firstWord(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

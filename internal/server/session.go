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
	"charm.land/wish/v2/bubbletea"
	"github.com/anmitsu/go-shlex"
	"github.com/charmbracelet/x/ansi"

	"course/internal/record"
	"course/internal/throttle"
	"course/internal/ui"
)

// handle serves one SSH session: the course, the enrolment screen, or an
// officer's command.
func (s *Server) handle(sess ssh.Session) {
	s.sessions.Add(1)
	defer s.sessions.Done()
	s.active.Add(1)
	defer s.active.Add(-1)

	fingerprint := ""
	if k := sess.PublicKey(); k != nil {
		fingerprint = Fingerprint(k)
	}
	addr := host(sess.RemoteAddr())
	log := s.log.With("addr", addr, "key", fingerprint)
	started := s.cfg.Now()
	if s.isClosing() {
		refuse(sess, "The course is closing for maintenance. Please connect again later.")
		return
	}

	officer := s.isOfficer(fingerprint)
	var member record.Member
	known := false
	if fingerprint != "" {
		var err error
		member, known, err = s.cfg.Members.KeyMember(fingerprint)
		if err != nil {
			log.Error("looking up a key", "err", err.Error())
			refuse(sess, "The course cannot read its records just now. Please try again in a few minutes, and tell the monitoring officer if this goes on.")
			return
		}
	}
	// Members have the room the server was given; officers are not
	// counted, so that they can always reach the records; people the
	// course does not know yet have a share of it of their own, so that
	// however many of them come, members still get in.
	switch {
	case known:
		open := s.members.Add(1)
		defer s.members.Add(-1)
		if s.cfg.Limits.MaxSessions > 0 && open > int64(s.cfg.Limits.MaxSessions) {
			log.Warn("refused: the course is full", "sessions", open-1)
			refuse(sess, fmt.Sprintf("The course is full just now: %s connected, the most it takes at once. Please try again in a few minutes.", people(int(open-1))))
			return
		}
		log = log.With("member", member.Number)
	case officer:
		log = log.With("officer", true)
	default:
		if !s.gate.openUnknown(addr) {
			s.quiet.note("refused: too many sessions of keys the course does not know", addr)
			refuse(sess, "The course is busy just now. Please try again in a few minutes.")
			return
		}
		defer s.gate.closeUnknown(addr)
	}
	log.Info("connected")
	defer func() { log.Info("disconnected", "seconds", int(s.cfg.Now().Sub(started).Seconds())) }()

	cmd, err := shlex.Split(sess.RawCommand(), true)
	if err != nil || len(cmd) > 0 {
		switch {
		case err != nil:
			log.Info("refused: a command that cannot be read")
			refuse(sess, "That command cannot be read: a quotation mark is not closed. Put a name in double quotes, or name a member by number (see 'members list').")
		case officer:
			s.runCommand(sess, cmd, fingerprint, log)
		case known && len(cmd) == 1 && cmd[0] == "accessible" && s.cfg.Accessible != nil:
			s.runAccessible(sess, member, fingerprint, log)
		case fingerprint == "":
			log.Info("refused: a command without a key")
			refuse(sess, s.noKeyHelp(0))
		default:
			log.Warn("refused: a command from a key that is not an officer's", "command", firstWord(cmd))
			refuse(sess, "This key cannot run commands: they are for the monitoring officer's keys. "+
				"To take the course, connect without a command: "+s.cfg.Connect+
				" (or "+strings.Replace(s.cfg.Connect, "ssh ", "ssh -t ", 1)+" accessible, for the course as plain lines of text).")
		}
		return
	}
	_, _, hasTerminal := sess.Pty()
	if officer && !known {
		fmt.Fprint(sess, lines(strings.ReplaceAll(officerHelp, "ssh -p PORT HOST", s.cfg.Connect)))
		sess.Exit(0)
		return
	}
	if fingerprint == "" {
		s.runNoKey(sess, hasTerminal, log)
		return
	}
	if !hasTerminal {
		log.Info("refused: no terminal")
		refuse(sess, "The course shows its screens in a terminal, and this connection has none. "+
			"Connect from a terminal window (PowerShell, Terminal): "+s.cfg.Connect+", or "+strings.Replace(s.cfg.Connect, "ssh ", "ssh -t ", 1)+" accessible for the course as plain lines of text.")
		return
	}
	switch {
	case known && s.cfg.Accessible != nil && s.prefersAccessible(member, log):
		s.runAccessible(sess, member, fingerprint, log)
	case known:
		s.runProgram(sess, newLiveSession(screens, member.Number, fingerprint, addr, s.cfg.Now()), log,
			func(*liveSession) tea.Model { return ui.New(s.courseOptions(&member)) })
	default:
		s.runProgram(sess, newLiveSession(screens, "", fingerprint, addr, s.cfg.Now()), log, func(live *liveSession) tea.Model {
			return ui.NewEnrolment(ui.EnrolOptions{
				Course:      s.courseOptions(nil),
				Fingerprint: fingerprint,
				Connect:     s.connectCommand(),
				Redeem:      s.redeemer(sess, live, fingerprint, log),
			})
		})
	}
}

// follow sets up live to be ended by the server: its connection, its
// context and its input's clock. It returns the session's input and the
// context to run it in.
func (s *Server) follow(sess ssh.Session, live *liveSession) (context.Context, context.CancelFunc, io.Reader) {
	ctx, cancel := context.WithCancel(sess.Context())
	live.cancel = cancel
	live.closeConn = func() { sess.Close() }
	if st := stateOf(sess); st != nil && st.conn != nil && st.conn.conn != nil {
		live.closeConn = func() { st.conn.conn.Close() }
	}
	return ctx, cancel, activity{sess, live, s.cfg.Now}
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
	return ui.Options{Course: s.cfg.Course, Store: loggedRecords{s.cfg.Members, s.log}, Now: s.cfg.Now, Dark: true, Member: member, Pages: s.pages}
}

// runProgram runs a session's screens until the member quits, the session
// reaches a limit, the server closes, or the connection goes.
func (s *Server) runProgram(sess ssh.Session, live *liveSession, log *slog.Logger, model func(*liveSession) tea.Model) {
	ctx, cancel, _ := s.follow(sess, live)
	defer cancel()
	limited := newLimited(model(live), s.cfg.Limits, func() { live.typed(s.cfg.Now()) })
	// The server's own signals are for the server (see Shutdown), not for
	// each session. The window's size was checked as it came (see
	// screen), and output goes through watch, so that a client that stops
	// reading is seen.
	screen := live.watch(sess)
	opts := append(bubbletea.MakeOptions(sess), tea.WithContext(ctx), tea.WithFPS(120), tea.WithoutSignalHandler(),
		tea.WithOutput(screen))
	p := tea.NewProgram(limited, opts...)
	live.program = p
	live.idleText = idleWarning
	live.tell = func(text string, idle bool) { p.Send(noticeMsg{text: text, idle: idle}) }
	if !s.track(live) {
		refuse(sess, "The course is closing for maintenance. Please connect again later.")
		return
	}
	defer s.untrack(live)
	if st := stateOf(sess); st != nil {
		go followWindow(ctx, st.window, func(w ssh.Window) { p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height}) })
	}
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) && ctx.Err() == nil {
		log.Error("the course stopped", "err", err.Error())
	}
	if msg := limited.farewell(); msg != "" {
		log.Info("session ended", "why", limited.ending.String())
		if limited.width > 0 { // the window is the terminal's own again: wrap at words
			msg = ansi.Wrap(msg, limited.width, "")
		}
		fmt.Fprint(screen, lines(msg))
	}
	sess.Exit(0)
}

// followWindow passes each change of the member's window size to resized,
// until ctx ends.
func followWindow(ctx context.Context, windows *windowFeed, resized func(ssh.Window)) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-windows.changed:
			resized(windows.get())
		}
	}
}

// redeemer binds the session's key to the member whose enrolment code is
// typed, with wrong codes limited by key and by address.
func (s *Server) redeemer(sess ssh.Session, live *liveSession, fingerprint string, log *slog.Logger) func(string) (record.Member, error) {
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
			return record.Member{}, sentence(fmt.Sprintf("Too many wrong codes have been typed from this computer or its network. Wait %s, then try again.", duration(max(wait, time.Minute))))
		}
		m, err := s.cfg.Members.Redeem(code, key, "enrolled over SSH")
		switch {
		case err == nil:
			s.cfg.Throttle.Succeed(byKey) // the address's other tries still count
			s.bind(live, m.Number)
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
func (s *Server) runCommand(sess ssh.Session, args []string, fingerprint string, log *slog.Logger) {
	started := s.cfg.Now()
	live := newLiveSession(command, "", fingerprint, host(sess.RemoteAddr()), started)
	ctx, cancel, _ := s.follow(sess, live)
	defer cancel()
	stdout, stderr := live.watch(sess), live.watch(sess.Stderr())
	if !s.track(live) {
		refuse(sess, "The course is closing for maintenance. Please connect again later.")
		return
	}
	defer s.untrack(live)
	code := s.cfg.Commands(ctx, args, sess, stdout, stderr)
	log.Info("officer's command", "command", commandName(args), "exit", code, "seconds", int(s.cfg.Now().Sub(started).Seconds()))
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
// server keeps its clock (see liveSession.checkClock).
func (s *Server) runAccessible(sess ssh.Session, member record.Member, fingerprint string, log *slog.Logger) {
	_, _, raw := sess.Pty()
	live := newLiveSession(plainText, member.Number, fingerprint, host(sess.RemoteAddr()), s.cfg.Now())
	ctx, cancel, input := s.follow(sess, live)
	defer cancel()
	out := &serialWriter{w: live.watch(sess)}
	eol := "\n"
	if raw {
		eol = "\r\n"
	}
	live.idleText = typedIdleWarning
	live.tell = func(text string, _ bool) { io.WriteString(out, eol+text+eol) }
	if !s.track(live) {
		refuse(sess, "The course is closing for maintenance. Please connect again later.")
		return
	}
	defer s.untrack(live)
	current := func() int { return 0 }
	if st := stateOf(sess); st != nil && raw {
		current = func() int { return st.window.get().Width }
	}
	log.Info("accessible course")
	err := s.cfg.Accessible(ctx, member, input, out, raw, current)
	if err != nil && ctx.Err() == nil {
		log.Error("the course stopped", "err", err.Error())
	}
	// The course itself says it is closing; why is said here, but for the
	// server closing, which it has said.
	if why := live.ended(); why != notEnding && why != endClosing {
		log.Info("session ended", "why", why.String())
		live.tell(farewell(why, s.cfg.Limits), false)
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
func (s *Server) runNoKey(sess ssh.Session, hasTerminal bool, log *slog.Logger) {
	if !hasTerminal {
		log.Info("refused: no key and no terminal")
		refuse(sess, s.noKeyHelp(0))
		return
	}
	log.Info("no key")
	width := 80
	if st := stateOf(sess); st != nil {
		width = st.window.get().Width
	}
	fmt.Fprint(sess, lines(s.noKeyHelp(width)+"\n\nPress any key to close."))
	pressed := make(chan struct{})
	go func() {
		var b [1]byte
		sess.Read(b[:]) // ends with the session
		close(pressed)
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

// officerHelp is shown to an officer's key connecting without a command.
const officerHelp = `This key is a monitoring officer's key. Run the officer's commands through ssh, for example:
  ssh -p PORT HOST report
  ssh -p PORT HOST report --format csv > report.csv
  ssh -p PORT HOST export --format xapi > statements.json
  ssh -p PORT HOST members list
  ssh -p PORT HOST members import - < roster.csv
  ssh -p PORT HOST members invite NUMBER
  ssh -p PORT HOST certificate NUMBER > certificate.pdf
  ssh -p PORT HOST verify
  ssh -p PORT HOST verify --certificate CODE
  ssh -p PORT HOST sync-status
  ssh -p PORT HOST backup > records-backup.db
ssh -p PORT HOST help lists every command.`

// lines ends every line of msg with CR LF, which a terminal in raw mode
// needs to start the next line at its left edge.
func lines(msg string) string {
	return strings.ReplaceAll(strings.TrimRight(msg, "\n"), "\n", "\r\n") + "\r\n"
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

// commandName is the command's name and its subcommands' ("members keys
// remove"), which is all that is logged of it: its other words may name a
// member.
func commandName(args []string) string {
	name := firstWord(args)
	subcommands := map[string][]string{
		"members":      {"list", "add", "import", "erase", "invite", "keys"},
		"members keys": {"add", "list", "remove"},
	}
	for _, a := range args[1:] {
		if !slices.Contains(subcommands[name], a) {
			break
		}
		name += " " + a
	}
	return name
}

// firstWord is the command's first word.
func firstWord(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

func (e ending) String() string {
	return [...]string{"quit", "idle", "maximum time", "server closing", "opened elsewhere", "key removed"}[e]
}

// Package linear is the course as a linear transcript, for screen readers
// and other assistive technology: each screen is printed once as plain
// lines, and input is read a line at a time. Nothing is redrawn; there is
// no alternate screen, cursor movement, colour, box drawing or decoration.
// Every prompt says what can be typed, and every screen says where the
// learner is ("Module 3 of 7, Keeping you safe. Page 2 of 9.").
//
// It takes the same course and writes the same events as the full-screen
// course (internal/ui), through the same rules (internal/coursework, quiz,
// progress), with one difference: its events carry Mode
// record.ModeAccessible. It uses plain io, so that it runs on a local
// terminal, a pipe, or an SSH session alike; it must not import bubbletea
// or lipgloss.
package linear

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"course/internal/coursework"
	"course/internal/modules"
	"course/internal/record"
	"course/internal/safetext"
)

// Records is what the linear course needs from the record file.
type Records interface {
	coursework.Records
	Accessible(member string) (bool, error)
	SetAccessible(member string, on bool) error
}

// Options configure a linear course session.
type Options struct {
	// In is read a line at a time; Out gets the transcript.
	In  io.Reader
	Out io.Writer
	// Raw says In and Out are a terminal that does not edit lines itself,
	// such as an SSH session's PTY: Run then echoes what is typed, takes
	// backspace, and ends lines with "\r\n".
	Raw bool
	// Width is the terminal's width now, read before each screen; nil or 0
	// means 80.
	Width  func() int
	Course *modules.Course
	Store  Records
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Rand orders quiz options (a refresher's questions are drawn from the
	// record); nil means a new random order every run.
	Rand *rand.Rand
	// Member, when not empty, is the number of the member taking the
	// course, already known (by their SSH key, say): choosing and
	// registering are skipped, and changing member is not offered.
	Member string
	// StartRefresher goes to a refresher quiz once the member is known.
	StartRefresher bool
	// CertificateFolder says where the certificate is saved as a PDF (see
	// certificate.Folder). nil does not offer it, as where the file would
	// not reach the member (on the council's course server).
	CertificateFolder func() (string, error)
	// HandIn saves the member's hand-in, a file of their records for the
	// council, and returns where it is (see internal/handin). nil does not
	// offer it, as where the records are the council's already (on the
	// council's course server).
	HandIn func(member string) (coursework.HandedIn, error)
	// CarryOn is the command that starts this course again, such as
	// "course --accessible": when the course is interrupted (ctrl+c) it
	// says to run it to carry on. "" says the course is closing instead,
	// as on the council's course server, where the server closes it.
	CarryOn string
	// FromEnvironment says $ACCESSIBLE asked for this plain text course,
	// so that the course starts so again until it is unset: how to take
	// the full-screen course says so.
	FromEnvironment bool
}

// ErrUnknownMember says Options.Member is not on the record.
var ErrUnknownMember = errors.New("member not on the record")

// Run takes the course with the learner until they quit or the input
// ends (nil), or ctx is cancelled (ctx's error, after saying the course is
// closing). Everything the transcript says is saved is on the record
// before it says so.
func Run(ctx context.Context, o Options) error {
	s := newSession(o)
	defer close(s.in.stop)
	err := s.run(ctx)
	switch {
	case errors.Is(err, errClosing):
		switch {
		case s.o.CarryOn == "":
			s.say("", "The course is closing. Your answers are saved.")
		case s.member.Number == "":
			s.say("", "Stopped. Nothing was saved: nobody was chosen. Type "+whole(s.o.CarryOn)+" to start again.")
		default:
			s.say("", "Stopped. Your answers are saved. Type "+whole(s.o.CarryOn)+" to carry on where you left off.")
		}
		return ctx.Err()
	case errors.Is(err, errEnded), errors.Is(err, errQuit):
		if s.member.Number == "" {
			s.say("", "Goodbye.") // nobody chosen or registered: nothing to save
		} else {
			s.say("", "Goodbye. Your answers are saved.")
		}
		return nil
	}
	return err
}

// errQuit says the learner asked to quit.
var errQuit = errors.New("quit")

type session struct {
	o      Options
	c      *modules.Course
	store  Records
	now    func() time.Time
	rand   *rand.Rand
	p      *printer
	in     *lines
	ctx    context.Context
	member record.Member
	st     coursework.Standing
	// listContents says the contents are read out in full when next
	// shown: once for each member, and when they ask.
	listContents bool
}

func newSession(o Options) *session {
	s := &session{o: o, c: o.Course, store: o.Store, now: o.Now, rand: o.Rand}
	if s.now == nil {
		s.now = time.Now
	}
	if s.rand == nil {
		s.rand = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	s.p = &printer{out: o.Out, width: o.Width, eol: "\n"}
	if o.Raw {
		s.p.eol = "\r\n"
		s.in = readRaw(o.In, s.p)
	} else {
		s.in = readLines(o.In)
	}
	return s
}

func (s *session) say(paragraphs ...string) { s.p.say(paragraphs...) }

// ask prints a prompt and reads the answer, trimmed. An answer of "quit"
// ends the course wherever it is typed. A line too long to keep is asked
// for again.
func (s *session) ask(prompt string) (string, error) {
	s.say(prompt)
	line, err := s.in.next(s.ctx)
	for errors.Is(err, errTooLong) {
		s.say(fmt.Sprintf("That line was too long: type at most %d characters.", maxLine), prompt)
		line, err = s.in.next(s.ctx)
	}
	if err != nil {
		return "", err
	}
	line = strings.TrimSpace(line)
	switch strings.ToLower(line) {
	case "quit", "exit", "q":
		return "", errQuit
	}
	return line, nil
}

func (s *session) run(ctx context.Context) error {
	s.ctx = ctx
	s.welcome()
	if s.o.Member != "" {
		if err := s.knownMember(s.o.Member); err != nil {
			return err
		}
	} else if err := s.chooseMember(); err != nil {
		return err
	}
	if s.o.StartRefresher {
		// The contents come next in any case, read out in full.
		if err := s.refresher(); err != nil && !errors.Is(err, errContents) {
			return err
		}
	}
	return s.contents()
}

func (s *session) welcome() {
	w := s.c.Welcome
	paras := []string{safetext.Inert(w.Heading), safetext.Inert(s.c.Subtitle()), "", safetext.InertLines(w.Text)}
	if w.Rule != "" {
		paras = append(paras, "", safetext.InertLines(w.Rule))
	}
	paras = append(paras, "",
		"This is the course as plain lines of text, for screen readers. Each screen is printed once. "+
			"Type your answer at each prompt and press enter. Type help at any prompt to hear what you can type, and quit to stop: each answer is saved the moment you give it.")
	s.say(paras...)
}

// knownMember starts the course for a member the caller has identified.
func (s *session) knownMember(number string) error {
	members, err := coursework.ActiveMembers(s.store)
	if err != nil {
		return err
	}
	for _, m := range members {
		if m.Number == number {
			return s.start(m)
		}
	}
	return fmt.Errorf("%w: %s", ErrUnknownMember, number)
}

// start makes m the member taking the course.
func (s *session) start(m record.Member) error {
	s.member = m
	s.listContents = true
	_ = s.store.SetLastMember(m.Number) // A convenience only.
	// On the council's course server, where the member is known before
	// anything is shown, the choice is remembered for the next connection.
	if on, err := s.store.Accessible(m.Number); s.o.Member != "" && err == nil && !on {
		if s.store.SetAccessible(m.Number, true) == nil {
			s.say("", "This plain text course is now remembered for you, so that it starts this way next time you connect to the council's course server. Type full screen at the contents to change that.")
		}
	}
	if err := s.reload(); err != nil {
		return err
	}
	s.say("", "Hello, "+safetext.Inert(m.Name)+".")
	return nil
}

// reload reads the member's events and progress from the record.
func (s *session) reload() error {
	st, err := coursework.Load(s.store, s.c, s.member.Number, s.now())
	if err != nil {
		return err
	}
	s.st = st
	return nil
}

// number reads a whole number from 1 to n.
func number(t string, n int) (int, bool) {
	var i int
	if _, err := fmt.Sscanf(t, "%d", &i); err != nil || fmt.Sprint(i) != t || i < 1 || i > n {
		return 0, false
	}
	return i, true
}

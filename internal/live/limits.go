package live

import (
	"strconv"
	"strings"
	"time"
)

// Limits bound sessions.
type Limits struct {
	// MaxSessions is how many members' sessions may be open at once,
	// whichever way they came.
	MaxSessions int
	// Idle closes a course session after this long without a key press.
	Idle time.Duration
	// MaxTime closes a course session after this long.
	MaxTime time.Duration
	// Warning is how long before either the session is told.
	Warning time.Duration
	// Check is how often a session looks at its clock.
	Check time.Duration
	// Grace is how long a closing server waits for sessions to end, and
	// how long a session told to end has before its connection is closed.
	Grace time.Duration
	// Stall closes a session whose client has not taken its output for
	// this long: it has stopped reading.
	Stall time.Duration
	// NoSession closes a connection that has signed in and has no
	// session open for this long.
	NoSession time.Duration
}

// DefaultLimits suit a council: an hour idle, four hours in all, and room
// for every member of a large council at once.
var DefaultLimits = Limits{
	MaxSessions: 200,
	Idle:        time.Hour,
	MaxTime:     4 * time.Hour,
	Warning:     time.Minute,
	Check:       10 * time.Second,
	Grace:       10 * time.Second,
	Stall:       30 * time.Second,
	NoSession:   30 * time.Second,
}

// Ending is why a session ends, other than the member quitting.
type Ending int

const (
	NotEnding Ending = iota
	EndIdle
	EndMaxTime
	EndClosing
	EndTakenOver
	EndKeyRemoved
)

func (e Ending) String() string {
	return [...]string{"quit", "idle", "maximum time", "server closing", "opened elsewhere", "key removed"}[e]
}

// Farewell says why a session ended, or "" when the member quit.
func Farewell(why Ending, l Limits) string {
	switch why {
	case EndIdle:
		return "The course closed after " + Duration(l.Idle) + " without a key press. Your answers are saved: connect again to carry on."
	case EndMaxTime:
		return "The course closed: sessions last at most " + Duration(l.MaxTime) + ". Your answers are saved: connect again to carry on."
	case EndClosing:
		return "The course has closed for maintenance. Your answers are saved: connect again later to carry on."
	case EndTakenOver:
		return "The course was opened in another window, so it has closed here. Your answers are saved: carry on in the other window."
	case EndKeyRemoved:
		return "This computer's key has been removed from the course, so the session has closed. Your answers are saved. Ask the monitoring officer if this is a surprise."
	}
	return ""
}

// IdleWarning, TypedIdleWarning (for the plain text course) and
// MaxTimeWarning are said a minute before a session closes.
const (
	IdleWarning      = "No key has been pressed for a while: this session closes in a minute unless you press a key. Your answers are saved."
	TypedIdleWarning = "No answer has been typed for a while: this session closes in a minute unless you type something. Your answers are saved."
)

// MaxTimeWarning is said a minute before a session reaches its maximum time.
func MaxTimeWarning(l Limits) string {
	return "This session closes in a minute: sessions last at most " + Duration(l.MaxTime) + ". Your answers are saved: connect again to carry on."
}

// closingNotice is shown over a session's screen as the server closes.
const closingNotice = "The course is closing for maintenance. Your answers are saved: connect again later to carry on."

// StoppedOnAnError is what the member reads when their session ends on a
// fault of the server's.
const StoppedOnAnError = "The course stopped on an error. Your answers are saved: connect again to carry on, and tell the monitoring officer if this happens again."

// Duration says d in words: "30 minutes", "4 hours", "1 hour 30 minutes".
func Duration(d time.Duration) string {
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	var parts []string
	if h > 0 {
		parts = append(parts, plural(h, "hour"))
	}
	if m > 0 || h == 0 {
		parts = append(parts, plural(m, "minute"))
	}
	return strings.Join(parts, " ")
}

func plural(n int, unit string) string {
	s := strconv.Itoa(n) + " " + unit
	if n != 1 {
		s += "s"
	}
	return s
}

// Lines ends every line of msg with CR LF, which a terminal in raw mode
// needs to start the next line at its left edge.
func Lines(msg string) string {
	return strings.ReplaceAll(strings.TrimRight(msg, "\n"), "\n", "\r\n") + "\r\n"
}

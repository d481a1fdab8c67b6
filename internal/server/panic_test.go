package server

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"course/internal/record"
)

// records is Members under a name that does not hide its Members method.
type records Members

// panicky is the record file with faults put in by the test: reading the
// progress of one member panics, and so does looking up any key while
// keys is set.
type panicky struct {
	records
	mu     sync.Mutex
	member string
	keys   bool
}

func (p *panicky) set(member string, keys bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.member, p.keys = member, keys
}

func (p *panicky) MemberEvents(member string) ([]record.Event, error) {
	p.mu.Lock()
	bad := member == p.member
	p.mu.Unlock()
	if bad {
		panic("a fault put in by the test")
	}
	return p.records.MemberEvents(member)
}

func (p *panicky) KeyMember(fingerprint string) (record.Member, bool, error) {
	p.mu.Lock()
	bad := p.keys
	p.mu.Unlock()
	if bad {
		panic("a fault put in by the test")
	}
	return p.records.KeyMember(fingerprint)
}

// withPanicky puts p between the server and its record file.
func withPanicky(p *panicky) serverOption {
	return func(c *Config) {
		p.records = c.Members
		c.Members = p
	}
}

// TestPanicInACourseEndsOnlyThatSession: a panic in one member's screens
// ends their session with a word to them and a line in the log; the other
// members' sessions go on, and new ones are served.
func TestPanicInACourseEndsOnlyThatSession(t *testing.T) {
	faults := &panicky{}
	ts := startServer(t, withPanicky(faults))
	_, steadyKey := ts.member("Robin Hart")
	steady := ts.open(steadyKey, 80, 24)
	steady.waitFor(ts.course.Modules[0].Title)

	m, key := ts.member("Siân Ellis")
	faults.set(m.Number, false)
	broken := ts.open(key, 80, 24)
	if status := broken.waitEnd(); status != 1 {
		t.Errorf("the session that panicked ended with status %d, want 1", status)
	}
	if !strings.Contains(broken.all(), "The course stopped on an error. Your answers are saved") {
		t.Errorf("the member was not told:\n%s", broken.all())
	}
	if log := ts.logText(); !strings.Contains(log, "the course stopped on a panic") || !strings.Contains(log, "member="+m.Number) {
		t.Errorf("the panic is not in the log, with whose session it ended:\n%s", log)
	}

	steady.send("1")
	steady.waitFor("t quiz")
	_, otherKey := ts.member("Dee Jones")
	other := ts.open(otherKey, 80, 24)
	other.waitFor("Dee Jones", ts.course.Modules[0].Title)
	other.waitUntil(func() bool { return ts.srv.open() == 2 }, "the session that panicked to be gone")
}

// TestPanicInTheServersCodeEndsOnlyThatSession: a panic in the server's
// own code for a session (here, the plain text course) ends that session;
// the server goes on serving.
func TestPanicInTheServersCodeEndsOnlyThatSession(t *testing.T) {
	ts := startServer(t, func(c *Config) {
		c.Accessible = func(context.Context, record.Member, io.Reader, io.Writer, bool, func() int) error {
			panic("a fault put in by the test")
		}
	})
	_, steadyKey := ts.member("Robin Hart")
	steady := ts.open(steadyKey, 80, 24)
	steady.waitFor(ts.course.Modules[0].Title)

	_, key := ts.member("Siân Ellis")
	broken := ts.openCommand(ts.dial(key), "accessible", 80, 24)
	if status := broken.waitEnd(); status != 1 {
		t.Errorf("the session that panicked ended with status %d, want 1", status)
	}
	if !strings.Contains(broken.all(), "The course stopped on an error.") {
		t.Errorf("the member was not told:\n%s", broken.all())
	}
	if log := ts.logText(); !strings.Contains(log, `msg="panic in a session"`) || !strings.Contains(log, "a fault put in by the test") {
		t.Errorf("the panic is not in the log:\n%s", log)
	}
	steady.send("1")
	steady.waitFor("t quiz")
	steady.waitUntil(func() bool { return ts.srv.open() == 1 }, "the session that panicked to be gone")
}

// TestPanicInTheServersClockIsLoggedAndTheClockGoesOn: a panic while the
// server looks at its sessions is logged, and the next look is made, so
// that the sessions' limits still hold.
func TestPanicInTheServersClockIsLoggedAndTheClockGoesOn(t *testing.T) {
	faults := &panicky{}
	ts := startServer(t, withPanicky(faults), func(c *Config) { c.Limits.Check = 20 * time.Millisecond })
	m, key := ts.member("Robin Hart")
	term := ts.open(key, 80, 24)
	term.waitFor(ts.course.Modules[0].Title)
	faults.set("", true)
	term.waitUntil(func() bool { return strings.Contains(ts.logText(), `msg="panic checking the sessions"`) }, "the panic to be logged")
	faults.set("", false)
	if _, err := ts.store.RemoveKey(m.Number, Fingerprint(key.PublicKey())); err != nil {
		t.Fatal(err)
	}
	term.waitEnd()
	if !strings.Contains(term.all(), "key has been removed") {
		t.Errorf("the server's clock stopped after the panic:\n%s", term.all())
	}
}

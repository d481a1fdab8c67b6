package server

import (
	"course/internal/live"
	"math/rand/v2"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// Admission: how many connections the server holds that have not yet
// signed in, or have signed in and opened no session, and how many
// sessions may be open for people the course does not yet know, in all
// and from one address. In the spirit of OpenSSH's MaxStartups
// (10:30:100) and PerSourcePenalties: a flood from one address cannot
// fill the server, and members, who are known by their keys, always find
// room. Members in one office may share an address, so nothing here
// limits the connections of people who have signed in and opened a
// session.
const (
	// startupsBegin, startupsRate and startupsFull: past startupsBegin
	// connections that have not signed in, a new one is refused with a
	// chance that grows from startupsRate percent to all of them at
	// startupsFull.
	startupsBegin = 10
	startupsRate  = 30
	startupsFull  = 100
	// startupsPerAddress bounds the connections one address may have
	// signing in at once.
	startupsPerAddress = 10
	// sessionlessPerAddress bounds the signed-in connections one address
	// may hold open with no session (Limits.NoSession is how long one may
	// stay so).
	sessionlessPerAddress = 10
	// unknownPerAddress bounds the sessions of keys the course does not
	// know (or of no key), from one address.
	unknownPerAddress = 10
	// channelsKnown and channelsUnknown bound the sessions open on one
	// connection: OpenSSH's MaxSessions for members and officers, and one
	// for a key the course does not know.
	channelsKnown   = 10
	channelsUnknown = 1
	// refusedChannelsClose closes a connection that has been refused this
	// many sessions.
	refusedChannelsClose = 10
)

// Penalties, as OpenSSH's PerSourcePenalties: each misbehaviour adds time
// to its address's penalty, which runs down as time passes. While it is
// over penaltyRefuse the address may sign in only with a member's or an
// officer's key (members in one office share an address with whoever
// misbehaved); over penaltyRefuseAll, a flood, nothing from it is taken.
const (
	penaltyNoAuth    = time.Second      // closed before signing in
	penaltyRefused   = 5 * time.Second  // refused for being over a limit
	penaltyStalled   = 30 * time.Second // stopped reading its session
	penaltyRefuse    = 15 * time.Second
	penaltyRefuseAll = 5 * time.Minute
	penaltyMax       = 10 * time.Minute
)

// source is what the gate knows of one address.
type source struct {
	startups    int
	sessionless int
	unknown     int
	penalty     time.Duration
	at          time.Time // when penalty was last brought up to date
}

// add adds d to the source's penalty.
func (src *source) add(d time.Duration) { src.penalty = min(penaltyMax, src.penalty+d) }

// gate admits connections and sessions within the limits above. Its clock
// is the real one: the course's own clock is for the course's time limits.
type gate struct {
	noSession  time.Duration
	maxConns   int
	maxUnknown int
	quiet      *live.QuietLog

	mu       sync.Mutex
	conns    int
	startups int
	unknown  int
	sources  map[string]*source
}

func newGate(limits Limits, quiet *live.QuietLog) *gate {
	return &gate{
		noSession:  limits.NoSession,
		maxConns:   2*limits.MaxSessions + startupsFull,
		maxUnknown: max(1, limits.MaxSessions/2),
		quiet:      quiet,
		sources:    map[string]*source{},
	}
}

// sourceLocked is addr's source, its penalty brought up to date.
func (g *gate) sourceLocked(addr string, now time.Time) *source {
	src := g.sources[addr]
	if src == nil {
		src = &source{at: now}
		g.sources[addr] = src
	}
	src.penalty = max(0, src.penalty-now.Sub(src.at))
	src.at = now
	return src
}

// forgetLocked drops an address the gate no longer needs to remember.
func (g *gate) forgetLocked(addr string, src *source) {
	if src.startups == 0 && src.sessionless == 0 && src.unknown == 0 && src.penalty == 0 {
		delete(g.sources, addr)
	}
}

// penalise adds d to addr's penalty.
func (g *gate) penalise(addr string, d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	src := g.sourceLocked(addr, time.Now())
	src.add(d)
}

// admit takes a new connection from addr, or says why not.
func (g *gate) admit(addr string) (*connState, string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	src := g.sourceLocked(addr, time.Now())
	defer g.forgetLocked(addr, src)
	switch {
	case src.penalty > penaltyRefuseAll:
		return nil, "refused: an address that misbehaved"
	case g.conns >= g.maxConns:
		return nil, "refused: too many connections"
	case src.startups >= startupsPerAddress:
		src.add(penaltyRefused)
		return nil, "refused: too many connections signing in from one address"
	case g.startups >= startupsFull:
		return nil, "refused: too many connections signing in"
	case g.startups >= startupsBegin:
		chance := startupsRate + (100-startupsRate)*(g.startups-startupsBegin)/(startupsFull-startupsBegin)
		if rand.IntN(100) < chance {
			return nil, "refused: too many connections signing in"
		}
	}
	g.conns++
	g.startups++
	src.startups++
	return &connState{gate: g, addr: addr, penalised: src.penalty > penaltyRefuse}, ""
}

// openUnknown takes a session of a key the course does not know (or of no
// key) from addr, or says no.
func (g *gate) openUnknown(addr string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	src := g.sourceLocked(addr, time.Now())
	if g.unknown >= g.maxUnknown || src.unknown >= unknownPerAddress {
		src.add(penaltyRefused)
		return false
	}
	g.unknown++
	src.unknown++
	return true
}

func (g *gate) closeUnknown(addr string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	src := g.sourceLocked(addr, time.Now())
	g.unknown--
	src.unknown--
	g.forgetLocked(addr, src)
}

// connState is one connection as the gate keeps it.
type connState struct {
	gate *gate
	addr string
	conn net.Conn
	// penalised: the address had misbehaved when the connection came, so
	// only a member's or an officer's key may sign in.
	penalised       bool
	refusedChannels atomic.Int32

	// Guarded by gate.mu.
	signedIn bool
	closed   bool
	channels int
	idle     bool // counted as sessionless, with timer running
	timer    *time.Timer

	// kind is who signed in, found when the first session opens.
	kindOnce sync.Once
	kind     connKind
}

// connKind is who a connection belongs to, as far as limits go.
type connKind int

const (
	unknownKey connKind = iota
	knownKey
)

// signIn notes that the connection has signed in; it then has
// the gate's noSession to open a session. It reports false when its address
// holds too many connections without a session already.
func (c *connState) signIn() bool {
	g := c.gate
	g.mu.Lock()
	defer g.mu.Unlock()
	if c.signedIn || c.closed {
		return !c.closed
	}
	c.signedIn = true
	g.startups--
	src := g.sourceLocked(c.addr, time.Now())
	src.startups--
	if src.sessionless >= sessionlessPerAddress {
		src.add(penaltyRefused)
		return false
	}
	c.idleLocked(src)
	return true
}

// idleLocked counts the connection as having no session, and closes it if
// it opens none within the gate's noSession.
func (c *connState) idleLocked(src *source) {
	src.sessionless++
	c.idle = true
	c.timer = time.AfterFunc(c.gate.noSession, func() {
		defer live.Recovered(c.gate.quiet.Log(), "closing a connection with no session", nil)
		c.gate.mu.Lock()
		idle := c.channels == 0 && !c.closed
		c.gate.mu.Unlock()
		if idle {
			c.gate.quiet.Note("closed: a connection with no session", c.addr)
			c.conn.Close()
		}
	})
}

// openChannel takes a new session on the connection, up to limit at once.
func (c *connState) openChannel(limit int) bool {
	g := c.gate
	g.mu.Lock()
	defer g.mu.Unlock()
	if c.closed || c.channels >= limit {
		return false
	}
	c.busyLocked(g.sourceLocked(c.addr, time.Now()))
	c.channels++
	return true
}

func (c *connState) closeChannel() {
	g := c.gate
	g.mu.Lock()
	defer g.mu.Unlock()
	c.channels--
	if c.channels == 0 && !c.closed {
		c.idleLocked(g.sourceLocked(c.addr, time.Now()))
	}
}

// busyLocked stops counting the connection as having no session.
func (c *connState) busyLocked(src *source) {
	if c.idle {
		c.idle = false
		src.sessionless--
		c.timer.Stop()
	}
}

// release forgets the connection once it has closed.
func (c *connState) release() {
	g := c.gate
	g.mu.Lock()
	defer g.mu.Unlock()
	if c.closed {
		return
	}
	c.closed = true
	g.conns--
	src := g.sourceLocked(c.addr, time.Now())
	if !c.signedIn {
		g.startups--
		src.startups--
		src.add(penaltyNoAuth)
	}
	c.busyLocked(src)
	g.forgetLocked(c.addr, src)
}

// gatedConn is a connection the gate admitted: closing it releases its
// place.
type gatedConn struct {
	net.Conn
	state *connState
}

func (c *gatedConn) Close() error {
	c.state.release()
	return c.Conn.Close()
}

// Package throttle limits repeated failures, such as wrong enrolment codes
// typed over SSH: after a few failures under one name (a key, an address)
// that name must wait, and each further failure doubles the wait. It keeps
// its state in memory, bounded in size, and is safe for concurrent use.
package throttle

import (
	"net"
	"net/netip"
	"sync"
	"time"
)

// Config sets a Limiter's limits; zero fields take the defaults.
type Config struct {
	// Failures is how many failures a name may have before it must wait
	// (5).
	Failures int
	// Wait is the first wait (one minute); each failure after it doubles
	// the wait, up to MaxWait (one hour).
	Wait, MaxWait time.Duration
	// Forget is how long after its last failure, once any wait is over, a
	// name starts afresh (one day).
	Forget time.Duration
	// MaxNames bounds how many names are tracked (10,000).
	MaxNames int
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Limiter counts failures by name.
type Limiter struct {
	cfg   Config
	mu    sync.Mutex
	names map[string]*entry
}

type entry struct {
	failures int       // since the name was last forgotten
	last     time.Time // of the last failure
	until    time.Time // the name must wait until then
	wait     time.Duration
}

// New makes a Limiter.
func New(cfg Config) *Limiter {
	if cfg.Failures <= 0 {
		cfg.Failures = 5
	}
	if cfg.Wait <= 0 {
		cfg.Wait = time.Minute
	}
	if cfg.MaxWait <= 0 {
		cfg.MaxWait = time.Hour
	}
	if cfg.Forget <= 0 {
		cfg.Forget = 24 * time.Hour
	}
	if cfg.MaxNames <= 0 {
		cfg.MaxNames = 10000
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Limiter{cfg: cfg, names: make(map[string]*entry)}
}

// Allow says whether a try may be made under all the names given (the
// key, the address), and if not, how long until it may.
func (l *Limiter) Allow(names ...string) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.cfg.Now()
	for _, n := range names {
		e := l.names[n]
		if e == nil {
			continue
		}
		if l.stale(e, now) {
			delete(l.names, n)
			continue
		}
		wait = max(wait, e.until.Sub(now))
	}
	return wait <= 0, max(wait, 0)
}

// Fail counts a failure under each name, and returns how long they must
// now wait (zero while they are within their allowance).
func (l *Limiter) Fail(names ...string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.cfg.Now()
	var longest time.Duration
	for _, n := range names {
		e := l.names[n]
		if e != nil && l.stale(e, now) {
			delete(l.names, n)
			e = nil
		}
		if e == nil {
			l.makeRoom(now)
			e = &entry{}
			l.names[n] = e
		}
		e.failures++
		e.last = now
		if e.failures >= l.cfg.Failures {
			switch {
			case e.wait == 0:
				e.wait = l.cfg.Wait
			default:
				e.wait = min(2*e.wait, l.cfg.MaxWait)
			}
			e.until = now.Add(e.wait)
		}
		longest = max(longest, e.until.Sub(now))
	}
	return longest
}

// Succeed forgets the names' failures.
func (l *Limiter) Succeed(names ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, n := range names {
		delete(l.names, n)
	}
}

// Len is how many names are tracked.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.names)
}

// stale says a name can be forgotten: its wait is over and its last
// failure long enough ago.
func (l *Limiter) stale(e *entry, now time.Time) bool {
	return !now.Before(e.until) && now.Sub(e.last) >= l.cfg.Forget
}

// makeRoom makes room for one more name when the limit is reached:
// first by forgetting stale names, then the name that must wait least
// (one not waiting at all, failed longest ago, goes first). Waiting names
// are dropped last, so that filling the table does not free an attacker
// who is waiting.
func (l *Limiter) makeRoom(now time.Time) {
	if len(l.names) < l.cfg.MaxNames {
		return
	}
	for n, e := range l.names {
		if l.stale(e, now) {
			delete(l.names, n)
		}
	}
	if len(l.names) < l.cfg.MaxNames {
		return
	}
	var victim string
	var worst *entry
	for n, e := range l.names {
		if worst == nil || e.until.Before(worst.until) || (e.until.Equal(worst.until) && e.last.Before(worst.last)) {
			victim, worst = n, e
		}
	}
	delete(l.names, victim)
}

// Address is the name to limit a network address by: its IP, with IPv6
// addresses taken by their /64 network, since one computer commonly has a
// whole /64 to choose addresses from.
func Address(addr net.Addr) string {
	var ip netip.Addr
	switch a := addr.(type) {
	case *net.TCPAddr:
		ip, _ = netip.AddrFromSlice(a.IP)
	default:
		if ap, err := netip.ParseAddrPort(addr.String()); err == nil {
			ip = ap.Addr()
		} else if host, _, err := net.SplitHostPort(addr.String()); err == nil {
			ip, _ = netip.ParseAddr(host)
		}
	}
	if !ip.IsValid() {
		return "addr:" + addr.String()
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return "addr:" + p.String()
	}
	return "addr:" + ip.String()
}

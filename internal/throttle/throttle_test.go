package throttle

import (
	"fmt"
	"net"
	"sync"
	"testing"
	"time"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) pass(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newLimiter(cfg Config) (*Limiter, *clock) {
	c := &clock{t: time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)}
	cfg.Now = c.Now
	return New(cfg), c
}

// try is one attempt that fails, as a guesser's would: it says whether the
// attempt was allowed.
func try(l *Limiter, names ...string) bool {
	if ok, _ := l.Allow(names...); !ok {
		return false
	}
	l.Fail(names...)
	return true
}

func TestBruteForceIsRefusedAfterFiveAndWaitsDouble(t *testing.T) {
	l, c := newLimiter(Config{})
	key := "key:SHA256:abc"
	for i := 1; i <= 5; i++ {
		if !try(l, key) {
			t.Fatalf("try %d refused", i)
		}
	}
	ok, wait := l.Allow(key)
	if ok || wait != time.Minute {
		t.Fatalf("the 6th try: Allow = %v, %v; want refused for a minute", ok, wait)
	}
	c.pass(59 * time.Second)
	if ok, wait := l.Allow(key); ok || wait != time.Second {
		t.Errorf("after 59 s: Allow = %v, %v; want 1 s more", ok, wait)
	}
	// Each failure after the wait doubles it, up to an hour.
	for _, want := range []time.Duration{2, 4, 8, 16, 32, 60, 60} {
		c.pass(time.Second)
		for ok, wait := l.Allow(key); !ok; ok, wait = l.Allow(key) {
			c.pass(wait)
		}
		if got := l.Fail(key); got != want*time.Minute {
			t.Errorf("wait after a failure = %v, want %v", got, want*time.Minute)
		}
		if ok, _ := l.Allow(key); ok {
			t.Error("a try allowed straight after a failure over the limit")
		}
	}
}

func TestSuccessAndTimeForget(t *testing.T) {
	l, c := newLimiter(Config{})
	for range 4 {
		l.Fail("a")
	}
	l.Succeed("a")
	for i := range 5 {
		if !try(l, "a") {
			t.Fatalf("after a success, try %d refused", i+1)
		}
	}
	if ok, _ := l.Allow("a"); ok {
		t.Fatal("not refused after five failures")
	}
	// A day after the last failure, with the wait over, it starts afresh.
	c.pass(24 * time.Hour)
	for i := range 5 {
		if !try(l, "a") {
			t.Fatalf("a day later, try %d refused", i+1)
		}
	}
}

func TestNamesAreIndependent(t *testing.T) {
	l, _ := newLimiter(Config{})
	for range 5 {
		try(l, "key:one")
	}
	if ok, _ := l.Allow("key:one"); ok {
		t.Fatal("key one not refused")
	}
	if ok, _ := l.Allow("key:two"); !ok {
		t.Error("key two refused for key one's failures")
	}
}

func TestAddressIsLimitedAcrossKeys(t *testing.T) {
	// A guesser who makes a new key for every try is still one address.
	l, _ := newLimiter(Config{})
	addr := "addr:192.0.2.7"
	for i := range 5 {
		if !try(l, fmt.Sprintf("key:%d", i), addr) {
			t.Fatalf("try %d refused", i+1)
		}
	}
	if ok, wait := l.Allow("key:new", addr); ok || wait != time.Minute {
		t.Errorf("a new key from the same address: %v, %v; want refused", ok, wait)
	}
	if ok, _ := l.Allow("key:new", "addr:192.0.2.8"); !ok {
		t.Error("a new key from another address refused")
	}
}

func TestMemoryIsBounded(t *testing.T) {
	l, c := newLimiter(Config{MaxNames: 100})
	// One name that must wait, then a flood of others.
	for range 5 {
		l.Fail("addr:attacker")
	}
	for i := range 1000 {
		c.pass(time.Millisecond)
		l.Fail(fmt.Sprintf("addr:%d", i))
	}
	if n := l.Len(); n > 100 {
		t.Errorf("%d names tracked, want at most 100", n)
	}
	if ok, _ := l.Allow("addr:attacker"); ok {
		t.Error("filling the table freed a name that must wait")
	}
}

func TestConcurrentUse(t *testing.T) {
	l, _ := newLimiter(Config{})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 100 {
				name := fmt.Sprintf("n%d", (i+j)%10)
				l.Allow(name)
				l.Fail(name, "shared")
				if j%7 == 0 {
					l.Succeed(name)
				}
			}
		})
	}
	wg.Wait()
	if ok, _ := l.Allow("shared"); ok {
		t.Error("800 failures did not make the shared name wait")
	}
}

func TestAddress(t *testing.T) {
	for _, c := range []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.ParseIP("192.0.2.7"), Port: 50123}, "addr:192.0.2.7"},
		{&net.TCPAddr{IP: net.ParseIP("::ffff:192.0.2.7"), Port: 1}, "addr:192.0.2.7"},
		{&net.TCPAddr{IP: net.ParseIP("2001:db8:1:2:aaaa::1"), Port: 1}, "addr:2001:db8:1:2::/64"},
		{&net.TCPAddr{IP: net.ParseIP("2001:db8:1:2:bbbb::9"), Port: 1}, "addr:2001:db8:1:2::/64"},
		{&net.UDPAddr{IP: net.ParseIP("198.51.100.1"), Port: 22}, "addr:198.51.100.1"},
		{&net.UnixAddr{Name: "/tmp/sock", Net: "unix"}, "addr:/tmp/sock"},
	} {
		if got := Address(c.addr); got != c.want {
			t.Errorf("Address(%v) = %q, want %q", c.addr, got, c.want)
		}
	}
}

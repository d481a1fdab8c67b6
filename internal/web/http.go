package web

import (
	"io/fs"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"

	"golang.org/x/net/netutil"

	"course/internal/live"
)

// contentSecurity lets the page run only its own scripts, styles, images
// and socket: no inline script, no other origin, no frame around it.
// Inline styles are allowed, as xterm.js sizes its rows with them.
const contentSecurity = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// secured sets the headers every response carries.
func secured(next http.Handler, https bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurity)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if https {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// assetServer serves the embedded assets, which change only with the
// program.
func assetServer(files fs.FS) http.Handler {
	fileServer := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") || r.URL.Path == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fileServer.ServeHTTP(w, r)
	})
}

// limitListener holds at most n connections at once; more wait to be
// accepted.
func limitListener(ln net.Listener, n int) net.Listener { return netutil.LimitListener(ln, n) }

// addressListener closes at once a connection from an address that holds
// max open already, so that one address cannot take every place
// limitListener gives; the proxy's address, which carries everyone's, is
// not limited.
type addressListener struct {
	net.Listener
	max   int
	proxy string
	quiet *live.QuietLog

	mu   sync.Mutex
	open map[string]int
}

func newAddressListener(ln net.Listener, max int, proxy string, quiet *live.QuietLog) *addressListener {
	return &addressListener{Listener: ln, max: max, proxy: proxy, quiet: quiet, open: map[string]int{}}
}

func (l *addressListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		host, _, err := net.SplitHostPort(c.RemoteAddr().String())
		if err != nil || (l.proxy != "" && sameAddr(host, l.proxy)) {
			return c, nil
		}
		l.mu.Lock()
		if l.open[host] >= l.max {
			l.mu.Unlock()
			l.quiet.Note("refused: too many connections from one address", host)
			c.Close()
			continue
		}
		l.open[host]++
		l.mu.Unlock()
		return &countedConn{Conn: c, release: sync.OnceFunc(func() { l.release(host) })}, nil
	}
}

func (l *addressListener) release(host string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[host]--; l.open[host] <= 0 {
		delete(l.open, host)
	}
}

// countedConn gives its place back when it closes.
type countedConn struct {
	net.Conn
	release func()
}

func (c *countedConn) Close() error {
	c.release()
	return c.Conn.Close()
}

// clientAddr is the address a request came from: the proxy's
// X-Forwarded-For when it came through the configured proxy, else the
// connection's.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if s.cfg.Proxy == "" || !sameAddr(host, s.cfg.Proxy) {
		return host
	}
	// The proxy appends the address it saw last: that one it vouches for.
	forwarded := r.Header.Values("X-Forwarded-For")
	if len(forwarded) == 0 {
		return host
	}
	parts := strings.Split(forwarded[len(forwarded)-1], ",")
	last := strings.TrimSpace(parts[len(parts)-1])
	if ip, err := netip.ParseAddr(last); err == nil {
		return ip.String()
	}
	return host
}

func sameAddr(a, b string) bool {
	x, err1 := netip.ParseAddr(a)
	y, err2 := netip.ParseAddr(b)
	return err1 == nil && err2 == nil && x.Unmap() == y.Unmap()
}

// sameOrigin says a request that changes something came from the
// course's own page: a browser names the page's origin in Origin, or,
// where its referrer policy hides that ("null"), says same-origin in
// Sec-Fetch-Site, which no page can set. A request with neither comes
// from no browser's page.
func sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	site := r.Header.Get("Sec-Fetch-Site")
	switch {
	case origin == "" || origin == "null":
		return site == "" && origin == "" || site == "same-origin"
	case site != "" && site != "same-origin":
		return false
	}
	i := strings.Index(origin, "://")
	return i >= 0 && strings.EqualFold(origin[i+3:], r.Host)
}

package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"

	"github.com/spf13/cobra"

	"course/internal/linear"
	"course/internal/live"
	"course/internal/modules"
	"course/internal/record"
	"course/internal/safetext"
	"course/internal/store"
	"course/internal/web"
)

// webOptions are serve's flags for the course in a web browser.
type webOptions struct {
	listen  string // --web: "" for no web server
	tlsCert string
	tlsKey  string
	proxy   string
	url     string
}

func addWebFlags(cmd *cobra.Command, wo *webOptions) {
	f := cmd.Flags()
	f.StringVar(&wo.listen, "web", "", "also give the course in web browsers, on this address and port (HTTPS with --tls-cert and --tls-key; plain HTTP only on a loopback address such as 127.0.0.1:8080, behind a proxy that gives HTTPS)")
	f.StringVar(&wo.tlsCert, "tls-cert", "", "the web server's certificate (PEM, with any intermediates), for HTTPS")
	f.StringVar(&wo.tlsKey, "tls-key", "", "the private key of --tls-cert (PEM)")
	f.StringVar(&wo.proxy, "web-proxy", "", "the IP address of the reverse proxy in front of --web: only its X-Forwarded-For is believed")
	f.StringVar(&wo.url, "web-url", "", "the address members open in their browser, such as https://course.example.gov.uk, for the links invitations give (default: from --web)")
}

// check says what is wrong with the web flags, if anything: the course is
// never served to the network over plain HTTP.
func (wo *webOptions) check() error {
	if wo.listen == "" {
		if wo.tlsCert != "" || wo.tlsKey != "" || wo.proxy != "" || wo.url != "" {
			return flagError("serve", "--tls-cert, --tls-key, --web-proxy and --web-url are for the web server: give --web ADDRESS:PORT too")
		}
		return nil
	}
	if (wo.tlsCert == "") != (wo.tlsKey == "") {
		return flagError("serve", "give both --tls-cert and --tls-key, or neither")
	}
	host, _, err := net.SplitHostPort(wo.listen)
	if err != nil {
		return flagError("serve", "--web %s is not an address and port, such as 127.0.0.1:8080 or :443", safetext.Inert(wo.listen))
	}
	if wo.tlsCert == "" && !loopback(host) {
		return flagError("serve", "--web %s would send the course over plain HTTP across the network. "+
			"Give --tls-cert and --tls-key for HTTPS, or listen on 127.0.0.1 behind a reverse proxy that gives HTTPS (see docs/running-the-server.md, \"In a browser (for the IT team)\")", safetext.Inert(wo.listen))
	}
	if wo.proxy != "" && net.ParseIP(wo.proxy) == nil {
		return flagError("serve", "--web-proxy %s is not an IP address", safetext.Inert(wo.proxy))
	}
	if wo.url != "" {
		if err := checkWebURL(wo.url); err != nil {
			return flagError("serve", "--web-url %s", err)
		}
	}
	return nil
}

// loopback says host is this computer alone.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkWebURL says what is wrong with an address members open, if
// anything: it is HTTPS, or plain HTTP to this computer.
func checkWebURL(s string) error {
	u, err := url.Parse(s)
	switch {
	case err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("is not an address such as https://course.example.gov.uk")
	case u.Scheme == "https", u.Scheme == "http" && loopback(u.Hostname()):
		return nil
	}
	return fmt.Errorf("must start https:// (members' browsers reach the course over HTTPS)")
}

// webURL is the address members open, from --web-url or --web.
func (wo *webOptions) webURL(addr net.Addr) string {
	if wo.url != "" {
		return strings.TrimRight(wo.url, "/")
	}
	scheme := "https"
	if wo.tlsCert == "" {
		scheme = "http"
	}
	return scheme + "://" + addr.String()
}

// inviteLink is the link an invitation gives, with the code after "#" so
// that it never reaches a server's logs.
func inviteLink(webURL, code string) string { return strings.TrimRight(webURL, "/") + "/#code=" + code }

// startWeb starts the web server, when --web asks for one, on the hub the
// SSH server uses; it returns nil when there is none.
func startWeb(cmd *cobra.Command, wo *webOptions, recs *store.Store, course *modules.Course, hub *live.Hub, throttle web.Throttle, log *slog.Logger) (*web.Server, net.Listener, error) {
	if wo.listen == "" {
		return nil, nil, nil
	}
	var tlsConfig *tls.Config
	if wo.tlsCert != "" {
		cert, err := tls.LoadX509KeyPair(wo.tlsCert, wo.tlsKey)
		if err != nil {
			return nil, nil, &exitError{code: exitFailure, msg: fmt.Sprintf(
				"course serve: the certificate %s and key %s cannot be used: %s. Give the PEM files your certificate authority issued (the certificate with its intermediates, and its private key).",
				safetext.Inert(wo.tlsCert), safetext.Inert(wo.tlsKey), safetext.Inert(err.Error()))}
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	srv, err := web.New(web.Config{
		Course: course, Members: recs, Hub: hub, Throttle: throttle, Proxy: wo.proxy, TLS: tlsConfig, Log: log,
		Accessible: func(ctx context.Context, member record.Member, in io.Reader, out io.Writer, raw bool, width func() int) error {
			return linear.Run(ctx, linear.Options{In: in, Out: out, Raw: raw, Width: width, Course: course, Store: recs, Member: member.Number})
		},
	})
	if err != nil {
		return nil, nil, &exitError{code: exitFailure, msg: "course serve: " + safetext.Inert(err.Error()) + "."}
	}
	ln, err := net.Listen("tcp", wo.listen)
	if err != nil {
		return nil, nil, &exitError{code: exitFailure, msg: fmt.Sprintf(
			"course serve: cannot listen on %s for the web server (%v). If another program uses that port, choose another with --web.",
			safetext.Inert(wo.listen), errors.Unwrap(err))}
	}
	return srv, ln, nil
}

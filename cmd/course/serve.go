package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	gossh "golang.org/x/crypto/ssh"

	"course/internal/linear"
	"course/internal/live"
	"course/internal/lrs"
	"course/internal/modules"
	"course/internal/record"
	"course/internal/safetext"
	"course/internal/server"
	"course/internal/store"
	"course/internal/throttle"
	"course/internal/web"
)

type serveOptions struct {
	listen      string
	hostKey     string
	officers    string
	maxSessions int
	idle        time.Duration
	maxTime     time.Duration
	syncEvery   time.Duration
	remindEvery string
	address     string
	web         webOptions
}

func newServeCmd(opts *options) *cobra.Command {
	so := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Give every member the course over SSH, with one record for the council",
		Example: "  course serve --officers officers.pub\n" +
			"  course serve --listen :2222 --db /srv/course/records.db --officers /srv/course/officers.pub",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runServe(cmd, opts, so)
		},
	}
	f := cmd.Flags()
	f.StringVar(&so.listen, "listen", ":2222", "address and port to listen on for SSH, or off to serve browsers alone (--web)")
	f.StringVar(&so.hostKey, "host-key", "", "the server's private host key (default: ssh_host_ed25519_key beside the record file; made if missing)")
	f.StringVar(&so.officers, "officers", "", "file of the officers' public keys, in authorized_keys format")
	f.IntVar(&so.maxSessions, "max-sessions", server.DefaultLimits.MaxSessions, "most sessions open at once")
	f.DurationVar(&so.idle, "idle", server.DefaultLimits.Idle, "close a course session after this long without a key press (0: never)")
	f.DurationVar(&so.maxTime, "max-time", server.DefaultLimits.MaxTime, "close a course session after this long (0: never)")
	f.StringVar(&so.address, "address", "", "the name and port members use to reach this server, HOST or HOST:PORT, for the commands it prints (default: this computer's name and the --listen port)")
	f.DurationVar(&so.syncEvery, "sync-every", 15*time.Minute, "send new statements to the learning record store in course.yaml this often (0: never)")
	f.StringVar(&so.remindEvery, "remind-every", "", "email reminders as 'course remind' does, to each member who needs one, at most this often: days (7d) or weeks (2w) (default: never)")
	addWebFlags(cmd, &so.web)
	return cmd
}

// serveHelp is serve's description in --help; served are the commands an
// officer may run over SSH.
func serveHelp(served []string) string {
	served = slices.DeleteFunc(slices.Clone(served), func(name string) bool { return name == "help" })
	list := strings.Join(served, ", ")
	if i := strings.LastIndex(list, ", "); i >= 0 {
		list = list[:i] + " and " + list[i+2:]
	}
	return `Run the course for the whole council: members connect with SSH from their
own computers (nothing to install) and take the course on this computer's
record file, which this one process holds. Members are known by their SSH
keys: enrol a key with 'course members keys add' or send the member a code
with 'course members invite'.

The officers' keys (--officers, a file in authorized_keys format, read
again when it changes) may run these commands over SSH, with their input
and output on their own computer ('ssh -p 2222 HOST help' says more):
  ` + strings.ReplaceAll(ansi.Wordwrap(list, 76, ""), "\n", "\n  ") + `

The server's host key is made on first start (ed25519) beside the record
file unless --host-key names one; its fingerprint is printed so the council
can publish it. Logs (connections, member numbers, refusals and errors,
never names or answers) go to standard error.

With --web ADDRESS:PORT members can also take the course in a web browser,
with the code from their letter ('members invite --web-url' prints a link
that fills it in): over HTTPS with --tls-cert and --tls-key, or over plain
HTTP on a loopback address behind a reverse proxy that gives HTTPS
(--web-proxy names it). Browsers and SSH share the limits below, and a
member has one window on the course whichever way they come. --listen off
serves browsers alone.

Stop it with Ctrl+C or SIGTERM: every session is told the course is
closing, and every answer is already saved.`
}

func runServe(cmd *cobra.Command, opts *options, so *serveOptions) error {
	limits := server.DefaultLimits
	limits.MaxSessions, limits.Idle, limits.MaxTime = so.maxSessions, so.idle, so.maxTime
	switch {
	case so.maxSessions < 1:
		return flagError("serve", "--max-sessions must be at least 1")
	case (so.idle != 0 && so.idle < 2*limits.Warning) || (so.maxTime != 0 && so.maxTime < 2*limits.Warning):
		return flagError("serve", "--idle and --max-time must be at least 2m, or 0 for no limit: members are warned a minute before their session closes")
	}
	if err := so.web.check(); err != nil {
		return err
	}
	sshOn := so.listen != "off"
	if !sshOn && so.web.listen == "" {
		return flagError("serve", "--listen off leaves nothing to serve: give --web ADDRESS:PORT to serve the course in browsers alone")
	}
	recs, err := openStore(opts, false)
	if err != nil {
		return err
	}
	defer recs.Close()
	ch, err := chooseCourse(opts, recs)
	if err != nil {
		return err
	}
	if err := bindCourse(recs, ch); err != nil {
		return err
	}
	course, folder := ch.course, ch.folder
	syncer, err := backgroundSyncer(cmd, recs, course, folder, so.syncEvery)
	if err != nil {
		return err
	}
	remindEvery, err := reminderEvery(ch, so.remindEvery)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(dataWriter(cmd.ErrOrStderr()), nil))
	// One hub for SSH and browsers: one window per member, one cap.
	hub := live.NewHub(limits, nil, log)
	// Members in one office share an address: allow more tries from it.
	// Wrong codes from one address count together, typed either way.
	addressThrottle := throttle.New(throttle.Config{Failures: 20})
	webSrv, webLn, err := startWeb(cmd, &so.web, recs, course, hub, addressThrottle, log)
	if err != nil {
		return err
	}
	if webLn != nil {
		defer webLn.Close()
	}
	webURL := ""
	if webLn != nil {
		webURL = so.web.webURL(webLn.Addr())
	}
	if !sshOn {
		announceWeb(cmd, recs, course.Title, so, webURL)
		jobs := backgroundReminders(cmd, log, remindEvery, &served{store: recs, course: course, folder: folder, webURL: webURL})
		return serveUntilStopped(cmd, log, hub, limits, syncer, so.syncEvery, nil, nil, webSrv, webLn, jobs...)
	}
	keyPath := so.hostKey
	if keyPath == "" {
		keyPath = filepath.Join(filepath.Dir(recs.Path()), "ssh_host_ed25519_key")
	}
	hostKey, made, err := server.LoadHostKey(keyPath)
	if err != nil {
		return &exitError{code: exitFailure, msg: "course serve: " + safetext.Inert(err.Error()) + "."}
	}
	ln, err := net.Listen("tcp", so.listen)
	if err != nil {
		return &exitError{code: exitFailure, msg: fmt.Sprintf(
			"course serve: cannot listen on %s (%v). If another program uses that port, choose another with --listen, for example --listen :2223.",
			safetext.Inert(so.listen), errors.Unwrap(err))}
	}
	defer ln.Close()
	connect, err := connectCommand(so.address, ln.Addr())
	if err != nil {
		return flagError("serve", "--address %s.", err)
	}
	srv, err := server.New(server.Config{
		Course:          course,
		Members:         recs,
		HostKey:         hostKey,
		OfficersFile:    so.officers,
		Commands:        runServed(&served{store: recs, course: course, folder: folder, syncer: syncer, connect: connect, hostKey: hostKey.PublicKey(), webURL: webURL}),
		CommandName:     servedName,
		Connect:         connect,
		Throttle:        throttle.New(throttle.Config{}),
		AddressThrottle: addressThrottle,
		Hub:             hub,
		Limits:          limits,
		Log:             log,
		Accessible: func(ctx context.Context, member record.Member, in io.Reader, out io.Writer, raw bool, width func() int) error {
			return linear.Run(ctx, linear.Options{In: in, Out: out, Raw: raw, Width: width, Course: course, Store: recs, Member: member.Number})
		},
	})
	if err != nil {
		return &exitError{code: exitFailure, msg: "course serve: " + safetext.Inert(err.Error()) + "."}
	}
	announce(cmd, recs, course.Title, keyPath, made, hostKey, so, ln.Addr(), connect, webURL)
	jobs := backgroundReminders(cmd, log, remindEvery, &served{store: recs, course: course, folder: folder, connect: connect, hostKey: hostKey.PublicKey(), webURL: webURL})
	return serveUntilStopped(cmd, log, hub, limits, syncer, so.syncEvery, srv, ln, webSrv, webLn, jobs...)
}

// serveUntilStopped serves the course over SSH (srv, when not nil) and in
// browsers (webSrv, when not nil) until SIGTERM or Ctrl+C, sending
// statements with syncer (when not nil) and running jobs meanwhile; then
// it tells every session and closes both, within limits.Grace.
func serveUntilStopped(cmd *cobra.Command, log *slog.Logger, hub *live.Hub, limits server.Limits, syncer *lrs.Syncer, syncEvery time.Duration,
	srv *server.Server, ln net.Listener, webSrv *web.Server, webLn net.Listener, jobs ...func(context.Context)) error {
	ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM)
	defer stop()
	// Jobs end with ctx, and are waited for: they use the record file,
	// which is closed once this returns.
	var running sync.WaitGroup
	defer func() { stop(); running.Wait() }()
	for _, job := range jobs {
		running.Go(func() { job(ctx) })
	}
	if syncer != nil {
		fmt.Fprintf(cmd.OutOrStdout(), "Sending statements to the learning record store at %s every %s.\n", safetext.Inert(syncer.Endpoint()), syncEvery)
		go syncer.Run(ctx, syncEvery)
	}
	served := make(chan error, 2)
	if srv != nil {
		go func() { served <- srv.Serve(ln) }()
	}
	if webSrv != nil {
		go func() { served <- webSrv.Serve(webLn) }()
	}
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("closing: telling every session")
	grace, cancel := context.WithTimeout(context.Background(), limits.Grace)
	defer cancel()
	hub.Close()
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		if webSrv != nil {
			webSrv.Shutdown(grace)
		}
	}()
	if srv != nil {
		srv.Shutdown(grace)
	}
	<-closed
	log.Info("closed")
	return nil
}

// announceWeb says what the server serves when it serves browsers alone.
func announceWeb(cmd *cobra.Command, recs *store.Store, title string, so *serveOptions, webURL string) {
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "Serving %s in web browsers only (--listen off).\n", safetext.Inert(title))
	fmt.Fprintf(out, "Records: %s\n", safetext.Inert(recs.Path()))
	fmt.Fprintln(out, "Officers' commands need SSH: run them on this computer, or serve SSH too with --listen.")
	fmt.Fprintf(out, "Members open the course in a browser at: %s\n", safetext.Inert(webURL))
	fmt.Fprintln(out, "Stop with Ctrl+C: sessions are told, and every answer is already saved.")
}

// announce says what the server serves and how to reach it.
func announce(cmd *cobra.Command, recs *store.Store, title, keyPath string, made bool, hostKey gossh.Signer, so *serveOptions, addr net.Addr, connect, webURL string) {
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "Serving %s over SSH on %s.\n", safetext.Inert(title), addr)
	fmt.Fprintf(out, "Records: %s\n", safetext.Inert(recs.Path()))
	state := ""
	if made {
		state = " (made now)"
	}
	fmt.Fprintf(out, "Host key: %s%s\n", safetext.Inert(keyPath), state)
	fmt.Fprintf(out, "Host key fingerprint: %s\n", server.Fingerprint(hostKey.PublicKey()))
	fmt.Fprintln(out, "  Publish this fingerprint, so that members can check it the first time they connect.")
	if so.officers == "" {
		fmt.Fprintln(out, "Officers' commands are off: give --officers FILE to allow them.")
	} else {
		fmt.Fprintf(out, "Officers' keys: %s\n", safetext.Inert(so.officers))
	}
	fmt.Fprintf(out, "Members connect with: %s\n", connect)
	if webURL != "" {
		fmt.Fprintf(out, "Members open the course in a browser at: %s\n", safetext.Inert(webURL))
	}
	fmt.Fprintln(out, "Stop with Ctrl+C: sessions are told, and every answer is already saved.")
}

// backgroundSyncer is what sends the records' statements to the learning
// record store named in course.yaml while the server runs, or nil when
// none is named or --sync-every is 0.
func backgroundSyncer(cmd *cobra.Command, recs *store.Store, course *modules.Course, folder string, every time.Duration) (*lrs.Syncer, error) {
	switch {
	case every < 0:
		return nil, flagError("serve", "--sync-every cannot be less than 0")
	case every == 0:
		return nil, nil
	case course.LRS.Endpoint == "":
		if cmd.Flags().Changed("sync-every") {
			return nil, flagError("serve", "--sync-every: course.yaml names no learning record store (lrs: endpoint: ADDRESS)")
		}
		return nil, nil
	case every < time.Minute:
		return nil, flagError("serve", "--sync-every must be at least 1m")
	}
	cfg, err := lrsConfig(course, folder, "", true)
	if err != nil {
		return nil, err
	}
	if warning := plainHTTPWarning(cfg.Endpoint); warning != "" {
		fmt.Fprintln(cmd.ErrOrStderr(), warning)
	}
	sy, err := lrs.NewSyncer(recs, cfg)
	if err != nil {
		return nil, &exitError{code: exitFailure, msg: "course serve: " + safetext.Inert(err.Error()) + "."}
	}
	return sy, nil
}

// connectCommand is the command that reaches the server: from --address,
// or the address it listens on (this computer's name when it listens on
// every address). An --address without a port takes the port listened on.
func connectCommand(address string, addr net.Addr) (string, error) {
	listenHost, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "", err
	}
	if address == "" {
		address = listenHost
		if ip := net.ParseIP(listenHost); ip == nil || ip.IsUnspecified() {
			if host, err := os.Hostname(); err == nil && host != "" {
				address = host
			}
		}
	}
	if _, _, err := net.SplitHostPort(address); err != nil {
		address = net.JoinHostPort(strings.Trim(address, "[]"), port)
	}
	return sshCommand(address)
}

// Command minimalwish is the smallest program served over SSH with wish
// and bubbletea: one line of text for each session, or with --full-screen
// that line on a screen of its own the size of the window, as the course's
// screens are. BenchmarkServeSessionMemory compares the course server's
// memory a session with this one's.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address and port to listen on")
	hostKey := flag.String("host-key", "ssh_host_ed25519_key", "the server's private host key (made if missing)")
	fullScreen := flag.Bool("full-screen", false, "show the line on a screen of its own the size of the window")
	flag.Parse()
	if err := serve(*listen, *hostKey, *fullScreen); err != nil {
		fmt.Fprintln(os.Stderr, "minimalwish:", err)
		os.Exit(1)
	}
}

func serve(listen, hostKey string, fullScreen bool) error {
	srv, err := wish.NewServer(
		wish.WithHostKeyPath(hostKey),
		// Everyone is let in, as the course lets in a member without a key.
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		wish.WithKeyboardInteractiveAuth(func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }),
		wish.WithMiddleware(bubbletea.Middleware(func(ssh.Session) (tea.Model, []tea.ProgramOption) {
			return screen{full: fullScreen}, nil
		})),
	)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	fmt.Printf("Listening on %s\n", ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, ssh.ErrServerClosed) {
		return err
	}
	return nil
}

// screen is one line of text, which q or ctrl+c closes.
type screen struct {
	full   bool
	height int
}

func (screen) Init() tea.Cmd { return nil }

func (s screen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.height = msg.Height
	case tea.KeyPressMsg:
		if k := msg.String(); k == "q" || k == "ctrl+c" {
			return s, tea.Quit
		}
	}
	return s, nil
}

func (s screen) View() tea.View {
	const text = "Hello from the smallest wish program."
	if !s.full {
		return tea.NewView(text)
	}
	v := tea.NewView(text + strings.Repeat("\n", max(s.height-1, 0)))
	v.AltScreen = true
	return v
}

package server

import (
	"course/internal/live"
	"crypto/rsa"
	"fmt"
	"net"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// connStateKey finds a connection's connState in its context.
var connStateKey = &struct{ name string }{"course connection"}

func connOf(ctx ssh.Context) *connState {
	st, _ := ctx.Value(connStateKey).(*connState)
	return st
}

// admit takes a new connection within the gate's limits, or closes it.
func (s *Server) admit(ctx ssh.Context, conn net.Conn) net.Conn {
	addr := host(conn.RemoteAddr())
	st, why := s.gate.admit(addr)
	if st == nil {
		s.quiet.Note(why, addr)
		return nil // closed by the SSH library
	}
	gc := &gatedConn{Conn: conn, state: st}
	st.conn = gc
	ctx.SetValue(connStateKey, st)
	return gc
}

// signIn lets a connection in with key (nil: none), unless its address
// holds too many connections with no session, or has misbehaved and the
// key is not a member's or an officer's.
func (s *Server) signIn(ctx ssh.Context, key ssh.PublicKey) bool {
	st := connOf(ctx)
	if st == nil {
		return false
	}
	if st.penalised && (key == nil || !s.knownKey(Fingerprint(key))) {
		s.quiet.Note("refused: an address that misbehaved", st.addr)
		return false
	}
	if !st.signIn() {
		s.quiet.Note("refused: too many connections with no session from one address", st.addr)
		return false
	}
	return true
}

// sessionChannel opens a session, up to the connection's limit, with its
// requests screened (see screen) before the SSH library's session sees
// them.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	cs := connOf(ctx)
	if cs == nil {
		newChan.Reject(gossh.Prohibited, "no session")
		return
	}
	if !cs.openChannel(s.channelLimit(ctx, cs)) {
		s.quiet.Note("refused: too many sessions on one connection", cs.addr)
		newChan.Reject(gossh.ResourceShortage, "too many sessions on one connection")
		if cs.refusedChannels.Add(1) == refusedChannelsClose { // it keeps trying: an attack, not a slip
			s.gate.penalise(cs.addr, penaltyRefused)
			cs.conn.Close()
		}
		return
	}
	defer cs.closeChannel()
	// A panic here would leave the client waiting on a session that never
	// opens: its connection is closed instead.
	defer live.Recovered(s.log.With("addr", cs.addr), "opening a session", func() { cs.conn.Close() })
	st := &channelState{conn: cs, window: newWindowFeed(), closed: make(chan struct{})}
	ssh.DefaultSessionHandler(srv, conn, screenedChannel{NewChannel: newChan, screen: s.screenRequests(st, cs.addr)},
		&channelContext{Context: ctx, state: st})
}

// channelLimit is how many sessions the connection may have open at once:
// a few for a member's or an officer's key, one for anyone else.
func (s *Server) channelLimit(ctx ssh.Context, cs *connState) int {
	cs.kindOnce.Do(func() {
		if fingerprint := keyOf(ctx); fingerprint != "" && s.knownKey(fingerprint) {
			cs.kind = knownKey
		}
	})
	if cs.kind == knownKey {
		return channelsKnown
	}
	return channelsUnknown
}

// knownKey says the key with this fingerprint is an officer's or a
// member's.
func (s *Server) knownKey(fingerprint string) bool {
	if s.isOfficer(fingerprint) {
		return true
	}
	_, known, err := s.cfg.Members.KeyMember(fingerprint)
	return err == nil && known
}

// refuseChannel refuses channels of a kind the course never opens, and
// logs the attempt as what.
func (s *Server) refuseChannel(what string) ssh.ChannelHandler {
	return func(_ *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, _ ssh.Context) {
		s.quiet.Note(what, host(conn.RemoteAddr()))
		newChan.Reject(gossh.Prohibited, "this server gives the course only")
	}
}

// minRSABits is the smallest RSA host key the server will use, as OpenSSH
// requires of keys.
const minRSABits = 2048

// checkHostKey refuses a host key too weak to trust.
func checkHostKey(signer gossh.Signer) error {
	if signer == nil {
		return fmt.Errorf("no host key")
	}
	crypto, ok := signer.PublicKey().(gossh.CryptoPublicKey)
	if !ok {
		return nil
	}
	if k, ok := crypto.CryptoPublicKey().(*rsa.PublicKey); ok && k.N.BitLen() < minRSABits {
		return fmt.Errorf("the host key is an RSA key of %d bits, which can be broken: use one of at least %d bits, or move it away to have an ed25519 key made", k.N.BitLen(), minRSABits)
	}
	return nil
}

// isOfficer says whether the key with this fingerprint is an officer's,
// logging any problem with the officers' file (which is reported once
// for each change of the file).
func (s *Server) isOfficer(fingerprint string) bool {
	officer, err := s.officers.has(fingerprint)
	if err != nil {
		s.log.Error("officers' keys", "err", err.Error())
	}
	return officer
}

package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"course/internal/live"
	"course/internal/record"
	"course/internal/throttle"
)

// cookieName names the cookie that holds a browser's token.
const cookieName = "course_browser"

// cookieAge is how long a browser is remembered after it signs in: the
// longest a browser keeps a cookie.
const cookieAge = 400 * 24 * time.Hour

// visitor is who a request comes from, when their browser is bound to a
// member.
type visitor struct {
	member      record.Member
	fingerprint string
}

// visitorOf is the member whose browser sent r, if its cookie binds it to
// one; an error means the records cannot be read.
func (s *Server) visitorOf(r *http.Request) (visitor, bool, error) {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return visitor{}, false, nil
	}
	key, ok := record.BrowserKey(c.Value)
	if !ok {
		return visitor{}, false, nil
	}
	fp := record.Fingerprint(key)
	m, ok, err := s.cfg.Members.KeyMember(fp)
	if err != nil || !ok {
		return visitor{}, false, err
	}
	return visitor{member: m, fingerprint: fp}, true, nil
}

// setCookie gives the browser its token: never readable by the page's
// scripts, sent only over HTTPS (or to this computer), and never with a
// request another site starts.
func setCookie(w http.ResponseWriter, token string, age time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: token, Path: "/", MaxAge: int(age.Seconds()),
		HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode})
}

// signIn binds the browser to the member whose enrolment code was typed,
// with wrong codes limited by address as over SSH.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	addr := s.clientAddr(r)
	log := s.log.With("addr", addr, "via", "browser")
	if !sameOrigin(r) {
		s.quiet.Note("refused: a sign-in from another site's page", addr)
		http.Error(w, "This form can be sent only from the course's own page.", http.StatusForbidden)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "That form is too large.", http.StatusRequestEntityTooLarge)
		return
	}
	byAddress := throttle.Address(&net.TCPAddr{IP: net.ParseIP(addr)})
	if ok, wait := s.cfg.Throttle.Allow(byAddress); !ok {
		s.quiet.Note("enrolment code refused: too many wrong codes", addr)
		s.renderSignIn(w, http.StatusTooManyRequests, fmt.Sprintf(
			"Too many wrong codes have been typed from this network. Wait %s, then try again.", live.Duration(max(wait, time.Minute))))
		return
	}
	token := record.NewBrowserToken()
	key, _ := record.BrowserKey(token)
	m, err := s.cfg.Members.Redeem(r.PostFormValue("code"), key, "enrolled in a browser")
	if err != nil {
		if errors.Is(err, record.ErrInviteUnknown) || errors.Is(err, record.ErrInviteUsed) {
			s.cfg.Throttle.Fail(byAddress)
		}
		s.renderSignIn(w, http.StatusUnauthorized, s.codeProblem(err, log))
		return
	}
	log.Info("browser enrolled", "member", m.Number, "key", record.Fingerprint(key))
	s.forgetPrevious(r, log)
	setCookie(w, token, cookieAge)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// forgetPrevious removes the key of the token the browser held before a
// new code bound it again (another member's, on a shared computer), so
// that no key is left bound that no browser holds.
func (s *Server) forgetPrevious(r *http.Request, log *slog.Logger) {
	prev, ok, err := s.visitorOf(r)
	if err != nil || !ok {
		return
	}
	if _, err := s.cfg.Members.RemoveKey(prev.member.Number, prev.fingerprint); err != nil {
		log.Error("removing the key this browser held before", "key", prev.fingerprint, "err", err.Error())
		return
	}
	log.Info("browser's previous key removed", "key", prev.fingerprint, "member", prev.member.Number)
}

// codeProblem says what was wrong with a code, as a sentence for the
// member, and logs it (never the code).
func (s *Server) codeProblem(err error, log *slog.Logger) string {
	switch {
	case errors.Is(err, record.ErrInviteUnknown):
		log.Warn("wrong enrolment code")
		return "That code is not right. Check it against your letter or email and type it again."
	case errors.Is(err, record.ErrInviteMalformed):
		return "That is not an enrolment code: a code has 12 letters and digits, like ABCD-EFGH-JKMN. Check it against your letter or email and type it again."
	case errors.Is(err, record.ErrInviteReplaced):
		log.Warn("replaced enrolment code")
		return "That code was replaced by a newer one. Type the code from the latest letter or email."
	case errors.Is(err, record.ErrInviteExpired):
		log.Warn("expired enrolment code")
		return "That code has expired. Ask the monitoring officer for a new one, and type it here when it comes."
	case errors.Is(err, record.ErrInviteUsed):
		log.Warn("enrolment code used again")
		return "That code has already been used. Each code opens the course once, on one computer or browser: ask the monitoring officer for a new one. If you did not use it, tell them at once."
	}
	log.Error("enrolment failed", "err", err.Error())
	return "The code could not be checked: " + record.Reason(err) + " Try again in a minute."
}

// forget unbinds this browser from its member: its key is removed from
// the record file, its session ended and its cookie cleared.
func (s *Server) forget(w http.ResponseWriter, r *http.Request) {
	addr := s.clientAddr(r)
	if !sameOrigin(r) {
		s.quiet.Note("refused: forgetting a browser from another site's page", addr)
		http.Error(w, "This form can be sent only from the course's own page.", http.StatusForbidden)
		return
	}
	v, ok, err := s.visitorOf(r)
	if err != nil {
		s.unavailable(w, err, addr)
		return
	}
	setCookie(w, "", -time.Second)
	if ok {
		if _, err := s.cfg.Members.RemoveKey(v.member.Number, v.fingerprint); err != nil {
			s.unavailable(w, err, addr)
			return
		}
		for _, l := range s.hub.Sessions() {
			if l.Fingerprint() == v.fingerprint {
				l.End(live.EndKeyRemoved)
			}
		}
		s.log.Info("browser forgotten", "addr", addr, "key", v.fingerprint, "member", v.member.Number)
	}
	s.renderSignIn(w, http.StatusOK, "This browser has been forgotten: the code from your letter is needed to open the course here again. Your answers are saved.")
}

// unavailable says the records cannot be read just now.
func (s *Server) unavailable(w http.ResponseWriter, err error, addr string) {
	s.log.Error("reading the records", "addr", addr, "err", err.Error())
	http.Error(w, "The course cannot read its records just now. Please try again in a few minutes, and tell the monitoring officer if this goes on.", http.StatusServiceUnavailable)
}

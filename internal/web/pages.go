package web

import (
	"html/template"
	"net/http"
)

// The pages: each loads only the server's own scripts and styles (see
// contentSecurity), and says what it is in words for a screen reader.
var pages = template.Must(template.New("").Parse(`
{{define "head"}}<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<link rel="stylesheet" href="/assets/course.css">
{{end}}

{{define "signin"}}{{template "head" .}}</head>
<body>
<main class="narrow">
<h1>{{.Title}}</h1>
{{if .Note}}<p class="problem" role="alert">{{.Note}}</p>{{end}}
<p>Type the code from your letter or email to open the course in this browser. You need it once: this browser remembers you after that.</p>
<form method="post" action="/signin">
<label for="code">Enrolment code</label>
<input id="code" name="code" type="text" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" maxlength="64" required>
<br><button class="main" type="submit">Open the course</button>
</form>
<p>On a computer others use too, choose “Forget this browser” on the course's page when you finish.</p>
</main>
<script src="/assets/signin.js"></script>
</body>
</html>{{end}}

{{define "terminal"}}{{template "head" .}}<link rel="stylesheet" href="/assets/xterm/xterm.css">
</head>
<body>
<div class="screen">
<nav class="bar" aria-label="The course">
<span class="title">{{.Title}}</span>
<a href="/plain">Plain text page, for screen readers and small screens</a>
<form method="post" action="/forget"><button class="link" type="submit">Forget this browser</button></form>
</nav>
<div id="status" role="status"></div>
<div id="terminal" aria-label="The course's screens"></div>
</div>
<script src="/assets/xterm/xterm.js"></script>
<script src="/assets/xterm/addon-fit.js"></script>
<script src="/assets/term.js"></script>
</body>
</html>{{end}}

{{define "plain"}}{{template "head" .}}</head>
<body>
<main class="narrow plain">
<h1>{{.Title}}</h1>
<nav aria-label="Pages">
<a href="/terminal">The course's screens</a>
<form method="post" action="/forget"><button class="link" type="submit">Forget this browser</button></form>
</nav>
<div id="log" role="log" aria-live="polite" aria-label="The course"></div>
<p id="status" role="status"></p>
<form id="answer">
<label for="line">Your answer</label>
<input id="line" type="text" autocomplete="off" spellcheck="false">
<button type="submit">Send</button>
</form>
</main>
<script src="/assets/plain.js"></script>
</body>
</html>{{end}}
`))

// page is what a page shows.
type page struct {
	Title string
	Note  string
}

func (s *Server) render(w http.ResponseWriter, status int, name, note string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := pages.ExecuteTemplate(w, name, page{Title: s.cfg.Course.Title, Note: note}); err != nil {
		s.log.Error("writing a page", "page", name, "err", err.Error())
	}
}

func (s *Server) renderSignIn(w http.ResponseWriter, status int, note string) {
	s.render(w, status, "signin", note)
}

// home opens the course as the member took it last: the screens, or the
// plain page; a browser not yet bound to a member is asked for its code.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	v, ok, err := s.visitorOf(r)
	switch {
	case err != nil:
		s.unavailable(w, err, s.clientAddr(r))
	case !ok:
		s.renderSignIn(w, http.StatusOK, "")
	case s.cfg.Accessible != nil && s.prefersPlain(v):
		s.render(w, http.StatusOK, "plain", "")
	default:
		s.render(w, http.StatusOK, "terminal", "")
	}
}

func (s *Server) terminalPage(w http.ResponseWriter, r *http.Request) { s.course(w, r, "terminal") }

func (s *Server) plainPage(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Accessible == nil {
		http.NotFound(w, r)
		return
	}
	s.course(w, r, "plain")
}

// course shows a course page to a browser bound to a member, and asks
// any other for its code.
func (s *Server) course(w http.ResponseWriter, r *http.Request, name string) {
	_, ok, err := s.visitorOf(r)
	switch {
	case err != nil:
		s.unavailable(w, err, s.clientAddr(r))
	case !ok:
		s.renderSignIn(w, http.StatusOK, "")
	default:
		s.render(w, http.StatusOK, name, "")
	}
}

// prefersPlain says the member chose the plain text course last time.
func (s *Server) prefersPlain(v visitor) bool {
	on, err := s.cfg.Members.Accessible(v.member.Number)
	if err != nil {
		s.log.Error("reading the member's choice of mode", "member", v.member.Number, "err", err.Error())
	}
	return on
}

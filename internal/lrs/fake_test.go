package lrs_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"sync"
	"testing"
)

// fakeLRS is an LRS's statements resource that keeps statements in memory,
// as an LRS does (one copy of each id; another statement under a held id is
// a 409), and fails as it is told to.
type fakeLRS struct {
	key, secret string

	mu     sync.Mutex
	stored map[string]json.RawMessage
	order  []string
	posts  int     // POST requests received
	faults []fault // what the next POSTs do instead of answering, in turn
	server *httptest.Server
}

// fault is one failure of a POST.
type fault struct {
	status     int    // answer with this status, storing nothing
	retryAfter string // with this Retry-After header
	body       string // and this body
	location   string // and this Location header
	// hang stores the batch and then never answers: the client gives up
	// waiting. cut stores the first half of the batch and closes the
	// connection without answering.
	hang, cut bool
}

func newFakeLRS(t *testing.T) *fakeLRS {
	f := &fakeLRS{key: "course-key", secret: "s3cret", stored: map[string]json.RawMessage{}}
	f.server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.server.Close)
	return f
}

func (f *fakeLRS) endpoint() string { return f.server.URL + "/xAPI" }

func (f *fakeLRS) fail(faults ...fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults = append(f.faults, faults...)
}

func (f *fakeLRS) count() (posts, stored int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.posts, len(f.stored)
}

func (f *fakeLRS) put(id string, st json.RawMessage) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.stored[id]; !ok {
		f.order = append(f.order, id)
	}
	f.stored[id] = st
}

func (f *fakeLRS) remove(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.stored, id)
	for i, o := range f.order {
		if o == id {
			f.order = append(f.order[:i], f.order[i+1:]...)
			break
		}
	}
}

func (f *fakeLRS) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/xAPI/statements" {
		http.NotFound(w, r)
		return
	}
	if v := r.Header.Get("X-Experience-API-Version"); v != "1.0.3" {
		http.Error(w, `{"message":"X-Experience-API-Version must be 1.0.3"}`, http.StatusBadRequest)
		return
	}
	if key, secret, ok := r.BasicAuth(); !ok || key != f.key || secret != f.secret {
		http.Error(w, `{"message":"Unauthorised"}`, http.StatusUnauthorized)
		return
	}
	switch r.Method {
	case http.MethodPost:
		f.post(w, r)
	case http.MethodGet:
		f.get(w, r)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

func (f *fakeLRS) post(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	var sts []json.RawMessage
	if r.Header.Get("Content-Type") != "application/json" || json.Unmarshal(body, &sts) != nil {
		http.Error(w, `{"message":"the body is not a JSON array"}`, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.posts++
	var ft fault
	if len(f.faults) > 0 {
		ft, f.faults = f.faults[0], f.faults[1:]
	}
	f.mu.Unlock()

	ids := make([]string, len(sts))
	for i, st := range sts {
		var head struct{ ID string }
		if json.Unmarshal(st, &head) != nil || head.ID == "" {
			http.Error(w, fmt.Sprintf(`{"warnings":["Problem in 'statements.%d.id'"]}`, i), http.StatusBadRequest)
			return
		}
		ids[i] = head.ID
	}
	switch {
	case ft.status != 0:
		if ft.retryAfter != "" {
			w.Header().Set("Retry-After", ft.retryAfter)
		}
		if ft.location != "" {
			w.Header().Set("Location", ft.location)
		}
		w.WriteHeader(ft.status)
		io.WriteString(w, ft.body)
		return
	case ft.cut:
		for i := range len(sts) / 2 {
			f.put(ids[i], sts[i])
		}
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	// A held id with other content is a conflict, and nothing is stored.
	f.mu.Lock()
	for i, id := range ids {
		if held, ok := f.stored[id]; ok && !sameJSON(held, sts[i]) {
			f.mu.Unlock()
			w.WriteHeader(http.StatusConflict)
			fmt.Fprintf(w, `{"message":"%s is conflicting"}`, id)
			return
		}
	}
	f.mu.Unlock()
	for i, id := range ids {
		f.put(id, sts[i])
	}
	if ft.hang {
		<-r.Context().Done()
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(ids)
}

// get answers a page of statements in the order they were stored, with a
// "more" link from the server's root, as Learning Locker does.
func (f *fakeLRS) get(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	from, _ := strconv.Atoi(r.URL.Query().Get("from"))
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 {
		limit = 100
	}
	page := struct {
		Statements []json.RawMessage `json:"statements"`
		More       string            `json:"more"`
	}{Statements: []json.RawMessage{}}
	end := min(from+limit, len(f.order))
	for _, id := range f.order[from:end] {
		page.Statements = append(page.Statements, f.stored[id])
	}
	if end < len(f.order) {
		page.More = fmt.Sprintf("/xAPI/statements?from=%d&limit=%d", end, limit)
	}
	json.NewEncoder(w).Encode(page)
}

func sameJSON(a, b json.RawMessage) bool {
	var x, y any
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && reflect.DeepEqual(x, y)
}

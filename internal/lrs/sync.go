package lrs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"course/internal/export"
	"course/internal/record"
	"course/internal/store"
)

// Batches are kept well under the body limits LRSs set (Learning Locker's
// is 5 MB by default) and the statement counts they process in one go.
const (
	DefaultMaxStatements = 500
	DefaultMaxBytes      = 1 << 20
	// chunkEvents bounds the events read in one read of the records, so
	// that a long log is read in short transactions between which others
	// can write.
	chunkEvents = 20000
	// maxRetryAfter bounds how long a Retry-After is obeyed.
	maxRetryAfter = 10 * time.Minute
)

// Retry says how a batch is tried again after a transient failure.
type Retry struct {
	// Attempts is how many times a batch is sent before the run gives up;
	// 0 means 8.
	Attempts int
	// First is the wait after the first failure (0: one second); each wait
	// doubles, up to Max (0: one minute), and is jittered down by up to
	// half. A Retry-After from the LRS is used instead when it says more.
	First, Max time.Duration
}

// Retrying is a failure that will be tried again.
type Retrying struct {
	// Problem says what failed, as a sentence without a full stop.
	Problem string
	// Next is the attempt about to be made after Wait, of Attempts.
	Next, Attempts int
	Wait           time.Duration
}

// Config says where statements go and how.
type Config struct {
	Endpoint    string // The LRS's endpoint: statements go to Endpoint + "/statements".
	Key, Secret string // Basic authentication.
	// Course is what the statements say about the course (as for an xAPI
	// export).
	Course export.XAPICourse
	// HTTP is the client used; nil means http.DefaultClient.
	HTTP *http.Client
	// RequestTimeout bounds each request; 0 means two minutes.
	RequestTimeout time.Duration
	// MaxStatements and MaxBytes bound a batch; 0 means the defaults.
	MaxStatements, MaxBytes int
	Retry                   Retry
	// Retrying, if not nil, is told of each failure that will be tried
	// again, before the wait, so that a person is not left wondering.
	Retrying func(Retrying)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Progress is how far a run has got.
type Progress struct {
	Done, Total int // Events dealt with, of those behind when the run began.
	Statements  int // Statements accepted in this run.
}

// Result says what a run did.
type Result struct {
	Endpoint string
	// From and To are the newest event the LRS had accepted before and
	// after the run; Events is how many the records held at the end.
	From, To   uint64
	Events     uint64
	Statements int // Statements accepted in this run (for a dry run: that would be sent).
	Batches    int // Batches accepted (would be sent).
	Retries    int // Requests tried again after a transient failure.
	// Accepted is the statements the LRS has accepted over every run.
	Accepted int
}

// Status is what the background runs (Run) have done, for a server to
// show: how far behind the LRS is and what went wrong last.
type Status struct {
	Endpoint string
	// Events is the number of events in the records; Behind is how many of
	// them the LRS has not yet accepted (not every event gives a
	// statement, but each must be looked at).
	Events, Behind uint64
	// Accepted is the statements the LRS has accepted over every run.
	Accepted int
	// LastAccepted is when the LRS last accepted statements (or was last
	// found up to date); zero if never.
	LastAccepted time.Time
	// LastRun is when the last run ended (zero: none yet); LastError is
	// why it failed, as a sentence, or "" if it succeeded.
	LastRun   time.Time
	LastError string
	Running   bool
	// Problem is why the status itself could not be read, or "".
	Problem string
}

// Syncer sends a record file's statements to one LRS. Its methods are safe
// for concurrent use; runs take turns.
type Syncer struct {
	store  *store.Store
	client *Client
	cfg    Config

	mu sync.Mutex // held by a run
	// st has been given every event up to seen (whose hash is seenHash),
	// and its batch is empty: it continues from there. nil when it must
	// start again from the first event.
	st       *export.Statements
	seen     uint64
	seenHash string

	statusMu sync.Mutex
	status   Status
}

// NewSyncer returns a Syncer of the records in store, which stays open and
// is the caller's to close.
func NewSyncer(recs *store.Store, cfg Config) (*Syncer, error) {
	client, err := NewClient(cfg.Endpoint, cfg.Key, cfg.Secret, cfg.HTTP)
	if err != nil {
		return nil, err
	}
	if _, err := export.NewStatements(cfg.Course); err != nil {
		return nil, err
	}
	if cfg.MaxStatements <= 0 {
		cfg.MaxStatements = DefaultMaxStatements
	}
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultMaxBytes
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 2 * time.Minute
	}
	if cfg.Retry.Attempts <= 0 {
		cfg.Retry.Attempts = 8
	}
	if cfg.Retry.First <= 0 {
		cfg.Retry.First = time.Second
	}
	if cfg.Retry.Max <= 0 {
		cfg.Retry.Max = time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.Endpoint = client.Endpoint()
	return &Syncer{store: recs, client: client, cfg: cfg, status: Status{Endpoint: cfg.Endpoint}}, nil
}

// Endpoint is the LRS's endpoint, as the cursor is saved under it.
func (s *Syncer) Endpoint() string { return s.cfg.Endpoint }

// Client is the Syncer's client of the LRS.
func (s *Syncer) Client() *Client { return s.client }

// Sync sends every statement the LRS has not yet accepted, batch by batch,
// moving the cursor after each batch it accepts, until the LRS has every
// event of the records (those recorded meanwhile too). progress, if not
// nil, is called after each batch. When it fails, Result says what was
// done before and the error is a sentence that says why.
func (s *Syncer) Sync(ctx context.Context, progress func(Progress)) (Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.statusMu.Lock()
	s.status.Running = true
	s.statusMu.Unlock()
	res, err := s.run(ctx, progress, false)
	s.finished(err)
	return res, err
}

// DryRun works out what Sync would send, without sending anything.
func (s *Syncer) DryRun(ctx context.Context) (Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.forget() // its batches were never sent
	return s.run(ctx, nil, true)
}

// Restart forgets how far the LRS has accepted the records, so that the
// next run sends every statement again (the LRS keeps one copy of each).
func (s *Syncer) Restart() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forget()
	return s.store.SetLRSCursor(s.cfg.Endpoint, record.LRSCursor{})
}

// Run syncs now and then every interval until ctx is done, keeping going
// through failures, a panic among them (each is kept for Status). It
// returns ctx's error.
func (s *Syncer) Run(ctx context.Context, every time.Duration) error {
	for {
		s.syncRecovering(ctx)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(every):
		}
	}
}

// syncRecovering is Sync, with a panic in it kept for Status as a
// failure, so that a background run cannot end the program it runs in.
// What the LRS accepted is kept; the next run starts again from there.
func (s *Syncer) syncRecovering(ctx context.Context) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		s.mu.Lock() // Sync let go of it as the panic went through
		s.forget()
		s.mu.Unlock()
		s.finished(fmt.Errorf("it stopped on an internal error (%v)", r))
	}()
	s.Sync(ctx, nil)
}

// Status says how far behind the LRS is and how the last run went.
func (s *Syncer) Status() Status {
	s.statusMu.Lock()
	st := s.status
	s.statusMu.Unlock()
	st.Problem = ""
	c, err := s.store.LRSCursor(s.cfg.Endpoint)
	if err == nil {
		err = s.store.ReadLog(func(r *store.LogReader) error {
			_, n, err := r.End()
			st.Events = uint64(n)
			return err
		})
	}
	if err != nil {
		st.Problem = "the records cannot be read: " + err.Error()
		return st
	}
	st.Behind = st.Events - min(c.Seq, st.Events)
	st.Accepted = c.Statements
	if c.At.After(st.LastAccepted) {
		st.LastAccepted = c.At
	}
	s.statusMu.Lock()
	s.status.Events, s.status.Behind, s.status.Accepted, s.status.LastAccepted = st.Events, st.Behind, st.Accepted, st.LastAccepted
	s.statusMu.Unlock()
	return st
}

func (s *Syncer) finished(err error) {
	s.statusMu.Lock()
	defer s.statusMu.Unlock()
	s.status.Running = false
	s.status.LastRun = s.cfg.Now()
	s.status.LastError = ""
	switch {
	case errors.Is(err, context.Canceled):
		s.status.LastError = "it was stopped before it finished"
	case err != nil:
		s.status.LastError = err.Error()
	}
}

func (s *Syncer) forget() { s.st, s.seen, s.seenHash = nil, 0, "" }

// run is Sync, or a dry run that sends nothing and saves nothing. It holds
// no transaction on the records while it waits for the LRS.
func (s *Syncer) run(ctx context.Context, report func(Progress), dry bool) (res Result, err error) {
	res.Endpoint = s.cfg.Endpoint
	cursor, err := s.store.LRSCursor(s.cfg.Endpoint)
	if errors.Is(err, record.ErrCursorMismatch) {
		return res, fmt.Errorf("%w. The record file is not the one that was sent to %s (another file, or one put back from a backup): "+
			"send every statement again from the start, which is harmless, as the LRS keeps one copy of each", err, s.cfg.Endpoint)
	}
	if err != nil {
		return res, err
	}
	res.From, res.To, res.Accepted = cursor.Seq, cursor.Seq, cursor.Statements
	// Whatever fails below, the statement maker may be part way through a
	// batch that was not accepted: it starts again next time.
	defer func() {
		if err != nil {
			s.forget()
		}
	}()
	if s.st != nil && s.seen != cursor.Seq {
		s.forget()
	}
	if s.st == nil {
		if s.st, err = export.NewStatements(s.cfg.Course); err != nil {
			return res, err
		}
	}

	var total uint64
	err = s.store.ReadLog(func(r *store.LogReader) error {
		_, n, err := r.End()
		total = uint64(n)
		return err
	})
	if err != nil {
		return res, err
	}
	total -= min(cursor.Seq, total)
	tell := func() {
		if report != nil {
			done := int(res.To - res.From)
			report(Progress{Done: done, Total: max(int(total), done), Statements: res.Statements})
		}
	}

	for {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		c, err := s.read(cursor.Seq)
		if err != nil {
			return res, err
		}
		res.Events = c.end
		if c.mark == nil && !c.atEnd {
			continue // a long stretch without statements to send, or already sent
		}
		var body []byte
		var refs []export.StatementRef
		if c.mark != nil {
			body, refs = s.st.Take(*c.mark)
		} else if s.st.Len() > 0 {
			body, refs = s.st.Take(s.st.Mark())
			c.upTo, c.upToHash = s.seen, s.seenHash
		} else {
			c.upTo, c.upToHash = s.seen, s.seenHash
		}
		if c.upTo == cursor.Seq && len(refs) == 0 {
			return res, nil // up to date
		}
		if len(refs) > 0 {
			if !dry {
				retries, err := s.send(ctx, body, refs)
				res.Retries += retries
				if err != nil {
					return res, err
				}
			}
			res.Statements += len(refs)
			res.Batches++
		}
		cursor = record.LRSCursor{Seq: c.upTo, Hash: c.upToHash, Statements: cursor.Statements + len(refs), At: s.cfg.Now().UTC()}
		if !dry {
			if err := s.store.SetLRSCursor(s.cfg.Endpoint, cursor); err != nil {
				return res, fmt.Errorf("the LRS accepted the statements up to event %d, but saving that in the record file failed "+
					"(they will be sent again next time, which is harmless): %w", c.upTo, err)
			}
		}
		res.To, res.Accepted = cursor.Seq, cursor.Statements
		tell()
		if c.atEnd && c.mark == nil {
			return res, nil
		}
	}
}

// chunk is what one read of the records found.
type chunk struct {
	// mark, if not nil, ends a full batch: the statements before it are
	// those of the events up to upTo (hash upToHash); those after it are
	// the next batch's.
	mark     *export.Mark
	upTo     uint64
	upToHash string
	atEnd    bool   // Every event was read.
	end      uint64 // The newest event when read.
}

// read gives the statement maker the events after the last it saw, in one
// short read of the records, until its batch is full or chunkEvents events
// have been read; events up to sent give no statements.
func (s *Syncer) read(sent uint64) (chunk, error) {
	var c chunk
	err := s.store.ReadLog(func(r *store.LogReader) error {
		_, n, err := r.End()
		if err != nil {
			return err
		}
		c.end = uint64(n)
		if s.seen > 0 {
			if hash, ok := r.Hash(s.seen); !ok || hash != s.seenHash {
				return fmt.Errorf("%w: event %d is not the one read a moment ago", record.ErrCursorMismatch, s.seen)
			}
		}
		read := 0
		for e, err := range r.EventsAfter(s.seen) {
			if err != nil {
				return err
			}
			mark, before := s.st.Mark(), s.st.Len()
			s.st.Add(e, e.Seq > sent)
			full := s.st.Size() > s.cfg.MaxBytes || s.st.Len() > s.cfg.MaxStatements
			switch {
			case full && before > 0:
				// The batch is the statements before this event's.
				c.mark = &mark
				c.upTo, c.upToHash = s.seen, s.seenHash
			case full:
				// This event's statements alone fill a batch: they go
				// alone.
				end := s.st.Mark()
				c.mark = &end
				c.upTo, c.upToHash = e.Seq, string(e.Hash)
			}
			s.seen, s.seenHash = e.Seq, string(e.Hash)
			if read++; full || read >= chunkEvents {
				return nil
			}
		}
		c.atEnd = true
		return nil
	})
	return c, err
}

// send posts a batch, trying again after transient failures, and halving
// it when the LRS says it is too large. It returns how many requests were
// tried again.
func (s *Syncer) send(ctx context.Context, body []byte, refs []export.StatementRef) (int, error) {
	retries := 0
	for attempt := 1; ; attempt++ {
		rctx, cancel := context.WithTimeout(ctx, s.cfg.RequestTimeout)
		_, err := s.client.Post(rctx, body)
		cancel()
		if err == nil {
			return retries, nil
		}
		if ctx.Err() != nil {
			return retries, ctx.Err()
		}
		var se *StatusError
		isStatus := errors.As(err, &se)
		switch {
		case isStatus && se.Code == http.StatusRequestEntityTooLarge && len(refs) > 1:
			n, err := s.split(ctx, body, refs)
			return retries + n, err
		case isStatus && !se.Transient():
			return retries, refused(se, refs)
		case attempt >= s.cfg.Retry.Attempts:
			return retries, fmt.Errorf("the LRS at %s could not take the statements of events %s after %d tries; the last: %s. "+
				"Nothing after event %d is marked as sent: run the sync again later", s.cfg.Endpoint, span(refs), attempt, describe(err), refs[0].Seq-1)
		}
		wait := backoff(s.cfg.Retry, attempt)
		if isStatus && se.RetryAfter > wait {
			wait = min(se.RetryAfter, maxRetryAfter)
		}
		retries++
		if s.cfg.Retrying != nil {
			s.cfg.Retrying(Retrying{Problem: describe(err), Next: attempt + 1, Attempts: s.cfg.Retry.Attempts, Wait: wait})
		}
		select {
		case <-ctx.Done():
			return retries, ctx.Err()
		case <-time.After(wait):
		}
	}
}

// split sends a batch the LRS found too large in two halves.
func (s *Syncer) split(ctx context.Context, body []byte, refs []export.StatementRef) (int, error) {
	var sts []json.RawMessage
	if err := json.Unmarshal(body, &sts); err != nil || len(sts) != len(refs) {
		return 0, fmt.Errorf("splitting a batch the LRS found too large: %v", err)
	}
	half := len(sts) / 2
	retries := 0
	for _, part := range [][2]int{{0, half}, {half, len(sts)}} {
		data, err := json.Marshal(sts[part[0]:part[1]])
		if err != nil {
			return retries, err
		}
		n, err := s.send(ctx, data, refs[part[0]:part[1]])
		retries += n
		if err != nil {
			return retries, err
		}
	}
	return retries, nil
}

// backoff is the wait before sending again after the attempt-th failure:
// First doubled for each failure before, at most Max, less up to half at
// random, so that many clients do not all come back at once.
func backoff(r Retry, attempt int) time.Duration {
	d := r.Max
	if shift := attempt - 1; shift < 30 && r.First<<shift < r.Max {
		d = r.First << shift
	}
	return d/2 + rand.N(d/2+1)
}

// statementIndex finds the index of the statement a Learning Locker
// warning names ("statements.3.verb.id").
var statementIndex = regexp.MustCompile(`\bstatements\.(\d+)\.`)

// refused says what the LRS refused, naming the statement when it can.
func refused(se *StatusError, refs []export.StatementRef) error {
	var which *export.StatementRef
	for i := range refs {
		if strings.Contains(se.Message, refs[i].ID) {
			which = &refs[i]
			break
		}
	}
	if m := statementIndex.FindStringSubmatch(se.Message); which == nil && m != nil {
		if i, err := strconv.Atoi(m[1]); err == nil && i < len(refs) {
			which = &refs[i]
		}
	}
	what := "the statements of events " + span(refs)
	if which != nil {
		what = fmt.Sprintf("statement %s (from event %d)", which.ID, which.Seq)
	}
	said := ""
	if se.Message != "" {
		said = ": " + se.Message
	}
	code := fmt.Sprintf("%d %s", se.Code, http.StatusText(se.Code))
	var msg string
	switch c := se.Code; {
	case c == http.StatusUnauthorized, c == http.StatusForbidden:
		msg = fmt.Sprintf("the LRS refused the key and secret (%s%s)", code, said)
	case c == http.StatusConflict:
		msg = fmt.Sprintf("the LRS already holds %s with other content (%s%s), and keeps the copy it has, so sending it again stops here again. "+
			"The likely causes: a file from 'course export --format xapi' made by an earlier version with --names was loaded into this LRS "+
			"(its statements had these ids, with names added); another record file, or a copy of this one, sends to this LRS under the same "+
			"activity base; or the course's wording (a module's title, a question) changed after the statement was first sent. "+
			"Compare the two copies in the LRS, and ask its administrator what it can do with the one it holds", what, code, said)
	case c == http.StatusNotFound, c == http.StatusMethodNotAllowed:
		msg = fmt.Sprintf("the LRS has no statements resource at this address (%s%s): check the endpoint, the address that ends before /statements", code, said)
	case c/100 == 3:
		msg = fmt.Sprintf("the LRS's address has moved (%s) to %q: give the new address, the part before /statements, as the endpoint", code, se.Location)
	case c == http.StatusRequestEntityTooLarge:
		msg = fmt.Sprintf("%s is larger than the LRS accepts (%s%s)", what, code, said)
	default:
		msg = fmt.Sprintf("the LRS refused %s (%s%s)", what, code, said)
	}
	return &RefusedError{Status: se, Ref: which, msg: msg}
}

// RefusedError is a refusal by the LRS that sending again will not cure.
type RefusedError struct {
	Status *StatusError
	Ref    *export.StatementRef // The statement refused, when the LRS said which.
	msg    string
}

func (e *RefusedError) Error() string { return e.msg }
func (e *RefusedError) Unwrap() error { return e.Status }

// span names the events of a batch: "12 to 40", or "12".
func span(refs []export.StatementRef) string {
	first, last := refs[0].Seq, refs[len(refs)-1].Seq
	if first == last {
		return strconv.FormatUint(first, 10)
	}
	return fmt.Sprintf("%d to %d", first, last)
}

// describe says what went wrong with a request, in words for a person.
func describe(err error) string {
	var se *StatusError
	var ne net.Error
	switch {
	case errors.As(err, &se):
		return se.Error()
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "the LRS did not answer in time"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "nothing answers at that address (connection refused): the LRS is down, or the endpoint is wrong"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return "the LRS could not be reached: " + ue.Err.Error()
	}
	return err.Error()
}

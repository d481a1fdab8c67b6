// Package lrs sends the records' xAPI statements to a learning record
// store (LRS) and keeps it up to date.
//
// Statements are the export's (export.Statements): the same content and
// the same ids (version-5 UUIDs of the event hashes) as `course export
// --format xapi`, without names, so sending one again is harmless: the LRS
// keeps one copy. They are posted in batches to {endpoint}/statements, with
// Basic authentication and the header X-Experience-API-Version: 1.0.3.
//
// How far the LRS has accepted the log is kept in the record file
// (record.LRSCursor), moved only after the LRS has answered 2xx for a
// whole batch, so the cursor never passes a statement the LRS did not
// accept. Network errors, timeouts, 5xx and 429 are tried again after a
// capped, jittered, growing wait (or the LRS's Retry-After); any other
// refusal stops the run with a sentence that names the statement and what
// the LRS said.
//
// The package works with a record file someone else has opened (a server
// shares one store between sessions) and never opens one itself. It must
// not import the terminal libraries.
package lrs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"course/internal/modules"
	"course/internal/safetext"
)

// xapiVersion is the xAPI version the statements are written in.
const xapiVersion = "1.0.3"

// ErrEndpoint means the LRS endpoint is not one statements can be sent to.
var ErrEndpoint = errors.New("the LRS endpoint is not usable")

// ErrUnauthorized means the LRS refused the key and secret (401 or 403).
var ErrUnauthorized = errors.New("the LRS refused the key and secret")

// Client talks to one LRS's statements resource.
type Client struct {
	endpoint    *url.URL
	statements  string
	key, secret string
	http        *http.Client
}

// NewClient returns a client for the LRS at endpoint (the address its
// statements resource is under, such as https://lrs.example.org/xAPI),
// authenticating with key and secret (Basic authentication; none when both
// are empty). A nil hc means http.DefaultClient; requests are bounded by
// their context.
func NewClient(endpoint, key, secret string, hc *http.Client) (*Client, error) {
	u, err := ParseEndpoint(endpoint)
	if err != nil {
		return nil, err
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	// A redirect is not followed: Go would follow one for a POST by
	// sending a GET, whose 200 would look like the statements accepted.
	own := *hc
	own.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &Client{endpoint: u, statements: u.String() + "/statements", key: key, secret: secret, http: &own}, nil
}

// ParseEndpoint checks an LRS endpoint (modules.EndpointProblem) and
// returns it without a trailing slash.
func ParseEndpoint(endpoint string) (*url.URL, error) {
	s := strings.TrimSpace(endpoint)
	if s == "" {
		return nil, fmt.Errorf("%w: no endpoint is given", ErrEndpoint)
	}
	u, err := url.Parse(s)
	if problem := modules.EndpointProblem(s); problem != "" || err != nil {
		if err == nil && u.User != nil {
			s = u.Redacted() // never repeat a password
		}
		return nil, fmt.Errorf("%w: %q %s", ErrEndpoint, safetext.Inert(s), problem)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

// Endpoint is the LRS's endpoint, without a trailing slash.
func (c *Client) Endpoint() string { return c.endpoint.String() }

// StatusError is an answer from the LRS other than 2xx.
type StatusError struct {
	Code    int
	Message string // What the LRS said, on one line; may be empty.
	// RetryAfter is how long the LRS asked to be left (429, 503); 0 if it
	// did not say.
	RetryAfter time.Duration
	// Location is where a redirect (3xx) points, if anywhere.
	Location string
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("the LRS answered %d %s", e.Code, http.StatusText(e.Code))
	if e.Message != "" {
		s += ": " + e.Message
	}
	return s
}

// Unwrap makes a 401 or 403 match ErrUnauthorized.
func (e *StatusError) Unwrap() error {
	if e.Code == http.StatusUnauthorized || e.Code == http.StatusForbidden {
		return ErrUnauthorized
	}
	return nil
}

// Transient says whether asking again later may succeed: 408, 429 and 5xx.
func (e *StatusError) Transient() bool {
	return e.Code == http.StatusRequestTimeout || e.Code == http.StatusTooManyRequests || e.Code >= 500
}

// maxMessage bounds how much of an LRS's answer is kept for a message.
const maxMessage = 400

// Post sends body, a JSON array of statements, and returns the ids the LRS
// says it stored (nil if its answer does not list them). Any answer but
// 2xx is a *StatusError.
func (c *Client) Post(ctx context.Context, body []byte) ([]string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.statements, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 != 2 {
		return nil, statusError(resp, data)
	}
	// The LRS said yes: the statements are stored, even if the list of
	// ids was cut off or is not a list.
	var ids []string
	if err != nil || json.Unmarshal(data, &ids) != nil {
		return nil, nil
	}
	return ids, nil
}

func (c *Client) do(req *http.Request) (*http.Response, error) {
	req.Header.Set("X-Experience-API-Version", xapiVersion)
	if c.key != "" || c.secret != "" {
		req.SetBasicAuth(c.key, c.secret)
	}
	return c.http.Do(req)
}

// statusError reads what an LRS said with a refusal: a JSON message (and
// Learning Locker's warnings, which name the statement's faulty field), or
// the start of its text.
func statusError(resp *http.Response, data []byte) *StatusError {
	e := &StatusError{Code: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After"), time.Now()),
		Location: safetext.Inert(resp.Header.Get("Location"))}
	var answer struct {
		Message  string   `json:"message"`
		Warnings []string `json:"warnings"`
	}
	var parts []string
	if json.Unmarshal(data, &answer) == nil {
		if answer.Message != "" {
			parts = append(parts, answer.Message)
		}
		parts = append(parts, answer.Warnings...)
	} else if text := strings.TrimSpace(string(data)); text != "" && !strings.HasPrefix(text, "<") {
		parts = append(parts, text) // plain text, but not a web page
	}
	msg := strings.Join(strings.Fields(safetext.Inert(strings.Join(parts, "; "))), " ")
	if len(msg) > maxMessage {
		msg = strings.ToValidUTF8(msg[:maxMessage], "") + "…"
	}
	e.Message = msg
	return e
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		return max(time.Duration(n)*time.Second, 0)
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return 0
}

// Statements reads the statements the LRS holds that it stored since the
// time given (all for the zero time), oldest first, limit to a page,
// following the LRS's "more" links. An LRS keeps a statement's id and
// content, and adds its own properties (stored, authority).
func (c *Client) Statements(ctx context.Context, since time.Time, limit int) iter.Seq2[json.RawMessage, error] {
	return func(yield func(json.RawMessage, error) bool) {
		q := url.Values{"ascending": {"true"}}
		if !since.IsZero() {
			q.Set("since", since.UTC().Format(time.RFC3339Nano))
		}
		if limit > 0 {
			q.Set("limit", strconv.Itoa(limit))
		}
		next := c.statements + "?" + q.Encode()
		for next != "" {
			var page struct {
				Statements []json.RawMessage `json:"statements"`
				More       string            `json:"more"`
			}
			if err := c.get(ctx, next, &page); err != nil {
				yield(nil, err)
				return
			}
			for _, st := range page.Statements {
				if !yield(st, nil) {
					return
				}
			}
			next = ""
			if page.More != "" {
				more, err := c.endpoint.Parse(page.More)
				if err != nil {
					yield(nil, fmt.Errorf("the LRS's link to more statements %q cannot be read: %w", safetext.Inert(page.More), err))
					return
				}
				next = more.String()
			}
		}
	}
}

func (c *Client) get(ctx context.Context, address string, into any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, address, nil)
	if err != nil {
		return err
	}
	resp, err := c.do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		return statusError(resp, data)
	}
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, into); err != nil {
		return fmt.Errorf("the LRS's answer to %s cannot be read: %w", address, err)
	}
	return nil
}

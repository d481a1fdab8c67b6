package mail

import (
	"context"
	"errors"
)

// Temporary stand-ins until the transport lands.

type Message struct{ ToName, To, Subject, Text string }

type RecipientError struct{ Address, Reason string }

func (e *RecipientError) Error() string { return e.Reason }

type Client struct{}

func Dial(ctx context.Context, s Settings, password string) (*Client, error) {
	return nil, errors.New("not yet")
}
func (c *Client) Send(ctx context.Context, m Message) error { return errors.New("not yet") }
func (c *Client) Close() error                              { return nil }
func (s Settings) Password() (string, error)                { return "", nil }
func Preview(s Settings, m Message) string                  { return m.Subject + "\n\n" + m.Text }

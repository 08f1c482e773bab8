package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
)

// MaxRawReply bounds the reply Raw returns: far more than any one
// object or page of the Chat API, and little enough to hold.
const MaxRawReply = 32 << 20

// Raw sends one request to path (relative to the base URL, a query
// allowed) with body as its JSON payload (nil for none), through the
// same rate gate, refresh, redirect and https rules as every other
// request, and returns the reply's JSON body. A non-2xx reply is an
// *Error, as for any request; a DELETE returns nothing once confirmed.
// The bearer token the request carried is redacted from the reply, as it
// is from error messages. A reply over MaxRawReply or not JSON is an
// error.
func (c *Client) Raw(ctx context.Context, method, path string, body []byte) ([]byte, error) {
	var payload any
	if body != nil {
		payload = json.RawMessage(body)
	}
	before, _ := c.token()
	var reply rawReply
	if err := c.do(ctx, method, path, payload, &reply); err != nil {
		return nil, err
	}
	out := reply.body
	after, _ := c.token()
	if tv := tokenValue(before); tv != "" {
		out = []byte(redactAll(string(out), []string{tv}))
	}
	if tv := tokenValue(after); tv != "" {
		out = []byte(redactAll(string(out), []string{tv}))
	}
	return out, nil
}

// WithBase is a client for another base URL on the same terms, sharing
// this one's rate gate, token source and options: the account's host,
// for the /oauth2 paths that sit beside the API. The https rule applies
// to it too.
func (c *Client) WithBase(baseURL string) (*Client, error) {
	u, err := CheckSecureURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("base URL: %w", err)
	}
	u.Path = "/"
	u.RawQuery, u.Fragment = "", ""
	other := *c
	other.base = u
	other.common.client = &other
	other.OAuthClients = (*OAuthClientsService)(&other.common)
	other.OAuthTokens = (*OAuthTokensService)(&other.common)
	return &other, nil
}

// rawReply reads a reply whole, up to MaxRawReply bytes, and checks that
// it is JSON; an empty reply stays empty.
type rawReply struct{ body []byte }

func (r *rawReply) decodeReply(body io.Reader) error {
	b, err := io.ReadAll(io.LimitReader(body, MaxRawReply+1))
	if err != nil {
		return err
	}
	if len(b) > MaxRawReply {
		return fmt.Errorf("the reply is larger than %d MiB", MaxRawReply>>20)
	}
	if len(bytes.TrimSpace(b)) > 0 && !json.Valid(b) {
		return fmt.Errorf("the reply is not JSON")
	}
	r.body = b
	return nil
}

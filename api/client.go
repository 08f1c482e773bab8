package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/time/rate"

	"chatkeys/api/safetext"
)

const (
	// stallTimeout bounds how long a request waits for the reply's
	// headers, and then for each next part of its body: a reply that
	// stalls fails, while a long list that keeps arriving takes as long
	// as it takes.
	stallTimeout        = 30 * time.Second
	defaultMaxRetryWait = 60 * time.Second
	defaultMaxRetries   = 3
	// maxReplyBody bounds a successful reply; a list of 1,000,000 tokens
	// is about 350 MB, and is decoded as it arrives, never held.
	maxReplyBody = 2 << 30
)

// Client talks to one Chat account's REST API.
type Client struct {
	http         *http.Client
	base         *url.URL // always ends in "/"
	tokens       oauth2.TokenSource
	userAgent    string
	maxRetryWait time.Duration
	maxRetries   int
	onRetryWait  func(RateWait)
	recorder     func(Action) // WithRecorder
	gate         *rateGate
	ceiling      *rate.Limiter
	logger       *slog.Logger
	stall        time.Duration

	common service

	OAuthClients *OAuthClientsService
	OAuthTokens  *OAuthTokensService
}

type service struct{ client *Client }

// Option configures a Client.
type Option func(*Client)

// WithStallTimeout sets how long a reply's body may send nothing before
// the request fails (30 s by default); a long reply that keeps arriving
// is never cut.
func WithStallTimeout(d time.Duration) Option { return func(c *Client) { c.stall = d } }

// WithMaxRetryWait bounds how long a 429's Retry-After is waited out before
// a single request is retried; a longer wait returns a *RateLimitError,
// while bulk work (RevokeMany) pauses until the server's time is up.
func WithMaxRetryWait(d time.Duration) Option { return func(c *Client) { c.maxRetryWait = d } }

// WithRate sets a ceiling by hand: at most n requests per span, evenly
// paced (a token bucket), beyond what the server's replies ask for. n 0
// means none.
func WithRate(n int, per time.Duration) Option {
	return func(c *Client) {
		if n > 0 && per > 0 {
			c.ceiling = rate.NewLimiter(rate.Limit(float64(n)/per.Seconds()), 1)
		}
	}
}

// WithRetryNotify is called each time a 429 starts or lengthens the
// Client's pause, so a front end can show one countdown. It is called
// from the goroutine that made the request.
func WithRetryNotify(fn func(RateWait)) Option {
	return func(c *Client) { c.onRetryWait = fn }
}

// WithLogger logs each request's method, path, status and duration. Headers
// and bodies are never logged, so tokens and secrets cannot reach the log.
func WithLogger(l *slog.Logger) Option { return func(c *Client) { c.logger = l } }

// NewClient returns a client for the API at baseURL (for example
// https://acme.zendesk.com/api/v2/chat). Requests carry a bearer token from
// tokens, which may be nil for unauthenticated requests. A base URL that is
// not https is refused unless its host is loopback, so a token never
// crosses the network in the clear.
func NewClient(baseURL string, tokens oauth2.TokenSource, opts ...Option) (*Client, error) {
	u, err := CheckSecureURL(baseURL)
	if err != nil {
		return nil, fmt.Errorf("API URL: %w", err)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawQuery, u.Fragment = "", ""
	c := &Client{
		base:         u,
		tokens:       tokens,
		userAgent:    DefaultUserAgent(),
		maxRetryWait: defaultMaxRetryWait,
		maxRetries:   defaultMaxRetries,
		stall:        stallTimeout,
	}
	for _, opt := range opts {
		opt(c)
	}
	c.http = &http.Client{Transport: newTransport(), CheckRedirect: checkRedirect}
	c.gate = newRateGate(c.maxRetryWait, c.onRetryWait, c.ceiling)
	c.common.client = c
	c.OAuthClients = (*OAuthClientsService)(&c.common)
	c.OAuthTokens = (*OAuthTokensService)(&c.common)
	return c, nil
}

// BaseURL returns the API base the client was made with.
func (c *Client) BaseURL() string { return c.base.String() }

// newTransport keeps enough idle connections for RevokeMany's workers.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 16
	t.ResponseHeaderTimeout = stallTimeout
	return t
}

// DefaultUserAgent is "chatkeys/<module version>", or "chatkeys/dev" for a
// build from a working tree.
func DefaultUserAgent() string {
	v := "dev"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	return "chatkeys/" + v
}

// TokenRefresher is implemented by token sources that can replace a token
// the server rejected. On a 401 the client asks for a new token once and
// retries the request with it.
type TokenRefresher interface {
	RefreshRejected(ctx context.Context, rejected *oauth2.Token) (*oauth2.Token, error)
}

// do sends one API request and decodes a JSON reply into v (when v is not
// nil). path is relative to the base URL. Every request first waits at
// the Client's rate gate. An idempotent request is retried after a 429
// within the retry bound (bulk work: however long the server asks), and
// any request once after a 401 when the token source can refresh. A 3xx
// is never followed across origins, nor for a request that changes
// something, and a DELETE succeeds only when ConfirmDelete says so.
func (c *Client) do(ctx context.Context, method, path string, body, v any) error {
	return c.exchange(ctx, method, path, body, v, nil)
}

// doSent is do for a DELETE without a reply body that also reports
// whether any request went out, so bulk work can tell "not tried" from
// "failed".
func (c *Client) doSent(ctx context.Context, method, path string, sent *bool) error {
	return c.exchange(ctx, method, path, nil, nil, sent)
}

// exchange implements do; sent, when not nil, is set once a request has
// been handed to the transport.
func (c *Client) exchange(ctx context.Context, method, path string, body, v any, sent *bool) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("encode request: %w", err)
		}
	}
	u, err := c.base.Parse(strings.TrimPrefix(path, "/"))
	if err != nil {
		return fmt.Errorf("bad path %q: %w", path, err)
	}
	bulk := bulkOf(ctx)
	maxRetries := c.maxRetries
	if bulk != nil {
		maxRetries = maxBulkRetries
	}
	refreshed := false
	var limited *RateLimitError // the last 429, while it is being waited out
	for attempt := 0; ; attempt++ {
		if err := c.gate.wait(ctx, bulk); err != nil {
			if limited != nil && !errors.As(err, new(*RateLimitError)) {
				// It was sent and refused with a 429: say so, not only why
				// the retry never went out.
				if errors.Is(err, errStopped) {
					return fmt.Errorf("%w; stopped while waiting to retry", limited)
				}
				return fmt.Errorf("%w; %w while waiting to retry", limited, err)
			}
			return err
		}
		if err := c.gate.pace(ctx, bulk); err != nil {
			return err
		}
		tok, err := c.token()
		if err != nil {
			c.gate.done(nil)
			return err
		}
		if sent != nil {
			*sent = true
		}
		resp, err := c.send(ctx, method, u, path, payload, tok)
		if err != nil {
			c.gate.done(nil)
			return err
		}
		c.gate.done(resp.Header)
		switch {
		case resp.StatusCode == http.StatusUnauthorized && !refreshed && c.canRefresh():
			drain(resp)
			refreshed = true
			if _, err := c.tokens.(TokenRefresher).RefreshRejected(ctx, tok); err != nil {
				return err
			}
			continue
		case resp.StatusCode == http.StatusTooManyRequests:
			wait := retryAfter(resp.Header.Get("Retry-After"), time.Now())
			e := newError(resp, method, path, tokenValue(tok))
			resp.Body.Close()
			c.gate.hold(wait)
			limited = &RateLimitError{RetryAfter: wait, Err: e}
			long := wait > c.maxRetryWait && bulk == nil
			if !idempotent(method) || long || attempt >= maxRetries {
				return limited
			}
			continue
		case resp.StatusCode >= 300 && resp.StatusCode < 400:
			drain(resp)
			return redirectError(resp, method, path)
		case resp.StatusCode < 200 || resp.StatusCode > 299:
			defer resp.Body.Close()
			return newError(resp, method, path, tokenValue(tok))
		case method == http.MethodDelete:
			return confirmReply(resp, method, path)
		}
		defer resp.Body.Close()
		return decodeReply(resp, v)
	}
}

// maxBulkRetries bounds how often bulk work sends one request again after
// a 429 before it counts that request as failed.
const maxBulkRetries = 10

// confirmReply applies ConfirmDelete to a DELETE's 2xx reply.
func confirmReply(resp *http.Response, method, path string) error {
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxConfirmBody))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	err := ConfirmDelete(resp.StatusCode, resp.Header.Get("Content-Type"), body)
	var nc *NotConfirmedError
	if errors.As(err, &nc) {
		nc.Method, nc.Path = method, path
	}
	return err
}

// send performs one HTTP exchange. Transport errors keep the method and
// path but not the URL's host details beyond what net/http reports.
func (c *Client) send(ctx context.Context, method string, u *url.URL, path string, payload []byte, tok *oauth2.Token) (*http.Response, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	parent := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		cancel(nil)
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if tok != nil {
		tok.SetAuthHeader(req)
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		cancel(nil)
		if ctxErr := parent.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return nil, fmt.Errorf("%s %s: cannot reach %s: %w", method, path, u.Host, err)
	}
	if c.logger != nil {
		c.logger.LogAttrs(ctx, slog.LevelDebug, "api request",
			slog.String("method", method), slog.String("path", path),
			slog.Int("status", resp.StatusCode), slog.Duration("took", time.Since(start)))
	}
	resp.Body = newStallGuard(ctx, resp.Body, cancel, c.stall)
	return resp, nil
}

// errStalled is the cause when a reply's body stopped arriving.
var errStalled = errors.New("the reply stopped arriving")

// stallGuard ends a request whose body sends nothing for a while: each
// read pushes the deadline back.
type stallGuard struct {
	io.ReadCloser
	ctx    context.Context
	timer  *time.Timer
	stall  time.Duration
	cancel context.CancelCauseFunc
}

func newStallGuard(ctx context.Context, body io.ReadCloser, cancel context.CancelCauseFunc, stall time.Duration) *stallGuard {
	g := &stallGuard{ReadCloser: body, ctx: ctx, stall: stall, cancel: cancel}
	g.timer = time.AfterFunc(stall, func() { cancel(errStalled) })
	return g
}

func (g *stallGuard) Read(p []byte) (int, error) {
	n, err := g.ReadCloser.Read(p)
	if n > 0 {
		g.timer.Reset(g.stall)
	}
	if err != nil && errors.Is(context.Cause(g.ctx), errStalled) {
		err = fmt.Errorf("%w for %s", errStalled, g.stall)
	}
	return n, err
}

func (g *stallGuard) Close() error {
	g.timer.Stop()
	g.cancel(nil)
	return g.ReadCloser.Close()
}

func (c *Client) token() (*oauth2.Token, error) {
	if c.tokens == nil {
		return nil, nil
	}
	tok, err := c.tokens.Token()
	if err != nil {
		return nil, fmt.Errorf("get access token: %w", err)
	}
	return tok, nil
}

func (c *Client) canRefresh() bool {
	_, ok := c.tokens.(TokenRefresher)
	return ok
}

// decodeReply decodes a 2xx JSON reply into v. A 204 or an empty body
// decodes to nothing.
func decodeReply(resp *http.Response, v any) error {
	if v == nil || resp.StatusCode == http.StatusNoContent {
		drain(resp)
		return nil
	}
	if s, ok := v.(streamDecoder); ok {
		err := s.decodeReply(io.LimitReader(resp.Body, maxReplyBody))
		var ce *consumerError
		if errors.As(err, &ce) {
			return ce.err
		}
		if err != nil {
			return &Error{Status: resp.StatusCode, Message: safetext.Sanitize(err.Error(), 200)}
		}
		drain(resp)
		return nil
	}
	if err := decodeJSON(io.LimitReader(resp.Body, maxReplyBody), v); err != nil {
		return &Error{Status: resp.StatusCode, Message: err.Error()}
	}
	return nil
}

// streamDecoder is a reply target that reads the body itself, as it
// arrives (listReader).
type streamDecoder interface{ decodeReply(r io.Reader) error }

// decodeJSON decodes one JSON value from r. Its errors describe the problem
// without quoting the body.
func decodeJSON(r io.Reader, v any) error {
	if err := json.NewDecoder(r).Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return errors.New("empty reply where JSON was expected")
		}
		return errors.New("malformed JSON reply: " + safetext.Sanitize(err.Error(), 120))
	}
	return nil
}

// drain discards a little of an unused body so the connection is reused.
func drain(resp *http.Response) {
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
}

func idempotent(method string) bool { return method == http.MethodGet || method == http.MethodDelete }

func tokenValue(t *oauth2.Token) string {
	if t == nil {
		return ""
	}
	return t.AccessToken
}

// retryAfter parses a Retry-After header: delay-seconds or an HTTP date. A
// missing or unreadable header means one second.
func retryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return time.Second
	}
	if secs, err := strconv.ParseInt(h, 10, 64); err == nil && secs >= 0 {
		return time.Duration(min(secs, 24*3600)) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
		return 0
	}
	return time.Second
}

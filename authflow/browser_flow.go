package authflow

import (
	"chatkeys/authflow/config"
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// ErrCancelled is returned by Wait after Cancel.
var ErrCancelled = errors.New("login cancelled")

// BrowserOptions tune a browser flow.
type BrowserOptions struct {
	// Opener opens the authorize URL; nil means SystemOpener(os.Getenv).
	Opener Opener
	// Timeout is the listener's deadline; 0 means 5 minutes.
	Timeout time.Duration
}

// BrowserFlow is an authorization-code or implicit login in progress: a
// loopback listener waiting for the redirect, and a paste box for when no
// browser can reach it. The first valid answer from either wins.
type BrowserFlow struct {
	cfg      Config
	grant    config.Grant
	state    string
	verifier string
	authURL  string
	listener *Listener
	opener   Opener

	pasted     chan pasteAnswer
	cancelOnce sync.Once
	cancelled  chan struct{}
}

// StartBrowser binds the listener on cfg.RedirectURI (port 0 picks a free
// port) and builds the authorize URL. grant is config.GrantCode or config.GrantImplicit.
func StartBrowser(cfg Config, grant config.Grant, opts BrowserOptions) (*BrowserFlow, error) {
	if grant != config.GrantCode && grant != config.GrantImplicit {
		return nil, errors.New("a browser login needs the code or implicit grant")
	}
	if err := cfg.check(true); err != nil {
		return nil, err
	}
	state, err := NewState()
	if err != nil {
		return nil, err
	}
	f := &BrowserFlow{cfg: cfg, grant: grant, state: state, opener: opts.Opener,
		pasted: make(chan pasteAnswer, 1), cancelled: make(chan struct{})}
	if cfg.PKCE && grant == config.GrantCode {
		f.verifier = oauth2.GenerateVerifier()
	}
	f.listener, err = Listen(ListenerConfig{RedirectURI: cfg.RedirectURI, State: state, Timeout: opts.Timeout})
	if err != nil {
		return nil, err
	}
	f.cfg.RedirectURI = f.listener.RedirectURI()
	responseType := "code"
	if grant == config.GrantImplicit {
		responseType = "token"
	}
	f.authURL = f.cfg.authorizeURL(responseType, state, f.verifier)
	return f, nil
}

// AuthorizeURL is the consent page to open.
func (f *BrowserFlow) AuthorizeURL() string { return f.authURL }

// RedirectURI is where the listener waits, with its real port.
func (f *BrowserFlow) RedirectURI() string { return f.cfg.RedirectURI }

// Addrs are the listener's bound addresses.
func (f *BrowserFlow) Addrs() []string { return f.listener.Addrs() }

// OpenBrowser opens the authorize URL. A failure is for the caller to show,
// not to stop on: the URL can be opened by hand.
func (f *BrowserFlow) OpenBrowser() error {
	open := f.opener
	if open == nil {
		open = SystemOpener(nil)
	}
	return open(f.authURL)
}

// Paste hands in a redirect URL the user copied from the browser. It goes
// through the listener's checks; a URL that fails them is refused and the
// flow keeps waiting.
func (f *BrowserFlow) Paste(raw string) error {
	r, err := ParseRedirect(raw, f.state)
	var ae *AuthError
	if err != nil && !errors.As(err, &ae) {
		return err
	}
	select {
	case f.pasted <- pasteAnswer{r, err}:
	default: // an answer is already in; the first one wins
	}
	return nil
}

// Wait returns the token once the browser (or a paste) answers and, for
// the code grant, the code is exchanged. It always frees the port.
func (f *BrowserFlow) Wait(ctx context.Context) (*oauth2.Token, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer f.listener.Close()
	type answer struct {
		r   *Result
		err error
	}
	heard := make(chan answer, 1)
	go func() {
		r, err := f.listener.Wait(ctx)
		heard <- answer{r, err}
	}()
	var r *Result
	select {
	case a := <-heard:
		if a.err != nil {
			return nil, f.waitErr(a.err)
		}
		r = a.r
	case p := <-f.pasted:
		f.listener.Close() // a late browser answer must not be told it won
		if p.err != nil {
			return nil, p.err
		}
		r = p.r
	case <-f.cancelled:
		return nil, ErrCancelled
	}
	// Cancel also stops the exchange: a code spent after the user gave up
	// would leave a live token nobody holds.
	go func() {
		select {
		case <-f.cancelled:
			cancel()
		case <-ctx.Done():
		}
	}()
	tok, err := f.finish(ctx, r)
	if err != nil && isClosed(f.cancelled) {
		return nil, ErrCancelled
	}
	return tok, err
}

func isClosed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// waitErr maps the listener's end to what the user did.
func (f *BrowserFlow) waitErr(err error) error {
	select {
	case <-f.cancelled:
		return ErrCancelled
	default:
	}
	return err
}

// finish exchanges a code, or reads the implicit grant's token.
func (f *BrowserFlow) finish(ctx context.Context, r *Result) (*oauth2.Token, error) {
	if f.grant == config.GrantCode {
		if r.Code == "" {
			return nil, errors.New("the redirect carried a token, but this login asked for a code")
		}
		return f.cfg.Exchange(ctx, r.Code, f.verifier)
	}
	if r.AccessToken == "" {
		return nil, errors.New("the redirect carried a code, but this login asked for a token (implicit grant)")
	}
	tok := &oauth2.Token{AccessToken: r.AccessToken, TokenType: r.TokenType}
	switch {
	case r.ExpiresIn > 0:
		tok.Expiry = time.Now().Add(time.Duration(r.ExpiresIn) * time.Second)
	case r.ExpiresIn < 0:
		tok.Expiry = time.Now()
	}
	scope := strings.Join(strings.Fields(r.Scope), " ")
	if scope == "" {
		scope = strings.Join(f.cfg.Scopes, " ")
	}
	return tok.WithExtra(map[string]any{"scope": scope}), nil
}

// pasteAnswer is a pasted redirect that passed the checks: a result, or
// the authorization server's error (access_denied) with a good state.
type pasteAnswer struct {
	r   *Result
	err error
}

// Cancel stops the flow and frees the port at once.
func (f *BrowserFlow) Cancel() {
	f.cancelOnce.Do(func() { close(f.cancelled) })
	f.listener.Close()
}

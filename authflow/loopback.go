package authflow

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"chatkeys/api"
)

// DefaultListenTimeout is how long a login waits for the browser.
const DefaultListenTimeout = 5 * time.Minute

// ErrTimeout is returned when no answer came before the deadline.
var ErrTimeout = errors.New("no answer came back from the browser before the deadline")

// errListenerClosed is what Wait returns after Close.
var errListenerClosed = errors.New("the login listener was closed")

// PortInUseError says the redirect URI's port is taken, and how to fix it.
type PortInUseError struct{ Port int }

func (e *PortInUseError) Error() string {
	return fmt.Sprintf("port %d is in use: close the program using it, or register another redirect URL on the client and set redirect_uri", e.Port)
}

// ErrorHint repeats the fix for the status line.
func (e *PortInUseError) ErrorHint() string {
	return "close the program using the port, or register another redirect URL on the client and set redirect_uri"
}

// ListenerConfig configures a loopback listener.
type ListenerConfig struct {
	// RedirectURI is where the browser will be sent, e.g.
	// http://localhost:8080 or http://127.0.0.1:8080/callback. Port 0
	// picks a free port.
	RedirectURI string
	// State is the login's state; answers without it are refused.
	State string
	// Timeout is the overall deadline; 0 means DefaultListenTimeout.
	Timeout time.Duration
}

// Listener waits on the loopback interface for the authorization server's
// redirect. It serves exactly the redirect URI's path, on 127.0.0.1 and,
// when free, ::1 (never 0.0.0.0), rejects foreign Host headers, and takes
// the first answer whose state matches. Then it shuts down.
type Listener struct {
	cfg      ListenerConfig
	redirect *url.URL // effective, with the real port, spelled as configured
	path     string   // the path served: the redirect's, or "/"
	servers  []*http.Server
	lns      []net.Listener // closed directly too: Serve may not have begun
	addrs    []string

	claimed   atomic.Bool  // an answer (or the deadline, or Close) has won
	result    chan outcome // buffered: the winner's outcome
	timer     *time.Timer
	closeOnce sync.Once
}

type outcome struct {
	r   *Result
	err error
}

// Listen binds the redirect URI's port now, so a busy port is reported
// before the browser is sent anywhere.
func Listen(cfg ListenerConfig) (*Listener, error) {
	u, err := url.Parse(cfg.RedirectURI)
	if err != nil || u.Scheme != "http" || !api.IsLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("redirect URI %q: chatkeys can listen only on http://localhost, http://127.0.0.1 or http://[::1]", cfg.RedirectURI)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultListenTimeout
	}
	port := 80
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, fmt.Errorf("redirect URI %q: bad port", cfg.RedirectURI)
		}
	}
	l := &Listener{cfg: cfg, result: make(chan outcome, 1)}
	ln4, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return nil, &PortInUseError{Port: port}
		}
		return nil, fmt.Errorf("listen for the login redirect: %w", err)
	}
	port = ln4.Addr().(*net.TCPAddr).Port
	lns := []net.Listener{ln4}
	if ln6, err := net.Listen("tcp", net.JoinHostPort("::1", strconv.Itoa(port))); err == nil {
		lns = append(lns, ln6)
	}
	l.redirect = &url.URL{Scheme: "http", Host: net.JoinHostPort(u.Hostname(), strconv.Itoa(port)), Path: u.Path, RawQuery: u.RawQuery}
	l.path = u.Path
	if l.path == "" {
		l.path = "/"
	}
	handler := l.handler()
	for _, ln := range lns {
		srv := &http.Server{
			Handler: handler, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
			WriteTimeout: 10 * time.Second, IdleTimeout: 30 * time.Second, MaxHeaderBytes: maxHeaderBytes,
		}
		l.servers = append(l.servers, srv)
		l.lns = append(l.lns, ln)
		l.addrs = append(l.addrs, ln.Addr().String())
		go srv.Serve(ln)
	}
	l.timer = time.AfterFunc(cfg.Timeout, func() { l.finish(outcome{err: ErrTimeout}) })
	return l, nil
}

// RedirectURI is the effective redirect URI, with the real port. It is
// spelled as configured ("http://localhost:8080" stays without a slash),
// because the server compares it with the registered one character for
// character.
func (l *Listener) RedirectURI() string { return l.redirect.String() }

// Addrs are the bound addresses.
func (l *Listener) Addrs() []string { return append([]string(nil), l.addrs...) }

// Wait blocks until the first good answer, the deadline, Close, or ctx's
// end. It shuts the listener down before it returns, whatever happened.
func (l *Listener) Wait(ctx context.Context) (*Result, error) {
	select {
	case o := <-l.result:
		l.stop(true) // let the winner's page reach the browser
		return o.r, o.err
	case <-ctx.Done():
		l.stop(false)
		return nil, ctx.Err()
	}
}

// Close stops listening at once and frees the port. It is safe to call
// more than once.
func (l *Listener) Close() error {
	l.stop(false)
	return nil
}

// finishGrace bounds how long a finished listener waits for the page it is
// sending.
const finishGrace = 2 * time.Second

// stop shuts the servers down, gracefully (finishing responses in flight)
// or at once, and frees the port either way.
func (l *Listener) stop(graceful bool) {
	l.closeOnce.Do(func() {
		l.timer.Stop()
		l.finish(outcome{err: errListenerClosed})
		for _, ln := range l.lns {
			ln.Close() // no new connections; the port is free from here
		}
		ctx, cancel := context.WithTimeout(context.Background(), finishGrace)
		defer cancel()
		for _, srv := range l.servers {
			if !graceful || srv.Shutdown(ctx) != nil {
				srv.Close()
			}
		}
	})
}

// claim makes this answer the winner; false if another already won.
func (l *Listener) claim() bool { return l.claimed.CompareAndSwap(false, true) }

// finish ends the wait with o, unless something already won.
func (l *Listener) finish(o outcome) {
	if l.claim() {
		l.result <- o
	}
}

package authflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultListenTimeout is how long a login waits for the browser.
const DefaultListenTimeout = 5 * time.Minute

// ErrTimeout is Wait's answer when no answer came before the deadline.
var ErrTimeout = errors.New("no answer came back from the browser before the deadline")

// errListenerClosed is Wait's answer after Close.
var errListenerClosed = errors.New("the login listener was closed")

// Server limits. Real redirects are a few hundred bytes; these leave room
// and no more, and a slow or stalled client cannot hold the port.
const (
	maxHeaderBytes    = 16 << 10 // net/http's own backstop; the handler refuses above maxRequestURI
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 10 * time.Second
	idleTimeout       = 30 * time.Second

	// finishGrace bounds how long Wait lets the winning page reach the
	// browser before it closes the server regardless.
	finishGrace = 2 * time.Second
)

// PortInUseError says the redirect URI's port is taken, and how to fix it.
type PortInUseError struct{ Port int }

func (e *PortInUseError) Error() string {
	return fmt.Sprintf("port %d is in use: close the program using it, or register another redirect URL on the client and set redirect_uri", e.Port)
}

// PortPrivilegedError says the redirect URI's port needs administrator
// rights to listen on (below 1024).
type PortPrivilegedError struct{ Port int }

func (e *PortPrivilegedError) Error() string {
	return fmt.Sprintf("listening on port %d needs administrator rights", e.Port)
}

// ListenerConfig configures a loopback listener.
type ListenerConfig struct {
	// RedirectURI is where the authorization server sends the browser:
	// http with the host localhost, 127.0.0.1 or [::1], such as
	// http://localhost:8080 or http://127.0.0.1:8080/callback. Port 0
	// picks a free port.
	RedirectURI string
	// State is the login's state; answers without it are refused.
	State string
	// Timeout is the overall deadline; 0 means DefaultListenTimeout.
	Timeout time.Duration
}

// Listener waits on the loopback interface for the authorization server's
// redirect. It binds 127.0.0.1 and, when free, ::1 (never 0.0.0.0),
// serves exactly the redirect URI's path plus the fragment relay, and
// takes the first answer whose state matches. It lives only while a
// login runs: Wait and Close shut it down and free the port.
type Listener struct {
	redirect string // effective redirect URI, with the real port
	addrs    []string
	lns      []net.Listener // closed directly too: Serve may not have begun
	servers  []*http.Server
	conns    connTracker
	verdict  *verdict
	stopOnce sync.Once
}

// Listen binds the redirect URI's port at once, so a busy port is
// reported before the browser is sent anywhere.
func Listen(cfg ListenerConfig) (*Listener, error) {
	if cfg.State == "" {
		return nil, errors.New("listen for the login redirect: no state to check answers against")
	}
	target, err := parseLoopbackRedirect(cfg.RedirectURI)
	if err != nil {
		return nil, err
	}
	lns, port, err := bindLoopback(target.bindFirst, target.port)
	if err != nil {
		return nil, err
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultListenTimeout
	}
	l := &Listener{redirect: target.withPort(port), verdict: newVerdict(), lns: lns}
	h := &callbackHandler{state: cfg.State, path: target.path, port: strconv.Itoa(port), verdict: l.verdict}
	quiet := log.New(io.Discard, "", 0) // net/http's complaints must not land on the TUI's screen
	for _, ln := range lns {
		srv := &http.Server{
			Handler:                      h,
			ReadHeaderTimeout:            readHeaderTimeout,
			ReadTimeout:                  readTimeout,
			WriteTimeout:                 writeTimeout,
			IdleTimeout:                  idleTimeout,
			MaxHeaderBytes:               maxHeaderBytes,
			DisableGeneralOptionsHandler: true, // OPTIONS * gets the handler's headers too
			ErrorLog:                     quiet,
			ConnState:                    l.conns.observe,
		}
		l.servers = append(l.servers, srv)
		l.addrs = append(l.addrs, ln.Addr().String())
		go srv.Serve(ln)
	}
	go l.enforceDeadline(cfg.Timeout)
	return l, nil
}

// RedirectURI is the effective redirect URI, with the real port when port
// 0 was asked for. It keeps the configured spelling (http://localhost:8080
// stays without a slash), because authorization servers compare it with
// the registered one character for character.
func (l *Listener) RedirectURI() string { return l.redirect }

// Addrs are the bound addresses, such as 127.0.0.1:8080 and [::1]:8080.
func (l *Listener) Addrs() []string { return append([]string(nil), l.addrs...) }

// Wait blocks until the first good answer, the deadline (ErrTimeout),
// Close, or the end of ctx. It shuts the listener down before it returns,
// whatever happened, so the port is free again. Calling it again returns
// the same outcome.
func (l *Listener) Wait(ctx context.Context) (*Result, error) {
	select {
	case <-l.verdict.done:
		l.stop(true) // let the winner's page reach the browser
		return l.verdict.result, l.verdict.err
	case <-ctx.Done():
		l.stop(false)
		return nil, ctx.Err()
	}
}

// Close stops listening at once and frees the port. It is safe to call
// more than once, and from any goroutine.
func (l *Listener) Close() error {
	l.stop(false)
	return nil
}

// enforceDeadline ends the login when timeout passes without an answer,
// and frees the port even if nobody is waiting any more.
func (l *Listener) enforceDeadline(timeout time.Duration) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-t.C:
		if l.verdict.decide(nil, ErrTimeout) {
			l.stop(false)
		}
	case <-l.verdict.done:
	}
}

// stop ends the login (if nothing else did) and shuts the servers down:
// gracefully, finishing the responses in flight, or at once. The port is
// free as soon as the listeners close, before either.
func (l *Listener) stop(graceful bool) {
	l.stopOnce.Do(func() {
		l.verdict.decide(nil, errListenerClosed)
		for _, ln := range l.lns {
			ln.Close()
		}
		l.conns.closeQuiet()
		ctx, cancel := context.WithTimeout(context.Background(), finishGrace)
		defer cancel()
		for _, srv := range l.servers {
			if !graceful || srv.Shutdown(ctx) != nil {
				srv.Close()
			}
		}
	})
}

// verdict is a login's single outcome. The first of a good answer, the
// deadline and Close wins. Claiming and settling are split so that a
// winning handler can write its page before Wait returns and the server
// shuts down; a loser finds the claim taken and shows "already finished".
type verdict struct {
	claimed atomic.Bool
	done    chan struct{} // closed once result and err are set
	result  *Result
	err     error
}

func newVerdict() *verdict { return &verdict{done: make(chan struct{})} }

// claim makes the caller the winner; false if another already won. The
// winner must call settle.
func (v *verdict) claim() bool { return v.claimed.CompareAndSwap(false, true) }

// settle records the winner's outcome and wakes Wait.
func (v *verdict) settle(r *Result, err error) {
	v.result, v.err = r, err
	close(v.done)
}

// decide claims and settles at once.
func (v *verdict) decide(r *Result, err error) bool {
	if !v.claim() {
		return false
	}
	v.settle(r, err)
	return true
}

// finished reports whether an outcome has been claimed.
func (v *verdict) finished() bool { return v.claimed.Load() }

package authflow

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// loopbackTarget is a redirect URI the listener can serve.
type loopbackTarget struct {
	raw       string   // as configured, trimmed
	u         *url.URL // parsed
	port      int      // 0: pick one
	path      string   // the path served: the URI's, or "/"
	bindFirst string   // the address that must bind: the URI's own host
}

// parseLoopbackRedirect accepts only what a browser on this machine can
// reach and only chatkeys can answer: http (a loopback listener has no
// certificate), a loopback name the Host check also accepts, a port, no
// user info, no fragment (RFC 6749 §3.1.2), and a path other than the
// relay's.
func parseLoopbackRedirect(raw string) (*loopbackTarget, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || !isLoopbackName(u.Hostname()) || u.Opaque != "" {
		return nil, fmt.Errorf("redirect URI %q: chatkeys can listen only on http://localhost, http://127.0.0.1 or http://[::1], such as http://localhost:8080", clip(raw))
	}
	if u.User != nil || u.Fragment != "" || strings.Contains(raw, "#") {
		return nil, fmt.Errorf("redirect URI %s: it must have no user name and no #fragment", u.Redacted())
	}
	t := &loopbackTarget{raw: raw, u: u, port: 80, path: u.Path, bindFirst: "127.0.0.1"}
	if p := u.Port(); p != "" {
		if t.port, err = strconv.Atoi(p); err != nil || t.port > 65535 {
			return nil, fmt.Errorf("redirect URI %s: %q is not a port", u.Redacted(), clip(p))
		}
	}
	if t.path == "" {
		t.path = "/"
	}
	if t.path == relayPath {
		return nil, fmt.Errorf("redirect URI %s: the path %s is chatkeys' own relay; register another", u.Redacted(), relayPath)
	}
	if u.Hostname() == "::1" {
		t.bindFirst = "::1" // the browser will go nowhere else
	}
	return t, nil
}

// CheckLoopbackRedirect reports whether chatkeys can listen on the
// redirect URI raw, and if not, why: the one rule the listener, the
// first-run form and the Login screen all apply.
func CheckLoopbackRedirect(raw string) error {
	_, err := parseLoopbackRedirect(raw)
	return err
}

// withPort is the effective redirect URI once port is bound. A fixed
// port keeps the configured text exactly.
func (t *loopbackTarget) withPort(port int) string {
	if t.port != 0 {
		return t.raw
	}
	u := *t.u
	u.Host = net.JoinHostPort(u.Hostname(), strconv.Itoa(port))
	return u.String()
}

// isLoopbackName reports whether host is one of the three names the
// listener answers to. api.IsLoopbackHost also accepts all of 127/8, but
// the listener binds only 127.0.0.1 and ::1, and its Host check must agree
// with what it binds.
func isLoopbackName(host string) bool {
	switch strings.ToLower(host) {
	case "localhost", "127.0.0.1", "::1":
		return true
	}
	return false
}

// bindLoopback listens on first (127.0.0.1, or ::1 for an [::1] URI) and
// then, with the same port, on the other loopback address when it is
// free: "localhost" may resolve to either in the browser. It never binds
// a wildcard address. It returns the port bound, which port 0 picks.
func bindLoopback(first string, port int) ([]net.Listener, int, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(first, strconv.Itoa(port)))
	switch {
	case err == nil:
	case isAddrInUse(err):
		return nil, 0, &PortInUseError{Port: port}
	case errors.Is(err, os.ErrPermission):
		return nil, 0, &PortPrivilegedError{Port: port}
	default:
		return nil, 0, fmt.Errorf("listen for the login redirect on %s: %w", net.JoinHostPort(first, strconv.Itoa(port)), err)
	}
	port = ln.Addr().(*net.TCPAddr).Port
	second := "::1"
	if first == "::1" {
		second = "127.0.0.1"
	}
	lns := []net.Listener{ln}
	if ln2, err := net.Listen("tcp", net.JoinHostPort(second, strconv.Itoa(port))); err == nil {
		lns = append(lns, ln2) // no IPv6, or the port is taken there: 127.0.0.1 alone will do
	}
	return lns, port, nil
}

// clip bounds configuration text quoted in an error.
func clip(s string) string {
	if len(s) > 100 {
		return s[:100] + "…"
	}
	return s
}

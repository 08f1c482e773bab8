package api

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"chatkeys/api/safetext"
)

// IsLoopbackHost reports whether host (without port) names this machine
// without asking a resolver: "localhost", an IPv4 literal in 127.0.0.0/8,
// or the IPv6 literal ::1. A name such as app.localhost, or anything else
// a resolver would answer, does not count: its answer can change.
func IsLoopbackHost(host string) bool {
	host = strings.ToLower(host)
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
	switch {
	case ip == nil:
		return false
	case ip.To4() != nil:
		// An IPv4-mapped IPv6 form (::ffff:127.0.0.1) is not the plain
		// literal; only dotted quads count.
		return !strings.Contains(host, ":") && ip.IsLoopback()
	}
	return ip.Equal(net.IPv6loopback)
}

// CheckSecureURL refuses a URL that would carry a token or secret in the
// clear: it must be absolute and https, unless its host is loopback.
func CheckSecureURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.Scheme == "" {
		return nil, fmt.Errorf("%q is not an absolute URL", raw)
	}
	switch u.Scheme {
	case "https":
		return u, nil
	case "http":
		if IsLoopbackHost(u.Hostname()) {
			return u, nil
		}
		return nil, fmt.Errorf("refusing %s: plain http is allowed only to localhost, 127.0.0.1 or [::1]; use https", u.Redacted())
	default:
		return nil, fmt.Errorf("refusing %s: the scheme must be https", u.Redacted())
	}
}

// ErrInsecureRedirect is matched (errors.Is) by the error for a redirect
// chatkeys did not follow: to another origin, off https, or of a request
// that changes something.
var ErrInsecureRedirect = errors.New("refusing to follow the redirect")

// RedirectError is a 3xx reply chatkeys did not follow. A request that
// changes something (DELETE, PUT, POST) follows no redirect at all: a
// DELETE turned into a GET of a login page must never read as done. A
// request that carries the bearer token follows a redirect only within
// its own origin (scheme, host and port).
type RedirectError struct {
	Method string
	Path   string
	Status int
	// Location is the host (and port) the server pointed at, "" when the
	// reply had no usable Location.
	Location string
}

func (e *RedirectError) Error() string {
	to := "without saying where"
	if e.Location != "" {
		to = "to " + e.Location
	}
	return fmt.Sprintf("%s %s: the server redirected it %s (HTTP %d); chatkeys does not follow it", e.Method, e.Path, to, e.Status)
}

func (e *RedirectError) Is(target error) bool { return target == ErrInsecureRedirect }

// sameOrigin reports whether a and b share scheme, host and port.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && effectivePort(a) == effectivePort(b)
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

// checkRedirect is the API client's redirect policy. Declining with
// http.ErrUseLastResponse hands the 3xx to Client.do, which turns it into
// a *RedirectError naming the status and the Location's host.
func checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0]
	switch {
	case first.Method != http.MethodGet && first.Method != http.MethodHead:
		return http.ErrUseLastResponse
	case !sameOrigin(req.URL, first.URL):
		return http.ErrUseLastResponse
	case len(via) >= 10:
		return errors.New("stopped after 10 redirects")
	}
	return nil
}

// redirectError describes a 3xx reply that was not followed.
func redirectError(resp *http.Response, method, path string) *RedirectError {
	e := &RedirectError{Method: method, Path: path, Status: resp.StatusCode}
	if loc, err := resp.Location(); err == nil && loc.Host != "" {
		e.Location = safetext.Sanitize(loc.Host, 100)
	}
	return e
}

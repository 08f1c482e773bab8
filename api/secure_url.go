package api

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// IsLoopbackHost reports whether host (without port) names this machine:
// localhost, 127.0.0.0/8 or ::1.
func IsLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
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
		return nil, fmt.Errorf("refusing %s: plain http is allowed only to localhost; use https", u.Redacted())
	default:
		return nil, fmt.Errorf("refusing %s: the scheme must be https", u.Redacted())
	}
}

// ErrInsecureRedirect is returned when a server redirects a request that
// carries a credential to a URL that is not https (or loopback).
var ErrInsecureRedirect = errors.New("refusing to follow a redirect to a URL that is not https")

// SecureRedirects is an http.Client CheckRedirect that refuses to follow a
// redirect off https (Go would resend the Authorization header, or a
// token request's form, in the clear).
func SecureRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	if _, err := CheckSecureURL(req.URL.String()); err != nil {
		return ErrInsecureRedirect
	}
	return nil
}

// Secured returns a copy of h (or a new client when h is nil) whose
// redirects stay on https.
func Secured(h *http.Client, timeout time.Duration) *http.Client {
	if h == nil {
		return &http.Client{Timeout: timeout, CheckRedirect: SecureRedirects}
	}
	c := *h
	c.CheckRedirect = SecureRedirects
	return &c
}

// Package consent walks chatsim's sign-in and consent pages over plain
// HTTP, as a person clicks through them, so tests of the flows that go
// through a browser can run without one. (The real-browser tests use
// Chromium; this is for the many that need not.)
package consent

import (
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Browser is a cookie-keeping HTTP client that fills in forms.
type Browser struct {
	client *http.Client
	stopAt string
}

// New returns a Browser. It follows redirects, except to stopAt (a
// host:port, or ""), where it stops and returns the redirect itself, so a
// test can deliver it its own way.
func New(stopAt string) *Browser {
	jar, _ := cookiejar.New(nil)
	b := &Browser{stopAt: stopAt}
	b.client = &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if (b.stopAt != "" && req.URL.Host == b.stopAt) || len(via) > 5 {
				return http.ErrUseLastResponse
			}
			return nil
		}}
	return b
}

// Button names the consent page's buttons by their element id.
const (
	Allow = "allow"
	Deny  = "deny"
)

var (
	formRe   = regexp.MustCompile(`(?is)<form[^>]*>.*?</form>`)
	actionRe = regexp.MustCompile(`(?i)action="([^"]*)"`)
	tagRe    = regexp.MustCompile(`(?is)<(?:input|button)\b[^>]*>`)
	attrRe   = regexp.MustCompile(`(?i)\b(name|value|id|type)="([^"]*)"`)
)

// Decide opens authorizeURL, signs in with email and password when the
// page asks, and presses button. It returns the final response (its body
// unread): the redirect when it stopped at stopAt, else the page the
// browser landed on.
func (b *Browser) Decide(authorizeURL, email, password, button string) (*http.Response, error) {
	start, err := url.Parse(authorizeURL)
	if err != nil {
		return nil, err
	}
	resp, err := b.client.Get(authorizeURL)
	for range 4 {
		if err != nil {
			return nil, err
		}
		if resp.StatusCode != 200 || resp.Request.URL.Host != start.Host {
			return resp, nil
		}
		body, rerr := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		if rerr != nil {
			return nil, rerr
		}
		form := formRe.FindString(string(body))
		if form == "" {
			return nil, fmt.Errorf("the page at %s has no form: %.200s", resp.Request.URL.Path, body)
		}
		resp, err = b.submit(resp.Request.URL, form, email, password, button)
	}
	return nil, errors.New("the consent pages never let go")
}

// submit fills the form and posts it, pressing button (or Sign in).
func (b *Browser) submit(page *url.URL, form, email, password, button string) (*http.Response, error) {
	vals := url.Values{}
	for _, tag := range tagRe.FindAllString(form, -1) {
		attrs := map[string]string{}
		for _, m := range attrRe.FindAllStringSubmatch(tag, -1) {
			attrs[strings.ToLower(m[1])] = html.UnescapeString(m[2])
		}
		name := attrs["name"]
		switch {
		case name == "":
		case name == "email":
			vals.Set(name, email)
		case name == "password":
			vals.Set(name, password)
		case attrs["type"] == "submit" || strings.HasPrefix(strings.ToLower(tag), "<button"):
			if attrs["id"] == button || attrs["id"] == "signin" {
				vals.Set(name, attrs["value"])
			}
		default:
			vals.Set(name, attrs["value"])
		}
	}
	action := page.String()
	if m := actionRe.FindStringSubmatch(form); m != nil {
		ref, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil {
			return nil, err
		}
		action = page.ResolveReference(ref).String()
	}
	return b.client.PostForm(action, vals)
}

package chatsim

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// authCode is an issued authorization code: single-use, bound to its
// client, redirect URI and agent, and short-lived.
type authCode struct {
	clientIdent   string
	redirect      string // the effective redirect URI at authorize
	redirectGiven bool   // it was sent there, so the exchange must repeat it
	scopes        string
	agentID       int64
	expires       time.Time
	used          bool
	tokenIDs      []int64 // tokens minted from it, revoked if it is replayed
}

// issueCode records a code for an allowed request and returns it. Callers
// hold s.mu.
func (s *Sim) issueCode(agentID int64, req authorizeRequest) string {
	now := s.now()
	for c, old := range s.codes {
		// A code is kept a lifetime past its expiry, so that a late
		// replay is still seen as "expired" rather than "unknown".
		if now.Sub(old.expires) > codeLifetime {
			delete(s.codes, c)
		}
	}
	code := s.randomString(codeLen)
	s.codes[code] = &authCode{
		clientIdent: req.client.ClientIdentifier, redirect: req.redirect, redirectGiven: req.redirectGiven,
		scopes: req.scopes, agentID: agentID, expires: now.Add(codeLifetime),
	}
	return code
}

// issueImplicit mints the implicit grant's token and returns the
// fragment's parameters. It has no refresh token: RFC 6749 §4.2.2 forbids
// one, and Zendesk Chat issues refresh tokens only from the code and
// password grants. Callers hold s.mu.
func (s *Sim) issueImplicit(agentID int64, req authorizeRequest) []param {
	now := s.timestamp()
	t := s.addToken(tokenRecord{agentID: agentID, clientIdent: req.client.ClientIdentifier,
		scopes: req.scopes, created: now, expires: now.Add(tokenLifetime)})
	params := []param{{"access_token", t.AccessToken}, {"token_type", "Bearer"}}
	if !s.opts.OmitExpiresIn {
		params = append(params, param{"expires_in", strconv.Itoa(int(tokenLifetime / time.Second))})
	}
	return append(params, param{"scope", req.scopes})
}

// param is one parameter of a redirect back to the client. The order is
// kept, so a redirect reads as Zendesk Chat's does:
// #access_token=…&token_type=Bearer&scope=read.
type param struct{ key, value string }

// encodeParams form-encodes params in order.
func encodeParams(params []param) string {
	var b strings.Builder
	for i, p := range params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.key))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.value))
	}
	return b.String()
}

// redirectBack sends the browser to the client's redirect URI with params
// and the request's state: in the query for the code flow, in the fragment
// for the implicit one. A query the registered URI already has is kept,
// as RFC 6749 §3.1.2 requires.
func redirectBack(w http.ResponseWriter, r *http.Request, req authorizeRequest, params []param) {
	if req.params.Has("state") {
		params = append(params, param{"state", req.params.Get("state")})
	}
	u, err := url.Parse(req.redirect)
	if err != nil || !u.IsAbs() {
		// Only SetDemoRedirectURI can register such a URI; the API
		// refuses it.
		http.Error(w, "the client's redirect URI is malformed", http.StatusInternalServerError)
		return
	}
	u.Fragment, u.RawFragment = "", ""
	var target string
	if req.implicit {
		target = u.String() + "#" + encodeParams(params)
	} else {
		if u.RawQuery != "" {
			u.RawQuery += "&"
		}
		u.RawQuery += encodeParams(params)
		target = u.String()
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(w, r, target, http.StatusFound)
}

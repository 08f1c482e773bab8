package chatsim

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"chatkeys/api"
)

const sessionCookie = "chatsim_session"

// authorizeRequest is a checked authorization request.
type authorizeRequest struct {
	params   url.Values // the request's own parameters, echoed in forms
	client   *api.OAuthClient
	redirect string // the effective redirect URI
	implicit bool
	scopes   string
	state    string
}

// checkAuthorize validates an authorization request. A bad client or
// redirect URI is shown as a page (fatal), never redirected to, as RFC 6749
// §4.1.2.1 requires; other errors go back to the client (code, desc).
// Callers hold mu.
func (s *Sim) checkAuthorize(v url.Values) (req authorizeRequest, fatal, code, desc string) {
	req.params = url.Values{}
	for _, k := range []string{"response_type", "client_id", "redirect_uri", "scope", "state", "subdomain"} {
		if v.Has(k) {
			req.params.Set(k, v.Get(k))
		}
	}
	req.state = v.Get("state")
	req.client = s.clientByIdent(v.Get("client_id"))
	if req.client == nil {
		return req, "This link names an unknown client_id. Check the client's identifier in chatkeys clients list.", "", ""
	}
	given := v.Get("redirect_uri")
	switch {
	case given == "" && len(req.client.RedirectURIs) == 1:
		req.redirect = req.client.RedirectURIs[0]
	case given == "":
		return req, "redirect_uri is required: this client has several redirect URLs.", "", ""
	case !slices.Contains(req.client.RedirectURIs, given):
		return req, "redirect_uri " + given + " is not registered on this client.", "", ""
	default:
		req.redirect = given
	}
	switch v.Get("response_type") {
	case "code":
	case "token":
		req.implicit = true
	default:
		return req, "", "unsupported_response_type", "response_type must be code or token"
	}
	scopes := strings.Fields(v.Get("scope"))
	if len(scopes) == 0 {
		return req, "", "invalid_request", "scope is required"
	}
	for _, sc := range scopes {
		if sc != "chat" && !slices.Contains(req.client.ScopeList(), sc) {
			return req, "", "invalid_scope", "this client allows: " + req.client.Scopes + " (and chat)"
		}
	}
	req.scopes = normalizeScopes(strings.Join(scopes, " "))
	return req, "", "", ""
}

// authorizePage shows the sign-in form, then the consent form.
func (s *Sim) authorizePage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req, fatal, code, desc := s.checkAuthorize(r.URL.Query())
	switch {
	case fatal != "":
		renderPage(w, http.StatusBadRequest, errorPage, pageData{Message: fatal})
		return
	case code != "":
		redirectWith(w, r, req, url.Values{"error": {code}, "error_description": {desc}})
		return
	}
	sess := s.browserSession(w, r)
	if sess.agentID == 0 {
		renderPage(w, http.StatusOK, signInPage, s.pageFor(req, sess, ""))
		return
	}
	renderPage(w, http.StatusOK, consentPage, s.pageFor(req, sess, ""))
}

// signIn checks the demo credentials and returns to the consent page.
func (s *Sim) signIn(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		renderPage(w, http.StatusBadRequest, errorPage, pageData{Message: "The form could not be read."})
		return
	}
	sess := s.sessionOf(r)
	if sess == nil || r.PostForm.Get("csrf") != sess.csrf {
		renderPage(w, http.StatusBadRequest, errorPage, pageData{Message: "This form expired. Start the login again."})
		return
	}
	req, fatal, _, _ := s.checkAuthorize(r.PostForm)
	if fatal != "" {
		renderPage(w, http.StatusBadRequest, errorPage, pageData{Message: fatal})
		return
	}
	a := s.agentByEmail(strings.TrimSpace(r.PostForm.Get("email")))
	if a == nil || a.Password != r.PostForm.Get("password") {
		renderPage(w, http.StatusUnauthorized, signInPage, s.pageFor(req, sess, "Wrong email or password."))
		return
	}
	sess.agentID = a.ID
	http.Redirect(w, r, "/oauth2/chat/authorizations/new?"+req.params.Encode(), http.StatusSeeOther)
}

// decide handles Allow and Deny.
func (s *Sim) decide(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		renderPage(w, http.StatusBadRequest, errorPage, pageData{Message: "The form could not be read."})
		return
	}
	sess := s.sessionOf(r)
	if sess == nil || sess.agentID == 0 || r.PostForm.Get("csrf") != sess.csrf {
		renderPage(w, http.StatusBadRequest, errorPage, pageData{Message: "This form expired. Start the login again."})
		return
	}
	req, fatal, code, desc := s.checkAuthorize(r.PostForm)
	switch {
	case fatal != "":
		renderPage(w, http.StatusBadRequest, errorPage, pageData{Message: fatal})
	case code != "":
		redirectWith(w, r, req, url.Values{"error": {code}, "error_description": {desc}})
	case r.PostForm.Get("decision") != "allow":
		redirectWith(w, r, req, url.Values{"error": {"access_denied"},
			"error_description": {"The end-user or authorization server denied the request"}})
	case req.implicit:
		now := s.now().UTC().Truncate(time.Second)
		t := s.addToken(sess.agentID, req.client.ClientIdentifier, req.scopes, now, now.Add(tokenLifetime), "")
		v := url.Values{"access_token": {t.AccessToken}, "token_type": {"Bearer"}, "scope": {req.scopes}}
		if !s.opts.OmitExpiresIn {
			v.Set("expires_in", "36000")
		}
		redirectWith(w, r, req, v)
	default:
		c := s.randomString(codeLen)
		s.codes[c] = &authCode{clientIdent: req.client.ClientIdentifier, redirectURI: req.params.Get("redirect_uri"),
			scopes: req.scopes, agentID: sess.agentID, expires: s.now().Add(codeLifetime)}
		redirectWith(w, r, req, url.Values{"code": {c}})
	}
}

// redirectWith sends the browser back to the client: in the query for the
// code flow, in the fragment for the implicit one. state is echoed.
func redirectWith(w http.ResponseWriter, r *http.Request, req authorizeRequest, v url.Values) {
	if req.params.Has("state") {
		v.Set("state", req.state)
	}
	u, err := url.Parse(req.redirect)
	if err != nil {
		renderPage(w, http.StatusBadRequest, errorPage, pageData{Message: "The redirect URI is malformed."})
		return
	}
	u.Fragment, u.RawFragment = "", ""
	target := u.String()
	if req.implicit {
		target += "#" + v.Encode()
	} else {
		q := u.Query()
		for k, vals := range v {
			q[k] = vals
		}
		u.RawQuery = q.Encode()
		target = u.String()
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, target, http.StatusFound)
}

// browserSession returns the browser's session, starting one if needed.
func (s *Sim) browserSession(w http.ResponseWriter, r *http.Request) *session {
	if sess := s.sessionOf(r); sess != nil {
		return sess
	}
	id := s.randomString(32)
	sess := &session{csrf: s.randomString(32)}
	s.sessions[id] = sess
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/oauth2/chat", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	return sess
}

func (s *Sim) sessionOf(r *http.Request) *session {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	return s.sessions[c.Value]
}

package chatsim

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"chatkeys/api"
)

// authorizeParams are the parameters the authorization request takes.
// They are carried through the sign-in and consent forms as hidden
// inputs, and checked again on every step.
var authorizeParams = []string{"response_type", "client_id", "redirect_uri", "scope", "state", "subdomain"}

// authorizeRequest is a checked authorization request.
type authorizeRequest struct {
	params        url.Values // the request's own parameters, echoed in forms
	client        *api.OAuthClient
	redirect      string // the effective redirect URI
	redirectGiven bool   // redirect_uri was sent, so the exchange must repeat it
	implicit      bool   // response_type=token: answer in the fragment
	scopes        string // normalized
}

// authorizeError is why an authorization request cannot go on. A fatal
// one (unknown client, bad redirect URI) is shown to the user as a page
// and never redirected, as RFC 6749 §4.1.2.1 requires: the redirect URI
// cannot be trusted. Any other goes back to the client as error and
// error_description.
type authorizeError struct {
	fatal       bool
	code        string
	description string
}

// checkAuthorize validates an authorization request in RFC 6749 order:
// client, redirect URI, then the rest. Callers hold s.mu.
func (s *Sim) checkAuthorize(v url.Values) (authorizeRequest, *authorizeError) {
	req := authorizeRequest{params: url.Values{}}
	for _, k := range authorizeParams {
		if v.Has(k) {
			req.params.Set(k, v.Get(k))
		}
	}
	fatal := func(msg string) (authorizeRequest, *authorizeError) {
		return req, &authorizeError{fatal: true, description: msg}
	}
	back := func(code, msg string) (authorizeRequest, *authorizeError) {
		return req, &authorizeError{code: code, description: msg}
	}
	id := v.Get("client_id")
	switch req.client = s.clientByIdent(id); {
	case id == "":
		return fatal("This link has no client_id: the application that sent you here must name its OAuth client.")
	case req.client == nil, len(v["client_id"]) > 1:
		return fatal("This link names an unknown client_id. Check the client's identifier (chatkeys clients list).")
	}
	given := v.Get("redirect_uri")
	req.redirectGiven = given != ""
	switch registered := req.client.RedirectURIs; {
	case len(v["redirect_uri"]) > 1:
		return fatal("This link has more than one redirect_uri.")
	case given == "" && len(registered) == 1:
		req.redirect = registered[0]
	case given == "":
		return fatal("This link needs a redirect_uri: the client " + req.client.Name + " has several redirect URLs.")
	case !slices.Contains(registered, given):
		return fatal("The redirect_uri " + given + " is not registered on the client " + req.client.Name + ".")
	default:
		req.redirect = given
	}
	switch v.Get("response_type") {
	case "code":
	case "token":
		req.implicit = true
	default:
		return back("unsupported_response_type", "response_type must be code or token")
	}
	for _, k := range authorizeParams {
		if len(v[k]) > 1 {
			return back("invalid_request", k+" is repeated")
		}
	}
	scopes := strings.Fields(v.Get("scope"))
	if len(scopes) == 0 {
		return back("invalid_request", "scope is required: read, write and/or chat, separated by spaces")
	}
	if !scopesAllowed(req.client, scopes) {
		return back("invalid_scope", allowedScopesText(req.client))
	}
	req.scopes = normalizeScopes(strings.Join(scopes, " "))
	return req, nil
}

// scopesAllowed reports whether a client may be granted every scope in
// want: chat always, read and write when the client allows them (a
// client's scopes are only ever those two), nothing else.
func scopesAllowed(c *api.OAuthClient, want []string) bool {
	for _, sc := range want {
		if sc != "chat" && !slices.Contains(c.ScopeList(), sc) {
			return false
		}
	}
	return true
}

// allowedScopesText is the invalid_scope description: the scopes the
// client allows, so the reader knows what to ask for instead.
func allowedScopesText(c *api.OAuthClient) string {
	return "this client allows the scopes: " + c.Scopes + " (and chat)"
}

// authorizePage shows the sign-in form, or, to a signed-in browser, the
// consent form.
func (s *Sim) authorizePage(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req, problem := s.checkAuthorize(r.URL.Query())
	if problem != nil {
		s.refuse(w, r, req, problem)
		return
	}
	sess := s.sessionOf(r)
	if sess == nil {
		sess = s.startSession(w, r)
	}
	if sess.agentID == 0 {
		renderPage(w, http.StatusOK, signInPage, s.pageFor(req, sess, ""))
		return
	}
	renderPage(w, http.StatusOK, consentPage, s.pageFor(req, sess, ""))
}

// signIn checks an agent's email and password and goes back to the
// authorize page, which now shows the consent form.
func (s *Sim) signIn(w http.ResponseWriter, r *http.Request, sess *session, req authorizeRequest) {
	a := s.agentByEmail(strings.TrimSpace(r.PostForm.Get("email")))
	if a == nil || !equalSecret(a.Password, r.PostForm.Get("password")) {
		renderPage(w, http.StatusUnauthorized, signInPage, s.pageFor(req, sess, "Wrong email or password."))
		return
	}
	sess.agentID = a.ID
	http.Redirect(w, r, authorizePath+"?"+req.params.Encode(), http.StatusSeeOther)
}

// decide answers Allow or Deny: a code (or, for response_type=token, an
// access token) or access_denied, sent back to the client's redirect URI.
func (s *Sim) decide(w http.ResponseWriter, r *http.Request, sess *session, req authorizeRequest) {
	switch {
	case r.PostForm.Get("decision") != "allow":
		redirectBack(w, r, req, []param{{"error", "access_denied"},
			{"error_description", "The end-user or authorization server denied the request"}})
	case req.implicit:
		redirectBack(w, r, req, s.issueImplicit(sess.agentID, req))
	default:
		redirectBack(w, r, req, []param{{"code", s.issueCode(sess.agentID, req)}})
	}
}

// formHandler serves a posted sign-in or decision form whose session,
// CSRF token and authorization request have been checked. It runs holding
// s.mu.
type formHandler func(w http.ResponseWriter, r *http.Request, sess *session, req authorizeRequest)

// onForm makes h the endpoint a form posts to: it holds s.mu while it
// serves, reads the form and checks its session (postedForm; signedIn asks
// for a session that has signed in) and the authorization request it
// carries (checkAuthorize), answering any problem itself, and only then
// calls h.
func (s *Sim) onForm(signedIn bool, h formHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		sess, ok := s.postedForm(w, r, signedIn)
		if !ok {
			return
		}
		req, problem := s.checkAuthorize(r.PostForm)
		if problem != nil {
			s.refuse(w, r, req, problem)
			return
		}
		h(w, r, sess, req)
	}
}

// postedForm reads a sign-in or decision form and checks its session and
// CSRF token, writing the error page itself when they fail. signedIn asks
// for a session that has signed in.
func (s *Sim) postedForm(w http.ResponseWriter, r *http.Request, signedIn bool) (*session, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		renderPage(w, http.StatusBadRequest, errorPage, pageData{Message: "The form could not be read."})
		return nil, false
	}
	sess := s.sessionOf(r)
	if sess == nil || !equalSecret(sess.csrf, r.PostForm.Get("csrf")) || (signedIn && sess.agentID == 0) {
		renderPage(w, http.StatusForbidden, errorPage, pageData{
			Message: "This form has expired or did not come from this page. Start the login again from your application."})
		return nil, false
	}
	return sess, true
}

// refuse shows a fatal problem as a page, and sends any other back to the
// client.
func (s *Sim) refuse(w http.ResponseWriter, r *http.Request, req authorizeRequest, problem *authorizeError) {
	if problem.fatal {
		renderPage(w, http.StatusBadRequest, errorPage, pageData{Message: problem.description})
		return
	}
	redirectBack(w, r, req, []param{{"error", problem.code}, {"error_description", problem.description}})
}

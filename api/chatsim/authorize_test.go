package chatsim_test

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"chatkeys/api"
	"chatkeys/api/chatsim"
)

// browser is an http.Client with a cookie jar that stops at every
// redirect, so a test sees each step of the sign-in and consent pages.
type browser struct {
	t      *testing.T
	client *http.Client
}

func newBrowser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// page is a response read whole.
type page struct {
	status int
	header http.Header
	body   string
}

func (b *browser) send(req *http.Request, err error) page {
	b.t.Helper()
	if err != nil {
		b.t.Fatal(err)
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return page{resp.StatusCode, resp.Header, string(body)}
}

func (b *browser) get(u string) page { return b.send(http.NewRequest("GET", u, nil)) }

func (b *browser) post(u string, form url.Values) page {
	req, err := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	if req != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return b.send(req, err)
}

var (
	actionRe = regexp.MustCompile(`<form method="post" action="([^"]*)">`)
	hiddenRe = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)">`)
)

// form returns the page's form: where it posts and its hidden inputs.
func (p page) form(t *testing.T) (action string, fields url.Values) {
	t.Helper()
	m := actionRe.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no form on the page (%d):\n%s", p.status, p.body)
	}
	fields = url.Values{}
	for _, h := range hiddenRe.FindAllStringSubmatch(p.body, -1) {
		fields.Set(html.UnescapeString(h[1]), html.UnescapeString(h[2]))
	}
	return html.UnescapeString(m[1]), fields
}

func (p page) has(ids ...string) bool {
	for _, id := range ids {
		if !strings.Contains(p.body, `id="`+id+`"`) {
			return false
		}
	}
	return true
}

func TestSignInThenConsentDrivenThroughTheForms(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	b := newBrowser(t)
	admin := a.sim.Admin()

	signIn := b.get(a.authorizeURL(a.codeParams()))
	if signIn.status != 200 || !signIn.has("email", "password", "signin") || signIn.has("allow") {
		t.Fatalf("sign-in page %d:\n%s", signIn.status, signIn.body)
	}
	if !strings.Contains(signIn.body, admin.Email) || !strings.Contains(signIn.body, "<code>demo</code>") {
		t.Fatal("the sign-in page does not show the demo credentials")
	}
	for k, want := range map[string]string{"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"} {
		if got := signIn.header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	action, fields := signIn.form(t)
	if fields.Get("csrf") == "" || fields.Get("state") != "s-123" || fields.Get("subdomain") != "acme" {
		t.Fatalf("the sign-in form carries %v", fields)
	}
	fields.Set("email", admin.Email)
	fields.Set("password", "wrong")
	if p := b.post(a.srv.URL+action, fields); p.status != 401 || !p.has("error", "signin") {
		t.Fatalf("a wrong password: %d", p.status)
	}
	fields.Set("password", admin.Password)
	back := b.post(a.srv.URL+action, fields)
	if back.status != http.StatusSeeOther {
		t.Fatalf("sign-in answered %d:\n%s", back.status, back.body)
	}

	consentPage := b.get(a.srv.URL + back.header.Get("Location"))
	if consentPage.status != 200 || !consentPage.has("allow", "deny", "scopes") || consentPage.has("password") {
		t.Fatalf("consent page %d:\n%s", consentPage.status, consentPage.body)
	}
	for _, want := range []string{a.demo.Name, a.demo.Company, "read:", "write:", admin.Email} {
		if !strings.Contains(consentPage.body, html.EscapeString(want)) {
			t.Errorf("the consent page does not name %q", want)
		}
	}
	action, fields = consentPage.form(t)
	fields.Set("decision", "allow")
	done := b.post(a.srv.URL+action, fields)
	loc, _ := url.Parse(done.header.Get("Location"))
	if done.status != http.StatusFound || loc.Query().Get("code") == "" || loc.Query().Get("state") != "s-123" {
		t.Fatalf("allow answered %d, Location %s", done.status, loc)
	}
	if again := b.get(a.authorizeURL(a.codeParams())); !again.has("allow") {
		t.Fatal("a signed-in browser was asked to sign in again")
	}
}

func TestFormsWithoutTheSessionsCSRFTokenAreRefused(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	b := newBrowser(t)
	admin := a.sim.Admin()
	action, fields := b.get(a.authorizeURL(a.codeParams())).form(t)
	fields.Set("email", admin.Email)
	fields.Set("password", admin.Password)

	forged := url.Values{}
	for k, v := range fields {
		forged[k] = v
	}
	forged.Set("csrf", "forged")
	if p := b.post(a.srv.URL+action, forged); p.status != 403 || p.header.Get("Location") != "" {
		t.Fatalf("a forged CSRF token: %d", p.status)
	}
	if p := newBrowser(t).post(a.srv.URL+action, fields); p.status != 403 {
		t.Fatalf("another browser with the token: %d", p.status)
	}
	decision := url.Values{"decision": {"allow"}, "csrf": {fields.Get("csrf")}}
	for k := range a.codeParams() {
		decision.Set(k, fields.Get(k))
	}
	if p := b.post(a.srv.URL+"/oauth2/chat/authorizations", decision); p.status != 403 || p.header.Get("Location") != "" {
		t.Fatalf("a decision before signing in: %d %s", p.status, p.header.Get("Location"))
	}
}

func TestBadClientOrRedirectURIIsAPageNeverARedirect(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	several := a.clientWhere(t, func(c api.OAuthClient) bool { return len(c.RedirectURIs) > 1 })
	cases := map[string]url.Values{
		"no client_id":      {"response_type": {"code"}, "scope": {"read"}},
		"unknown client_id": {"response_type": {"code"}, "client_id": {"nope"}, "scope": {"read"}},
		"unregistered redirect": {"response_type": {"code"}, "client_id": {a.demo.ClientIdentifier},
			"redirect_uri": {"http://localhost:9999/evil"}, "scope": {"read"}},
		"redirect omitted with several":    {"response_type": {"code"}, "client_id": {several.ClientIdentifier}, "scope": {"read"}},
		"bad client and bad response_type": {"response_type": {"nope"}, "client_id": {"nope"}},
	}
	for name, v := range cases {
		p := newBrowser(t).get(a.authorizeURL(v))
		if p.status != 400 || p.header.Get("Location") != "" || !p.has("error") || !strings.HasPrefix(p.header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d, Location %q", name, p.status, p.header.Get("Location"))
		}
	}
}

func TestAuthorizeErrorsGoBackToTheClientWithState(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	readOnly := a.clientWhere(t, func(c api.OAuthClient) bool { return c.Scopes == "read" && len(c.RedirectURIs) == 1 })
	cases := []struct {
		name  string
		edit  func(url.Values)
		error string
		where string // query or fragment
	}{
		{"unsupported response_type", func(v url.Values) { v.Set("response_type", "id_token") }, "unsupported_response_type", "query"},
		{"missing scope", func(v url.Values) { v.Del("scope") }, "invalid_request", "query"},
		{"unknown scope", func(v url.Values) { v.Set("scope", "read admin") }, "invalid_scope", "query"},
		{"scope beyond the client's", func(v url.Values) {
			v.Set("client_id", readOnly.ClientIdentifier)
			v.Del("redirect_uri")
			v.Set("scope", "read write")
		}, "invalid_scope", "query"},
		{"implicit with a bad scope", func(v url.Values) { v.Set("response_type", "token"); v.Set("scope", "admin") }, "invalid_scope", "fragment"},
		{"repeated state", func(v url.Values) { v.Add("state", "again") }, "invalid_request", "query"},
	}
	for _, c := range cases {
		v := a.codeParams()
		c.edit(v)
		p := newBrowser(t).get(a.authorizeURL(v))
		loc, _ := url.Parse(p.header.Get("Location"))
		got := loc.Query()
		if c.where == "fragment" {
			got, _ = url.ParseQuery(loc.Fragment)
		}
		if p.status != http.StatusFound || got.Get("error") != c.error || got.Get("state") != v.Get("state") || got.Get("error_description") == "" {
			t.Errorf("%s: %d, Location %s", c.name, p.status, loc)
		}
	}
	v := a.codeParams()
	v.Set("client_id", readOnly.ClientIdentifier)
	v.Del("redirect_uri")
	v.Set("scope", "write")
	loc, _ := url.Parse(newBrowser(t).get(a.authorizeURL(v)).header.Get("Location"))
	if desc := loc.Query().Get("error_description"); !strings.Contains(desc, "read") || !strings.Contains(desc, "chat") {
		t.Errorf("invalid_scope does not name the client's scopes: %q", desc)
	}
	v.Set("scope", "read chat")
	if p := newBrowser(t).get(a.authorizeURL(v)); p.status != 200 {
		t.Errorf("chat with a read-only client: %d, want the sign-in page", p.status)
	}
}

func TestPagesEscapeWhatTheyEcho(t *testing.T) {
	a := newAccount(t, chatsim.Options{})
	v := a.codeParams()
	v.Set("state", `"><script>alert(1)</script>`)
	p := newBrowser(t).get(a.authorizeURL(v))
	if p.status != 200 || strings.Contains(p.body, "<script>alert(1)") {
		t.Fatalf("%d: the page echoes markup unescaped", p.status)
	}
	_, fields := p.form(t)
	if fields.Get("state") != v.Get("state") {
		t.Fatalf("state came back as %q", fields.Get("state"))
	}
	v = a.codeParams()
	v.Set("redirect_uri", `http://localhost:8080/"><script>alert(1)</script>`)
	if p := newBrowser(t).get(a.authorizeURL(v)); p.status != 400 || strings.Contains(p.body, "<script>alert(1)") {
		t.Fatalf("%d: the error page echoes markup unescaped", p.status)
	}
}

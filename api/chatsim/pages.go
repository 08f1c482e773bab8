package chatsim

import (
	"crypto/rand"
	"html/template"
	"net/http"
	"strings"
	"time"
)

// Page names in pageTemplates.
const (
	signInPage  = "signin"
	consentPage = "consent"
	errorPage   = "error"
)

// pageData is what the authorization pages show. html/template escapes
// every value, so a hostile state or client name stays text.
type pageData struct {
	Message  string // the error page's
	Error    string // a sign-in failure
	Client   string
	Company  string
	Scopes   []string
	Agent    string // who is signed in, on the consent page
	CSRF     string
	Params   []hiddenInput // the authorization request, carried through the forms
	Accounts []Agent       // the demo accounts listed on the sign-in page
	Password string        // their password, printed so a newcomer can sign in
}

// hiddenInput is one parameter of the authorization request in a form.
type hiddenInput struct{ Name, Value string }

// pageFor fills the sign-in or consent page for a checked request.
// Callers hold s.mu.
func (s *Sim) pageFor(req authorizeRequest, sess *session, errMsg string) pageData {
	d := pageData{Error: errMsg, Client: req.client.Name, Company: req.client.Company,
		Scopes: strings.Fields(req.scopes), CSRF: sess.csrf, Accounts: s.agents, Password: s.Admin().Password}
	if a := s.agentByID(sess.agentID); a != nil {
		d.Agent = a.Name + " (" + a.Email + ")"
	}
	for _, k := range authorizeParams {
		if req.params.Has(k) {
			d.Params = append(d.Params, hiddenInput{k, req.params.Get(k)})
		}
	}
	return d
}

// scopeText says what each scope grants.
func scopeText(scope string) string {
	switch scope {
	case "read":
		return "read: see your account's data (showing and listing)"
	case "write":
		return "write: create, update and delete your account's data"
	case "chat":
		return "chat: use the Chat Conversations API"
	}
	return scope
}

// pageTemplates are parsed once; a parse error is a bug caught by every
// test that opens a page.
var pageTemplates = template.Must(template.New("").Funcs(template.FuncMap{"scope": scopeText}).Parse(`
{{define "head"}}<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Zendesk Chat (chatsim)</title>
<style>
body{font-family:system-ui,sans-serif;background:#f3f1ec;color:#1f2a2c;margin:0;display:flex;justify-content:center}
main{background:#fff;margin:4rem 1rem;padding:2rem 2.5rem;border-radius:10px;max-width:30rem;box-shadow:0 2px 12px #0002}
h1{font-size:1.3rem;margin-top:0}.brand{color:#03363d;font-weight:700;letter-spacing:.02em}
label{display:block;margin:.8rem 0 .2rem}input[type=email],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}
button{padding:.55rem 1.3rem;margin:1rem .5rem 0 0;border-radius:6px;border:1px solid #03363d;font-size:1rem;cursor:pointer}
#allow,#signin{background:#03363d;color:#fff}#deny{background:#fff;color:#03363d}
.err{color:#b00020}.muted{color:#68737d;font-size:.9rem}li{margin:.3rem 0}code{background:#f3f1ec;padding:0 .2rem}
</style></head><body><main><p class="brand">Zendesk Chat · simulated by chatsim</p>{{end}}
{{define "foot"}}</main></body></html>{{end}}
{{define "hidden"}}<input type="hidden" name="csrf" value="{{.CSRF}}">{{range .Params}}<input type="hidden" name="{{.Name}}" value="{{.Value}}">{{end}}{{end}}

{{define "signin"}}{{template "head"}}
<h1>Sign in to authorize {{.Client}}</h1>
{{if .Error}}<p class="err" id="error">{{.Error}}</p>{{end}}
<form method="post" action="/oauth2/chat/authorizations/session">{{template "hidden" .}}
<label for="email">Email</label><input type="email" id="email" name="email" autocomplete="username" required>
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit" id="signin" name="signin" value="1">Sign in</button></form>
<p class="muted" id="demo-accounts">This is a simulated account. Sign in as any of these agents, all with the password <code>{{.Password}}</code>:</p><ul class="muted">
{{range .Accounts}}<li><code>{{.Email}}</code> — {{.Name}}{{if .Admin}}, administrator{{end}}</li>{{end}}</ul>
{{template "foot"}}{{end}}

{{define "consent"}}{{template "head"}}
<h1>Allow {{.Client}}{{if .Company}} by {{.Company}}{{end}} to access your Zendesk Chat account?</h1>
<p>Signed in as {{.Agent}}. {{.Client}} will be able to:</p>
<ul id="scopes">{{range .Scopes}}<li>{{scope .}}</li>{{end}}</ul>
<form method="post" action="/oauth2/chat/authorizations">{{template "hidden" .}}
<button type="submit" id="allow" name="decision" value="allow">Allow</button>
<button type="submit" id="deny" name="decision" value="deny">Deny</button></form>
{{template "foot"}}{{end}}

{{define "error"}}{{template "head"}}<h1>This authorization link cannot be used</h1>
<p class="err" id="error">{{.Message}}</p>{{template "foot"}}{{end}}
`))

// renderPage writes one of the authorization pages. They are never cached
// (they carry a CSRF token), never leak the URL (it carries state) and
// never framed (clickjacking an Allow button is the classic attack).
func renderPage(w http.ResponseWriter, status int, name string, d pageData) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	w.WriteHeader(status)
	pageTemplates.ExecuteTemplate(w, name, d)
}

// sessionCookie names the authorize page's sign-in cookie.
const sessionCookie = "chatsim_session"

// maxFormBody bounds the sign-in and decision forms.
const maxFormBody = 64 << 10

// session is a browser's visit to the authorization pages: who signed in
// (0 until someone does) and the CSRF token its forms must carry.
type session struct {
	agentID int64
	csrf    string
	expires time.Time
}

// sessionOf returns the browser's live session, or nil. Callers hold s.mu.
func (s *Sim) sessionOf(r *http.Request) *session {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil
	}
	sess := s.sessions[c.Value]
	if sess == nil || !s.now().Before(sess.expires) {
		return nil
	}
	return sess
}

// startSession starts a session and sets its cookie. Session ids and CSRF
// tokens come from crypto/rand, not the seeded generator: nothing needs to
// reproduce them, and drawing them from the seeded generator would shift every value
// generated after a browser visit. Callers hold s.mu.
func (s *Sim) startSession(w http.ResponseWriter, r *http.Request) *session {
	now := s.now()
	for id, old := range s.sessions { // a long-running chatkeys sim must not grow without bound
		if !now.Before(old.expires) {
			delete(s.sessions, id)
		}
	}
	id := rand.Text()
	sess := &session{csrf: rand.Text(), expires: now.Add(sessionLifetime)}
	s.sessions[id] = sess
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: id, Path: "/oauth2/chat", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode, MaxAge: int(sessionLifetime / time.Second),
	})
	return sess
}

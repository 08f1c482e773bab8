package chatsim

import (
	"html/template"
	"net/http"
	"sort"
	"strings"
)

// pageData is what the authorization pages show. html/template escapes
// every value.
type pageData struct {
	Message  string
	Error    string
	Client   string
	Company  string
	Scopes   []string
	Agent    string
	CSRF     string
	Params   []hiddenParam
	Accounts []Agent
}

type hiddenParam struct{ Name, Value string }

// pageFor fills the sign-in or consent page for a checked request.
func (s *Sim) pageFor(req authorizeRequest, sess *session, errMsg string) pageData {
	d := pageData{Error: errMsg, Client: req.client.Name, Company: req.client.Company,
		Scopes: strings.Fields(req.scopes), CSRF: sess.csrf, Accounts: s.agents}
	if a := s.agentByID(sess.agentID); a != nil {
		d.Agent = a.Name + " (" + a.Email + ")"
	}
	keys := make([]string, 0, len(req.params))
	for k := range req.params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		d.Params = append(d.Params, hiddenParam{k, req.params.Get(k)})
	}
	return d
}

var scopeText = map[string]string{
	"read":  "read: list and show your chats, clients and tokens",
	"write": "write: create, update and delete them",
	"chat":  "chat: use the Chat Conversations API",
}

var pageTemplates = template.Must(template.New("").Funcs(template.FuncMap{
	"scope": func(s string) string {
		if t, ok := scopeText[s]; ok {
			return t
		}
		return s
	},
}).Parse(`
{{define "head"}}<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Zendesk Chat (chatsim)</title>
<style>
body{font-family:system-ui,sans-serif;background:#f3f1ec;color:#1f2a2c;margin:0;display:flex;justify-content:center}
main{background:#fff;margin:4rem 1rem;padding:2rem 2.5rem;border-radius:10px;max-width:30rem;box-shadow:0 2px 12px #0002}
h1{font-size:1.3rem;margin-top:0}.brand{color:#03363d;font-weight:700;letter-spacing:.02em}
label{display:block;margin:.8rem 0 .2rem}input[type=email],input[type=password]{width:100%;padding:.5rem;box-sizing:border-box}
button{padding:.55rem 1.3rem;margin:1rem .5rem 0 0;border-radius:6px;border:1px solid #03363d;font-size:1rem;cursor:pointer}
#allow,#signin{background:#03363d;color:#fff}#deny{background:#fff;color:#03363d}
.err{color:#b00020}.muted{color:#68737d;font-size:.9rem}li{margin:.3rem 0}
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
<p class="muted">Demo accounts, all with the password <b>demo</b>:</p><ul class="muted">
{{range .Accounts}}<li>{{.Email}} — {{.Name}}{{if .Admin}}, administrator{{end}}</li>{{end}}</ul>
{{template "foot"}}{{end}}

{{define "consent"}}{{template "head"}}
<h1>Allow {{.Client}}{{if .Company}} by {{.Company}}{{end}} to access your Zendesk Chat account?</h1>
<p>Signed in as {{.Agent}}. It will be able to:</p>
<ul id="scopes">{{range .Scopes}}<li>{{scope .}}</li>{{end}}</ul>
<form method="post" action="/oauth2/chat/authorizations">{{template "hidden" .}}
<button type="submit" id="allow" name="decision" value="allow">Allow</button>
<button type="submit" id="deny" name="decision" value="deny">Deny</button></form>
{{template "foot"}}{{end}}

{{define "error"}}{{template "head"}}<h1>This authorization link cannot be used</h1>
<p class="err" id="error">{{.Message}}</p>{{template "foot"}}{{end}}
`))

const (
	signInPage  = "signin"
	consentPage = "consent"
	errorPage   = "error"
)

// renderPage writes one of the authorization pages.
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

package authflow

import (
	"crypto/rand"
	"html/template"
	"net/http"
	"strings"
)

// pageKind names one of the listener's pages.
type pageKind int

const (
	pageSuccess    pageKind = iota // the first good answer
	pageDenied                     // error=access_denied
	pageError                      // any other error=
	pageFinished                   // an answer after the login ended
	pageBadRequest                 // a refused answer; the login goes on
	pageRelay                      // reads the implicit grant's fragment
)

// pageCopy is a page's fixed text. The relay's JSON replies reuse it, so
// the browser says the same thing whichever way the answer came.
type pageCopy struct {
	class   string // "ok" or "bad": the heading's colour
	title   string
	message string
	note    string
}

func (k pageKind) copy() pageCopy {
	switch k {
	case pageSuccess:
		return pageCopy{class: "ok", title: "Logged in",
			message: "You are logged in. You can close this tab and return to chatkeys."}
	case pageDenied:
		return pageCopy{class: "bad", title: "Access was denied",
			message: "You chose not to allow access, so chatkeys got no token. If that was a mistake, start the login again in chatkeys."}
	case pageError:
		return pageCopy{class: "bad", title: "The authorization server refused",
			message: "chatkeys shows the same error in the terminal, with a hint. You can close this tab."}
	case pageFinished:
		return pageCopy{title: "This login already finished",
			message: "You can close this tab and return to chatkeys."}
	case pageBadRequest:
		return pageCopy{class: "bad", title: "This is not the answer chatkeys is waiting for",
			note: "chatkeys is still waiting: finish the login in the tab it opened, or paste that tab's address into chatkeys."}
	case pageRelay:
		return pageCopy{title: "Handing the token to chatkeys…", message: "One moment."}
	}
	return pageCopy{}
}

// pageData is what the page template sees. html/template escapes every
// field for its context; Code and Description came from the URL and were
// also sanitised on the way in.
type pageData struct {
	Nonce       string
	Class       string
	Title       string
	Message     string
	Note        string
	Code        string // an error= answer's code
	Description string // its error_description
	Relay       *relayPage
}

// relayPage is what the relay page's script needs.
type relayPage struct {
	Path           string
	NoTokenTitle   string
	NoTokenMessage string
}

// listenerPages is parsed once and never changed: a constant in all but
// syntax.
var listenerPages = template.Must(template.New("page").Parse(pageTemplate + relayTemplate))

// renderPage writes a page of kind. detail, if any, replaces the page's
// message (a refused answer says why); authErr, if any, is shown
// escaped. The page's style and script run only by a per-response nonce.
func renderPage(w http.ResponseWriter, status int, kind pageKind, detail string, authErr *AuthError) {
	c := kind.copy()
	d := pageData{Nonce: rand.Text(), Class: c.class, Title: c.title, Message: c.message, Note: c.note}
	if detail != "" {
		d.Message = detail
	}
	if authErr != nil {
		d.Code, d.Description = authErr.Code, authErr.Description
	}
	if kind == pageRelay {
		d.Relay = &relayPage{Path: relayPath, NoTokenTitle: noTokenTitle, NoTokenMessage: noTokenMessage}
	}
	h := w.Header()
	h.Set("Content-Security-Policy", pageCSP(d.Nonce, d.Relay != nil))
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	listenerPages.Execute(w, d) // the browser may be gone; nothing to do then
}

// pageCSP allows nothing but the page's own nonced style and, on the
// relay page, its nonced script and its POST to the listener itself.
func pageCSP(nonce string, relay bool) string {
	csp := "default-src 'none'; style-src 'nonce-" + nonce + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
	if relay {
		csp += "; script-src 'nonce-" + nonce + "'; connect-src 'self'; require-trusted-types-for 'script'"
	}
	return csp
}

// secureHeaders go on every response of the listener, pages or not. A
// page replaces the CSP with its own, nonced one.
func secureHeaders(h http.Header) {
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
}

// pageTemplate is the one layout every page shares, in the TUI's colours.
const pageTemplate = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>chatkeys: {{.Title}}</title>
<style nonce="{{.Nonce}}">
:root{--bg:#1c1b29;--card:#26243a;--text:#e4e4e4;--muted:#8a8a8a;--primary:#7d7aff;--ok:#5fd787;--bad:#ff5f5f;--code:#5fd7d7}
@media (prefers-color-scheme: light){:root{--bg:#f4f4fb;--card:#fff;--text:#1c1c1c;--muted:#6c6c6c;--primary:#4b3fd6;--ok:#00875f;--bad:#d70000;--code:#007a7a}}
body{font:16px/1.5 system-ui,sans-serif;background:var(--bg);color:var(--text);display:flex;justify-content:center;margin:0}
main{margin:5rem 1rem;padding:2rem 2.5rem;border-radius:12px;background:var(--card);max-width:34rem;border:1px solid var(--primary)}
h1{font-size:1.3rem;margin:0 0 .8rem}.brand{color:var(--primary);font-weight:700;letter-spacing:.04em;margin:0 0 1rem}
.ok h1{color:var(--ok)}.bad h1{color:var(--bad)}.muted{color:var(--muted)}code{color:var(--code);overflow-wrap:anywhere}
</style></head>
<body class="{{.Class}}"><main>
<p class="brand">chatkeys</p>
<h1 id="title">{{.Title}}</h1>
<p id="message">{{.Message}}</p>
{{- if .Code}}
<p id="detail"><code>{{.Code}}</code>{{if .Description}}: {{.Description}}{{end}}</p>
{{- end}}
{{- if .Note}}
<p class="muted">{{.Note}}</p>
{{- end}}
{{- if .Relay}}{{template "relay" .}}{{end}}
</main></body></html>
`

// sentence ends an error's text with a full stop, for a page.
func sentence(err error) string {
	s := err.Error()
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

package authflow

import (
	"crypto/rand"
	"encoding/base64"
	"html/template"
	"net/http"
)

// The listener's pages.
const (
	pageSuccess    = "success"
	pageDenied     = "denied"
	pageError      = "error"
	pageFinished   = "finished"
	pageBadRequest = "bad"
	pageRelay      = "relay"
)

// pageInfo is what a page shows. html/template escapes every value, and
// the values from the URL were sanitised before they got here.
type pageInfo struct {
	Code   string
	Detail string
}

// pageForError picks the page for an error= answer.
func pageForError(e *AuthError) string {
	if e.Code == "access_denied" {
		return pageDenied
	}
	return pageError
}

// nonceSource makes per-response CSP nonces.
type nonceSource struct{}

func (nonceSource) next() string {
	b := make([]byte, 18)
	rand.Read(b)
	return base64.RawStdEncoding.EncodeToString(b)
}

var listenerPages = template.Must(template.New("").Parse(`
{{define "head"}}<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>chatkeys</title>
<style nonce="{{.Nonce}}">
body{font-family:system-ui,sans-serif;background:#1c1b29;color:#e4e4e4;display:flex;justify-content:center;margin:0}
main{margin:5rem 1rem;padding:2rem 2.5rem;border-radius:12px;background:#26243a;max-width:32rem;border:1px solid #7d7aff55}
h1{font-size:1.25rem;margin:0 0 .8rem}.brand{color:#7d7aff;font-weight:700;letter-spacing:.04em}
.ok h1{color:#5fd787}.bad h1{color:#ff5f5f}.muted{color:#8a8a8a}code{color:#5fd7d7}
</style></head>{{end}}
{{define "foot"}}</main></body></html>{{end}}

{{define "success"}}{{template "head" .}}<body class="ok"><main><p class="brand">chatkeys</p>
<h1>You are logged in</h1><p>chatkeys has what it needs. You can close this tab and return to the terminal.</p>{{template "foot"}}{{end}}

{{define "denied"}}{{template "head" .}}<body class="bad"><main><p class="brand">chatkeys</p>
<h1>Access was denied</h1><p>You chose not to allow access, so chatkeys got no token. Start the login again from chatkeys if that was a mistake.</p>{{template "foot"}}{{end}}

{{define "error"}}{{template "head" .}}<body class="bad"><main><p class="brand">chatkeys</p>
<h1>The authorization server refused</h1><p><code>{{.Info.Code}}</code>{{if .Info.Detail}}: {{.Info.Detail}}{{end}}</p>
<p class="muted">chatkeys shows the same message in the terminal, with a hint.</p>{{template "foot"}}{{end}}

{{define "finished"}}{{template "head" .}}<body><main><p class="brand">chatkeys</p>
<h1>This login already finished</h1><p>You can close this tab.</p>{{template "foot"}}{{end}}

{{define "bad"}}{{template "head" .}}<body class="bad"><main><p class="brand">chatkeys</p>
<h1>This is not the answer chatkeys is waiting for</h1><p>{{.Info.Detail}}</p>
<p class="muted">chatkeys is still waiting. Finish the login from the page it opened.</p>{{template "foot"}}{{end}}

{{define "relay"}}{{template "head" .}}<body><main><p class="brand">chatkeys</p>
<h1 id="title">Handing the token to chatkeys…</h1><p id="status">One moment.</p>
<noscript><p>JavaScript is off, so this page cannot pass the token on. Copy the whole address from the address bar and paste it into chatkeys (press <b>p</b> in the Login tab, or paste it into <code>chatkeys login</code>).</p></noscript>
<script nonce="{{.Nonce}}">
(function () {
  var title = document.getElementById("title"), status = document.getElementById("status");
  var fragment = window.location.hash.slice(1);
  function show(t, m, cls) { title.textContent = t; status.textContent = m; if (cls) { document.body.className = cls; } }
  function clear() { history.replaceState(null, "", window.location.pathname + window.location.search); }
  if (!fragment) { show("Nothing to hand over", "There is no token in this address. If you came from a login, paste the address into chatkeys.", "bad"); return; }
  fetch({{.Relay}}, { method: "POST", body: fragment, credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer",
    headers: { "Content-Type": "application/x-www-form-urlencoded" } })
    .then(function (r) { return r.json(); })
    .then(function (j) { clear(); show(j.title, j.message, j.ok ? "ok" : "bad"); })
    .catch(function () { show("Could not reach chatkeys", "Copy the whole address from the address bar and paste it into chatkeys.", "bad"); });
})();
</script>{{template "foot"}}{{end}}
`))

// renderListenerPage writes a page with a strict CSP: nothing loads, and
// the page's own style and script run only by their per-response nonce.
func renderListenerPage(w http.ResponseWriter, status int, name string, info pageInfo, relay string) {
	nonce := nonceSource{}.next()
	csp := "default-src 'none'; style-src 'nonce-" + nonce + "'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
	if relay != "" {
		csp += "; script-src 'nonce-" + nonce + "'; connect-src 'self'"
	}
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	listenerPages.ExecuteTemplate(w, name, struct {
		Nonce string
		Relay string
		Info  pageInfo
	}{nonce, relay, info})
}

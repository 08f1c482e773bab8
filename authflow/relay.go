package authflow

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// relayPath is where the relay page posts the fragment it read. It is one
// fixed path beside the redirect path, so the page needs no knowledge of
// the redirect URI and the CSP's connect-src 'self' covers it; Listen
// refuses a redirect URI whose path is this one.
const relayPath = "/chatkeys-relay"

// maxRelayBody bounds the relayed fragment, as maxRequestURI bounds a
// query.
const maxRelayBody = 8 << 10

// relayReply is the relay's JSON answer. The page shows Title and Message
// with textContent, never as HTML.
type relayReply struct {
	OK      bool   `json:"ok"`
	Title   string `json:"title"`
	Message string `json:"message"`
}

// serveRelay takes the fragment (#access_token=…&state=…, or #error=…)
// that the relay page read from the address bar, as a form body. Only
// that page may post it: the Origin must be the listener's own, which a
// browser never lets another site fake. The answer then passes exactly
// the checks of a query callback, and a refused one leaves the login
// waiting.
func (h *callbackHandler) serveRelay(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeRelayReply(w, http.StatusMethodNotAllowed, refusal("The relay takes only the page's POST."))
		return
	}
	if origin := r.Header.Get("Origin"); origin == "" || origin != h.origin(r.Host) {
		writeRelayReply(w, http.StatusForbidden, refusal("Only chatkeys' own page may use this relay."))
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/x-www-form-urlencoded" {
		writeRelayReply(w, http.StatusUnsupportedMediaType, refusal("The relay takes a form body."))
		return
	}
	if h.verdict.finished() {
		writeRelayReply(w, http.StatusConflict, replyFor(pageFinished, ""))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRelayBody))
	if err != nil {
		writeRelayReply(w, http.StatusRequestEntityTooLarge, refusal("The address is too long to be a login redirect."))
		return
	}
	fragment := strings.TrimPrefix(string(body), "#")
	if fragment == "" {
		writeRelayReply(w, http.StatusBadRequest, relayReply{Title: noTokenTitle, Message: noTokenMessage})
		return
	}
	params, err := url.ParseQuery(fragment)
	if err != nil {
		writeRelayReply(w, http.StatusBadRequest, refusal("The address is not a well-formed redirect."))
		return
	}
	res, err := checkAnswer(params, h.state)
	var authErr *AuthError
	if err != nil && !errors.As(err, &authErr) {
		writeRelayReply(w, http.StatusBadRequest, refusal(sentence(err)))
		return
	}
	if !h.verdict.claim() {
		writeRelayReply(w, http.StatusConflict, replyFor(pageFinished, ""))
		return
	}
	switch {
	case authErr == nil:
		writeRelayReply(w, http.StatusOK, replyFor(pageSuccess, ""))
	case authErr.deniedAccess():
		writeRelayReply(w, http.StatusOK, replyFor(pageDenied, ""))
	default:
		writeRelayReply(w, http.StatusOK, replyFor(pageError, sentence(authErr)))
	}
	h.verdict.settle(res, err)
}

// replyFor tells the relay page what the listener's own page of that kind
// would have said, plus detail.
func replyFor(kind pageKind, detail string) relayReply {
	c := kind.copy()
	msg := c.message
	if detail != "" {
		msg = detail + " " + msg
	}
	return relayReply{OK: kind == pageSuccess, Title: c.title, Message: msg}
}

// refusal is a reply to a post the relay refused; the login goes on.
func refusal(why string) relayReply {
	c := pageBadRequest.copy()
	return relayReply{Title: c.title, Message: why + " " + c.note}
}

func writeRelayReply(w http.ResponseWriter, status int, reply relayReply) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(reply) // the browser may be gone; nothing to do then
}

// What the relay page says when the address carries no fragment at all.
const (
	noTokenTitle   = "No token in the address"
	noTokenMessage = "This address carries no token. If a login sent you here, copy the whole address from the address bar and paste it into chatkeys."
)

// relayTemplate is the relay page's script and its fallback. The script
// reads the fragment, posts it to the relay, then clears it from the
// address bar and the history entry with replaceState once the listener
// has answered. If the listener cannot be reached the fragment stays, so
// the user can paste the address. It runs by the page's CSP nonce, and
// writes only with textContent. html/template escapes the values put into
// it as JavaScript strings.
const relayTemplate = `{{define "relay"}}
<noscript><p>JavaScript is off, so this page cannot hand the token to chatkeys. Copy the whole address from the address bar and paste it into chatkeys: press <b>p</b> on the Login tab, or paste it where <code>chatkeys login</code> waits.</p></noscript>
<script nonce="{{.Nonce}}">
(function () {
  "use strict";
  var title = document.getElementById("title");
  var message = document.getElementById("message");
  function show(t, m, cls) {
    title.textContent = t;
    message.textContent = m;
    document.body.className = cls;
  }
  var fragment = window.location.hash.slice(1);
  if (!fragment) {
    show({{.Relay.NoTokenTitle}}, {{.Relay.NoTokenMessage}}, "bad");
    return;
  }
  fetch({{.Relay.Path}}, {
    method: "POST",
    body: fragment,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    credentials: "omit",
    cache: "no-store",
    redirect: "error",
    referrerPolicy: "no-referrer"
  }).then(function (r) {
    return r.json();
  }).then(function (reply) {
    history.replaceState(null, "", window.location.pathname + window.location.search);
    show(reply.title, reply.message, reply.ok ? "ok" : "bad");
  }).catch(function () {
    show("Could not reach chatkeys", "Copy the whole address from the address bar and paste it into chatkeys.", "bad");
  });
})();
</script>
{{- end}}`

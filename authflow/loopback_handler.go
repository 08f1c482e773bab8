package authflow

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// Limits on what the listener reads.
const (
	maxHeaderBytes = 8 << 10 // the request line (with the query) and headers
	maxRelayBody   = 8 << 10
)

// RelayPath is where the implicit grant's redirect page posts the
// fragment it read from the address bar.
const RelayPath = "/chatkeys-relay"

// handler serves the redirect path and the relay, and nothing else.
func (l *Listener) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secureHeaders(w.Header())
		if !loopbackHostHeader(r.Host) {
			renderListenerPage(w, http.StatusMisdirectedRequest, pageBadRequest,
				pageInfo{Detail: "This address is only for chatkeys on this machine."}, "")
			return
		}
		switch {
		case r.URL.Path == RelayPath && l.path != RelayPath:
			l.serveRelay(w, r)
		case r.URL.Path != l.path:
			http.NotFound(w, r) // favicon.ico and the like: the flow goes on
		case r.Method != http.MethodGet && r.Method != http.MethodHead:
			w.Header().Set("Allow", "GET")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		case !hasAnswer(r.URL.Query()) && !r.URL.Query().Has("state"):
			renderListenerPage(w, http.StatusOK, pageRelay, pageInfo{}, RelayPath)
		default:
			l.serveCallback(w, r)
		}
	})
}

// serveCallback takes a ?code= or ?error= answer.
func (l *Listener) serveCallback(w http.ResponseWriter, r *http.Request) {
	res, err := checkParams(r.URL.Query(), l.cfg.State)
	var authErr *AuthError
	if err != nil && !errors.As(err, &authErr) {
		renderListenerPage(w, http.StatusBadRequest, pageBadRequest, pageInfo{Detail: err.Error() + "."}, "")
		return
	}
	if !l.claim() {
		renderListenerPage(w, http.StatusConflict, pageFinished, pageInfo{}, "")
		return
	}
	if authErr != nil {
		renderListenerPage(w, http.StatusOK, pageForError(authErr), pageInfo{Code: authErr.Code, Detail: authErr.Description}, "")
	} else {
		renderListenerPage(w, http.StatusOK, pageSuccess, pageInfo{}, "")
	}
	l.result <- outcome{res, err}
}

// relayReply is the relay's answer to the page's script.
type relayReply struct {
	OK      bool   `json:"ok"`
	Title   string `json:"title"`
	Message string `json:"message"`
}

// serveRelay takes the fragment the redirect page read. Only the page the
// listener served may post it: the Origin must be the listener's own.
func (l *Listener) serveRelay(w http.ResponseWriter, r *http.Request) {
	reply := func(status int, rr relayReply) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(rr)
	}
	if r.Method != http.MethodPost {
		reply(http.StatusMethodNotAllowed, relayReply{Title: "Not allowed", Message: "The relay takes POST only."})
		return
	}
	if origin := r.Header.Get("Origin"); origin == "" || origin != "http://"+r.Host {
		reply(http.StatusForbidden, relayReply{Title: "Refused", Message: "Only chatkeys' own page may use this relay."})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRelayBody))
	if err != nil {
		reply(http.StatusRequestEntityTooLarge, relayReply{Title: "Refused", Message: "The address is too long to be a login redirect."})
		return
	}
	params, err := url.ParseQuery(strings.TrimPrefix(string(body), "#"))
	if err != nil || len(params) == 0 {
		reply(http.StatusBadRequest, relayReply{Title: "Nothing to do",
			Message: "There is no token in the address. If you came from a login, paste the address into chatkeys."})
		return
	}
	res, err := checkParams(params, l.cfg.State)
	var authErr *AuthError
	if err != nil && !errors.As(err, &authErr) {
		reply(http.StatusBadRequest, relayReply{Title: "Refused", Message: err.Error() + ". chatkeys is still waiting."})
		return
	}
	if !l.claim() {
		reply(http.StatusConflict, relayReply{Title: "Already done", Message: "This login already finished. You can close this tab."})
		return
	}
	if authErr != nil {
		reply(http.StatusOK, relayReply{Title: "Not authorized", Message: authErr.Error() + ". You can close this tab."})
	} else {
		reply(http.StatusOK, relayReply{OK: true, Title: "Logged in", Message: "chatkeys has the token. You can close this tab."})
	}
	l.result <- outcome{res, err}
}

// loopbackHostHeader accepts only loopback names in Host, so a web page
// that rebinds its own domain to 127.0.0.1 cannot reach the listener.
func loopbackHostHeader(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	host = strings.Trim(strings.ToLower(host), "[]")
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// secureHeaders go on every response of the listener.
func secureHeaders(h http.Header) {
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
}

package authflow

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// maxRequestURI bounds the path and query the handler reads. A real
// redirect is a few hundred bytes. Longer requests get a 431 page with the
// usual headers; net/http answers a bare 431 above maxHeaderBytes.
const maxRequestURI = 8 << 10

// callbackHandler answers the browser for one login: the redirect path,
// the fragment relay, and a 404 for everything else. It holds no socket,
// so tests and fuzzing drive it through httptest.
type callbackHandler struct {
	state   string   // the login's state
	path    string   // the redirect path, "/" at least
	port    string   // the port the Host header must name
	verdict *verdict // shared with the Listener
}

func (h *callbackHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	secureHeaders(w.Header())
	switch {
	case !h.hostAllowed(r.Host):
		// Plain and bare: after a DNS rebinding, the foreign page can
		// read this answer, so it says nothing about the login.
		http.Error(w, "misdirected request", http.StatusMisdirectedRequest)
	case len(r.RequestURI) > maxRequestURI || len(r.URL.RawQuery) > maxRequestURI:
		renderPage(w, http.StatusRequestHeaderFieldsTooLarge, pageBadRequest,
			"The address is too long to be a login redirect.", nil)
	case r.URL.Path == relayPath:
		h.serveRelay(w, r)
	case r.URL.Path != h.path:
		http.NotFound(w, r) // favicon.ico and the like: the login goes on
	case r.Method != http.MethodGet:
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	case h.verdict.finished():
		renderPage(w, http.StatusConflict, pageFinished, "", nil)
	case !isCallbackQuery(r.URL.RawQuery):
		// The implicit grant's answer is in the fragment, which only
		// the browser sees: serve the page that relays it.
		renderPage(w, http.StatusOK, pageRelay, "", nil)
	default:
		h.serveCallback(w, r)
	}
}

// serveCallback takes a ?code= or ?error= answer. A refused answer gets a
// 400 page and the login keeps waiting for the right one.
func (h *callbackHandler) serveCallback(w http.ResponseWriter, r *http.Request) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		renderPage(w, http.StatusBadRequest, pageBadRequest, "The address is not a well-formed redirect.", nil)
		return
	}
	res, err := checkAnswer(q, h.state)
	var authErr *AuthError
	if err != nil && !errors.As(err, &authErr) {
		renderPage(w, http.StatusBadRequest, pageBadRequest, sentence(err), nil)
		return
	}
	if !h.verdict.claim() {
		renderPage(w, http.StatusConflict, pageFinished, "", nil)
		return
	}
	switch {
	case authErr == nil:
		renderPage(w, http.StatusOK, pageSuccess, "", nil)
	case authErr.deniedAccess():
		renderPage(w, http.StatusOK, pageDenied, "", nil)
	default:
		renderPage(w, http.StatusOK, pageError, "", authErr)
	}
	h.verdict.settle(res, err) // after the page, so Wait's shutdown lets it through
}

// isCallbackQuery reports whether a query is an answer to check rather
// than a bare visit to the redirect path. A malformed query counts as an
// answer, so that it is refused as one.
func isCallbackQuery(rawQuery string) bool {
	q, err := url.ParseQuery(rawQuery)
	return err != nil || q.Has("code") || q.Has("error") || q.Has("state") || q.Has("access_token")
}

// hostAllowed accepts only a loopback name with the listener's own port
// in the Host header. A web page that rebinds its own domain to 127.0.0.1
// sends its domain here and is refused.
func (h *callbackHandler) hostAllowed(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = hostport, "80" // no port: the default one
		if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
			host = host[1 : len(host)-1]
		}
	}
	return isLoopbackName(host) && port == h.port
}

// origin is the listener's own origin as the browser names it for a
// request that reached the listener under hostport (already checked by
// hostAllowed): a same-origin fetch from the relay page sends exactly
// this in Origin.
func (h *callbackHandler) origin(hostport string) string {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = strings.Trim(hostport, "[]")
	}
	host = strings.ToLower(host)
	if h.port == "80" {
		if strings.Contains(host, ":") {
			return "http://[" + host + "]"
		}
		return "http://" + host
	}
	return "http://" + net.JoinHostPort(host, h.port)
}

package chatsim

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Paths the simulator serves.
const (
	apiBase       = "/api/v2/chat"
	legacyTokens  = "/api/v2/oauth/tokens" // the legacy list, on www.zopim.com
	authorizePath = "/oauth2/chat/authorizations/new"
	signInPath    = "/oauth2/chat/authorizations/session"
	decidePath    = "/oauth2/chat/authorizations"
	tokenPath     = "/oauth2/chat/token"
)

// methods maps an HTTP method to its handler on one path.
type methods map[string]http.HandlerFunc

// routes wires every endpoint. A known path asked with another method is
// 405 with Allow; anything else is 404. The generate-secret path that
// Options.SecretPaths leaves out is simply not registered, so the bare
// path answers 405 and the suffix path 404, as a server without them would.
func (s *Sim) routes() *http.ServeMux {
	mux := http.NewServeMux()
	handle := func(path string, ms methods) {
		allowed := make([]string, 0, len(ms))
		for m, h := range ms {
			mux.HandleFunc(m+" "+path, h)
			allowed = append(allowed, m)
		}
		slices.Sort(allowed)
		mux.HandleFunc(path, methodNotAllowed(allowed))
	}

	generate := s.onClient(s.generateSecret)
	client := methods{"GET": s.onClient(s.showClient), "PUT": s.onClient(s.updateClient), "DELETE": s.onClient(s.deleteClient)}
	if s.opts.SecretPaths != SuffixOnly {
		client["POST"] = generate
	}
	handle(apiBase+"/oauth/clients", methods{"GET": restList(s, adminsOnly, "clients", s.takeClients), "POST": s.rest(adminsOnly, s.createClient)})
	handle(apiBase+"/oauth/clients/{id}", client)
	if s.opts.SecretPaths != BareOnly {
		handle(apiBase+"/oauth/clients/{id}/client_secret", methods{"POST": generate})
	}
	for _, base := range []string{apiBase + "/oauth/tokens", legacyTokens} {
		// The legacy path also takes HTTP Basic with an agent's email and
		// password.
		need := access{admin: true, basic: base == legacyTokens}
		handle(base, methods{"GET": restList(s, need, "tokens", s.takeTokens)})
		handle(base+"/{id}", methods{"DELETE": s.rest(need, s.revokeToken)})
	}
	handle(apiBase+"/account", methods{"GET": s.rest(access{}, s.account)})
	handle(apiBase+"/chats", methods{"GET": s.rest(access{}, s.chats)})

	handle(authorizePath, methods{"GET": s.authorizePage})
	handle(signInPath, methods{"POST": s.onForm(false, s.signIn)})
	handle(decidePath, methods{"POST": s.onForm(true, s.decide)})
	handle(tokenPath, methods{"POST": s.tokenEndpoint})

	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { notFound(w) })
	return mux
}

// pathID reads the {id} wildcard; anything but a positive number is an id
// that cannot exist.
func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// writeJSON sends v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// writeError sends the Chat API's error shape: {"error": "Unauthorized",
// "description": "..."}, or just {"error": "Not Found"}.
func writeError(w http.ResponseWriter, status int, code, description string) {
	body := map[string]string{"error": code}
	if description != "" {
		body["description"] = description
	}
	writeJSON(w, status, body)
}

// fieldError is a 400 that names the request field at fault, so that a
// form can put the message on that field.
type fieldError struct {
	Field       string
	Description string
}

func (e *fieldError) Error() string { return e.Field + ": " + e.Description }

// writeFieldError sends a fieldError.
func writeFieldError(w http.ResponseWriter, e *fieldError) {
	writeJSON(w, http.StatusBadRequest, map[string]string{
		"error": "Bad Request", "description": e.Description, "field": e.Field})
}

// writeOAuthError sends an RFC 6749 §5.2 error from the token endpoint.
func writeOAuthError(w http.ResponseWriter, status int, code, description string) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, status, map[string]string{"error": code, "error_description": description})
}

func notFound(w http.ResponseWriter) { writeError(w, http.StatusNotFound, "Not Found", "") }

// methodNotAllowed answers a known path asked with another method, naming
// the methods it takes as RFC 9110 §15.5.6 requires.
func methodNotAllowed(allowed []string) http.HandlerFunc {
	allow := strings.Join(allowed, ", ")
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		writeError(w, http.StatusMethodNotAllowed, "Method Not Allowed", r.Method+" is not allowed here; use "+allow)
	}
}

// writeList sends a list as it is encoded, item by item, so that a
// million tokens are never one buffer: a JSON array, or with pageSize
// above 0 one page of it in an object with the next page's URL.
func writeList[T any](w http.ResponseWriter, r *http.Request, pageSize int, name string, items []T) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	enc := json.NewEncoder(bw)
	page := items
	next := ""
	if pageSize > 0 {
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		n = max(n, 1)
		from := min((n-1)*pageSize, len(items))
		to := min(from+pageSize, len(items))
		page = items[from:to]
		if to < len(items) {
			u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: "page=" + strconv.Itoa(n+1)}
			next = u.String()
		}
		fmt.Fprintf(bw, `{"%s":`, name)
	}
	bw.WriteByte('[')
	for i, item := range page {
		if i > 0 {
			bw.WriteByte(',')
		}
		enc.Encode(item)
	}
	bw.WriteByte(']')
	if pageSize > 0 {
		nextJSON := "null"
		if next != "" {
			nextJSON = strconv.Quote(next)
		}
		fmt.Fprintf(bw, `,"next_page":%s,"count":%d}`, nextJSON, len(items))
	}
	bw.WriteByte('\n')
}

// Package hostiletest is a hostile Zendesk Chat server for tests: it puts
// terminal escape sequences, C1 controls, bidi and zero-width characters
// and newlines in every field of every reply, answers DELETEs with
// statuses that do not confirm them, redirects to other origins, echoes
// token requests back and sends tokens that expire before they arrive. It
// records what reached it, and what reached the other origins it points
// at, so a test can assert on what the server really saw.
//
// It is for tests only; nothing outside a _test.go file imports it.
package hostiletest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Evil is the payload every text field carries: a clipboard write (OSC
// 52), a window title, a screen clear, a colour, a hyperlink, C1 controls,
// a bidi override and isolate, zero-width characters, and a newline and
// tabs that would forge a table row.
const Evil = "\x1b]52;c;cm0gLXJmIH4K\x07\x1b]0;pwned\x07\x1b[2J\x1b[H\x1b[38;5;199mEvil" +
	"\u202eeman\u202c\u2066x\u2069\u200b\u200d\ufeff" +
	"\n999\tforged\tROW\r\u009b31m\u009d0;t\u009c" +
	"\x1b]8;;https://evil.example/\x1b\\link\x1b]8;;\x1b\\\x1bP1$r\x1b\\\x7f\x00end"

// Forbidden are byte strings that must never reach a terminal from a
// server: the payloads of Evil's sequences and its raw controls. (Evil's
// screen clear is left out: a TUI sends its own.)
var Forbidden = []string{"]52;", "]0;pwned", "38;5;199", "]8;;", "https://evil.example", "\u009b", "\u009d", "\u009c",
	"\u202e", "\u202c", "\u2066", "\u2069", "\u200b", "\u200d", "\ufeff", "\x7f", "\x00", "\x1bP", "\tforged", "\nforged", "\n999"}

// Token is the bearer token the server accepts; it is printable, so a
// client can send it.
const Token = "hostile-admin-token-0123456789abcdefghijklmnopqrstuvwxyz"

// DeleteReply is how the server answers DELETE requests.
type DeleteReply string

// The DELETE answers. Only NoContent and OKEmpty confirm a deletion.
const (
	NoContent       DeleteReply = "204 No Content"
	OKEmpty         DeleteReply = "200 with an empty body"
	OKJSON          DeleteReply = "200 with a JSON object"
	Created         DeleteReply = "201 Created"
	Accepted        DeleteReply = "202 Accepted"
	Partial         DeleteReply = "206 Partial Content"
	OKErrorBody     DeleteReply = "200 with an error object"
	OKHTML          DeleteReply = "200 with an HTML page"
	FoundLogin      DeleteReply = "302 to a login page on the same origin"
	TemporaryOther  DeleteReply = "307 to another port"
	PermanentOther  DeleteReply = "308 to another host"
	MovedOtherHost  DeleteReply = "301 to another host"
	SeeOtherOther   DeleteReply = "303 to another port"
	NotFoundControl DeleteReply = "404 with a body of control characters"
)

// Unconfirmed lists every DELETE answer that must never be reported done.
var Unconfirmed = []DeleteReply{Created, Accepted, Partial, OKErrorBody, OKHTML, FoundLogin, TemporaryOther, PermanentOther, MovedOtherHost, SeeOtherOther, NotFoundControl}

// TokenReply is how the token endpoint answers.
type TokenReply string

// The token endpoint's answers.
const (
	TokenOK            TokenReply = "a good token"
	TokenHostile       TokenReply = "a token holding escape sequences"
	TokenExpiresZero   TokenReply = "expires_in 0"
	TokenExpiresNeg    TokenReply = "expires_in -5"
	TokenEcho          TokenReply = "a 400 that echoes the request"
	TokenControlsError TokenReply = "a 400 whose body is control characters"
)

// Request is one request the server or an other origin received.
type Request struct {
	Method, Path  string
	Authorization string
	Body          string
}

// Server is a hostile Chat account. Its zero value is not usable: call
// New.
type Server struct {
	// URL is the server's base, http://127.0.0.1:PORT.
	URL string
	// OtherPort is a second server on another port: the target of the
	// cross-origin redirects. OtherHost is this server's own port under
	// another host name (localhost instead of 127.0.0.1).
	OtherPort *httptest.Server
	OtherHost string

	srv *httptest.Server

	mu     sync.Mutex
	delete DeleteReply
	gets   DeleteReply // a redirect every GET of the API gets, or ""
	token  TokenReply
	secret string // what create and generate-secret return
	reqs   []Request
	others []Request
	minted []string // access tokens the token endpoint handed out, listed first
	// ClientCount and TokenCount are how many of each the lists hold.
	ClientCount, TokenCount int
}

// New starts the server and its other origin on 127.0.0.1; both close
// with the test.
func New(t interface {
	Cleanup(func())
	Helper()
}) *Server {
	t.Helper()
	s := &Server{delete: NoContent, token: TokenOK, secret: "whole-secret-" + Evil, ClientCount: 2, TokenCount: 3}
	s.OtherPort = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.record(&s.others, r)
		w.WriteHeader(http.StatusNoContent)
	}))
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	u, _ := url.Parse(s.srv.URL)
	s.OtherHost = "http://localhost:" + u.Port()
	t.Cleanup(s.srv.Close)
	t.Cleanup(s.OtherPort.Close)
	return s
}

// APIURL is the REST base to point chatkeys at.
func (s *Server) APIURL() string { return s.URL + "/api/v2/chat" }

// TokenURL is the token endpoint.
func (s *Server) TokenURL() string { return s.URL + "/oauth2/chat/token" }

// SetDelete chooses how DELETEs are answered.
func (s *Server) SetDelete(d DeleteReply) { s.mu.Lock(); s.delete = d; s.mu.Unlock() }

// RedirectGets makes every GET of the API answer with the redirect d
// (FoundLogin, TemporaryOther, …); "" turns it off.
func (s *Server) RedirectGets(d DeleteReply) { s.mu.Lock(); s.gets = d; s.mu.Unlock() }

// SetToken chooses how the token endpoint answers.
func (s *Server) SetToken(t TokenReply) { s.mu.Lock(); s.token = t; s.mu.Unlock() }

// SetSecret chooses the whole secret create and generate-secret return.
func (s *Server) SetSecret(secret string) { s.mu.Lock(); s.secret = secret; s.mu.Unlock() }

// Requests returns what reached this server.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// OtherRequests returns what reached the other origins: the other port,
// and this port under the other host name.
func (s *Server) OtherRequests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.others...)
}

// Count returns how many requests with method reached this server on a
// path starting with prefix.
func (s *Server) Count(method, prefix string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Method == method && strings.HasPrefix(r.Path, prefix) {
			n++
		}
	}
	return n
}

func (s *Server) record(into *[]Request, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	r.Body = io.NopCloser(strings.NewReader(string(body)))
	s.mu.Lock()
	*into = append(*into, Request{Method: r.Method, Path: r.URL.Path, Authorization: r.Header.Get("Authorization"), Body: string(body)})
	s.mu.Unlock()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.Host, "127.0.0.1:") {
		s.record(&s.others, r) // the same port under another host name is another origin
		w.WriteHeader(http.StatusNoContent)
		return
	}
	s.record(&s.reqs, r)
	s.mu.Lock()
	del, gets, tok, secret := s.delete, s.gets, s.token, s.secret
	s.mu.Unlock()
	p := strings.TrimPrefix(r.URL.Path, "/api/v2/chat")
	switch {
	case r.URL.Path == "/oauth2/chat/token":
		s.tokenEndpoint(w, r, tok)
	case r.URL.Path == "/login":
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body>Sign in to continue</body></html>")
	case r.Method == http.MethodDelete:
		s.answerDelete(w, r, del)
	case r.Method == http.MethodGet && gets != "" && strings.HasPrefix(r.URL.Path, "/api/"):
		s.answerDelete(w, r, gets)
	case p == "/oauth/clients" && r.Method == http.MethodGet:
		writeJSON(w, 200, s.clients())
	case p == "/oauth/clients" && r.Method == http.MethodPost:
		c := s.client(900)
		c["client_secret"] = secret
		writeJSON(w, 201, c)
	case strings.HasPrefix(p, "/oauth/clients/") && strings.HasSuffix(p, "/client_secret"):
		writeJSON(w, 200, map[string]any{"client_secret": secret})
	case strings.HasPrefix(p, "/oauth/clients/"):
		id, _ := strconv.Atoi(strings.TrimPrefix(p, "/oauth/clients/"))
		writeJSON(w, 200, s.client(id))
	case p == "/oauth/tokens" && r.Method == http.MethodGet:
		writeJSON(w, 200, s.tokens())
	default:
		writeJSON(w, 404, map[string]string{"error": "Not Found " + Evil, "description": Evil})
	}
}

// answerDelete answers a DELETE as d says.
func (s *Server) answerDelete(w http.ResponseWriter, r *http.Request, d DeleteReply) {
	switch d {
	case NoContent:
		w.WriteHeader(http.StatusNoContent)
	case OKEmpty:
		w.WriteHeader(http.StatusOK)
	case OKJSON:
		writeJSON(w, 200, map[string]any{"id": 1, "deleted": true})
	case Created:
		writeJSON(w, 201, map[string]any{"id": 1})
	case Accepted:
		w.WriteHeader(http.StatusAccepted)
	case Partial:
		w.WriteHeader(http.StatusPartialContent)
	case OKErrorBody:
		writeJSON(w, 200, map[string]string{"error": "Forbidden", "description": "revocation refused " + Evil})
	case OKHTML:
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body>Sign in "+Evil+"</body></html>")
	case FoundLogin:
		http.Redirect(w, r, "/login", http.StatusFound)
	case TemporaryOther:
		http.Redirect(w, r, s.OtherPort.URL+r.URL.Path, http.StatusTemporaryRedirect)
	case PermanentOther:
		http.Redirect(w, r, s.OtherHost+r.URL.Path, http.StatusPermanentRedirect)
	case MovedOtherHost:
		http.Redirect(w, r, s.OtherHost+r.URL.Path, http.StatusMovedPermanently)
	case SeeOtherOther:
		http.Redirect(w, r, s.OtherPort.URL+"/login", http.StatusSeeOther)
	case NotFoundControl:
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, "\x00\x01\x1b\x7f\u200b")
	}
}

// tokenEndpoint answers token requests as t says.
func (s *Server) tokenEndpoint(w http.ResponseWriter, r *http.Request, t TokenReply) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	minted := "hostile-minted-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	s.mu.Lock()
	s.minted = append(s.minted, minted)
	s.mu.Unlock()
	reply := map[string]any{"access_token": minted,
		"token_type": "Bearer", "scope": "read write " + Evil, "refresh_token": "hostile-refresh-0123456789", "expires_in": 3600}
	switch t {
	case TokenHostile:
		reply["access_token"] = "tok" + Evil
	case TokenExpiresZero:
		reply["expires_in"] = 0
	case TokenExpiresNeg:
		reply["expires_in"] = -5
	case TokenEcho:
		values, _ := url.ParseQuery(string(body))
		plain := fmt.Sprint(values)
		quoted, _ := json.Marshal(string(body))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":"invalid_client","error_description":"you sent %s %s and %s"}`,
			strings.Trim(string(quoted), `"`), jsonEscape(plain), jsonEscape(string(body)))
		return
	case TokenControlsError:
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, "\x00\x1b\x07\u200b")
		return
	}
	writeJSON(w, 200, reply)
}

func jsonEscape(s string) string {
	b, _ := json.Marshal(s)
	return strings.Trim(string(b), `"`)
}

// client is a client whose every text field is hostile.
func (s *Server) client(id int) map[string]any {
	tag := func(f string) string { return f + strconv.Itoa(id) + Evil }
	return map[string]any{
		"id": id, "agent_id": 100000200, "name": tag("name"), "company": tag("company"),
		"client_identifier": tag("ident"), "client_type": tag("type"), "scopes": "read " + Evil,
		"redirect_uris": "https://ok.example/cb " + tag("https://x.example/"), "client_secret": tag("sec"),
		"create_date": "2026-11-01T10:00:00Z", "update_date": nil,
	}
}

func (s *Server) clients() []map[string]any {
	out := make([]map[string]any, s.ClientCount)
	for i := range out {
		out[i] = s.client(i + 1)
	}
	return out
}

// tokens are tokens whose every text field is hostile, the first of them
// the server's own admin token, then one per token the token endpoint
// minted (ids from 2000), so a login can find and revoke its own.
func (s *Server) tokens() []map[string]any {
	s.mu.Lock()
	minted := append([]string(nil), s.minted...)
	s.mu.Unlock()
	out := make([]map[string]any, s.TokenCount, s.TokenCount+len(minted))
	for i := range out {
		access := "acc" + strconv.Itoa(i) + Evil
		if i == 0 {
			access = Token
		}
		out[i] = map[string]any{
			"id": 1000 + i, "access_token": access, "refresh_token": "ref" + Evil, "agent_id": 100000200 + i,
			"client_identifier": "ident1" + Evil, "scopes": "read " + Evil, "token_type": "Bearer" + Evil,
			"create_date": "2026-11-01T10:00:00Z", "expire_date": "2027-11-01T10:00:00Z",
		}
	}
	for i, m := range minted {
		out = append(out, map[string]any{"id": 2000 + i, "access_token": m, "agent_id": 100000200,
			"client_identifier": "ident1" + Evil, "scopes": "read", "create_date": "2026-11-01T10:00:00Z", "expire_date": nil})
	}
	return out
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// CheckRawBytes returns a description of the first raw character in out
// that a terminal would act on (ESC, BEL, CR, NUL, DEL, a C1 control, a
// bidi control, a zero-width character), or "". It is the check for JSON
// output, where escaped payloads remain as harmless text.
func CheckRawBytes(out string) string {
	for _, c := range []byte{0x1b, 0x07, '\r', 0x00, 0x7f} {
		if i := strings.IndexByte(out, c); i >= 0 {
			return fmt.Sprintf("byte %#x at %d", c, i)
		}
	}
	return checkRunes(out)
}

// CheckTerminalBytes returns a description of the first thing in out that
// must not reach a terminal from a server: a byte string of Forbidden, a
// C1 control, a bidi control or a zero-width character; or "" when there
// is none. ESC itself is allowed (a TUI draws its own styling); for plain
// output use CheckPlainBytes.
func CheckTerminalBytes(out string) string {
	for _, f := range Forbidden {
		if strings.Contains(out, f) {
			return fmt.Sprintf("%q", f)
		}
	}
	return checkRunes(out)
}

// checkRunes finds invalid UTF-8 (a raw 8-bit control would be one), or a
// C1, bidi or zero-width rune.
func checkRunes(out string) string {
	if !utf8.ValidString(out) {
		return "invalid UTF-8 (a raw 8-bit byte)"
	}
	for _, r := range out {
		switch {
		case r >= 0x80 && r <= 0x9f:
			return fmt.Sprintf("C1 %U", r)
		case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f:
			return fmt.Sprintf("bidi %U", r)
		case r == 0x200b || r == 0x200c || r == 0x200d || r == 0x2060 || r == 0xfeff:
			return fmt.Sprintf("zero-width %U", r)
		}
	}
	return ""
}

// CheckPlainBytes is CheckTerminalBytes for output that carries no
// styling of its own (the command line): ESC is forbidden too.
func CheckPlainBytes(out string) string {
	if bad := CheckRawBytes(out); bad != "" {
		return bad
	}
	if strings.Contains(out, "[2J") {
		return `"[2J"`
	}
	return CheckTerminalBytes(out)
}

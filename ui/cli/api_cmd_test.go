package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"chatkeys/api"
	"chatkeys/api/hostiletest"
)

// wireRequest is one request as the server received it.
type wireRequest struct {
	Method, Path, Query, ContentType, Authorization string
	Body                                            string
}

// wireHarness is a harness whose simulator sits behind a recorder of
// every request on the wire.
func wireHarness(t *testing.T) (*harness, func() []wireRequest) {
	t.Helper()
	h := newHarness(t)
	var mu sync.Mutex
	var seen []wireRequest
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, wireRequest{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Get("Content-Type"), r.Header.Get("Authorization"), string(body)})
		mu.Unlock()
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		h.sim.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	h.env["CHATKEYS_API_URL"] = srv.URL + "/api/v2/chat"
	return h, func() []wireRequest {
		mu.Lock()
		defer mu.Unlock()
		return append([]wireRequest(nil), seen...)
	}
}

func TestAPIGetSendsTheLoginsBearerToThePathUnderTheBaseAndPrintsTheReplyIndented(t *testing.T) {
	h, wire := wireHarness(t)
	id := h.sim.Clients()[1].ID
	r := h.scriptOK(t, "api", "oauth/clients/"+itoa64(id)+"?x=1")
	got := wire()
	want := wireRequest{Method: "GET", Path: "/api/v2/chat/oauth/clients/" + itoa64(id), Query: "x=1", Authorization: "Bearer " + h.env["CHATKEYS_TOKEN"]}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("on the wire %+v, want %+v", got, want)
	}
	var reply api.OAuthClient
	if err := json.Unmarshal([]byte(r.stdout), &reply); err != nil || reply.ID != id {
		t.Fatalf("stdout %q: %v", r.stdout, err)
	}
	if !strings.HasPrefix(r.stdout, "{\n  \"id\": ") {
		t.Errorf("reply not indented: %q", r.stdout)
	}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func TestAPIFieldsSendAJSONObjectAndMakeTheMethodPOST(t *testing.T) {
	h, wire := wireHarness(t)
	h.script(t, "api", "oauth/clients", "-f", "name=Made by api", "-f", "scopes=read", "-f", "redirect_uris=http://localhost:1")
	id := itoa64(h.sim.Clients()[2].ID)
	h.scriptOK(t, "api", "-X", "put", "oauth/clients/"+id, "-f", "company=Z&Co")
	got := wire()
	if len(got) != 2 {
		t.Fatalf("%d requests: %+v", len(got), got)
	}
	var post map[string]string
	if got[0].Method != "POST" || got[0].ContentType != "application/json" || json.Unmarshal([]byte(got[0].Body), &post) != nil ||
		post["name"] != "Made by api" || post["scopes"] != "read" || len(post) != 3 {
		t.Errorf("-f without -X sent %+v", got[0])
	}
	if got[1].Method != "PUT" || got[1].Path != "/api/v2/chat/oauth/clients/"+id || got[1].Body != `{"company":"Z\u0026Co"}` {
		t.Errorf("-X put -f sent %+v", got[1])
	}
}

func TestAPITypedFieldsSendJSONTypesAndFileTextAndGETPutsFieldsInTheQuery(t *testing.T) {
	h, wire := wireHarness(t)
	path := filepath.Join(t.TempDir(), "company.txt")
	os.WriteFile(path, []byte("Co from a file"), 0o600)
	id := itoa64(h.sim.Clients()[2].ID)
	h.scriptOK(t, "api", "-X", "PUT", "oauth/clients/"+id, "-F", "company=@"+path, "-F", "n=42", "-F", "ok=true",
		"-F", "none=null", "-F", "text=4x", "-f", "raw=true")
	h.scriptOK(t, "api", "-X", "GET", "oauth/tokens?a=1", "-f", "q=a b&c", "-F", "n=7")
	got := wire()
	if len(got) != 2 {
		t.Fatalf("%d requests: %+v", len(got), got)
	}
	var put map[string]any
	if err := json.Unmarshal([]byte(got[0].Body), &put); err != nil || got[0].Method != "PUT" {
		t.Fatalf("-F sent %+v: %v", got[0], err)
	}
	want := map[string]any{"company": "Co from a file", "n": float64(42), "ok": true, "none": nil, "text": "4x", "raw": "true"}
	for k, v := range want {
		if got, ok := put[k]; !ok || got != v {
			t.Errorf("field %s = %#v, want %#v", k, got, v)
		}
	}
	if got[1].Method != "GET" || got[1].Body != "" || got[1].Query != "a=1&n=7&q=a+b%26c" {
		t.Errorf("-X GET with fields sent %+v", got[1])
	}
}

func TestAPIInputSendsTheFilesJSON(t *testing.T) {
	h, wire := wireHarness(t)
	path := filepath.Join(t.TempDir(), "body.json")
	os.WriteFile(path, []byte(`{"company": "From file"}`), 0o600)
	id := itoa64(h.sim.Clients()[2].ID)
	r := h.scriptOK(t, "api", "-X", "PUT", "oauth/clients/"+id, "--input", path, "--jq", ".company")
	if got := wire(); len(got) != 1 || got[0].Body != `{"company":"From file"}` {
		t.Errorf("on the wire %+v", got)
	}
	if r.stdout != "From file\n" {
		t.Errorf("stdout %q", r.stdout)
	}
}

func TestAPIOAuth2PathsGoToTheAccountsHost(t *testing.T) {
	h, wire := wireHarness(t)
	h.script(t, "api", "/oauth2/chat/token", "-f", "grant_type=nothing")
	if got := wire(); len(got) != 1 || got[0].Path != "/oauth2/chat/token" || got[0].Method != "POST" {
		t.Fatalf("on the wire %+v", got)
	}
}

func TestAPIUsageMistakesExitTwoBeforeAnyRequest(t *testing.T) {
	h, wire := wireHarness(t)
	for _, args := range [][]string{
		{"api", "https://evil.example/oauth/clients"},
		{"api", "//evil.example/x"},
		{"api", "oauth/clients", "-X", "TRACE"},
		{"api", "oauth/clients", "-X", "GET", "--input", "-"},
		{"api", "oauth/clients", "-F", "novalue"},
		{"api", "oauth/clients", "-F", "a=@/nonexistent/file"},
		{"api", "oauth/clients", "-f", "novalue"},
		{"api", "oauth/clients", "-f", "a=b", "--input", "-"},
		{"api", "oauth/clients", "--input", "/nonexistent/body.json"},
		{"api"},
	} {
		r := h.script(t, args...)
		if r.code != exitUsage || strings.Count(r.stderr, "\n") != 1 || r.stdout != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, r.code, r.stdout, r.stderr)
		}
	}
	if got := wire(); len(got) != 0 {
		t.Errorf("usage mistakes sent %+v", got)
	}
}

func TestAPINon2xxIsAOneLineErrorWithExitOne(t *testing.T) {
	h, _ := wireHarness(t)
	r := h.script(t, "api", "oauth/clients/987654")
	if r.code != exitError || r.stdout != "" || !strings.HasPrefix(r.stderr, "chatkeys: Not Found (HTTP 404)") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

// replyHarness runs chatkeys api against a server that answers every
// request with reply (status 200 unless given).
func replyHarness(t *testing.T, status int, reply func(r *http.Request) string) *harness {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, reply(r))
	}))
	t.Cleanup(srv.Close)
	h := newHarness(t)
	h.env["CHATKEYS_API_URL"] = srv.URL + "/api/v2/chat"
	return h
}

func TestAPIReplyOverTheBoundFailsWithoutBeingPrinted(t *testing.T) {
	huge := `"` + strings.Repeat("a", api.MaxRawReply+10) + `"`
	h := replyHarness(t, 200, func(*http.Request) string { return huge })
	r := h.script(t, "api", "oauth/clients")
	if r.code != exitError || r.stdout != "" || !strings.Contains(r.stderr, "larger than 32 MiB") {
		t.Errorf("exit %d, %d bytes out, stderr %q", r.code, len(r.stdout), r.stderr)
	}
}

func TestAPIReplyControlAndBidiCharactersNeverReachTheTerminalRaw(t *testing.T) {
	payload := "\u202e\u200b\\u001b]52;c;cHduZWQ=\\u0007\\u009b31m"
	h := replyHarness(t, 200, func(*http.Request) string { return `{"name": "` + payload + `", "n": [1, 2.5]}` })
	for _, args := range [][]string{{"api", "oauth/clients"}, {"api", "oauth/clients", "--jq", ".name"}} {
		r := h.scriptOK(t, args...)
		if bad := hostiletest.CheckRawBytes(r.stdout); bad != "" {
			t.Errorf("%q: stdout holds %s: %q", args, bad, r.stdout)
		}
	}
	r := h.script(t, "api", "oauth/clients")
	if !strings.Contains(r.stdout, `\u202e`) || !strings.Contains(r.stdout, `"n": [`) {
		t.Errorf("stdout %q", r.stdout)
	}
}

func TestAPIReplyThatIsNotJSONIsAnError(t *testing.T) {
	h := replyHarness(t, 200, func(*http.Request) string { return "<html>\x1b[31mhi</html>" })
	r := h.script(t, "api", "oauth/clients")
	if r.code != exitError || r.stdout != "" || !strings.Contains(r.stderr, "not JSON") || strings.Contains(r.stderr, "\x1b") {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
}

func TestAPIRedactsTheBearerTokenAServerEchoes(t *testing.T) {
	echo := func(r *http.Request) string {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		return `{"you_sent": "` + tok + `"}`
	}
	h := replyHarness(t, 200, echo)
	r := h.scriptOK(t, "api", "oauth/clients")
	if strings.Contains(r.stdout, h.env["CHATKEYS_TOKEN"]) || !strings.Contains(r.stdout, "[redacted]") {
		t.Errorf("stdout %q", r.stdout)
	}
	h = replyHarness(t, 403, echo)
	r = h.script(t, "api", "oauth/clients")
	if r.code != exitError || strings.Contains(r.stderr, h.env["CHATKEYS_TOKEN"]) {
		t.Errorf("error reply: exit %d, stderr %q", r.code, r.stderr)
	}
}

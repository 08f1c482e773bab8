package authflow

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func render(kind pageKind, detail string, authErr *AuthError) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	secureHeaders(rec.Header())
	renderPage(rec, http.StatusOK, kind, detail, authErr)
	return rec
}

func TestPagesEscapeEveryValueFromTheURL(t *testing.T) {
	hostile := `<img src=x onerror=alert(1)>"'&`
	rec := render(pageError, "", &AuthError{Code: hostile, Description: hostile})
	body := rec.Body.String()
	if strings.Contains(body, "<img") || !strings.Contains(body, "&lt;img src=x onerror=alert(1)&gt;&#34;&#39;&amp;") {
		t.Fatalf("not escaped:\n%s", body)
	}
}

func TestEveryPageHasAStrictCSPWithItsOwnNonce(t *testing.T) {
	seen := map[string]bool{}
	for _, kind := range []pageKind{pageSuccess, pageDenied, pageError, pageFinished, pageBadRequest, pageRelay} {
		rec := render(kind, "", &AuthError{Code: "server_error"})
		csp := rec.Header().Get("Content-Security-Policy")
		m := regexp.MustCompile(`<style nonce="([^"]+)">`).FindStringSubmatch(rec.Body.String())
		if m == nil || !strings.Contains(csp, "style-src 'nonce-"+m[1]+"'") {
			t.Fatalf("page %d: the style's nonce is not the CSP's: %q", kind, csp)
		}
		if seen[m[1]] || len(m[1]) < 22 {
			t.Fatalf("page %d: a reused or short nonce %q", kind, m[1])
		}
		seen[m[1]] = true
		for _, want := range []string{"default-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("page %d: CSP %q lacks %s", kind, csp, want)
			}
		}
		hasScript := strings.Contains(rec.Body.String(), "<script")
		if strings.Contains(csp, "unsafe") || strings.Contains(csp, "script-src") != (kind == pageRelay) || hasScript != (kind == pageRelay) {
			t.Errorf("page %d: CSP %q, script in page %v", kind, csp, hasScript)
		}
		if rec.Header().Get("Content-Type") != "text/html; charset=utf-8" || rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("page %d: headers %v", kind, rec.Header())
		}
	}
}

func TestPagesSayWhatHappened(t *testing.T) {
	cases := map[pageKind]string{
		pageSuccess:    "You can close this tab and return to chatkeys",
		pageDenied:     "Access was denied",
		pageError:      "The authorization server refused",
		pageFinished:   "This login already finished",
		pageBadRequest: "chatkeys is still waiting",
		pageRelay:      "paste it into chatkeys",
	}
	for kind, want := range cases {
		if body := render(kind, "", nil).Body.String(); !strings.Contains(body, want) {
			t.Errorf("page %d lacks %q", kind, want)
		}
	}
	if body := render(pageBadRequest, "The state is wrong.", nil).Body.String(); !strings.Contains(body, "The state is wrong.") {
		t.Error("the bad-request page does not say why")
	}
}

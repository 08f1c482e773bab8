package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"chatkeys/api"
	"chatkeys/api/hostiletest"
)

func hostileClient(t *testing.T, h *hostiletest.Server) *api.Client {
	return newClient(t, h.URL, hostiletest.Token)
}

func TestRevokeIsDoneOnlyWhenTheServerConfirmsIt(t *testing.T) {
	h := hostiletest.New(t)
	c := hostileClient(t, h)
	for _, d := range []hostiletest.DeleteReply{hostiletest.NoContent, hostiletest.OKEmpty, hostiletest.OKJSON} {
		h.SetDelete(d)
		if err := c.OAuthTokens.Revoke(context.Background(), 1000); err != nil {
			t.Errorf("%s: %v, want confirmed", d, err)
		}
	}
	for _, d := range hostiletest.Unconfirmed {
		h.SetDelete(d)
		err := c.OAuthTokens.Revoke(context.Background(), 1000)
		if err == nil {
			t.Errorf("%s: reported revoked", d)
			continue
		}
		if !api.IsNotConfirmed(err) && !errors.Is(err, api.ErrInsecureRedirect) && api.StatusOf(err) < 400 {
			t.Errorf("%s: %v is none of not confirmed, redirect refused or an HTTP error", d, err)
		}
		if err := c.OAuthClients.Delete(context.Background(), 1); err == nil {
			t.Errorf("%s: client reported deleted", d)
		}
	}
	if got := h.OtherRequests(); len(got) != 0 {
		t.Fatalf("requests reached another origin: %+v", got)
	}
	if n := h.Count("GET", "/login"); n != 0 {
		t.Fatalf("a redirected DELETE became %d GETs of the login page", n)
	}
}

func TestA200ThatClaimsFailureInAnyShapeIsNotConfirmed(t *testing.T) {
	for _, body := range []string{`{"Error":"Forbidden"}`, `{"status":"error"}`, `{"STATUS":"Failed"}`, `[{"error":"x"}]`,
		`{"success":false}`, `{"errors":["no"]}`, `{"error_description":"nope"}`} {
		if err := api.ConfirmDelete(200, "application/json", []byte(body)); !api.IsNotConfirmed(err) {
			t.Errorf("%s: confirmed", body)
		}
	}
	for _, body := range []string{`{}`, `{"id":5,"deleted":true}`, `{"error":null}`, `[]`, `null`, `{"status":"ok"}`} {
		if err := api.ConfirmDelete(200, "application/json", []byte(body)); err != nil {
			t.Errorf("%s: %v, want confirmed", body, err)
		}
	}
}

func TestNotConfirmedNamesTheStatus(t *testing.T) {
	h := hostiletest.New(t)
	h.SetDelete(hostiletest.Accepted)
	err := hostileClient(t, h).OAuthTokens.Revoke(context.Background(), 1000)
	var nc *api.NotConfirmedError
	if !errors.As(err, &nc) || nc.Status != 202 || !strings.Contains(err.Error(), "202") || nc.Method != "DELETE" {
		t.Fatalf("err = %v", err)
	}
}

func TestARedirectedDeleteNamesTheStatusAndTheHost(t *testing.T) {
	h := hostiletest.New(t)
	h.SetDelete(hostiletest.TemporaryOther)
	err := hostileClient(t, h).OAuthTokens.Revoke(context.Background(), 1000)
	var re *api.RedirectError
	if !errors.As(err, &re) || re.Status != 307 || !strings.Contains(err.Error(), strings.TrimPrefix(h.OtherPort.URL, "http://")) {
		t.Fatalf("err = %v", err)
	}
	if n := h.Count("DELETE", "/api/"); n != 1 {
		t.Fatalf("%d DELETEs reached the server, want 1", n)
	}
}

func TestAGETCarryingTheTokenFollowsNoRedirectToAnotherOrigin(t *testing.T) {
	for _, d := range []hostiletest.DeleteReply{hostiletest.TemporaryOther, hostiletest.MovedOtherHost, hostiletest.SeeOtherOther} {
		h := hostiletest.New(t)
		h.RedirectGets(d)
		if _, err := hostileClient(t, h).OAuthTokens.List(context.Background()); !errors.Is(err, api.ErrInsecureRedirect) {
			t.Errorf("%s: err = %v, want the redirect refused", d, err)
		}
		for _, r := range h.OtherRequests() {
			if r.Authorization != "" {
				t.Errorf("%s: the token reached %s %s", d, r.Method, r.Path)
			}
		}
		if n := len(h.OtherRequests()); n != 0 {
			t.Errorf("%s: %d requests reached the other origin", d, n)
		}
	}
}

func TestAGETFollowsARedirectWithinItsOrigin(t *testing.T) {
	h := hostiletest.New(t)
	h.RedirectGets(hostiletest.FoundLogin) // /login answers HTML: not a list
	_, err := hostileClient(t, h).OAuthTokens.List(context.Background())
	if err == nil || h.Count("GET", "/login") != 1 {
		t.Fatalf("err = %v, login GETs %d: want the same-origin redirect followed once and the page refused", err, h.Count("GET", "/login"))
	}
}

func FuzzConfirmDelete(f *testing.F) {
	f.Add(204, "", []byte(nil))
	f.Add(200, "application/json", []byte(`{"error":"Forbidden"}`))
	f.Add(200, "text/html", []byte("<html>login</html>"))
	f.Add(202, "", []byte(nil))
	f.Add(200, "", []byte(" \n"))
	f.Add(200, "application/json", []byte(`{"success":false}`))
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		err := api.ConfirmDelete(status, contentType, body)
		if err == nil && status != 200 && status != 204 {
			t.Fatalf("status %d confirmed a DELETE", status)
		}
		var obj map[string]any
		if err == nil && status == 200 && json.Unmarshal(body, &obj) == nil {
			if e, ok := obj["error"].(string); ok && e != "" {
				t.Fatalf("a 200 carrying an error confirmed a DELETE: %q", body)
			}
		}
		if err != nil && !api.IsNotConfirmed(err) {
			t.Fatalf("err %v is not a NotConfirmedError", err)
		}
		if err != nil && strings.ContainsAny(err.Error(), "\x1b\n\r") {
			t.Fatalf("unsanitised error %q", err)
		}
	})
}

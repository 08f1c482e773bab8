package authflow

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"chatkeys/api/safetext"
)

func TestParseRedirectAcceptsEveryShapeAUserPastes(t *testing.T) {
	s := "state=" + testState
	cases := []struct {
		raw  string
		want Result
	}{
		{"http://localhost:8080/?code=abc&" + s, Result{Code: "abc"}},
		{"http://localhost:8080?code=abc&" + s, Result{Code: "abc"}},
		{"http://127.0.0.1:8080/callback?" + s + "&code=abc", Result{Code: "abc"}},
		{"  'http://localhost:8080/callback?code=abc&" + s + "'  ", Result{Code: "abc"}},
		{`"http://localhost:8080/?code=abc&` + s + `"`, Result{Code: "abc"}},
		{"<http://localhost:8080/?code=abc&" + s + ">\n", Result{Code: "abc"}},
		{"http://localhost:8080/?code=ab\nc&" + s, Result{Code: "abc"}}, // a terminal's line break
		{"http://localhost:8080#access_token=tok&token_type=Bearer&scope=read+write&expires_in=36000&" + s,
			Result{AccessToken: "tok", TokenType: "Bearer", Scope: "read write", ExpiresIn: 36000}},
		{"http://localhost:8080/?x=1#access_token=tok&" + s, Result{AccessToken: "tok"}},
		{"?code=abc&" + s, Result{Code: "abc"}},
		{"#access_token=tok&" + s, Result{AccessToken: "tok"}},
		{"code=abc&" + s, Result{Code: "abc"}},
		{"access_token=tok&" + s + "&expires_in=-5", Result{AccessToken: "tok", ExpiresIn: -1}},
		{"access_token=tok&" + s + "&expires_in=99999999999999999999", Result{AccessToken: "tok"}},
		{"access_token=tok&" + s + "&expires_in=soon", Result{AccessToken: "tok"}},
		{"http://x/?a=1#code=abc&" + s, Result{Code: "abc"}},
	}
	for _, c := range cases {
		got, err := ParseRedirect(c.raw, testState)
		if err != nil || *got != c.want {
			t.Errorf("%q: %v %v, want %v", c.raw, got, err, c.want)
		}
	}
}

func TestParseRedirectAppliesTheListenersChecks(t *testing.T) {
	s := "state=" + testState
	cases := []struct {
		raw  string
		want error
	}{
		{"http://localhost:8080/?code=abc&state=forged", ErrStateMismatch},
		{"http://localhost:8080/?code=abc&state=" + strings.ToUpper(testState), ErrStateMismatch},
		{"http://localhost:8080/?code=abc", ErrStateMismatch},
		{"http://localhost:8080/?code=abc", errMissingState},
		{"http://localhost:8080/?code=abc&state=", errMissingState},
		{"http://localhost:8080/?code=a&code=b&" + s, errRepeated},
		{"http://localhost:8080/?code=a&" + s + "&" + s, errRepeated},
		{"#access_token=a&access_token=b&" + s, errRepeated},
		{"http://localhost:8080/?" + s, errNoAnswer},
		{"http://localhost:8080/?code=&" + s, errNoAnswer},
		{"http://localhost:8080/?code=a&access_token=b&" + s, errCodeAndToken},
		{"http://localhost:8080/?code=a&" + s + "#access_token=b&" + s, errTwoAnswers},
		{"http://localhost:8080/?code=a%1B%5B31m&" + s, errMalformed},
		{"#access_token=t%00k&" + s, errMalformed},
		{"#access_token=tok&scope=%E2%80%AEread&" + s, errMalformed},
		{"http://localhost:8080/?code=%zz&" + s, errNotRedirect},
		{"http://localhost:8080/", errNotRedirect},
		{"not a url", errNotRedirect},
		{"", errNotRedirect},
		{"https://acme.zendesk.com/oauth2/chat/authorizations/new?response_type=code&client_id=c&" + s, errAuthorizeLink},
		{"http://localhost:8080/#" + strings.Repeat("a", maxRedirectLen) + "&" + s, errTooLong},
	}
	for _, c := range cases {
		_, err := ParseRedirect(c.raw, testState)
		if !errors.Is(err, c.want) {
			t.Errorf("%.80q: %v, want %v", c.raw, err, c.want)
		}
		if err != nil && (strings.Contains(err.Error(), testState) || strings.Contains(err.Error(), "abc")) {
			t.Errorf("%.80q: the error quotes a value: %v", c.raw, err)
		}
	}
}

func TestParseRedirectReturnsTheServersErrorAsAnAuthError(t *testing.T) {
	for _, raw := range []string{
		"http://localhost:8080/?error=access_denied&error_description=no+thanks&state=" + testState,
		"http://localhost:8080/#error=access_denied&error_description=no+thanks&state=" + testState,
		"http://localhost:8080/?error=access_denied&code=abc&error_description=no+thanks&state=" + testState,
	} {
		_, err := ParseRedirect(raw, testState)
		var ae *AuthError
		if !errors.As(err, &ae) || *ae != (AuthError{Code: "access_denied", Description: "no thanks"}) {
			t.Errorf("%q: %v", raw, err)
		}
	}
	if _, err := ParseRedirect("?error=access_denied&state=forged", testState); !errors.Is(err, ErrStateMismatch) {
		t.Errorf("an error with a forged state: %v", err)
	}
}

func TestAuthErrorIsSanitisedAndBounded(t *testing.T) {
	e := newAuthError("server_error\x1b[2J", "<b>bad</b>\x1b[31m red\x1b[0m\r\nline two\u202e "+strings.Repeat("x", 1000))
	if e.Code != "server_error\ufffd" { // the escape sequence is replaced visibly, as one mark
		t.Errorf("code %q", e.Code)
	}
	if strings.ContainsAny(e.Description, "\x1b\r\n\u202e") || strings.Contains(e.Description, "[31m") {
		t.Errorf("description %q", e.Description)
	}
	if n := len([]rune(e.Description)); n > maxErrorDescriptionLen+1 {
		t.Errorf("description of %d runes", n)
	}
	if !strings.HasPrefix(e.Error(), "authorization failed: server_error\ufffd: <b>bad</b>\ufffd red\ufffd line two\ufffd x") {
		t.Errorf("Error() %q", e.Error())
	}
	if got := newAuthError("\u200b\ufeff", "").Error(); got != "authorization failed: unknown_error" {
		t.Errorf("a code with nothing printable: %q", got)
	}
}

func TestAResultPrintsWithoutItsCodeOrToken(t *testing.T) {
	r := &Result{Code: "the-code", AccessToken: "the-token", TokenType: "Bearer", Scope: "read"}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(format, r)
		if strings.Contains(out, "the-code") || strings.Contains(out, "the-token") || !strings.Contains(out, "Bearer") {
			t.Errorf("%s: %s", format, out)
		}
	}
}

func FuzzParseRedirect(f *testing.F) {
	f.Add("http://localhost:8080/?code=abc&state=" + testState)
	f.Add("http://localhost:8080/#access_token=t&state=" + testState + "&expires_in=-1")
	f.Add("#error=%1b[31m&error_description=<b>&state=" + testState)
	f.Add("?code=&state=" + testState)
	f.Add("state=" + testState + "&state=" + testState)
	f.Add("'http://localhost/?code=a&state=" + testState + "#code=b&state=" + testState + "'")
	f.Add("?code=a;state=" + testState)
	f.Fuzz(func(t *testing.T, raw string) {
		r, err := ParseRedirect(raw, testState)
		var ae *AuthError
		switch {
		case err == nil:
			if r == nil || (r.Code == "") == (r.AccessToken == "") {
				t.Fatalf("a result without exactly one of a code and a token: %v", r)
			}
			if !safetext.IsPrintableASCII(r.Code + r.AccessToken + r.TokenType + r.Scope) {
				t.Fatalf("a result with unprintable values for %q", raw)
			}
			if r.ExpiresIn < -1 || r.ExpiresIn > maxExpiresIn {
				t.Fatalf("expires_in %d", r.ExpiresIn)
			}
		case errors.As(err, &ae):
			if strings.ContainsAny(ae.Code+ae.Description, "\x1b\r\n\x07") {
				t.Fatalf("an unsanitised error %q", ae.Error())
			}
		}
		if err == nil || ae != nil {
			query, fragment := splitRedirect(trimPasted(raw))
			qv, _ := url.ParseQuery(query)
			fv, _ := url.ParseQuery(fragment)
			if qv.Get("state") != testState && fv.Get("state") != testState {
				t.Fatalf("accepted without the state: %q", raw)
			}
		} else if strings.Contains(err.Error(), testState) {
			t.Fatalf("the error quotes the state")
		}
	})
}

package authflow

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"chatkeys/api/hostiletest"
)

func hostileConfig(h *hostiletest.Server, secret string) Config {
	return Config{TokenURL: h.TokenURL(), ClientID: "hostile-client", ClientSecret: secret, Scopes: []string{"read"}}
}

func TestATokenThatExpiresInZeroOrLessExpiresNow(t *testing.T) {
	h := hostiletest.New(t)
	for _, reply := range []hostiletest.TokenReply{hostiletest.TokenExpiresZero, hostiletest.TokenExpiresNeg} {
		h.SetToken(reply)
		before := time.Now()
		tok, err := hostileConfig(h, "secret-value").ClientCredentials(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if tok.Expiry.IsZero() || tok.Expiry.Before(before.Add(-time.Second)) || tok.Expiry.After(time.Now()) {
			t.Errorf("%s: expiry %v, want now", reply, tok.Expiry)
		}
	}
	h.SetToken(hostiletest.TokenOK)
	tok, err := hostileConfig(h, "secret-value").ClientCredentials(context.Background())
	if err != nil || time.Until(tok.Expiry) < 59*time.Minute {
		t.Fatalf("a normal token expires %v (%v)", tok.Expiry, err)
	}
}

func TestAnEchoingTokenEndpointLeaksNoSecretInAnyEncoding(t *testing.T) {
	h := hostiletest.New(t)
	h.SetToken(hostiletest.TokenEcho)
	secret, password, refresh, code := "Zq+cl s3cret/&=x~", "Pw0rd+ 1&2", "Rf/tok+en=Q", "Cd+with space"
	cfg := hostileConfig(h, secret)
	var errs []error
	_, err := cfg.ClientCredentials(context.Background())
	errs = append(errs, err)
	_, err = cfg.Password(context.Background(), "agent@example.com", password)
	errs = append(errs, err)
	_, err = cfg.Refresh(context.Background(), refresh)
	errs = append(errs, err)
	_, err = cfg.Exchange(context.Background(), code, "")
	errs = append(errs, err)
	for i, err := range errs {
		if err == nil {
			t.Fatalf("call %d: the echo was taken for a token", i)
		}
		msg := err.Error()
		for _, v := range []string{secret, password, refresh, code} {
			for _, spelt := range []string{v, url.QueryEscape(v), url.PathEscape(v), strings.ToLower(url.QueryEscape(v))} {
				if strings.Contains(msg, spelt) {
					t.Errorf("call %d leaks %q as %q: %s", i, v, spelt, msg)
				}
			}
			if strings.Contains(msg, v[:5]) {
				t.Errorf("call %d leaks the start of %q: %s", i, v, msg)
			}
		}
		if strings.ContainsAny(msg, "\x1b\n\r") {
			t.Errorf("call %d: unsanitised %q", i, msg)
		}
	}
}

func TestATokenHoldingEscapeSequencesIsRefused(t *testing.T) {
	h := hostiletest.New(t)
	h.SetToken(hostiletest.TokenHostile)
	tok, err := hostileConfig(h, "secret-value").ClientCredentials(context.Background())
	if err == nil || tok != nil || !strings.Contains(err.Error(), "not printable") {
		t.Fatalf("tok %v, err %v: want the token refused", tok, err)
	}
	if strings.ContainsAny(err.Error(), "\x1b\u009b") {
		t.Fatalf("the error quotes the token: %q", err)
	}
}

package api_test

import (
	"strings"
	"testing"

	"chatkeys/api"
)

func TestNormalizeSubdomainReducesWhatUsersPasteToTheLabel(t *testing.T) {
	for in, want := range map[string]string{
		"acme":                            "acme",
		" Acme ":                          "acme",
		"acme.zendesk.com":                "acme",
		"https://acme.zendesk.com/agent":  "acme",
		"acme.zendesk.com/chat":           "acme",
		"http://ACME.zendesk.com:443/x?y": "acme",
		"my-shop2":                        "my-shop2",
	} {
		got, err := api.NormalizeSubdomain(in)
		if err != nil || got != want {
			t.Errorf("NormalizeSubdomain(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestNormalizeSubdomainRefusesNonLabelsWithAnExample(t *testing.T) {
	for _, in := range []string{"", "acme.example.com", "-acme", "ac me", "acme_1", "https://", strings.Repeat("a", 64)} {
		_, err := api.NormalizeSubdomain(in)
		if err == nil {
			t.Errorf("%q accepted", in)
			continue
		}
		if !strings.Contains(err.Error(), "enter acme") {
			t.Errorf("%q: error %q shows no example", in, err)
		}
	}
}

func TestEndpointsForDerivesEveryURLFromTheSubdomain(t *testing.T) {
	e := api.EndpointsFor("acme")
	if e.API != "https://acme.zendesk.com/api/v2/chat" ||
		e.Authorize != "https://acme.zendesk.com/oauth2/chat/authorizations/new" ||
		e.Token != "https://acme.zendesk.com/oauth2/chat/token" {
		t.Fatalf("%+v", e)
	}
}

func TestOnlyLiteralLoopbackNamesCountForPlainHTTP(t *testing.T) {
	for _, host := range []string{"localhost", "LOCALHOST", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "0:0:0:0:0:0:0:1"} {
		if !api.IsLoopbackHost(host) {
			t.Errorf("%q is loopback", host)
		}
	}
	for _, host := range []string{"app.localhost", "localhost.", "evil.localhost", "localhost.evil.example", "127.0.0.1.nip.io",
		"::ffff:127.0.0.1", "2130706433", "0x7f.0.0.1", "127.1", "10.0.0.1", "0.0.0.0", "::", ""} {
		if api.IsLoopbackHost(host) {
			t.Errorf("%q needs a resolver or is not loopback, yet counts as loopback", host)
		}
		if _, err := api.CheckSecureURL("http://" + host + "/api"); err == nil && host != "" {
			t.Errorf("plain http to %q accepted", host)
		}
	}
}

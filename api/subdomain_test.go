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

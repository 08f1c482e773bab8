package api

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

func TestRedactAllCatchesEveryEncodedSpelling(t *testing.T) {
	secret := "s3cr+t/with space=and&more~"
	jsonOf := func(s string) string { b, _ := json.Marshal(s); return string(b) }
	for name, spelt := range map[string]string{
		"plain":           secret,
		"query escape":    url.QueryEscape(secret),
		"path escape":     url.PathEscape(secret),
		"lower-case hex":  strings.ToLower(url.QueryEscape(secret)),
		"form body":       url.Values{"client_secret": {secret}}.Encode(),
		"json":            jsonOf(secret),
		"json of encoded": jsonOf(url.QueryEscape(secret)),
		"json escapes":    `s3cr\u002bt\/with space=and\u0026more~`,
		"mixed":           "s3cr%2Bt/with+space%3dand&more%7E",
	} {
		out := RedactAll("echo: "+spelt+" :end", secret)
		if !strings.Contains(out, redactMarker) || strings.Contains(out, "s3cr") {
			t.Errorf("%s: %q", name, out)
		}
	}
}

func TestRedactAllLeavesOtherTextAlone(t *testing.T) {
	if got := RedactAll("invalid_client: bad secret", "abcd1234"); got != "invalid_client: bad secret" {
		t.Fatalf("got %q", got)
	}
}

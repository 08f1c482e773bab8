package api

import (
	"bytes"
	"strings"
	"testing"
)

func FuzzDecodeClients(f *testing.F) {
	f.Add([]byte(`[{"id":1,"redirect_uris":"http://localhost/redirect","create_date":"2014-09-01T10:29:59Z","update_date":null}]`))
	f.Add([]byte(`[{"id":2,"redirect_uris":["a","b"]}]`))
	f.Add([]byte(`{"id":"x"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var list []OAuthClient
		if err := decodeJSON(bytes.NewReader(b), &list); err != nil && strings.Contains(err.Error(), "\x1b") {
			t.Fatalf("error carries an escape: %q", err)
		}
	})
}

func FuzzDecodeTokens(f *testing.F) {
	f.Add([]byte(`[{"access_token":"L0m2","agent_id":100000204,"client_identifier":"zopim","create_date":"2014-09-09T07:49:20Z","expire_date":"2014-09-09T17:49:20Z","id":38,"scopes":"read write","token_type":"Bearer"}]`))
	f.Add([]byte(`[{"expire_date":""}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var list []OAuthToken
		decodeJSON(bytes.NewReader(b), &list)
	})
}

func FuzzParseErrorBody(f *testing.F) {
	f.Add(401, "application/json", []byte(`{"error":"Unauthorized","description":"bad token"}`))
	f.Add(500, "text/html", []byte("<html><body><h1>500 Internal Server Error</h1></body></html>"))
	f.Add(400, "application/json", []byte(`{"error":"invalid_client","error_description":"\u001b[31mred"}`))
	f.Add(404, "", []byte{})
	f.Add(403, "text/plain", []byte("nope\nsecond line"))
	f.Fuzz(func(t *testing.T, status int, contentType string, body []byte) {
		code, msg, field := parseErrorBody(status, contentType, body)
		for _, s := range []string{code, msg, field} {
			if strings.ContainsAny(s, "\x1b\n\r\x00") {
				t.Fatalf("unsanitised output %q", s)
			}
		}
		if len([]rune(msg)) > 210 {
			t.Fatalf("message of %d runes", len([]rune(msg)))
		}
		if msg == "" {
			t.Fatal("empty message")
		}
	})
}

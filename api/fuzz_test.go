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
		l := &listReader[OAuthClient]{each: func(c *OAuthClient) error { list = append(list, *c); return nil }}
		if err := l.decodeReply(bytes.NewReader(b)); err != nil && strings.Contains(err.Error(), "\x1b") {
			t.Fatalf("error carries an escape: %q", err)
		}
	})
}

func FuzzDecodeTokens(f *testing.F) {
	f.Add([]byte(`[{"access_token":"L0m2","agent_id":100000204,"client_identifier":"zopim","create_date":"2014-09-09T07:49:20Z","expire_date":"2014-09-09T17:49:20Z","id":38,"scopes":"read write","token_type":"Bearer"}]`))
	f.Add([]byte(`[{"expire_date":""}]`))
	f.Add([]byte(`{"tokens":[{"id":1}],"next_page":"https://x/y?page=2","meta":{"a":[1,{"b":2}]}}`))
	f.Add([]byte(`{"count":2,"next_url":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		n := 0
		l := &listReader[OAuthToken]{each: func(*OAuthToken) error { n++; return nil }}
		if err := l.decodeReply(bytes.NewReader(b)); err == nil && n > len(b) {
			t.Fatalf("%d items from %d bytes", n, len(b))
		}
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

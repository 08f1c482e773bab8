package api

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
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

// FuzzPlainTokenMatchesGeneral holds the plain-token reader to the
// general decoder: whatever prefix of the input it takes is valid JSON,
// which the general decoder decodes to the same token.
func FuzzPlainTokenMatchesGeneral(f *testing.F) {
	f.Add([]byte(`{"access_token":"L0m2","agent_id":100000204,"client_identifier":"zopim","create_date":"2014-09-09T07:49:20Z","expire_date":"2014-09-09T17:49:20Z","id":38,"scopes":"read write","token_type":"Bearer"}`))
	f.Add([]byte(`{"id":-0,"expire_date":null,"create_date":"2016-02-29T23:59:59Z"}`))
	f.Add([]byte(`{"id":1,"id":2}`))
	f.Add([]byte(`{"ID":1,"Scopes":"read"}`))
	f.Add([]byte(` { "refresh_token" : "r" , "create_date":"2015-02-29T00:00:00Z" } `))
	f.Add([]byte(`{"id":9223372036854775808}`))
	f.Add([]byte(`{"id":-9223372036854775808,"agent_id":9223372036854775807}`))
	f.Add([]byte(`{"id":01}`))
	f.Add([]byte(`{"create_date":"2016-01-01T24:00:00Z"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var fast, viaShared OAuthToken
		n := decodePlainToken(b, &fast, nil)
		store := listStore{}
		// On a refusal both may have written part of a token.
		if m := decodePlainToken(b, &viaShared, &store); m != n || n > 0 && !reflect.DeepEqual(viaShared, fast) {
			t.Fatalf("%q: with shared strings took %d bytes, %+v; without, %d, %+v", b, m, viaShared, n, fast)
		}
		if n == 0 {
			return
		}
		b = b[:n]
		if !jsontext.Value(b).IsValid() {
			t.Fatalf("the plain reader took %q, which is not valid JSON", b)
		}
		var general OAuthToken
		if err := jsonv2.Unmarshal(b, &general, decodeOptions); err != nil {
			t.Fatalf("the plain reader took %q, the general decoder refused it: %v", b, err)
		}
		if !reflect.DeepEqual(fast, general) {
			t.Fatalf("%q: plain reader %+v, general decoder %+v", b, fast, general)
		}
	})
}

// FuzzArrayReaderMatchesGeneral holds the array reader to the general
// decoder on any reply that opens an array, however it arrives: the same
// items, and an error exactly when the general decoder fails, with no
// item the general decoder did not hand over before it.
func FuzzArrayReaderMatchesGeneral(f *testing.F) {
	f.Add([]byte(`[{"id":1,"scopes":"read"},{"id":2,"create_date":"2014-09-09T07:49:20Z"}]`))
	f.Add([]byte(`[ {"id":1} , {"ID":"2"} ]`))
	f.Add([]byte(`[{"id":1},]`))
	f.Add([]byte(`[{"id":1} {"id":2}]`))
	f.Add([]byte(`[{"scopes":"a\"]}b"},{"id":3}]`))
	f.Add([]byte(`[1,"x",null,[{"id":1}]]`))
	f.Add([]byte(`[{"id":1}`))
	f.Add([]byte("[{\"scopes\":\"\xff\"}]"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) == 0 || b[0] != '[' {
			return
		}
		decode := func(read func(*listReader[OAuthToken]) error) ([]OAuthToken, error) {
			var got []OAuthToken
			l := &listReader[OAuthToken]{each: func(tok *OAuthToken) error { got = append(got, *tok); return nil }}
			return got, read(l)
		}
		general, generalErr := decode(func(l *listReader[OAuthToken]) error { return l.decodeGeneral(bytes.NewReader(b)) })
		// Whole, every plain item is decoded where it lies; a byte a
		// read, every item's end is found across refills.
		whole, wholeErr := decode(func(l *listReader[OAuthToken]) error { return l.decodeReply(bytes.NewReader(b)) })
		bytewise, bytewiseErr := decode(func(l *listReader[OAuthToken]) error {
			return l.decodeReply(iotest.OneByteReader(bytes.NewReader(b)))
		})
		if (wholeErr == nil) != (bytewiseErr == nil) || !reflect.DeepEqual(whole, bytewise) {
			t.Fatalf("%q: read whole %+v (%v), a byte a read %+v (%v)", b, whole, wholeErr, bytewise, bytewiseErr)
		}
		fast, fastErr := whole, wholeErr
		if (fastErr == nil) != (generalErr == nil) {
			t.Fatalf("%q: array reader: %v; general decoder: %v", b, fastErr, generalErr)
		}
		// On a malformed reply both fail; the general decoder may have
		// handed over an item more before failing (it reads "null" of
		// "null00" as a whole value), never the array reader.
		if generalErr != nil && len(fast) < len(general) {
			general = general[:len(fast)]
		}
		if len(fast)+len(general) > 0 && !reflect.DeepEqual(fast, general) {
			t.Fatalf("%q: array reader %+v, general decoder %+v", b, fast, general)
		}
	})
}

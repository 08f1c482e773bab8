package cli

import (
	"strings"
	"testing"
	"time"

	"chatkeys/api"
	"chatkeys/api/hostiletest"
	"chatkeys/authflow/audit"
)

// tokenListCases are tokens whose fields take every path of tokenList:
// plain ones, and ones with text, dates and scopes only the general
// encoder handles.
func tokenListCases() (tokens []api.OAuthToken, names map[string]string) {
	at := func(s string) *time.Time {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			panic(err)
		}
		return &t
	}
	utc := time.Date(2026, 11, 30, 3, 37, 24, 0, time.UTC)
	nanos := utc.Add(123456789)
	local := utc.In(time.FixedZone("x", 5*3600+1800))
	far := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Nanosecond)
	names = map[string]string{"plain": "Legacy widget", "evil": "name" + hostiletest.Evil, "html": "a<b>&c", "quote": `say "hi" \o/`}
	for i, ident := range []string{"plain", "evil", "html", "quote", "unnamed", "", "r\xffd", "é", "\x00nul"} {
		for j, tok := range []api.OAuthToken{
			{AccessToken: "0HzKmdabcdef", RefreshToken: "r", Scopes: "read write", CreateDate: &utc, ExpireDate: at("2026-12-16T03:37:24Z")},
			{AccessToken: "short", Scopes: "", CreateDate: nil, ExpireDate: nil},
			{AccessToken: "", Scopes: " \tread\n\vchat\f\r write ", CreateDate: &nanos, ExpireDate: &local},
			{AccessToken: "ab\x1b[2Jcdef", Scopes: "read " + hostiletest.Evil, ExpireDate: &far},
			{AccessToken: "ééééééé", Scopes: "read\u00a0write\u0085chat", CreateDate: at("2026-01-02T03:04:05.5+01:00")},
			{AccessToken: "\u202eabcdefg", Scopes: "<read> &write \"chat\"", ExpireDate: &utc},
			{AccessToken: "tok" + hostiletest.Evil, Scopes: "read\x00write", RefreshToken: hostiletest.Evil},
		} {
			tok.ID, tok.AgentID, tok.ClientIdentifier = int64(1000+10*i+j), int64(-i), ident
			tokens = append(tokens, tok)
		}
	}
	return tokens, names
}

func TestTokenListWritesWhatWriteJSONWritesForTheWholeList(t *testing.T) {
	tokens, names := tokenListCases()
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	plain := 0
	for n := range len(tokens) + 1 {
		var whole, streamed strings.Builder
		list := make([]audit.TokenReport, 0, n)
		for i := range tokens[:n] {
			list = append(list, toTokenJSON(&tokens[i], names, now))
		}
		if err := writeJSON(&whole, list); err != nil {
			t.Fatal(err)
		}
		l := newTokenList(&streamed, now)
		for i := range tokens[:n] {
			if err := l.add(&tokens[i], names); err != nil {
				t.Fatal(err)
			}
		}
		if err := l.close(); err != nil {
			t.Fatal(err)
		}
		if streamed.String() != whole.String() {
			t.Fatalf("%d tokens:\nstreamed %q\nwhole    %q", n, streamed.String(), whole.String())
		}
	}
	for i := range tokens {
		if _, ok := appendPlainToken(nil, &tokens[i], names[tokens[i].ClientIdentifier], now); ok {
			plain++
		}
	}
	if plain == 0 || plain == len(tokens) {
		t.Fatalf("%d of %d tokens took the plain path; the cases should take both", plain, len(tokens))
	}
}

func TestATokenListThatFailsHasNoClosingBracket(t *testing.T) {
	tokens, names := tokenListCases()
	var out strings.Builder
	l := newTokenList(&out, time.Now())
	if err := l.add(&tokens[0], names); err != nil {
		t.Fatal(err)
	}
	l.abort()
	if s := out.String(); !strings.HasPrefix(s, "[\n  {") || strings.HasSuffix(s, "]\n") {
		t.Fatalf("aborted list %q", s)
	}
	out.Reset()
	newTokenList(&out, time.Now()).abort()
	if out.Len() != 0 {
		t.Fatalf("a list that failed before any token printed %q", out.String())
	}
}

func FuzzTokenListMatchesWriteJSON(f *testing.F) {
	f.Add(int64(1), "ident", "name", "token", "read write", int64(1700000000), int64(5), int16(0))
	f.Add(int64(-1), "i\x1bd", "n<&>", "\xff\xfe", " read\u00a0chat ", int64(-62135596800), int64(999999999), int16(330))
	f.Fuzz(func(t *testing.T, id int64, ident, name, access, scopes string, sec, nsec int64, offMin int16) {
		ts := time.Unix(sec, nsec).UTC()
		if offMin != 0 {
			ts = ts.In(time.FixedZone("", int(offMin)*60))
		}
		tok := api.OAuthToken{ID: id, ClientIdentifier: ident, AccessToken: access, Scopes: scopes, CreateDate: &ts, ExpireDate: &ts, AgentID: id / 3}
		names := map[string]string{ident: name}
		now := time.Unix(1700000000, 0)
		var whole, streamed strings.Builder
		wantErr := writeJSON(&whole, []audit.TokenReport{toTokenJSON(&tok, names, now)})
		l := newTokenList(&streamed, now)
		gotErr := l.add(&tok, names)
		if (wantErr == nil) != (gotErr == nil) {
			t.Fatalf("writeJSON: %v, tokenList: %v", wantErr, gotErr)
		}
		if wantErr != nil {
			return
		}
		l.close()
		if streamed.String() != whole.String() {
			t.Fatalf("streamed %q\nwhole    %q", streamed.String(), whole.String())
		}
	})
}

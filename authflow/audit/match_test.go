package audit

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"chatkeys/api"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func at(d time.Duration) *time.Time { t := t0.Add(d); return &t }

const (
	accessA  = "AAAAaaaa1111bbbbCCCCdddd2222eeeeFFFFgggg3333hhhhIIIIjjjj4444kkkk"
	refreshA = "RRRRrrrr5555ssssTTTTuuuu6666vvvvWWWWxxxx7777yyyyZZZZzzzz8888qqqq"
	accessB  = "BBBBbbbb1111bbbbCCCCdddd2222eeeeFFFFgggg3333hhhhIIIIjjjj4444mmmm"
	accessC  = "CCCCcccc9999nnnnOOOOpppp0000ooooPPPPqqqq1111rrrrSSSSssss2222tttt"
)

func matchTokens() []api.OAuthToken {
	return []api.OAuthToken{
		{ID: 1, AccessToken: accessA, RefreshToken: refreshA, ClientIdentifier: "cli-a", AgentID: 7, Scopes: "read write",
			CreateDate: at(-time.Hour), ExpireDate: at(9 * time.Hour)},
		{ID: 2, AccessToken: accessB, ClientIdentifier: "cli-gone", AgentID: 8, Scopes: "read"},
		{ID: 3, AccessToken: accessC, ClientIdentifier: "cli-a", AgentID: 7, Scopes: "read chat"},
	}
}

func ids(cs []Candidate) []int64 {
	var out []int64
	for _, c := range cs {
		out = append(out, c.Token.ID)
	}
	return out
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		name   string
		value  string
		kind   MatchKind
		ids    []int64
		fields []Field
		err    error
	}{
		{name: "whole access token", value: accessA, kind: Exact, ids: []int64{1}, fields: []Field{FieldAccess}},
		{name: "whole refresh token", value: refreshA, kind: Exact, ids: []int64{1}, fields: []Field{FieldRefresh}},
		{name: "surrounding whitespace is trimmed", value: " \t" + accessC + "\r\n", kind: Exact, ids: []int64{3}, fields: []Field{FieldAccess}},
		{name: "a fragment shared by two tokens names both", value: "1111bbbbCCCCdddd", kind: Fragment, ids: []int64{1, 2}, fields: []Field{FieldAccess, FieldAccess}},
		{name: "a fragment of a refresh token", value: "5555ssss", kind: Fragment, ids: []int64{1}, fields: []Field{FieldRefresh}},
		{name: "a fragment of exactly MinFragment", value: accessC[:MinFragment], kind: Fragment, ids: []int64{3}, fields: []Field{FieldAccess}},
		{name: "a fragment in no token", value: "notinanytoken", kind: Fragment},
		{name: "a whole token of another account", value: strings.Repeat("x", 64), kind: Fragment},
		{name: "matching is case-sensitive", value: strings.ToLower(accessC), kind: Fragment},
		{name: "too short", value: accessA[:MinFragment-1], err: ErrFragmentTooShort},
		{name: "one character", value: "A", err: ErrFragmentTooShort},
		{name: "empty", value: "", err: ErrEmpty},
		{name: "only whitespace", value: " \n\t ", err: ErrEmpty},
		{name: "a control character inside", value: "AAAAaaaa\x1b[31m", err: ErrNotPrintable},
		{name: "non-ASCII", value: "AAAAaaaa1111bbbé", err: ErrNotPrintable},
		{name: "a zero-width space", value: "AAAAaaaa\u200b1111", err: ErrNotPrintable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Match(matchTokens(), tc.value)
			if !errors.Is(err, tc.err) || (err == nil) != (tc.err == nil) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if err != nil {
				if r.Found() || r.Kind != "" {
					t.Errorf("an error came with a result: %+v", r)
				}
				return
			}
			if r.Kind != tc.kind {
				t.Errorf("kind = %q, want %q", r.Kind, tc.kind)
			}
			if got := ids(r.Candidates); !slices.Equal(got, tc.ids) {
				t.Errorf("ids = %v, want %v", got, tc.ids)
			}
			for i, c := range r.Candidates {
				if c.Field != tc.fields[i] {
					t.Errorf("candidate %d field = %q, want %q", i, c.Field, tc.fields[i])
				}
			}
			if r.Found() != (len(tc.ids) > 0) {
				t.Errorf("Found = %v", r.Found())
			}
		})
	}
}

func TestFragmentTooShortSaysHowLongAndQuotesNothing(t *testing.T) {
	_, err := Match(matchTokens(), "AAAAaaa")
	var short *FragmentTooShortError
	if !errors.As(err, &short) || short.Len != 7 {
		t.Fatalf("err = %#v, want a *FragmentTooShortError of 7", err)
	}
	if strings.Contains(err.Error(), "AAAAaaa") {
		t.Errorf("the error quotes the value: %q", err)
	}
}

func TestAnExactMatchWinsOverFragments(t *testing.T) {
	tokens := matchTokens()
	// Token 4's access token contains token 3's whole access token.
	tokens = append(tokens, api.OAuthToken{ID: 4, AccessToken: "x" + accessC + "y"})
	r, err := Match(tokens, accessC)
	if err != nil || r.Kind != Exact || !slices.Equal(ids(r.Candidates), []int64{3}) {
		t.Fatalf("got %v %v %v, want the exact match 3 alone", r.Kind, ids(r.Candidates), err)
	}
}

func TestTokensWithEmptyValuesNeverMatch(t *testing.T) {
	tokens := []api.OAuthToken{{ID: 9}}
	for _, v := range []string{accessA, "12345678"} {
		if r, err := Match(tokens, v); err != nil || r.Found() {
			t.Errorf("Match(%q) = %+v, %v on a token without values", v, r, err)
		}
	}
}

func TestDescribeJoinsClientsAndMarksTheOwnLogin(t *testing.T) {
	clients := []api.OAuthClient{{ID: 5, Name: "Support bot", ClientIdentifier: "cli-a"}}
	r, err := Match(matchTokens(), "1111bbbbCCCCdddd")
	if err != nil {
		t.Fatal(err)
	}
	got := Describe(r, clients, accessA, t0)
	if len(got) != 2 {
		t.Fatalf("%d owners, want 2", len(got))
	}
	a, b := got[0], got[1]
	if a.ID != 1 || !a.ClientFound || a.ClientID != 5 || a.ClientName != "Support bot" || a.ClientLabel() != "Support bot" ||
		a.ClientIdentifier != "cli-a" || a.AgentID != 7 || !slices.Equal(a.Scopes, []string{"read", "write"}) ||
		!a.RefreshToken || !a.Own || a.Match != Fragment || a.Field != FieldAccess || a.CreateDate == nil || a.ExpireDate == nil {
		t.Errorf("first owner = %+v", a)
	}
	if b.ID != 2 || b.ClientFound || b.ClientName != "" || b.ClientLabel() != UnknownClientName || b.ClientIdentifier != "cli-gone" ||
		b.RefreshToken || b.Own || b.CreateDate != nil || b.ExpireDate != nil {
		t.Errorf("second owner = %+v", b)
	}
	if Describe(r, clients, "", t0)[0].Own {
		t.Error("an unknown own token marked a token as own")
	}
}

func TestOwnerJSONCarriesNoTokenValue(t *testing.T) {
	r, _ := Match(matchTokens(), accessA)
	b, err := json.Marshal(Describe(r, nil, "", t0))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, secret := range []string{accessA, refreshA, accessA[:16]} {
		if strings.Contains(s, secret) {
			t.Fatalf("the JSON holds a token value: %s", s)
		}
	}
	for _, want := range []string{`"id":1`, `"match":"exact"`, `"field":"access_token"`, `"client_found":false`,
		`"client_identifier":"cli-a"`, `"agent_id":7`, `"scopes":["read","write"]`, `"refresh_token":true`, `"own":false`,
		`"create_date":"2026-03-01T11:00:00Z"`, `"expire_date":"2026-03-01T21:00:00Z"`, `"expired":false`,
		`"token_prefix":"` + accessA[:ReportPrefixLen] + `"`} {
		if !strings.Contains(s, want) {
			t.Errorf("the JSON lacks %s: %s", want, s)
		}
	}
	r, _ = Match(matchTokens(), accessB)
	b, _ = json.Marshal(Describe(r, nil, "", t0))
	if !strings.Contains(string(b), `"scopes":["read"]`) || !strings.Contains(string(b), `"expire_date":null`) {
		t.Errorf("JSON of a token without dates: %s", b)
	}
}

// FuzzMatch feeds Match what a user might paste: it never panics, never
// returns the value in an error, and every candidate really holds the
// trimmed value (whole for an exact match).
func FuzzMatch(f *testing.F) {
	for _, s := range []string{accessA, refreshA, " " + accessC + "\n", "1111bbbb", "short", "", "\x00\x1b[2J", "é", strings.Repeat("A", 200)} {
		f.Add(s)
	}
	tokens := matchTokens()
	f.Fuzz(func(t *testing.T, value string) {
		r, err := Match(tokens, value)
		v := strings.TrimSpace(value)
		if err != nil {
			if r.Found() {
				t.Fatal("an error came with candidates")
			}
			if len(v) >= 4 && strings.Contains(err.Error(), v) {
				t.Fatalf("the error %q quotes the value", err)
			}
			return
		}
		if len(v) < MinFragment && r.Kind != Exact {
			t.Fatalf("a %d-character value matched as %q", len(v), r.Kind)
		}
		for _, c := range r.Candidates {
			held := c.Token.AccessToken
			if c.Field == FieldRefresh {
				held = c.Token.RefreshToken
			}
			if r.Kind == Exact && held != v || r.Kind == Fragment && !strings.Contains(held, v) {
				t.Fatalf("candidate %d (%s) does not hold the value", c.Token.ID, c.Field)
			}
		}
	})
}

package audit

import (
	"errors"
	"slices"
	"testing"
	"time"

	"chatkeys/api"
)

func selectClients() []api.OAuthClient {
	return []api.OAuthClient{
		{ID: 1, Name: "Support bot", ClientIdentifier: "ident-bot"},
		{ID: 2, Name: "Zapier", ClientIdentifier: "ident-zap"},
		{ID: 3, Name: "twin", ClientIdentifier: "ident-twin-1"},
		{ID: 4, Name: "Twin", ClientIdentifier: "ident-twin-2"},
		{ID: 5, Name: "2", ClientIdentifier: "ident-named-two"},
	}
}

func TestResolveClient(t *testing.T) {
	for _, tc := range []struct {
		ident, want string
		err         error
	}{
		{"ident-zap", "ident-zap", nil},
		{"1", "ident-bot", nil},
		{"support bot", "ident-bot", nil},
		{"Support bot", "ident-bot", nil},
		{"2", "ident-zap", nil}, // an id wins over a name
		{"twin", "", ErrAmbiguousClient},
		{"nobody", "", ErrNoClient},
		{"99", "", ErrNoClient},
		{"", "", ErrNoClient},
	} {
		got, err := ResolveClient(tc.ident, selectClients())
		if got != tc.want || !errors.Is(err, tc.err) || (err == nil) != (tc.err == nil) {
			t.Errorf("ResolveClient(%q) = %q, %v; want %q, %v", tc.ident, got, err, tc.want, tc.err)
		}
	}
	_, err := ResolveClient("TWIN", selectClients())
	var amb *AmbiguousClientError
	if !errors.As(err, &amb) || !slices.Equal(amb.IDs, []int64{3, 4}) || amb.Name != "TWIN" {
		t.Errorf("ambiguous: %#v", err)
	}
}

func selectTokens() []api.OAuthToken {
	day := 24 * time.Hour
	return []api.OAuthToken{
		{ID: 1, ClientIdentifier: "ident-bot", AgentID: 10, Scopes: "read write", CreateDate: at(-100 * day), ExpireDate: at(-99 * day)},
		{ID: 2, ClientIdentifier: "ident-bot", AgentID: 11, Scopes: "read", CreateDate: at(-2 * day), ExpireDate: at(day)},
		{ID: 3, ClientIdentifier: "ident-zap", AgentID: 10, Scopes: "read write chat", CreateDate: at(-91 * day), ExpireDate: at(-time.Hour)},
		{ID: 4, ClientIdentifier: "ident-zap", AgentID: 10, Scopes: "write", ExpireDate: at(-time.Hour)}, // no create date
		{ID: 5, ClientIdentifier: "ident-gone", AgentID: 12, Scopes: "read", CreateDate: at(-90 * day)},  // no expiry
		{ID: 6, ClientIdentifier: "ident-bot", AgentID: 10, Scopes: "read", CreateDate: at(0), ExpireDate: at(0)},
	}
}

func TestSelect(t *testing.T) {
	day := 24 * time.Hour
	for _, tc := range []struct {
		name string
		sel  Selector
		want []int64
		err  error
	}{
		{name: "client by name", sel: Selector{Client: "support bot"}, want: []int64{1, 2, 6}},
		{name: "client by id", sel: Selector{Client: "2"}, want: []int64{3, 4}},
		{name: "client by identifier", sel: Selector{Client: "ident-zap"}, want: []int64{3, 4}},
		{name: "agent", sel: Selector{Agent: 10}, want: []int64{1, 3, 4, 6}},
		{name: "scope", sel: Selector{Scope: "write"}, want: []int64{1, 3, 4}},
		{name: "the chat scope", sel: Selector{Scope: "chat"}, want: []int64{3}},
		{name: "expired, an expiry at now included", sel: Selector{Expired: true}, want: []int64{1, 3, 4, 6}},
		{name: "older than 90 days, strictly, undated left out", sel: Selector{OlderThan: 90 * day}, want: []int64{1, 3}},
		{name: "created before, strictly, undated left out", sel: Selector{CreatedBefore: t0.Add(-90 * day)}, want: []int64{1, 3}},
		{name: "created before now", sel: Selector{CreatedBefore: t0}, want: []int64{1, 2, 3, 5}},
		{name: "every criterion must hold", sel: Selector{Client: "ident-zap", Agent: 10, Scope: "write", Expired: true, OlderThan: day}, want: []int64{3}},
		{name: "client and agent", sel: Selector{Client: "Support bot", Agent: 11}, want: []int64{2}},
		{name: "no token fits", sel: Selector{Client: "Support bot", Scope: "chat"}},
		{name: "nothing set", sel: Selector{}, err: ErrEmptySelector},
		{name: "only blanks set", sel: Selector{Client: "  ", Scope: " "}, err: ErrEmptySelector},
		{name: "an unknown client selects nothing", sel: Selector{Client: "nobody", Expired: true}, err: ErrNoClient},
		{name: "an ambiguous name selects nothing", sel: Selector{Client: "twin"}, err: ErrAmbiguousClient},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.sel.Select(selectTokens(), selectClients(), t0)
			if !errors.Is(err, tc.err) || (err == nil) != (tc.err == nil) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if err != nil && got != nil {
				t.Fatalf("an error came with tokens: %v", tokenIDs(got))
			}
			if ids := tokenIDs(got); !slices.Equal(ids, tc.want) {
				t.Errorf("selected %v, want %v", ids, tc.want)
			}
		})
	}
	if _, err := (Selector{OlderThan: -time.Hour}).Select(selectTokens(), nil, t0); err == nil {
		t.Error("a negative span selected tokens")
	}
}

func TestParseAge(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"90d", 90 * 24 * time.Hour, true},
		{" 1d ", 24 * time.Hour, true},
		{"36h", 36 * time.Hour, true},
		{"1h30m", 90 * time.Minute, true},
		{"0d", 0, false},
		{"-3d", 0, false},
		{"+3d", 0, false},
		{"3.5d", 0, false},
		{"d", 0, false},
		{"0h", 0, false},
		{"-1h", 0, false},
		{"90", 0, false},
		{"", 0, false},
		{"99999999999d", 0, false},
		{"1w", 0, false},
	} {
		got, err := ParseAge(tc.in)
		if got != tc.want || (err == nil) != tc.ok {
			t.Errorf("ParseAge(%q) = %v, %v", tc.in, got, err)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2026-01-02", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), true},
		{"2026-01-02T15:04:05Z", time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC), true},
		{"2026-01-02T15:04:05+02:00", time.Date(2026, 1, 2, 13, 4, 5, 0, time.UTC), true},
		{" 2026-01-02 ", time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), true},
		{"2026-13-02", time.Time{}, false},
		{"02/01/2026", time.Time{}, false},
		{"2026-01-02 15:04", time.Time{}, false},
		{"", time.Time{}, false},
	} {
		got, err := ParseDate(tc.in)
		if !got.Equal(tc.want) || (err == nil) != tc.ok {
			t.Errorf("ParseDate(%q) = %v, %v", tc.in, got, err)
		}
	}
}

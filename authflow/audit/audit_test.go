package audit

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"chatkeys/api"
	"chatkeys/authflow/store"
)

const day = 24 * time.Hour

func auditClients() []api.OAuthClient {
	return []api.OAuthClient{
		{ID: 1, ClientIdentifier: "c1", ClientType: api.ClientTypeConfidential, Scopes: "read write",
			RedirectURIs: api.RedirectURIs{"http://localhost:8080", "http://127.0.0.2/cb", "http://[::1]:9/x", "https://a.example.com/cb"}},
		{ID: 2, ClientIdentifier: "c2", Scopes: "read",
			RedirectURIs: api.RedirectURIs{"http://app.example.com/cb", "HTTP://other.example.com/cb", "/callback", "myapp://cb", "https://"}},
		{ID: 3, ClientIdentifier: "c3", ClientType: api.ClientTypePublic, Scopes: "write"},
		{ID: 4, ClientIdentifier: "c4", Scopes: "read", RedirectURIs: api.RedirectURIs{"https://fine.example.com"}}, // no tokens
	}
}

func auditTokens() []api.OAuthToken {
	return []api.OAuthToken{
		{ID: 10, ClientIdentifier: "c1", AgentID: 1, Scopes: "read write chat", CreateDate: at(-day), ExpireDate: at(30 * day), AccessToken: "own"},
		{ID: 11, ClientIdentifier: "c1", AgentID: 2, Scopes: "read", ExpireDate: at(-time.Hour), RefreshToken: "r"},
		{ID: 12, ClientIdentifier: "c1", AgentID: 2, Scopes: "read", ExpireDate: at(0)},
		{ID: 13, ClientIdentifier: "c2", AgentID: 3, Scopes: "read write", ExpireDate: at(7 * day)},
		{ID: 14, ClientIdentifier: "c2", AgentID: 3, Scopes: "read chat", ExpireDate: at(7*day + time.Second)},
		{ID: 15, ClientIdentifier: "c3", AgentID: 3, Scopes: "write"},
		{ID: 16, ClientIdentifier: "gone", AgentID: 4, Scopes: "read", ExpireDate: at(-day)},
		{ID: 17, ClientIdentifier: "", AgentID: 4, Scopes: "read", ExpireDate: at(day)},
		{ID: 18, ClientIdentifier: "c3", AgentID: 5, Scopes: "read write read", ExpireDate: at(90 * day)},
	}
}

type want struct {
	kind Kind
	id   int64
}

func kindsAndIDs(fs []Finding) []want {
	var out []want
	for _, f := range fs {
		out = append(out, want{f.Kind, f.Subject.ID})
	}
	return out
}

func TestAuditFindsEachKindInOrder(t *testing.T) {
	got := Audit(Input{Clients: auditClients(), Tokens: auditTokens(), Now: t0})
	w := []want{
		{KindClientRedirectHTTP, 2},
		{KindTokenOrphan, 16}, {KindTokenOrphan, 17},
		{KindTokenOverScoped, 13}, {KindTokenOverScoped, 18},
		{KindClientRedirectInvalid, 2},
		{KindTokenExpired, 11}, {KindTokenExpired, 12}, {KindTokenExpired, 16},
		{KindTokenNoExpiry, 15},
		{KindClientConfidential, 1},
		{KindClientUnused, 4},
		{KindTokenExpiring, 13}, {KindTokenExpiring, 17},
	}
	if g := kindsAndIDs(got); !slices.Equal(g, w) {
		t.Fatalf("findings\n got %v\nwant %v", g, w)
	}
	for i, f := range got {
		if f.Severity != SeverityOf(f.Kind) || f.Fix != FixOf(f.Kind) || f.Explanation == "" || strings.Contains(f.Explanation, "\n") {
			t.Errorf("finding %d: %+v", i, f)
		}
		if i > 0 && got[i-1].Severity < f.Severity {
			t.Errorf("finding %d (%s) comes after a lower severity", i, f.Kind)
		}
	}
	byKind := map[Kind]Finding{}
	for _, f := range got {
		if _, ok := byKind[f.Kind]; !ok {
			byKind[f.Kind] = f
		}
	}
	for kind, parts := range map[Kind][]string{
		KindClientRedirectHTTP:    {"http://app.example.com/cb HTTP://other.example.com/cb"},
		KindClientRedirectInvalid: {"/callback myapp://cb https://"},
		KindTokenOverScoped:       {"write", "client (2)", "read (and chat)"},
		KindTokenExpired:          {"2026-03-01 11:00 UTC", "refresh token may still renew it"},
		KindTokenExpiring:         {"2026-03-08 12:00 UTC"},
	} {
		for _, p := range parts {
			if !strings.Contains(byKind[kind].Explanation, p) {
				t.Errorf("%s: %q lacks %q", kind, byKind[kind].Explanation, p)
			}
		}
	}
	if e := got[7].Explanation; strings.Contains(e, "refresh") {
		t.Errorf("token 12 has no refresh token, yet: %q", e)
	}
	if s := got[1].Subject; s != (Subject{Type: SubjectToken, ID: 16, ClientIdentifier: "gone", AgentID: 4}) {
		t.Errorf("orphan subject = %+v", s)
	}
	if s := got[0].Subject; s != (Subject{Type: SubjectClient, ID: 2, ClientIdentifier: "c2"}) {
		t.Errorf("client subject = %+v", s)
	}
}

func TestAuditWithin(t *testing.T) {
	for _, tc := range []struct {
		within time.Duration
		want   []int64
	}{
		{0, []int64{13, 17}}, // the default, 7 days: an expiry exactly at the edge counts
		{day, []int64{17}},
		{7*day + time.Second, []int64{13, 14, 17}},
		{100 * day, []int64{10, 13, 14, 17, 18}},
	} {
		var got []int64
		for _, f := range Audit(Input{Clients: auditClients(), Tokens: auditTokens(), Now: t0, Within: tc.within}) {
			if f.Kind == KindTokenExpiring {
				got = append(got, f.Subject.ID)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("within %v: expiring %v, want %v", tc.within, got, tc.want)
		}
	}
}

func TestAuditOwnLogin(t *testing.T) {
	file := store.Location{Kind: store.KindFile, Path: "/home/u/.config/chatkeys/credentials.json"}
	keyring := store.Location{Kind: store.KindKeyring}
	ownSubject := Subject{Type: SubjectLogin, ID: 10, ClientIdentifier: "c1", AgentID: 1}
	for _, tc := range []struct {
		name string
		own  *OwnLogin
		want []Kind
		subj Subject
		text string
	}{
		{name: "no login", own: nil},
		{name: "no token", own: &OwnLogin{Location: file}},
		{name: "refreshable in the keyring", own: &OwnLogin{AccessToken: "own", Expiry: t0.Add(time.Hour), Refreshable: true, Location: keyring}},
		{name: "refreshable in the file", own: &OwnLogin{AccessToken: "own", Expiry: t0.Add(time.Hour), Refreshable: true, Location: file},
			want: []Kind{KindLoginPlainText}, subj: ownSubject, text: file.Path},
		{name: "no refresh token, expiring", own: &OwnLogin{AccessToken: "own", Expiry: t0.Add(time.Hour), Location: keyring},
			want: []Kind{KindLoginExpiring}, subj: ownSubject, text: "expires on 2026-03-01 13:00 UTC"},
		{name: "no refresh token, expired", own: &OwnLogin{AccessToken: "own", Expiry: t0, Location: keyring},
			want: []Kind{KindLoginExpiring}, subj: ownSubject, text: "expired on 2026-03-01 12:00 UTC"},
		{name: "no refresh token, lasting", own: &OwnLogin{AccessToken: "own", Expiry: t0.Add(30 * day), Location: keyring}},
		{name: "expiry unknown: the listed token's is used (30 days)", own: &OwnLogin{AccessToken: "own", Location: keyring}},
		{name: "expiry unknown, not listed", own: &OwnLogin{AccessToken: "unlisted", Location: file},
			want: []Kind{KindLoginPlainText}, subj: Subject{Type: SubjectLogin}},
		{name: "not listed, expiring, in the file", own: &OwnLogin{AccessToken: "unlisted", Expiry: t0.Add(time.Hour), Location: file},
			want: []Kind{KindLoginExpiring, KindLoginPlainText}, subj: Subject{Type: SubjectLogin}},
		{name: "CHATKEYS_TOKEN is stored nowhere", own: &OwnLogin{AccessToken: "own", FromEnv: true, Refreshable: true, Location: file}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []Finding
			for _, f := range Audit(Input{Clients: auditClients(), Tokens: auditTokens(), Now: t0, Own: tc.own}) {
				if f.Subject.Type == SubjectLogin {
					got = append(got, f)
				}
			}
			var kinds []Kind
			for _, f := range got {
				kinds = append(kinds, f.Kind)
				if f.Subject != tc.subj {
					t.Errorf("subject = %+v, want %+v", f.Subject, tc.subj)
				}
			}
			if !slices.Equal(kinds, tc.want) {
				t.Fatalf("kinds %v, want %v", kinds, tc.want)
			}
			if tc.text != "" && !strings.Contains(got[0].Explanation, tc.text) {
				t.Errorf("%q lacks %q", got[0].Explanation, tc.text)
			}
		})
	}
	// The listed token's expiry is used when the login's is unknown.
	tokens := auditTokens()
	tokens[0].ExpireDate = at(2 * time.Hour)
	fs := Audit(Input{Tokens: tokens, Now: t0, Own: &OwnLogin{AccessToken: "own"}})
	if !slices.ContainsFunc(fs, func(f Finding) bool { return f.Kind == KindLoginExpiring }) {
		t.Error("the listed token's expiry was not used")
	}
}

func TestAuditOfAnEmptyAccount(t *testing.T) {
	if got := Audit(Input{Now: t0}); len(got) != 0 {
		t.Errorf("findings on an empty account: %v", got)
	}
}

func TestAuditOrderDoesNotDependOnTheListOrder(t *testing.T) {
	a := Audit(Input{Clients: auditClients(), Tokens: auditTokens(), Now: t0})
	clients, tokens := auditClients(), auditTokens()
	slices.Reverse(clients)
	slices.Reverse(tokens)
	b := Audit(Input{Clients: clients, Tokens: tokens, Now: t0})
	if !slices.Equal(a, b) {
		t.Errorf("reversed lists gave another order:\n%v\n%v", kindsAndIDs(a), kindsAndIDs(b))
	}
}

func TestEveryKindHasASeverityAndAFix(t *testing.T) {
	seen := map[Kind]bool{}
	for _, k := range Kinds {
		if seen[k] || SeverityOf(k) == 0 || FixOf(k) == "" {
			t.Errorf("kind %s: repeated, or no severity or fix", k)
		}
		seen[k] = true
	}
	if SeverityOf("token.unheard_of") != 0 || FixOf("token.unheard_of") != "" {
		t.Error("a kind no rule names has a severity or a fix")
	}
}

func TestFixSet(t *testing.T) {
	fs := Audit(Input{Clients: auditClients(), Tokens: auditTokens(), Now: t0})
	for _, tc := range []struct {
		fix  Fix
		want []int64
	}{
		{FixRevokeExpired, []int64{11, 12, 16}},
		{FixRevokeOrphans, []int64{16, 17}},
		{FixRevokeToken, []int64{13, 15, 18}},
		{FixEditClient, nil}, // clients are not tokens
		{FixNone, []int64{13, 17}},
	} {
		if got := FixSet(fs, tc.fix); !slices.Equal(got, tc.want) {
			t.Errorf("FixSet(%s) = %v, want %v", tc.fix, got, tc.want)
		}
	}
	twice := append(slices.Clone(fs), fs...)
	if got := FixSet(twice, FixRevokeExpired); !slices.Equal(got, []int64{11, 12, 16}) {
		t.Errorf("repeated findings: %v", got)
	}
}

func TestParseFixAndSeverity(t *testing.T) {
	for in, want := range map[string]Fix{"expired": FixRevokeExpired, " Orphans ": FixRevokeOrphans} {
		if got, err := ParseFix(in); got != want || err != nil {
			t.Errorf("ParseFix(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "all", "revoke_expired"} {
		if _, err := ParseFix(in); err == nil {
			t.Errorf("ParseFix(%q) took it", in)
		}
	}
	for in, want := range map[string]Severity{"info": Info, "WARN": Warn, " high": High} {
		if got, err := ParseSeverity(in); got != want || err != nil {
			t.Errorf("ParseSeverity(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseSeverity("critical"); err == nil {
		t.Error("ParseSeverity took critical")
	}
	if !(Info < Warn && Warn < High) {
		t.Error("severities are out of order")
	}
}

func TestAtLeast(t *testing.T) {
	fs := []Finding{{Severity: Info}, {Severity: Warn}}
	for min, want := range map[Severity]bool{Info: true, Warn: true, High: false} {
		if AtLeast(fs, min) != want {
			t.Errorf("AtLeast(%s) = %v", min, !want)
		}
	}
	if AtLeast(nil, Info) {
		t.Error("no findings are at least info")
	}
}

func TestFindingJSON(t *testing.T) {
	f := Finding{Severity: High, Kind: KindTokenOrphan, Subject: Subject{Type: SubjectToken, ID: 16, ClientIdentifier: "gone", AgentID: 4},
		Explanation: "x", Fix: FixRevokeOrphans}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"severity":"high","kind":"token.orphan","subject":{"type":"token","id":16,"client_identifier":"gone","agent_id":4},"explanation":"x","fix":"revoke_orphans"}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	var back Finding
	if err := json.Unmarshal(b, &back); err != nil || back != f {
		t.Errorf("round trip: %+v, %v", back, err)
	}
	b, _ = json.Marshal(Finding{Severity: Info, Kind: KindLoginPlainText, Subject: Subject{Type: SubjectLogin}, Fix: FixMoveToKeyring})
	if want := `{"severity":"info","kind":"login.plain_text","subject":{"type":"login","id":0},"explanation":"","fix":"move_to_keyring"}`; string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	if _, err := json.Marshal(Finding{}); err == nil {
		t.Error("a finding without a severity marshalled")
	}
	if err := json.Unmarshal([]byte(`{"severity":"urgent"}`), &back); err == nil {
		t.Error("an unknown severity unmarshalled")
	}
}

func TestFindingsThatSayTheSameKeepOneCopyOfTheirExplanation(t *testing.T) {
	var tokens []api.OAuthToken
	for i := range 3 {
		tokens = append(tokens, api.OAuthToken{ID: int64(20 + i), ClientIdentifier: "c1", Scopes: "read", ExpireDate: at(-day)})
	}
	tokens = append(tokens, api.OAuthToken{ID: 30, ClientIdentifier: "c1", Scopes: "read", ExpireDate: at(-2 * day)})
	var expired []Finding
	for _, f := range Audit(Input{Clients: auditClients(), Tokens: tokens, Now: t0}) {
		if f.Kind == KindTokenExpired {
			expired = append(expired, f)
		}
	}
	if len(expired) != 4 {
		t.Fatalf("%d expired findings, want 4", len(expired))
	}
	first := unsafe.StringData(expired[0].Explanation)
	for _, f := range expired[1:3] {
		if f.Explanation != expired[0].Explanation || unsafe.StringData(f.Explanation) != first {
			t.Errorf("token %d's explanation %q is a copy of its own", f.Subject.ID, f.Explanation)
		}
	}
	if last := expired[3]; last.Explanation == expired[0].Explanation || !strings.Contains(last.Explanation, date(*at(-2 * day))) {
		t.Errorf("another expiry says %q", last.Explanation)
	}
}

package audit

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"chatkeys/api"
	"chatkeys/authflow"
	"chatkeys/authflow/store"
)

// Severity orders findings: Info < Warn < High.
type Severity int

// The severities.
const (
	Info Severity = iota + 1
	Warn
	High
)

var severityNames = map[Severity]string{Info: "info", Warn: "warn", High: "high"}

// String is the severity's JSON name: info, warn or high.
func (s Severity) String() string {
	if n, ok := severityNames[s]; ok {
		return n
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// ParseSeverity reads info, warn or high (any case), as --fail-on takes.
func ParseSeverity(s string) (Severity, error) {
	for sev, n := range severityNames {
		if strings.EqualFold(strings.TrimSpace(s), n) {
			return sev, nil
		}
	}
	return 0, fmt.Errorf("%q is not a severity: give info, warn or high", s)
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) {
	if _, ok := severityNames[s]; !ok {
		return nil, fmt.Errorf("audit: no severity %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads a severity's name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err == nil {
		*s = v
	}
	return err
}

// Kind is a finding's stable id.
type Kind string

// The kinds of finding; the package doc's table gives each one's severity
// and fix.
const (
	KindTokenOrphan           Kind = "token.orphan"
	KindTokenOverScoped       Kind = "token.over_scoped"
	KindTokenExpired          Kind = "token.expired"
	KindTokenNoExpiry         Kind = "token.no_expiry"
	KindTokenExpiring         Kind = "token.expiring"
	KindClientRedirectHTTP    Kind = "client.redirect_http"
	KindClientRedirectInvalid Kind = "client.redirect_invalid"
	KindClientUnused          Kind = "client.unused"
	KindClientConfidential    Kind = "client.confidential"
	KindLoginExpiring         Kind = "login.expiring"
	KindLoginPlainText        Kind = "login.plain_text"
)

// rules gives every kind, in the package doc's order, the severity of its
// findings and what fixes them.
var rules = []struct {
	kind Kind
	sev  Severity
	fix  Fix
}{
	{KindTokenOrphan, High, FixRevokeOrphans},
	{KindTokenOverScoped, High, FixRevokeToken},
	{KindClientRedirectHTTP, High, FixEditClient},
	{KindTokenExpired, Warn, FixRevokeExpired},
	{KindTokenNoExpiry, Warn, FixRevokeToken},
	{KindClientRedirectInvalid, Warn, FixEditClient},
	{KindLoginExpiring, Warn, FixLogin},
	{KindLoginPlainText, Warn, FixMoveToKeyring},
	{KindTokenExpiring, Info, FixNone},
	{KindClientUnused, Info, FixDeleteClient},
	{KindClientConfidential, Info, FixEditClient},
}

// Kinds lists every kind, in the package doc's order.
var Kinds = func() []Kind {
	ks := make([]Kind, len(rules))
	for i, r := range rules {
		ks[i] = r.kind
	}
	return ks
}()

// SeverityOf is the severity of every finding of kind k.
func SeverityOf(k Kind) Severity {
	for _, r := range rules {
		if r.kind == k {
			return r.sev
		}
	}
	return 0
}

// Fix is what resolves a finding. Each front end words it as its own
// command or key.
type Fix string

// The fixes.
const (
	// FixNone: nothing to do now; the finding is for the admin to know.
	FixNone Fix = "none"
	// FixRevokeExpired: revoke every expired token (FixSet gives them).
	FixRevokeExpired Fix = "revoke_expired"
	// FixRevokeOrphans: revoke every token whose client is gone.
	FixRevokeOrphans Fix = "revoke_orphans"
	// FixRevokeToken: revoke the subject token.
	FixRevokeToken Fix = "revoke_token"
	// FixEditClient: edit the subject client (its redirect URIs or type).
	FixEditClient Fix = "edit_client"
	// FixDeleteClient: delete the subject client if nothing uses it.
	FixDeleteClient Fix = "delete_client"
	// FixLogin: log chatkeys in again.
	FixLogin Fix = "login"
	// FixMoveToKeyring: keep chatkeys' login in the OS keyring instead
	// of the plain-text file.
	FixMoveToKeyring Fix = "move_to_keyring"
)

// FixOf is the fix of every finding of kind k.
func FixOf(k Kind) Fix {
	for _, r := range rules {
		if r.kind == k {
			return r.fix
		}
	}
	return ""
}

// ParseFix reads what --fix takes: expired (FixRevokeExpired) or orphans
// (FixRevokeOrphans), the fixes that apply to a set of tokens at once.
func ParseFix(s string) (Fix, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "expired":
		return FixRevokeExpired, nil
	case "orphans":
		return FixRevokeOrphans, nil
	}
	return "", fmt.Errorf("%q is not a fix: give expired or orphans", s)
}

// SubjectType says what a finding is about.
type SubjectType string

// The subjects.
const (
	SubjectClient SubjectType = "client"
	SubjectToken  SubjectType = "token"
	SubjectLogin  SubjectType = "login"
)

// Subject is what a finding is about. For a login, ID and
// ClientIdentifier are those of its listed token, and zero when the token
// is not listed.
type Subject struct {
	Type             SubjectType `json:"type"`
	ID               int64       `json:"id"`
	ClientIdentifier string      `json:"client_identifier,omitempty"`
	AgentID          int64       `json:"agent_id,omitzero"`
}

// Finding is one thing the audit found.
type Finding struct {
	Severity Severity `json:"severity"`
	Kind     Kind     `json:"kind"`
	Subject  Subject  `json:"subject"`
	// Explanation is one line; it may quote a server's value (a redirect
	// URI, scopes), to be sanitised on output.
	Explanation string `json:"explanation"`
	Fix         Fix    `json:"fix"`
}

// DefaultWithin is how soon an expiry counts as soon when Input.Within is
// zero.
const DefaultWithin = 7 * 24 * time.Hour

// Input is what Audit reads.
type Input struct {
	Clients []api.OAuthClient
	Tokens  []api.OAuthToken
	Now     time.Time
	// Within is how soon an expiry counts as soon; 0 means DefaultWithin.
	Within time.Duration
	// Own is chatkeys' own login; nil skips the login's findings.
	Own *OwnLogin
}

// OwnLogin is what Audit needs of chatkeys' own login.
type OwnLogin struct {
	AccessToken string
	// Expiry is zero when unknown; the listed token's expire_date is then
	// used.
	Expiry time.Time
	// Refreshable is true when the login has a refresh token, so chatkeys
	// renews it before it expires.
	Refreshable bool
	// FromEnv is true for CHATKEYS_TOKEN, which is not stored anywhere.
	FromEnv bool
	// Location is where the stored login is kept.
	Location store.Location
}

// OwnLoginOf reads what Audit needs from a resolved login; nil for nil.
func OwnLoginOf(l *authflow.Login) *OwnLogin {
	if l == nil {
		return nil
	}
	rec := l.Record()
	return &OwnLogin{AccessToken: rec.AccessToken, Expiry: rec.Expiry, Refreshable: rec.RefreshToken != "",
		FromEnv: l.FromEnv(), Location: l.Location}
}

// dateLayout is how explanations write dates: UTC to the minute.
const dateLayout = "2006-01-02 15:04 UTC"

func date(t time.Time) string { return t.UTC().Format(dateLayout) }

// Audit lists the account's findings: the kinds in the package doc, each
// once per subject, ordered by severity (high first), then kind, then
// subject id.
func Audit(in Input) []Finding {
	within := in.Within
	if within <= 0 {
		within = DefaultWithin
	}
	a := auditor{in: in, within: within, byIdent: clientsByIdent(in.Clients)}
	a.tokens()
	a.clients()
	a.login()
	slices.SortStableFunc(a.out, func(x, y Finding) int {
		return cmp.Or(cmp.Compare(y.Severity, x.Severity), cmp.Compare(x.Kind, y.Kind),
			cmp.Compare(x.Subject.ID, y.Subject.ID), cmp.Compare(x.Explanation, y.Explanation))
	})
	return a.out
}

type auditor struct {
	in      Input
	within  time.Duration
	byIdent map[string]*api.OAuthClient
	out     []Finding
	// said keeps one copy of each explanation, up to maxSaid of them: a
	// large account's expired tokens share a few thousand texts (the
	// same minute of expiry), and a million findings each with its own
	// copy held tens of megabytes. buf is where the next one is written.
	said map[string]string
	buf  []byte
}

// maxSaid bounds the explanations an audit keeps one copy of.
const maxSaid = 1 << 17

func (a *auditor) add(k Kind, s Subject, format string, args ...any) {
	a.buf = fmt.Appendf(a.buf[:0], format, args...)
	text, ok := a.said[string(a.buf)]
	if !ok {
		text = string(a.buf)
		if a.said == nil {
			a.said = map[string]string{}
		}
		if len(a.said) < maxSaid {
			a.said[text] = text
		}
	}
	a.out = append(a.out, Finding{Severity: SeverityOf(k), Kind: k, Subject: s, Explanation: text, Fix: FixOf(k)})
}

func (a *auditor) tokens() {
	now := a.in.Now
	for _, t := range a.in.Tokens {
		s := Subject{Type: SubjectToken, ID: t.ID, ClientIdentifier: t.ClientIdentifier, AgentID: t.AgentID}
		refresh := ""
		if t.RefreshToken != "" {
			refresh = "; its refresh token may still renew it"
		}
		switch e := t.ExpireDate; {
		case e == nil:
			a.add(KindTokenNoExpiry, s, "the token has no expiry date, so it works until revoked")
		case t.Expired(now):
			a.add(KindTokenExpired, s, "the token expired on %s and is still listed%s", date(*e), refresh)
		case !e.After(now.Add(a.within)):
			a.add(KindTokenExpiring, s, "the token expires on %s", date(*e))
		}
		c, ok := a.byIdent[t.ClientIdentifier]
		if !ok {
			a.add(KindTokenOrphan, s, "the token's client no longer exists, yet the token is still listed")
			continue
		}
		if extra := excessScopes(t.ScopeList(), c.ScopeList()); len(extra) > 0 {
			a.add(KindTokenOverScoped, s, "the token has the scope %s, which its client (%d) does not allow; the client allows: %s",
				strings.Join(extra, " "), c.ID, clientScopesText(c))
		}
	}
}

// excessScopes returns the token's scopes that its client does not allow.
// chat is always allowed: a token may ask for it whatever the client's
// scopes are.
func excessScopes(token, client []string) []string {
	var out []string
	for _, sc := range token {
		if sc != "chat" && !slices.Contains(client, sc) && !slices.Contains(out, sc) {
			out = append(out, sc)
		}
	}
	return out
}

func clientScopesText(c *api.OAuthClient) string {
	if s := strings.Join(c.ScopeList(), " "); s != "" {
		return s + " (and chat)"
	}
	return "chat only"
}

func (a *auditor) clients() {
	used := make(map[string]bool, len(a.in.Clients))
	for _, t := range a.in.Tokens {
		used[t.ClientIdentifier] = true
	}
	for i := range a.in.Clients {
		c := &a.in.Clients[i]
		s := Subject{Type: SubjectClient, ID: c.ID, ClientIdentifier: c.ClientIdentifier}
		if !used[c.ClientIdentifier] {
			a.add(KindClientUnused, s, "no token of the account belongs to the client")
		}
		if c.Type() == api.ClientTypeConfidential {
			a.add(KindClientConfidential, s, "the client is confidential, so it allows the password and client-credentials grants")
		}
		var plain, invalid []string
		for _, raw := range c.RedirectURIs {
			switch redirectRisk(raw) {
			case riskPlainHTTP:
				plain = append(plain, raw)
			case riskInvalid:
				invalid = append(invalid, raw)
			}
		}
		if len(plain) > 0 {
			a.add(KindClientRedirectHTTP, s, "plain http off this machine lets anyone on the path read the code or token: %s",
				strings.Join(plain, " "))
		}
		if len(invalid) > 0 {
			a.add(KindClientRedirectInvalid, s, "a redirect URI must be an absolute https URL (or http on localhost): %s",
				strings.Join(invalid, " "))
		}
	}
}

type risk int

const (
	riskNone risk = iota
	riskPlainHTTP
	riskInvalid
)

// redirectRisk sorts a client's redirect URI: https, or http on a
// loopback host (api.IsLoopbackHost, the rule the client form and the API
// client apply), is fine; other http is plain; anything else (relative, no
// host, another scheme) is invalid.
func redirectRisk(raw string) risk {
	u, err := url.Parse(raw)
	switch {
	case err != nil || !u.IsAbs() || u.Host == "":
		return riskInvalid
	case strings.EqualFold(u.Scheme, "https"):
		return riskNone
	case strings.EqualFold(u.Scheme, "http") && api.IsLoopbackHost(u.Hostname()):
		return riskNone
	case strings.EqualFold(u.Scheme, "http"):
		return riskPlainHTTP
	}
	return riskInvalid
}

func (a *auditor) login() {
	own := a.in.Own
	if own == nil || own.AccessToken == "" {
		return
	}
	s := Subject{Type: SubjectLogin}
	expiry := own.Expiry
	if t, ok := ownToken(a.in.Tokens, own.AccessToken); ok {
		s.ID, s.ClientIdentifier, s.AgentID = t.ID, t.ClientIdentifier, t.AgentID
		if expiry.IsZero() && t.ExpireDate != nil {
			expiry = *t.ExpireDate
		}
	}
	switch {
	case own.Refreshable, expiry.IsZero():
	case !expiry.After(a.in.Now):
		a.add(KindLoginExpiring, s, "chatkeys' login expired on %s and has no refresh token", date(expiry))
	case !expiry.After(a.in.Now.Add(a.within)):
		a.add(KindLoginExpiring, s, "chatkeys' login expires on %s and has no refresh token to renew it", date(expiry))
	}
	if !own.FromEnv && own.Location.Kind == store.KindFile {
		a.add(KindLoginPlainText, s, "chatkeys' login is kept in plain text in %s", own.Location.Path)
	}
}

// FixSet returns the ids of the tokens a set fix (FixRevokeExpired,
// FixRevokeOrphans) revokes: the token subjects of findings with that fix,
// ascending, each once. chatkeys' own token is in it when it qualifies;
// the front end warns before revoking it, as for any revoke.
func FixSet(findings []Finding, fix Fix) []int64 {
	var ids []int64
	for _, f := range findings {
		if f.Fix == fix && f.Subject.Type == SubjectToken {
			ids = append(ids, f.Subject.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// AtLeast reports whether any finding has severity min or above, for
// --fail-on.
func AtLeast(findings []Finding, min Severity) bool {
	return slices.ContainsFunc(findings, func(f Finding) bool { return f.Severity >= min })
}

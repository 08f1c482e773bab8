package ui

import (
	"context"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
	"chatkeys/authflow/audit"
	"chatkeys/authflow/config"
)

// common is what every screen and dialog is built with: the styles, the
// keys, the clock, the session and the ids. It is passed by pointer so that a theme
// change or a new login reaches every part at once; nothing else is shared.
type common struct {
	styles *Styles
	keys   KeyMap
	now    func() time.Time
	sess   *Session
	ctx    context.Context // cancelled when the App quits
	// copyNative writes to the system clipboard; tests replace it.
	copyNative func(text string) error
	// saveSecret stores a rotated secret of the login client into the
	// profile, answering the dialog to; nil when there is nowhere to save
	// it.
	saveSecret func(to ownerID, secret string) tea.Cmd
	// rate is the server's rate-limit pause in force; the root sets it,
	// the status line and the revoke dialog show it.
	rate *rateState
	// lastID is the last ownerID handed out.
	lastID ownerID
	// tokenLoads numbers the token loads started (in Update);
	// tokenLoadsSeen is the newest whose tokens reached the screens, read
	// by older loads' commands to know they can stop.
	tokenLoads     int
	tokenLoadsSeen atomic.Int64
	// auto is the tables' auto-refresh, and sortSaves their sorts on
	// their way to the profile's file.
	auto      autoRefresh
	sortSaves sortSaves
}

// own hands a new screen or dialog its id. Screens and dialogs are built
// in Update, never in a command, so the counter has one writer.
func (c *common) own() owned {
	c.lastID++
	return owned{c.lastID}
}

// isLoginClient reports whether ident is the client chatkeys logs in with.
func (c *common) isLoginClient(ident string) bool {
	return ident != "" && c.sess.LoginClientID == ident
}

// Session is what the UI knows about the account and chatkeys' own login.
type Session struct {
	Profile string
	Host    string
	Demo    bool

	// Client talks to the account; nil until logged in.
	Client *api.Client
	// Login describes chatkeys' own token; nil until logged in.
	Login *LoginInfo
	// LoginClientID is the client identifier chatkeys logs in with, for the
	// self-lockout warnings.
	LoginClientID string
	// Notice is said once when the session starts, e.g. that the token was
	// stored in a plain-text file because there is no keyring.
	Notice string
	// Readonly hides and refuses every key that would change the account;
	// ReadonlyFrom names the setting that made it so.
	Readonly     bool
	ReadonlyFrom string
	// Accent is the colour the header shows the profile in, "#rrggbb"
	// checked by the config, or "" for the theme's.
	Accent string
	// Sorts are the sorts saved for the profile's tables, by table
	// ("clients", "tokens"); SaveSort saves one, nil when there is
	// nowhere to (the demo). It does I/O: only a command calls it.
	Sorts    map[string]config.TableSort
	SaveSort func(table string, s config.TableSort) error
	// Refresh is the profile's auto-refresh interval (refresh in
	// config.toml): the tables start refreshing at it once they load.
	// Zero: they start without, and R refreshes every autoRefreshEvery.
	Refresh time.Duration
}

// actsOn names the account and profile an action acts on, for the
// confirms: "acme.zendesk.com · profile prod".
func (s *Session) actsOn() string {
	where := "profile " + s.Profile
	if s.Host != "" {
		where = s.Host + " · " + where
	}
	return where
}

// LoginInfo describes chatkeys' own token without holding it.
type LoginInfo struct {
	Scopes string
	Expiry time.Time // zero when unknown
	// Source says where the token came from: "keyring", "file", "env"
	// (CHATKEYS_TOKEN overrides the store), "demo".
	Source string
	// IsOwn reports whether a token value is chatkeys' own, for the
	// warnings before revoking it. It compares against the live token
	// source, so a refresh does not make it stale.
	IsOwn func(accessToken string) bool
	// Live, when set, reads the scopes and expiry from the token source,
	// so the header follows refreshes.
	Live func() (scopes string, expiry time.Time)
	// Audit, when set, describes the login for the Audit tab's findings
	// about it. It holds the token, so only a command calls it.
	Audit func() *audit.OwnLogin
	// Revoked is set once the server confirmed a revoke of the token from
	// this TUI: the header then says so, rather than "logged in".
	Revoked bool
}

// current is the login's scopes and expiry as of now.
func (l *LoginInfo) current() (string, time.Time) {
	if l.Live != nil {
		return l.Live()
	}
	return l.Scopes, l.Expiry
}

// isOwnToken reports whether the token is the one chatkeys is using.
func (s *Session) isOwnToken(accessToken string) bool { return s.Login.isOwn(accessToken) }

// isOwn reports whether accessToken is this login's; false without one.
func (l *LoginInfo) isOwn(accessToken string) bool {
	return l != nil && l.IsOwn != nil && accessToken != "" && l.IsOwn(accessToken)
}

// auditOwn is the login's Audit for a command to call later, or nil.
func (s *Session) auditOwn() func() *audit.OwnLogin {
	if s.Login == nil {
		return nil
	}
	return s.Login.Audit
}

// ownCheck is isOwnToken for the login in force now, for a command to
// call later: a new session replaces *s in Update, so a command must not
// read s itself.
func (s *Session) ownCheck() func(accessToken string) bool { return s.Login.isOwn }

package hint

import (
	"strconv"
	"strings"
	"time"
)

// FrontEnd is whose terms a hint is worded in.
type FrontEnd int

const (
	// TUI names tabs and keys.
	TUI FrontEnd = iota
	// CLI names commands, flags and settings.
	CLI
)

// For is fe's hint for err: the hint the front end attached itself
// (With), else its words for err's cause.
func For(err error, fe FrontEnd) string { return ForProfile(err, fe, "") }

// ForProfile is For for a command that ran with --profile profile ("" for
// none): the commands the hint names run on that profile too.
func ForProfile(err error, fe FrontEnd, profile string) string {
	if text := Of(err); text != "" {
		return text
	}
	c := Classify(err)
	c.LoginProfile = profile
	return Words(c, fe)
}

// LoginCommand is the command that logs in to profile, the --profile a
// command ran with ("" for none, when chatkeys login already picks it).
func LoginCommand(profile string) string {
	if profile == "" {
		return "chatkeys login"
	}
	if strings.Trim(profile, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") != "" {
		profile = "'" + strings.ReplaceAll(profile, "'", `'\''`) + "'" // as a shell reads it
	}
	if strings.HasPrefix(profile, "-") {
		return "chatkeys login --profile=" + profile // not taken for a flag
	}
	return "chatkeys login --profile " + profile
}

// Words is fe's words for c, with what c names filled in; "" for a cause
// nobody can act on.
func Words(c Cause, fe FrontEnd) string {
	k := c.Kind
	switch {
	case k == NotConfigured && c.ProfileMissing:
		k = profileMissing
	case k == ScopeNotAllowed && len(c.Scopes) > 0:
		k = scopesKnown
	}
	a, ok := advice[k]
	if !ok {
		return ""
	}
	text := a.TUI
	if fe == CLI {
		text = a.CLI
	}
	if !strings.Contains(text, "{") {
		return text
	}
	where := c.ConfigPath
	if where == "" {
		where = "config.toml"
	}
	return strings.NewReplacer(
		"{scope}", c.Scope,
		"{scopes}", strings.Join(c.Scopes, " "),
		"{profile}", c.Profile,
		"{config}", where,
		"{port}", strconv.Itoa(c.Port),
		"{wait}", c.Wait.Round(time.Second).String(),
		"{login}", LoginCommand(c.LoginProfile),
	).Replace(text)
}

// Two causes are worded apart by what they carry.
const (
	// profileMissing is NotConfigured when config.toml lacks the profile.
	profileMissing Kind = -1 - iota
	// scopesKnown is ScopeNotAllowed when the client's scopes are known.
	scopesKnown
)

// Advice is one cause's fix in each front end's terms. Both columns sit
// in one row so that a cause cannot be worded for one front end and
// forgotten in the other; where the fix names neither a key nor a
// command, both say the same (same).
type Advice struct {
	TUI, CLI string
}

func same(text string) Advice { return Advice{text, text} }

var advice = map[Kind]Advice{
	NotLoggedIn: {
		TUI: "log in on the Login tab (3)",
		CLI: "run {login}, or set CHATKEYS_TOKEN",
	},
	LoginEnded: {
		TUI: "log in again on the Login tab (3)",
		CLI: "log in again: {login}",
	},
	NoLifetime: {
		TUI: "the authorization server is misbehaving; log in again later on the Login tab (3)",
		CLI: "the authorization server is misbehaving; log in again later: {login}",
	},
	TryAgain: {
		TUI: "the server failed or was busy; try again in a moment (r reloads)",
		CLI: "the server failed or was busy; try again in a moment",
	},
	NotAdmin: {
		TUI: "only account administrators can manage API clients and tokens: log in as one on the Login tab (3)",
		CLI: "only account administrators can manage API clients and tokens: log in as an administrator ({login})",
	},
	MissingScope: {
		TUI: "this needs a token with the {scope} scope: log in again on the Login tab (3) with scopes \"read write\"",
		CLI: "this action needs a token with the {scope} scope: {login} --scopes \"read write\"",
	},
	NotFound: {
		TUI: "it may have been deleted: r reloads the list",
		CLI: "it may have been deleted: list again (chatkeys clients list, chatkeys tokens list)",
	},
	RateLimited: same("Zendesk allows about 200 requests a minute; wait {wait}"),
	NotConfirmed: {
		TUI: "r reloads the list and shows whether it is gone; only 204, or 200 with an empty or non-error body, counts as done",
		CLI: "list again to see whether it is gone (chatkeys tokens list, chatkeys clients list); only 204, or 200 with an empty or non-error body, counts as done",
	},
	Redirected: {
		TUI: "check the profile's API URL (api_url in config.toml) and any proxy in between: Zendesk's API does not redirect",
		CLI: "check the API URL (api_url, CHATKEYS_API_URL) and any proxy in between: Zendesk's API does not redirect",
	},
	NotConfigured: {
		TUI: "this profile names no Zendesk account yet: chatkeys opens its setup form when it starts on such a profile",
		CLI: "run chatkeys to set up a profile, or set CHATKEYS_SUBDOMAIN",
	},
	profileMissing: {
		TUI: "this profile names no Zendesk account yet: chatkeys opens its setup form when it starts on such a profile",
		CLI: "there is no [{profile}] in {config}: run chatkeys --profile {profile} to set it up, or set CHATKEYS_SUBDOMAIN",
	},
	NoClientID: {
		TUI: "choose a client in the Login form",
		CLI: "set client_id in the profile, or CHATKEYS_CLIENT_ID",
	},
	NeedsConfidential: {
		TUI: "this grant needs a confidential client: in Clients (1), select it, press e and set its type to confidential",
		CLI: "this grant needs a confidential client: set its type (chatkeys clients update ID --type confidential)",
	},
	BadClient: {
		TUI: "check the client and its secret in the Login form; after a rotation, use the new secret",
		CLI: "check the client ID and secret; after a rotation, use the new secret (CHATKEYS_CLIENT_SECRET)",
	},
	ScopeNotAllowed: {
		TUI: "ask only for scopes the client allows (Clients (1), enter, shows them)",
		CLI: "ask only for scopes the client allows (see chatkeys clients show ID)",
	},
	scopesKnown: same("ask only for scopes the client allows: {scopes} (chat is always allowed)"),
	CodeSpent: {
		TUI: "the code expired or was already used: start the login again",
		CLI: "the code expired or was already used: run {login} again",
	},
	BadPassword:  same("check the username and password; this grant works only on Chat-only accounts"),
	AccessDenied: same("access was denied in the browser"),
	AuthRejected: {
		TUI: "check the client, and that this redirect URL is on it (Clients (1), enter)",
		CLI: "check the client id, and that this redirect URL is registered on the client (chatkeys clients show ID)",
	},
	RedirectNotRegistered: {
		TUI: "add this redirect URL to the client (Clients (1), e), or pick one it has",
		CLI: "register this redirect URL on the client (chatkeys clients update ID --redirect-uri URL), or set redirect_uri to one it has",
	},
	GrantNotOffered: {
		TUI: "this server does not offer that grant through the browser: pick another grant",
		CLI: "this server does not offer that grant through the browser: try another --grant",
	},
	NotPrintable: {
		TUI: "a real Zendesk secret or token is printable ASCII: the server or a proxy in front of it sent something else, so chatkeys neither shows nor copies it",
		CLI: "a real Zendesk secret or token is printable ASCII: the server or a proxy in front of it (check api_url and token_url) sent something else, so chatkeys neither prints nor copies it",
	},
	BrowserTimeout: {
		TUI: "no answer came back from the browser in time: start the login again, or press p and paste the redirect URL",
		CLI: "no answer came back from the browser in time: run {login} again, or paste the redirect URL",
	},
	PortPrivileged: {
		TUI: "add a redirect URL with a port above 1023, such as http://localhost:8080, to the client (Clients (1), e)",
		CLI: "register a redirect URL with a port above 1023 on the client, such as http://localhost:8080, and set redirect_uri",
	},
	PortInUse: {
		TUI: "close the program using port {port}, or add another redirect URL to the client (Clients (1), e)",
		CLI: "close the program using port {port}, or register another redirect URL on the client and set redirect_uri",
	},
	OwnTokenNotListed: same("it may have expired or been revoked already"),
	UnsafeFile:        same("chatkeys reads only a regular file of at most 1 MiB there, never through a link: move it away, or replace it with the file itself"),
}

package cli

import (
	"fmt"
	"strings"

	"chatkeys/ui/hint"
)

// hintFor words what to do about err on the command line, naming the
// command, flag or setting that helps: the command line's own hint if it
// attached one (hint.With), else its words for the lower layer's cause.
// The TUI words the same causes in its own terms (ui's hintFor).
func hintFor(err error) string { return hint.For(err, cliHint) }

func cliHint(c hint.Cause) string {
	switch c.Kind {
	case hint.NotLoggedIn:
		return "run chatkeys login, or set CHATKEYS_TOKEN"
	case hint.LoginEnded:
		return "log in again: chatkeys login"
	case hint.NoLifetime:
		return "the authorization server is misbehaving; log in again later: chatkeys login"
	case hint.TryAgain:
		return "the server failed or was busy; try again in a moment"
	case hint.NotAdmin:
		return "only account administrators can manage API clients and tokens: log in as an administrator (chatkeys login)"
	case hint.MissingScope:
		return fmt.Sprintf("this action needs a token with the %s scope: chatkeys login --scopes \"read write\"", c.Scope)
	case hint.NotFound:
		return "it may have been deleted: list again (chatkeys clients list, chatkeys tokens list)"
	case hint.NotConfirmed:
		return "list again to see whether it is gone (chatkeys tokens list, chatkeys clients list); only 204, or 200 with an empty or non-error body, counts as done"
	case hint.Redirected:
		return "check the API URL (api_url, CHATKEYS_API_URL) and any proxy in between: Zendesk's API does not redirect"
	case hint.NotConfigured:
		if c.ProfileMissing {
			where := "config.toml"
			if c.ConfigPath != "" {
				where = c.ConfigPath
			}
			return fmt.Sprintf("there is no [%s] in %s: run chatkeys --profile %s to set it up, or set CHATKEYS_SUBDOMAIN", c.Profile, where, c.Profile)
		}
		return "run chatkeys to set up a profile, or set CHATKEYS_SUBDOMAIN"
	case hint.NoClientID:
		return "set client_id in the profile, or CHATKEYS_CLIENT_ID"
	case hint.NeedsConfidential:
		return "this grant needs a confidential client: set its type (chatkeys clients update ID --type confidential)"
	case hint.BadClient:
		return "check the client ID and secret; after a rotation, use the new secret (CHATKEYS_CLIENT_SECRET)"
	case hint.ScopeNotAllowed:
		if len(c.Scopes) > 0 {
			return "ask only for scopes the client allows: " + strings.Join(c.Scopes, " ") + " (chat is always allowed)"
		}
		return "ask only for scopes the client allows (see chatkeys clients show ID)"
	case hint.CodeSpent:
		return "the code expired or was already used: run chatkeys login again"
	case hint.AuthRejected:
		return "check the client id, and that this redirect URL is registered on the client (chatkeys clients show ID)"
	case hint.RedirectNotRegistered:
		return "register this redirect URL on the client (chatkeys clients update ID --redirect-uri URL), or set redirect_uri to one it has"
	case hint.GrantNotOffered:
		return "this server does not offer that grant through the browser: try another --grant"
	case hint.NotPrintable:
		return "a real Zendesk secret or token is printable ASCII: the server or a proxy in front of it (check api_url and token_url) sent something else, so chatkeys neither prints nor copies it"
	case hint.BrowserTimeout:
		return "no answer came back from the browser in time: run chatkeys login again, or paste the redirect URL"
	case hint.PortPrivileged:
		return "register a redirect URL with a port above 1023 on the client, such as http://localhost:8080, and set redirect_uri"
	case hint.PortInUse:
		return fmt.Sprintf("close the program using port %d, or register another redirect URL on the client and set redirect_uri", c.Port)
	}
	return ""
}

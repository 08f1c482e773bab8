package ui

import (
	"fmt"
	"strings"

	"chatkeys/ui/hint"
)

// hintFor words what to do about err in the TUI, naming the tab or key
// that helps: the TUI's own hint if it attached one (hint.With), else its
// words for the lower layer's cause. The command line words the same
// causes in its own terms (ui/cli's hintFor).
func hintFor(err error) string { return hint.For(err, tuiHint) }

func tuiHint(c hint.Cause) string {
	switch c.Kind {
	case hint.NotLoggedIn:
		return "log in on the Login tab (3)"
	case hint.LoginEnded:
		return "log in again on the Login tab (3)"
	case hint.NoLifetime:
		return "the authorization server is misbehaving; log in again later on the Login tab (3)"
	case hint.TryAgain:
		return "the server failed or was busy; try again in a moment (r reloads)"
	case hint.NotAdmin:
		return "only account administrators can manage API clients and tokens: log in as one on the Login tab (3)"
	case hint.MissingScope:
		return fmt.Sprintf("this needs a token with the %s scope: log in again on the Login tab (3) with scopes \"read write\"", c.Scope)
	case hint.NotFound:
		return "it may have been deleted: r reloads the list"
	case hint.NotConfirmed:
		return "r reloads the list and shows whether it is gone; only 204, or 200 with an empty or non-error body, counts as done"
	case hint.Redirected:
		return "check the profile's API URL (api_url in config.toml) and any proxy in between: Zendesk's API does not redirect"
	case hint.NotConfigured:
		return "this profile names no Zendesk account yet: chatkeys opens its setup form when it starts on such a profile"
	case hint.NoClientID:
		return "choose a client in the Login form"
	case hint.NeedsConfidential:
		return "this grant needs a confidential client: in Clients (1), select it, press e and set its type to confidential"
	case hint.BadClient:
		return "check the client and its secret in the Login form; after a rotation, use the new secret"
	case hint.ScopeNotAllowed:
		if len(c.Scopes) > 0 {
			return "ask only for scopes the client allows: " + strings.Join(c.Scopes, " ") + " (chat is always allowed)"
		}
		return "ask only for scopes the client allows (Clients (1), enter, shows them)"
	case hint.CodeSpent:
		return "the code expired or was already used: start the login again"
	case hint.AuthRejected:
		return "check the client, and that this redirect URL is on it (Clients (1), enter)"
	case hint.RedirectNotRegistered:
		return "add this redirect URL to the client (Clients (1), e), or pick one it has"
	case hint.GrantNotOffered:
		return "this server does not offer that grant through the browser: pick another grant"
	case hint.NotPrintable:
		return "a real Zendesk secret or token is printable ASCII: the server or a proxy in front of it sent something else, so chatkeys neither shows nor copies it"
	case hint.BrowserTimeout:
		return "no answer came back from the browser in time: start the login again, or press p and paste the redirect URL"
	case hint.PortPrivileged:
		return "add a redirect URL with a port above 1023, such as http://localhost:8080, to the client (Clients (1), e)"
	case hint.PortInUse:
		return fmt.Sprintf("close the program using port %d, or add another redirect URL to the client (Clients (1), e)", c.Port)
	}
	return ""
}

package cli

import (
	"errors"

	"chatkeys/api"
	"chatkeys/authflow"
)

// hintFor words what to do about err on the command line: it names the
// command or flag that helps. The TUI words its own hints (ui), naming
// keys instead.
func hintFor(err error) string {
	switch {
	case errors.Is(err, authflow.ErrNotLoggedIn):
		return "run chatkeys login, or set CHATKEYS_TOKEN"
	case errors.Is(err, authflow.ErrOwnTokenNotListed):
		return "it may have expired or been revoked already"
	}
	return api.HintFor(err)
}

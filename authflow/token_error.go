package authflow

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/authflow/config"
)

var errNoRefreshToken = errors.New("the login has no refresh token")

// TokenError is a failed token request, reduced to what a user can act
// on. x/oauth2's own error carries the raw reply body; this one never does.
type TokenError struct {
	Grant       config.Grant
	Status      int    // 0 when the reply was 2xx but unusable
	Code        string // RFC 6749 error code, e.g. invalid_client
	Description string // sanitised
	hint        string
}

func (e *TokenError) Error() string {
	msg := "token request failed"
	if e.Code != "" {
		msg += ": " + e.Code
	}
	if e.Description != "" && e.Description != e.Code {
		msg += ": " + e.Description
	}
	if e.Status != 0 {
		msg += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	return msg
}

// ErrorHint says what to do about it.
func (e *TokenError) ErrorHint() string { return e.hint }

// tokenErr turns x/oauth2's errors into a *TokenError with a hint.
func (c Config) tokenErr(grant config.Grant, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	te := &TokenError{Grant: grant}
	secrets := append([]string{c.ClientSecret}, c.redact...)
	var re *oauth2.RetrieveError
	var ue *url.Error
	switch {
	case errors.As(err, &re):
		if re.Response != nil {
			te.Status = re.Response.StatusCode
		}
		te.Code, te.Description = re.ErrorCode, re.ErrorDescription
		if te.Code == "" {
			ct := ""
			if re.Response != nil {
				ct = re.Response.Header.Get("Content-Type")
			}
			// Redact the whole body before it is cut short, so no part of
			// an echoed secret survives at the edge of the cut.
			te.Code, te.Description = api.SummarizeErrorBody(te.Status, ct, []byte(api.RedactAll(string(re.Body), secrets...)))
		}
	case errors.As(err, &ue):
		host := ""
		if u, perr := url.Parse(c.TokenURL); perr == nil {
			host = u.Host
		}
		return fmt.Errorf("cannot reach the token endpoint at %s: %w", host, ue.Err)
	case strings.Contains(err.Error(), "missing access_token"):
		te.Description = "the token endpoint's reply had no access_token"
	case strings.Contains(err.Error(), "cannot parse"):
		te.Description = "the token endpoint's reply could not be read (not JSON)"
	default:
		te.Description = err.Error()
	}
	te.Code = safetext.Sanitize(api.RedactAll(te.Code, secrets...), 64)
	te.Description = safetext.Sanitize(api.RedactAll(te.Description, secrets...), 300)
	te.hint = c.tokenHint(grant, te.Code, te.Status)
	return te
}

// tokenHint knows the well-trodden failures: the confidential-client
// grants, rotated secrets, scopes a client does not allow, spent codes.
func (c Config) tokenHint(grant config.Grant, code string, status int) string {
	confidential := grant == config.GrantPassword || grant == config.GrantClientCredentials
	switch {
	case (code == "invalid_client" || code == "unauthorized_client") && confidential:
		return "this grant needs a confidential client: set its type (chatkeys clients update ID --type confidential)"
	case code == "invalid_client":
		return "check the client ID and secret; after a rotation, use the new secret"
	case code == "invalid_scope" && len(c.ClientScopes) > 0:
		return "ask only for scopes the client allows: " + strings.Join(c.ClientScopes, " ") + " (chat is always allowed)"
	case code == "invalid_scope":
		return "ask only for scopes the client allows (see chatkeys clients show ID)"
	case code == "invalid_grant" && grant == grantRefresh:
		return "log in again: chatkeys login"
	case code == "invalid_grant" && grant == config.GrantCode:
		return "the code expired or was already used: start the login again"
	case code == "invalid_grant" && grant == config.GrantPassword:
		return "check the username and password; this grant works only on Chat-only accounts"
	case code == "access_denied":
		return "access was denied in the browser"
	case status >= 500:
		return "the authorization server failed; try again in a moment"
	}
	return ""
}

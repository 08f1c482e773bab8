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

// TokenError is a failed token request, reduced to what a user can act
// on. x/oauth2's own error carries the raw reply body; this one never does.
type TokenError struct {
	Grant       config.Grant
	Status      int    // 0 when the reply was 2xx but unusable
	Code        string // RFC 6749 error code, e.g. invalid_client
	Description string // sanitised
	// Reason is what the failure means for the user.
	Reason TokenReason
	// ClientScopes are the scopes the client allows, when known: what an
	// invalid_scope may ask for instead.
	ClientScopes []string
}

// TokenReason is the well-known meaning of a token request's failure.
type TokenReason int

const (
	ReasonUnknown           TokenReason = iota
	ReasonNeedsConfidential             // the grant needs a confidential client
	ReasonBadClient                     // wrong client id or secret (a rotated secret)
	ReasonScopeNotAllowed               // a scope the client does not allow
	ReasonRefreshSpent                  // the refresh token is spent or revoked
	ReasonCodeSpent                     // the code expired or was used
	ReasonBadPassword                   // wrong username or password, or not a Chat-only account
	ReasonDenied                        // access was denied in the browser
	ReasonServerFailed                  // the authorization server failed
	ReasonNotPrintable                  // the token endpoint sent a token that is not printable ASCII
)

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
	te.Reason, te.ClientScopes = tokenReason(grant, te.Code, te.Status), c.ClientScopes
	return te
}

// tokenReason knows the well-trodden failures: the confidential-client
// grants, rotated secrets, scopes a client does not allow, spent codes.
func tokenReason(grant config.Grant, code string, status int) TokenReason {
	confidential := grant == config.GrantPassword || grant == config.GrantClientCredentials
	switch {
	case (code == "invalid_client" || code == "unauthorized_client") && confidential:
		return ReasonNeedsConfidential
	case code == "invalid_client":
		return ReasonBadClient
	case code == "invalid_scope":
		return ReasonScopeNotAllowed
	case code == "invalid_grant" && grant == grantRefresh:
		return ReasonRefreshSpent
	case code == "invalid_grant" && grant == config.GrantCode:
		return ReasonCodeSpent
	case code == "invalid_grant" && grant == config.GrantPassword:
		return ReasonBadPassword
	case code == "access_denied":
		return ReasonDenied
	case status >= 500:
		return ReasonServerFailed
	}
	return ReasonUnknown
}

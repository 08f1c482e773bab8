// Package api is a client for the Zendesk Chat REST API's OAuth clients
// and OAuth tokens, in the style of go-github: a Client holds the HTTP
// client and the base URL, and exposes one service per area
// (OAuthClients, OAuthTokens).
//
// It owns what is about the API and what comes back from it: requests
// (https only, loopback excepted; no cross-origin redirect; one rate-limit
// gate per Client), typed errors (*Error, *RateLimitError,
// *NotConfirmedError, *RedirectError), the rule for a confirmed DELETE
// (ConfirmDelete), bulk revocation (RevokeMany), redaction of secrets in
// bodies (RedactAll), and the display sanitiser and whole-value check
// (Sanitize, CheckWhole) that its own messages need and both front ends
// call at their output boundary.
//
// It imports nothing of the module.
package api

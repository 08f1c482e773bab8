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
// bodies (RedactAll). Errors carry typed causes (the status, the server's
// code and field, the scope a 403 needs); the front ends word the hints.
//
// It imports only api/safetext, the leaf package that cleans the messages
// of its errors, and nothing else of the module.
package api

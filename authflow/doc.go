// Package authflow runs the OAuth flows that mint Zendesk Chat tokens:
// authorization code through a loopback listener, implicit through a
// fragment relay, password, client credentials and refresh. It builds on
// golang.org/x/oauth2 for URLs and token exchange and adds what that
// lacks: the implicit grant, the listener and its pages, the paste
// fallback, the browser opener, typed token errors, and LoginSource, the
// refreshing token source of chatkeys' own login.
//
// It owns the rule for a redirect URI chatkeys can listen on
// (CheckLoopbackRedirect). Profiles and settings live in authflow/config
// (which also declares the grants), the credential store in
// authflow/store, and file locking in authflow/internal/privfile.
//
// It imports api and its own subpackages, never ui or api/chatsim outside
// tests.
package authflow

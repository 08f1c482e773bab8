// Package audit analyses a Zendesk Chat account's OAuth clients and
// tokens for incident response and hygiene: it finds the owner of a
// leaked token (Match, Describe), measures what depends on a client before
// its secret is rotated (BlastRadius, MintedBefore), selects tokens for a
// bulk revoke (Selector), and lists the account's findings (Audit,
// FixSet).
//
// Everything here is a pure function over lists the caller already
// fetched: no I/O, no clock (the caller passes now), no front-end text.
// Explanations are one plain line; a Fix is a typed value that each front
// end words as its own command or key. Explanations may quote values that
// came from the server (a redirect URI, scopes), so a front end sanitises
// them like any other outside text. No result ever holds a looked-up
// value: Match reports the account's own token records, never the text
// pasted into it.
//
// It owns the rule for what --client names (ResolveClient): a client's
// numeric id, its client identifier, or its name, ignoring case, when
// exactly one client has it.
//
// # Findings
//
// Audit reports these kinds, ordered by severity (high first), then kind,
// then subject id:
//
//	kind                     severity  subject  fix              what it means
//	token.orphan             high      token    revoke_orphans   the token's client no longer exists
//	token.over_scoped        high      token    revoke_token     the token has a scope its client does not allow (chat is always allowed)
//	client.redirect_http     high      client   edit_client      a redirect URI is plain http on a host other than localhost, 127.0.0.0/8 or [::1]
//	token.expired            warn      token    revoke_expired   the token is past its expiry but still listed
//	token.no_expiry          warn      token    revoke_token     the token has no expiry date
//	client.redirect_invalid  warn      client   edit_client      a redirect URI is not an absolute http or https URL
//	login.expiring           warn      login    login            chatkeys' own login has no refresh token and expires within the window, or has expired
//	login.plain_text         warn      login    move_to_keyring  chatkeys' own login is kept in the plain-text credentials file
//	token.expiring           info      token    none             the token expires within the window (7 days unless set)
//	client.unused            info      client   delete_client    no listed token belongs to the client
//	client.confidential      info      client   edit_client      the client is confidential, so it allows the password and client-credentials grants
//
// A finding marshals to JSON as
//
//	{"severity": "high", "kind": "token.orphan",
//	 "subject": {"type": "token", "id": 1061, "client_identifier": "…", "agent_id": 100000201},
//	 "explanation": "…", "fix": "revoke_orphans"}
//
// with severity one of "info", "warn", "high", subject type one of
// "client", "token", "login", and client_identifier and agent_id left out
// when unknown. Fields are never renamed, only added.
//
// It imports api (types and the loopback-host rule), api/safetext (the
// printable-ASCII check), authflow (the login type) and authflow/store
// (where a login is kept); never ui, ui/cli or api/chatsim outside tests.
package audit

package cli

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/authflow"
	"chatkeys/authflow/audit"
	"chatkeys/ui/format"
	"chatkeys/ui/hint"
)

// rotateQuestion is the confirmation of a rotation.
const rotateQuestion = "Generate a new secret for client %d? The old secret stops working at once."

// rotation is what chatkeys learnt of a client before rotating its
// secret: what depends on it.
type rotation struct {
	id     int64
	client *api.OAuthClient
	// radius is nil when the tokens could not be listed (listErr).
	radius  *audit.Radius
	listErr error
	// ownClient is true when chatkeys' own login uses the client.
	ownClient bool
}

// clientsRotateRun is chatkeys clients rotate-secret: it shows what
// depends on the client, asks, rotates, prints the secret alone on
// stdout, then looks after chatkeys' own login and the tokens the client
// minted before the rotation.
func clientsRotateRun(ctx context.Context, opts *clientsChangeOptions) error {
	id := opts.ID
	if !opts.Yes && !opts.IO.StdinIsTerminal {
		// Refused before any request is sent.
		return confirm(opts.IO, false, "rotate a secret", "")
	}
	c, login, err := opts.Client(ctx)
	if err != nil {
		return err
	}
	rot, err := measureRotation(ctx, c, login, id)
	if err != nil {
		return err
	}
	rot.write(opts.IO.Err)
	if err := confirm(opts.IO, opts.Yes, "rotate a secret", fmt.Sprintf(rotateQuestion, id)); err != nil {
		return err
	}
	// The API's dates are whole seconds: a token created in the second of
	// the rotation is not known to predate it, so it is kept.
	rotatedAt := opts.Now().UTC().Truncate(time.Second)
	secret, err := c.OAuthClients.GenerateSecret(ctx, id)
	if err != nil {
		return err
	}
	if err := safetext.CheckWhole("the new secret", secret); err != nil {
		return hint.With(fmt.Errorf("client %d got a new secret (the old one no longer works), but %w", id, err),
			"rotate again to get a usable one")
	}
	if opts.JSON {
		if err := writeJSON(opts.IO.Out, map[string]any{"id": id, "client_secret": secret, "radius": rot.radius}); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(opts.IO.Out, secret) // checked whole above
		fmt.Fprintf(opts.IO.Err, "chatkeys: new secret for client %d (shown only once)\n", id)
	}
	if rot.ownClient {
		if err := keepOwnLogin(ctx, opts, login, rot.client.ClientIdentifier, secret); err != nil {
			return err
		}
	}
	return revokeMintedBefore(ctx, c, login, opts, rot, rotatedAt)
}

// measureRotation reads the client and what depends on it. The client
// must be found; its tokens are a nicety, and a failure to list them is
// shown in their place.
func measureRotation(ctx context.Context, c *api.Client, login *authflow.Login, id int64) (*rotation, error) {
	cl, err := c.OAuthClients.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	rot := &rotation{id: id, client: cl}
	own := login.Settings.ClientID
	rot.ownClient = own != "" && own == cl.ClientIdentifier
	tokens, err := c.OAuthTokens.List(ctx)
	if err != nil {
		rot.listErr = err
		return rot, nil
	}
	r := audit.BlastRadius(cl.ClientIdentifier, tokens, login.Record().AccessToken)
	rot.radius = &r
	return rot, nil
}

// keepOwnLogin tells the admin that chatkeys' own login uses the rotated
// client and, for a stored login, stores the new secret with it when
// --store-secret says so or the admin agrees on a terminal; otherwise the
// login could not refresh its token once it expires.
func keepOwnLogin(ctx context.Context, opts *clientsChangeOptions, login *authflow.Login, ident, secret string) error {
	s := login.Settings
	profile := safetext.Sanitize(s.Profile, 40)
	if s.FromEnv["client_secret"] {
		fmt.Fprintln(opts.IO.Err, "chatkeys: CHATKEYS_CLIENT_SECRET holds the old secret: set it to the new one")
	} else if s.ClientSecret != "" {
		fmt.Fprintf(opts.IO.Err, "chatkeys: profile %s's client_secret in %s holds the old secret: replace it with the new one\n",
			profile, safetext.Sanitize(s.ConfigPath, 200))
	}
	if login.Stored == nil || login.Record().ClientID != ident {
		return nil // CHATKEYS_TOKEN: no stored login refreshes with the secret
	}
	store := opts.StoreSecret
	if !store && opts.Logins != nil && opts.IO.StdinIsTerminal {
		store = askDefaultYes(opts.IO, fmt.Sprintf("Store the new secret in profile %s, so chatkeys' login can refresh its token?", profile))
	}
	if !store || opts.Logins == nil {
		fmt.Fprintf(opts.IO.Err, "chatkeys: profile %s's stored login still holds the old secret: once its token expires, chatkeys token fails"+
			" — log in again with the new secret (CHATKEYS_CLIENT_SECRET=... chatkeys login), or pass --store-secret when rotating\n", profile)
		return nil
	}
	logins, err := opts.Logins()
	if err == nil {
		_, err = logins.StoreSecret(ctx, s.Profile, ident, secret)
	}
	if err != nil {
		return hint.With(fmt.Errorf("client %d's new secret was printed, but storing it in profile %s failed: %w", opts.ID, profile, err),
			"log in again with the new secret: CHATKEYS_CLIENT_SECRET=... chatkeys login")
	}
	fmt.Fprintf(opts.IO.Err, "chatkeys: stored the new secret in profile %s: its login refreshes with it\n", profile)
	return nil
}

// revokeMintedBefore revokes the tokens the client was found to hold
// that were created before rotatedAt (audit.MintedBefore), read from a
// list made after the rotation, so a token minted in between is counted
// and one minted since is kept. It does so with --revoke-tokens (asking
// on a terminal unless --yes), or when the admin agrees on a terminal;
// otherwise it says how. Tokens without a creation date are listed and
// kept: they are not known to predate the rotation. The outcome goes to
// stderr, so the secret stays alone on stdout.
func revokeMintedBefore(ctx context.Context, c *api.Client, login *authflow.Login, opts *clientsChangeOptions, rot *rotation, rotatedAt time.Time) error {
	ident := rot.client.ClientIdentifier
	howTo := fmt.Sprintf("chatkeys tokens revoke --client %d --created-before %s", rot.id, rotatedAt.Format(time.RFC3339))
	if !opts.RevokeTokens && (opts.Yes || !opts.IO.StdinIsTerminal) {
		if rot.radius == nil || rot.radius.Tokens > 0 {
			fmt.Fprintf(opts.IO.Err, "chatkeys: the tokens client %d issued before the rotation are not known to stop working; to revoke them: %s\n",
				rot.id, howTo)
		}
		return nil
	}
	tokens, err := c.OAuthTokens.List(ctx)
	if err != nil {
		return hint.With(fmt.Errorf("client %d's secret was rotated, but its tokens could not be listed to revoke the older ones: %w", rot.id, err),
			"revoke them later: "+howTo)
	}
	before, undated := audit.MintedBefore(ident, tokens, rotatedAt)
	if len(undated) > 0 {
		ids := make([]string, len(undated))
		for i, t := range undated {
			ids[i] = strconv.FormatInt(t.ID, 10)
		}
		fmt.Fprintf(opts.IO.Err, "chatkeys: %d token%s of client %d without a creation date %s kept, not known to predate the rotation: %s\n",
			len(undated), format.Plural(len(undated)), rot.id, format.IsAre(len(undated)), format.FewOf(ids, 10))
	}
	if len(before) == 0 {
		if opts.RevokeTokens {
			fmt.Fprintf(opts.IO.Err, "chatkeys: client %d has no tokens created before the rotation: nothing to revoke\n", rot.id)
		}
		return nil
	}
	q := fmt.Sprintf("Revoke the %d token%s client %d issued before the rotation?", len(before), format.Plural(len(before)), rot.id)
	own := false
	for _, t := range before {
		own = own || login.IsOwn(t.AccessToken)
	}
	if own {
		q = selfLockout + " " + q
	}
	if err := confirm(opts.IO, opts.Yes && opts.RevokeTokens, "revoke tokens", q); err != nil {
		if opts.RevokeTokens {
			return err
		}
		fmt.Fprintf(opts.IO.Err, "chatkeys: kept them; to revoke them later: %s\n", howTo)
		return nil
	}
	return reportRevoke(IO{Out: opts.IO.Err, Err: opts.IO.Err}, revokeOwnLast(ctx, c, login, before), false)
}

// revokeOwnLast revokes tokens as revokeStoppably does, but chatkeys' own
// token, which authenticates the requests, alone after all the others:
// revoked among them, it would make the rest fail.
func revokeOwnLast(ctx context.Context, c *api.Client, login *authflow.Login, tokens []api.OAuthToken) []api.RevokeResult {
	ids := make([]int64, len(tokens))
	var own int64
	for i, t := range tokens {
		ids[i] = t.ID
		if login.IsOwn(t.AccessToken) {
			own = t.ID
		}
	}
	return revokeStoppablyLast(ctx, c, ids, own)
}

package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"chatkeys/api"
	"chatkeys/api/safetext"
)

// revokeStoppably revokes ids so that an interrupt (Ctrl-C) stops the
// work without losing its outcome: requests in flight finish and report,
// nothing new is sent, and the rest are reported not tried. A second
// interrupt kills the process.
func revokeStoppably(ctx context.Context, c *api.Client, ids []int64) []api.RevokeResult {
	return revokeStoppablyLast(ctx, c, ids, 0)
}

// revokeStoppablyLast is revokeStoppably with the token last (if one of
// ids) revoked alone after the others (api.RevokeOptions.Last).
func revokeStoppablyLast(ctx context.Context, c *api.Client, ids []int64, last int64) []api.RevokeResult {
	stop := make(chan struct{})
	defer context.AfterFunc(ctx, func() { close(stop) })()
	return c.OAuthTokens.RevokeMany(context.WithoutCancel(ctx), ids, api.RevokeOptions{Stop: stop, Last: last})
}

// reportRevoke prints each outcome: revoked and not-tried tokens and the
// summary on stdout, each failure on stderr. It fails unless every token
// was revoked, and only a reply that confirmed it counts (api.ConfirmDelete).
func reportRevoke(stdio IO, results []api.RevokeResult, asJSON bool) error {
	out := make([]revokeJSON, 0, len(results))
	for _, r := range results {
		item := revokeJSON{ID: r.ID, Revoked: r.Err == nil, Outcome: r.Outcome()}
		if r.Err != nil {
			item.Error = safetext.Sanitize(r.Err.Error(), 300)
		}
		out = append(out, item)
		switch {
		case asJSON:
		case item.Outcome == api.OutcomeRevoked:
			fmt.Fprintf(stdio.Out, "revoked %d\n", r.ID)
		case item.Outcome == api.OutcomeNotTried:
			fmt.Fprintf(stdio.Out, "not tried %d\n", r.ID)
		default:
			fmt.Fprintf(stdio.Err, "chatkeys: not revoked %d: %s\n", r.ID, item.Error)
		}
	}
	revoked, failed, notTried := api.Tally(results)
	if asJSON {
		if err := writeJSON(stdio.Out, out); err != nil {
			return err
		}
	} else {
		fmt.Fprintln(stdio.Out, revokeSummary(revoked, failed, notTried))
	}
	if n := len(failed) + len(notTried); n > 0 {
		return fmt.Errorf("%d of %d tokens were not revoked", n, len(results))
	}
	return nil
}

// revokeSummary says which tokens were revoked, which failed and which
// were not tried, by id.
func revokeSummary(revoked, failed, notTried []api.RevokeResult) string {
	parts := []string{fmt.Sprintf("Revoked %d", len(revoked))}
	if len(failed) > 0 {
		parts = append(parts, fmt.Sprintf("not revoked %d (%s)", len(failed), joinIDs(failed)))
	}
	if len(notTried) > 0 {
		parts = append(parts, fmt.Sprintf("not tried %d, stopped first (%s)", len(notTried), joinIDs(notTried)))
	}
	return strings.Join(parts, "; ") + "."
}

// joinIDs lists the results' ids, space-separated.
func joinIDs(results []api.RevokeResult) string {
	out := make([]string, len(results))
	for i, r := range results {
		out[i] = strconv.FormatInt(r.ID, 10)
	}
	return strings.Join(out, " ")
}

package api

import (
	"context"
	"errors"
	"slices"
	"sync"
)

// DefaultRevokeConcurrency is how many revocations RevokeMany runs at once
// unless told otherwise. It keeps a bulk revoke well inside Zendesk's rate
// limit while finishing 1,000 tokens several times faster than one by one.
const DefaultRevokeConcurrency = 8

// ErrNotTried is matched (errors.Is) by the result of a token whose
// revocation was never sent: the work was stopped or cancelled first.
var ErrNotTried = errors.New("not tried")

// notTriedError keeps why a token was not tried (a stop, or the context's
// end) while matching ErrNotTried.
type notTriedError struct{ cause error }

func (e *notTriedError) Error() string {
	if e.cause == errStopped {
		return "not tried: stopped before it was sent"
	}
	return "not tried: " + e.cause.Error()
}
func (e *notTriedError) Unwrap() error        { return e.cause }
func (e *notTriedError) Is(target error) bool { return target == ErrNotTried }

// NotTried is the result error of a token whose revocation was never sent
// because of cause (no API client, say); it matches ErrNotTried.
func NotTried(cause error) error { return &notTriedError{cause} }

// RevokeResult is the outcome for one token. Err is nil only when the
// server confirmed the revocation (see ConfirmDelete); it matches
// ErrNotTried when no request was sent.
type RevokeResult struct {
	ID  int64
	Err error
}

// Outcome names the result for reports: "revoked", "not_tried" or
// "failed" (which includes replies that did not confirm the revocation).
func (r RevokeResult) Outcome() string {
	switch {
	case r.Err == nil:
		return OutcomeRevoked
	case errors.Is(r.Err, ErrNotTried):
		return OutcomeNotTried
	}
	return OutcomeFailed
}

// The outcomes Outcome names.
const (
	OutcomeRevoked  = "revoked"
	OutcomeFailed   = "failed"
	OutcomeNotTried = "not_tried"
)

// Tally splits results into those revoked, those that failed (refused or
// not confirmed) and those not tried, each in the order given.
func Tally(results []RevokeResult) (revoked, failed, notTried []RevokeResult) {
	for _, r := range results {
		switch r.Outcome() {
		case OutcomeRevoked:
			revoked = append(revoked, r)
		case OutcomeNotTried:
			notTried = append(notTried, r)
		default:
			failed = append(failed, r)
		}
	}
	return revoked, failed, notTried
}

// RevokeOptions tunes RevokeMany.
type RevokeOptions struct {
	// Concurrency bounds the requests in flight; 0 means
	// DefaultRevokeConcurrency.
	Concurrency int
	// Progress, if set, is called after each token with the count done so
	// far. It is called from worker goroutines, one call at a time.
	Progress func(done, total int)
	// Stop, when closed, ends the work gently: requests in flight finish
	// and report their outcome, nothing new is sent, and the rest are
	// reported not tried. A pause for the rate limit ends at once.
	Stop <-chan struct{}
	// Last, when it is one of the ids, is revoked alone after all the
	// others, and its result comes last: it is for the token the
	// requests are sent with, which, revoked among them, would make the
	// rest fail.
	Last int64
}

// RevokeMany revokes every id with bounded concurrency and returns one
// result per id, in the order given. The work waits out the server's rate
// limit however long it asks (announced through WithRetryNotify), so a
// long Retry-After pauses it rather than failing every pending token. A
// cancelled context aborts requests in flight as well; use Stop to let
// them finish.
func (s *OAuthTokensService) RevokeMany(ctx context.Context, ids []int64, opts RevokeOptions) []RevokeResult {
	if at := slices.Index(ids, opts.Last); opts.Last != 0 && at >= 0 {
		return s.revokeLast(ctx, ids, at, opts)
	}
	n := opts.Concurrency
	if n <= 0 {
		n = DefaultRevokeConcurrency
	}
	results := make([]RevokeResult, len(ids))
	bulkCtx := withBulk(ctx, &bulkRun{stop: opts.Stop})
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		done int
	)
	next := make(chan int)
	for range min(n, len(ids)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = RevokeResult{ID: ids[i], Err: s.revokeOne(bulkCtx, ids[i], opts.Stop)}
				mu.Lock()
				done++
				if opts.Progress != nil {
					opts.Progress(done, len(ids))
				}
				mu.Unlock()
			}
		}()
	}
	for i := range ids {
		next <- i
	}
	close(next)
	wg.Wait()
	if s.client.recorder != nil {
		s.client.record(ActionTokenRevoke, revokeTargets(results)...)
	}
	return results
}

// revokeLast is RevokeMany for ids[at] after every other id.
func (s *OAuthTokensService) revokeLast(ctx context.Context, ids []int64, at int, opts RevokeOptions) []RevokeResult {
	rest := slices.Delete(slices.Clone(ids), at, at+1)
	first, last := opts, opts
	first.Last, last.Last = 0, 0
	if p := opts.Progress; p != nil {
		first.Progress = func(done, _ int) { p(done, len(ids)) }
		last.Progress = func(done, _ int) { p(len(rest)+done, len(ids)) }
	}
	return append(s.RevokeMany(ctx, rest, first), s.RevokeMany(ctx, ids[at:at+1], last)...)
}

// revokeTargets are the targets of a RevokeMany run for its recorder:
// every token a request was sent for, and none that was never tried.
func revokeTargets(results []RevokeResult) []ActionTarget {
	var out []ActionTarget
	for _, r := range results {
		if r.Outcome() != OutcomeNotTried {
			out = append(out, tokenTarget(r.ID, r.Err))
		}
	}
	return out
}

// revokeOne revokes one token unless the work was stopped or cancelled
// before its request went out.
func (s *OAuthTokensService) revokeOne(ctx context.Context, id int64, stop <-chan struct{}) error {
	select {
	case <-stop:
		return &notTriedError{errStopped}
	default:
	}
	if err := ctx.Err(); err != nil {
		return &notTriedError{err}
	}
	sent := false
	err := s.client.doSent(ctx, "DELETE", tokenPath(id), &sent)
	if err != nil && !sent && (errors.Is(err, errStopped) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return &notTriedError{err}
	}
	if err != nil {
		return wrapRevoke(id, err)
	}
	return nil
}

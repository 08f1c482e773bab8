package api

import (
	"context"
	"sync"
)

// DefaultRevokeConcurrency is how many revocations RevokeMany runs at once
// unless told otherwise. It keeps a bulk revoke well inside Zendesk's rate
// limit while finishing 1,000 tokens several times faster than one by one.
const DefaultRevokeConcurrency = 8

// RevokeResult is the outcome for one token. Err is nil only when the
// server confirmed the revocation.
type RevokeResult struct {
	ID  int64
	Err error
}

// RevokeOptions tunes RevokeMany.
type RevokeOptions struct {
	// Concurrency bounds the requests in flight; 0 means
	// DefaultRevokeConcurrency.
	Concurrency int
	// Progress, if set, is called after each token with the count done so
	// far. It is called from worker goroutines, one call at a time.
	Progress func(done, total int)
}

// RevokeMany revokes every id with bounded concurrency and returns one
// result per id, in the order given. A cancelled context stops new requests;
// the ids not yet sent carry the context's error.
func (s *OAuthTokensService) RevokeMany(ctx context.Context, ids []int64, opts RevokeOptions) []RevokeResult {
	n := opts.Concurrency
	if n <= 0 {
		n = DefaultRevokeConcurrency
	}
	results := make([]RevokeResult, len(ids))
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
				err := ctx.Err()
				if err == nil {
					err = s.Revoke(ctx, ids[i])
				}
				results[i] = RevokeResult{ID: ids[i], Err: err}
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
	return results
}

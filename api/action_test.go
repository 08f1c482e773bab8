package api_test

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"

	"chatkeys/api"
	"chatkeys/api/chatsim"
)

// actionLog collects what a Client reports to WithRecorder.
type actionLog struct {
	mu   sync.Mutex
	seen []api.Action
}

func (l *actionLog) record(a api.Action) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen = append(l.seen, a)
}

func (l *actionLog) take() []api.Action {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.seen
	l.seen = nil
	return out
}

// recorded is a client of f's simulator that reports to the returned log.
func recorded(t *testing.T, f *fixture) (*api.Client, *actionLog) {
	log := &actionLog{}
	return newClient(t, f.srv.URL, f.token, api.WithRecorder(log.record)), log
}

func oneAction(t *testing.T, log *actionLog, name string) api.Action {
	t.Helper()
	got := log.take()
	if len(got) != 1 || got[0].Name != name {
		t.Fatalf("recorded %+v, want one %s", got, name)
	}
	return got[0]
}

func TestEveryClientChangeIsReportedOnceWithItsTargetAndResult(t *testing.T) {
	f := seeded(t)
	c, log := recorded(t, f)
	ctx := context.Background()

	if _, err := c.OAuthClients.List(ctx); err != nil {
		t.Fatal(err)
	}
	if got := log.take(); len(got) != 0 {
		t.Fatalf("a list was recorded: %+v", got)
	}

	created, err := c.OAuthClients.Create(ctx, api.ClientParams{Name: api.String("n"), RedirectURIs: api.RedirectURIs{"http://localhost:8080"}, Scopes: api.String("read")})
	if err != nil {
		t.Fatal(err)
	}
	a := oneAction(t, log, api.ActionClientCreate)
	want := api.ActionTarget{ClientID: created.ID, ClientIdentifier: created.ClientIdentifier, Result: api.ResultConfirmed}
	if !slices.Equal(a.Targets, []api.ActionTarget{want}) {
		t.Fatalf("create targets %+v, want %+v", a.Targets, want)
	}

	if _, err := c.OAuthClients.Update(ctx, created.ID, api.ClientParams{Name: api.String("m")}); err != nil {
		t.Fatal(err)
	}
	if a := oneAction(t, log, api.ActionClientUpdate); !slices.Equal(a.Targets, []api.ActionTarget{want}) {
		t.Fatalf("update targets %+v", a.Targets)
	}

	if _, err := c.OAuthClients.GenerateSecret(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if a := oneAction(t, log, api.ActionClientRotateSecret); !slices.Equal(a.Targets, []api.ActionTarget{{ClientID: created.ID, Result: api.ResultConfirmed}}) {
		t.Fatalf("rotate targets %+v", a.Targets)
	}

	if err := c.OAuthClients.Delete(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if a := oneAction(t, log, api.ActionClientDelete); !slices.Equal(a.Targets, []api.ActionTarget{{ClientID: created.ID, Result: api.ResultConfirmed}}) {
		t.Fatalf("delete targets %+v", a.Targets)
	}
	c.OAuthClients.Delete(ctx, created.ID)
	if a := oneAction(t, log, api.ActionClientDelete); !slices.Equal(a.Targets, []api.ActionTarget{{ClientID: created.ID, Result: api.ResultFailed, Status: 404}}) {
		t.Fatalf("a refused delete's targets %+v", a.Targets)
	}
}

func TestACreateWithATypeIsReportedAsTheCreateAndTheUpdateItNeeds(t *testing.T) {
	f := seeded(t)
	c, log := recorded(t, f)
	if _, err := c.OAuthClients.Create(context.Background(), api.ClientParams{Name: api.String("n"),
		RedirectURIs: api.RedirectURIs{"http://localhost:8080"}, Scopes: api.String("read"), ClientType: api.String(api.ClientTypeConfidential)}); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range log.take() {
		names = append(names, a.Name)
	}
	if !slices.Equal(names, []string{api.ActionClientCreate, api.ActionClientUpdate}) {
		t.Fatalf("recorded %q", names)
	}
}

func TestARefusedCreateIsReportedFailedWithItsStatusAndNoId(t *testing.T) {
	f := seeded(t)
	c, log := recorded(t, f)
	if _, err := c.OAuthClients.Create(context.Background(), api.ClientParams{Name: api.String("n"),
		RedirectURIs: api.RedirectURIs{"ftp://nowhere"}, Scopes: api.String("read")}); err == nil {
		t.Fatal("the simulator took a bad redirect URI")
	}
	a := oneAction(t, log, api.ActionClientCreate)
	if len(a.Targets) != 1 || a.Targets[0].Result != api.ResultFailed || a.Targets[0].Status < 400 || a.Targets[0].ClientID != 0 {
		t.Fatalf("targets %+v", a.Targets)
	}
}

func TestARevokeIsReportedAsConfirmedOnlyWhenTheServerConfirmsIt(t *testing.T) {
	accepted := func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusAccepted) }
	f := seeded(t, firstN(1, "DELETE", accepted))
	c, log := recorded(t, f)
	ids := f.mintTokens(2)
	if err := c.OAuthTokens.Revoke(context.Background(), ids[0]); !api.IsNotConfirmed(err) {
		t.Fatalf("a 202: %v", err)
	}
	if a := oneAction(t, log, api.ActionTokenRevoke); !slices.Equal(a.Targets, []api.ActionTarget{{TokenID: ids[0], Result: api.ResultNotConfirmed, Status: 202}}) {
		t.Fatalf("targets %+v", a.Targets)
	}
	if err := c.OAuthTokens.Revoke(context.Background(), ids[1]); err != nil {
		t.Fatal(err)
	}
	if a := oneAction(t, log, api.ActionTokenRevoke); !slices.Equal(a.Targets, []api.ActionTarget{{TokenID: ids[1], Result: api.ResultConfirmed}}) {
		t.Fatalf("targets %+v", a.Targets)
	}
}

func TestABulkRevokeIsOneActionNamingEveryTokenSentAndNoneNeverTried(t *testing.T) {
	f := setup(t, chatsim.Options{Seed: 1})
	c, log := recorded(t, f)
	ids := append(f.mintTokens(5), 999999) // the last is unknown: a 404
	results := c.OAuthTokens.RevokeMany(context.Background(), ids, api.RevokeOptions{Concurrency: 3})
	a := oneAction(t, log, api.ActionTokenRevoke)
	if len(a.Targets) != len(ids) {
		t.Fatalf("%d targets for %d tokens", len(a.Targets), len(ids))
	}
	for i, tg := range a.Targets {
		want := api.ActionTarget{TokenID: ids[i], Result: api.ResultConfirmed}
		if results[i].Err != nil {
			want.Result, want.Status = api.ResultFailed, 404
		}
		if tg != want {
			t.Errorf("target %d = %+v, want %+v", i, tg, want)
		}
	}

	stop := make(chan struct{})
	close(stop)
	c.OAuthTokens.RevokeMany(context.Background(), f.mintTokens(3), api.RevokeOptions{Stop: stop})
	if got := log.take(); len(got) != 0 {
		t.Fatalf("a run stopped before anything was sent was recorded: %+v", got)
	}
}

func TestResultOfNamesEachOutcome(t *testing.T) {
	for _, c := range []struct {
		err    error
		result string
		status int
	}{
		{nil, api.ResultConfirmed, 0},
		{&api.NotConfirmedError{Status: 202}, api.ResultNotConfirmed, 202},
		{&api.Error{Status: 403}, api.ResultFailed, 403},
		{&api.RateLimitError{Err: &api.Error{Status: 429}}, api.ResultFailed, 429},
		{context.Canceled, api.ResultNotConfirmed, 0},
	} {
		if r, st := api.ResultOf(c.err); r != c.result || st != c.status {
			t.Errorf("ResultOf(%v) = %s, %d; want %s, %d", c.err, r, st, c.result, c.status)
		}
	}
}

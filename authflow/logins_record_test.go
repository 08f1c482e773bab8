package authflow

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/authflow/config"
	"chatkeys/authflow/history"
	"chatkeys/authflow/store"
)

func TestKeepAndForgetRecordALoginAndALogoutAndTheRevokeBetween(t *testing.T) {
	a := newLoginsAccount(t)
	path := filepath.Join(t.TempDir(), history.FileName)
	rec := history.New(history.Options{Path: path})
	a.logins = NewLogins(LoginsOptions{Store: a.store, Record: rec.Record,
		NewClient: func(s config.Settings, ts oauth2.TokenSource) (*api.Client, error) {
			return api.NewClient(s.APIURL, ts, api.WithRecorder(rec.For(func() history.Actor { return history.Actor{Profile: s.Profile} })))
		}})
	a.s.Subdomain = "acme"
	ctx := context.Background()
	tok, _ := a.keepAdminLogin(t)
	if err := a.logins.Forget(ctx, a.s, true); err != nil {
		t.Fatal(err)
	}
	if err := rec.Err(); err != nil {
		t.Fatal(err)
	}
	log, err := history.Read(path, history.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log.Entries {
		actions = append(actions, e.Action)
	}
	if !slices.Equal(actions, []string{api.ActionLogin, api.ActionTokenRevoke, api.ActionLogout}) {
		t.Fatalf("recorded %q", actions)
	}
	admin := a.sim.Admin().ID
	for _, i := range []int{0, 2} {
		e := log.Entries[i]
		want := []history.Target{{ClientIdentifier: a.cfg.ClientID, Result: api.ResultConfirmed}}
		if e.Profile != "work" || e.Subdomain != "acme" || e.AgentID != admin || !slices.Equal(e.Targets, want) {
			t.Errorf("%s: %+v", e.Action, e)
		}
	}
	if rv := log.Entries[1].Targets; len(rv) != 1 || rv[0].TokenID == 0 || rv[0].Result != api.ResultConfirmed {
		t.Errorf("the revoke's targets: %+v", rv)
	}
	data, _ := os.ReadFile(path)
	for _, secret := range []string{tok.AccessToken, tok.RefreshToken, a.cfg.ClientSecret} {
		if secret != "" && strings.Contains(string(data), secret) {
			t.Fatalf("the history holds a secret (%.4s…)", secret)
		}
	}
}

func TestForgettingASecretAloneRecordsNoLogout(t *testing.T) {
	a := newLoginsAccount(t)
	rec := history.New(history.Options{})
	a.logins = NewLogins(LoginsOptions{Store: a.store, Record: rec.Record})
	if _, err := a.store.Save("work", &store.Record{ClientID: a.cfg.ClientID, ClientSecret: "s"}); err != nil {
		t.Fatal(err)
	}
	if err := a.logins.Forget(context.Background(), a.s, false); err != nil {
		t.Fatal(err)
	}
	if log, _ := rec.Read(history.Filter{}); len(log.Entries) != 0 {
		t.Fatalf("recorded %+v", log.Entries)
	}
}

package cli

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"chatkeys/api"
	"chatkeys/api/chatsim"
	"chatkeys/authflow"
	"chatkeys/authflow/config"
	"chatkeys/authflow/store"
	"chatkeys/ui"
)

// demoTokenTTL is a Zendesk Chat token's lifetime.
const demoTokenTTL = 10 * time.Hour

// demoAccount is chatsim running in-process for --demo.
type demoAccount struct {
	sim      *chatsim.Sim
	srv      *http.Server
	base     string
	settings config.Settings
}

// startDemo serves a seeded simulator on a free loopback port. The demo
// client's redirect URI is set to the login listener's port when a login
// starts, so port 8080 is never needed.
func startDemo() (*demoAccount, error) {
	sim := chatsim.New(chatsim.Options{Seed: 1})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start the simulated account: %w", err)
	}
	d := &demoAccount{sim: sim, base: "http://" + ln.Addr().String(),
		// Nothing may print under the TUI's screen.
		srv: &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second, ErrorLog: log.New(io.Discard, "", 0)}}
	go d.srv.Serve(ln)
	demo := sim.DemoClient()
	d.settings = config.Settings{
		Profile: "demo", APIURL: d.base + "/api/v2/chat",
		AuthorizeURL: d.base + "/oauth2/chat/authorizations/new", TokenURL: d.base + "/oauth2/chat/token",
		ClientID: demo.ClientIdentifier, ClientSecret: demo.ClientSecret,
		RedirectURI: "http://127.0.0.1:0", Scopes: "read write", Grant: config.GrantCode,
	}
	return d, nil
}

func (d *demoAccount) close() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	d.srv.Shutdown(ctx)
}

// runDemo opens the TUI on the simulated account, logged in as its admin.
func (a *app) runDemo(ctx context.Context) error {
	a.startTUIWaits()
	d, err := startDemo()
	if err != nil {
		return err
	}
	defer d.close()
	tok := d.sim.MintToken(d.sim.Admin().ID, d.settings.ClientID, "read write", demoTokenTTL)
	sess, src, err := a.demoSession(d, demoRecord(d, tok))
	if err != nil {
		return err
	}
	backend := &loginBackend{a: a, settings: d.settings}
	backend.prepare = func(cfg *authflow.Config, req ui.LoginRequest) func(string) {
		if req.ClientID != d.sim.DemoClient().ClientIdentifier || req.RedirectURI != "" {
			return nil
		}
		cfg.RedirectURI = "http://127.0.0.1:0"
		return d.sim.SetDemoRedirectURI
	}
	backend.adopt = func(t *oauth2.Token, req ui.LoginRequest) (*ui.Session, error) {
		cfg := authflow.FromSettings(d.settings)
		r := recordFor(t, authflow.Config{ClientID: req.ClientID, ClientSecret: req.ClientSecret, Scopes: cfg.Scopes}, req.Grant)
		next, s2, err := a.demoSession(d, r)
		if err == nil {
			src = s2
		}
		return next, err
	}
	return a.runProgram(ctx, ui.Options{
		Session: sess, Login: backend,
		SaveSecret: func(_ context.Context, secret string) error {
			s := backend.current()
			s.ClientSecret = secret
			backend.setSettings(s)
			return src.SetClientSecret(secret)
		},
	})
}

// demoRecord is the demo's login: the simulator's admin, as if logged in
// through the demo client.
func demoRecord(d *demoAccount, tok api.OAuthToken) store.Record {
	return store.Record{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, TokenType: "Bearer",
		Scopes: tok.Scopes, Expiry: *tok.ExpireDate, ClientID: d.settings.ClientID,
		ClientSecret: d.settings.ClientSecret, Grant: config.GrantPassword, AgentID: tok.AgentID}
}

// demoSession makes the UI session for a demo login. The token refreshes
// like a real login but is never written to the store.
func (a *app) demoSession(d *demoAccount, rec store.Record) (*ui.Session, *authflow.LoginSource, error) {
	src := authflow.NewLoginSource(authflow.FromSettings(d.settings), nil, "demo", rec)
	c, err := a.newAPIClient(d.settings, src)
	if err != nil {
		return nil, nil, err
	}
	return &ui.Session{
		Profile: "demo", Host: "chatsim " + d.base[len("http://"):], Demo: true, Client: c,
		Login: storedLoginInfo(src, "demo"), LoginClientID: d.settings.ClientID,
	}, src, nil
}

package cli

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"

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
func startDemo(tokens int) (*demoAccount, error) {
	sim := chatsim.New(chatsim.Options{Seed: 1, Tokens: tokens})
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
func runDemo(ctx context.Context, f *Factory, tokens int) error {
	f.startTUIWaits()
	d, err := startDemo(tokens)
	if err != nil {
		return err
	}
	defer d.close()
	backend, sess, err := newDemoBackend(ctx, f, d)
	if err != nil {
		return err
	}
	sess.Notice = strings.TrimSpace(ui.DemoNotice() + " " + sess.Notice)
	if f.flags.readonly {
		sess.Readonly, sess.ReadonlyFrom = true, "--readonly"
	}
	return runProgram(ctx, f, ui.Options{Session: sess, Login: backend, SaveSecret: backend.saveSecret})
}

// newDemoBackend logs in as the simulator's admin, as if through the demo
// client, and returns the Login tab's backend and the session. Its logins
// live in a store over an in-memory keyring: nothing of the demo reaches
// the disk or the OS keyring, yet a login refreshes and is kept like a
// real one.
func newDemoBackend(ctx context.Context, f *Factory, d *demoAccount) (*loginBackend, *ui.Session, error) {
	logins := authflow.NewLogins(authflow.LoginsOptions{
		Store:     store.New(store.Options{Keyring: store.NewMemoryKeyring()}),
		NewClient: f.NewAPIClient,
	})
	backend := newLoginBackend(f, logins, d.settings)
	backend.demo = d
	backend.prepare = func(cfg *authflow.Config, req ui.LoginRequest) func(string) {
		if req.ClientID != d.sim.DemoClient().ClientIdentifier || req.RedirectURI != "" {
			return nil
		}
		cfg.RedirectURI = "http://127.0.0.1:0"
		return d.sim.SetDemoRedirectURI
	}
	minted := d.sim.MintToken(d.sim.Admin().ID, d.settings.ClientID, "read write", demoTokenTTL)
	tok := &oauth2.Token{AccessToken: minted.AccessToken, RefreshToken: minted.RefreshToken, TokenType: "Bearer", Expiry: *minted.ExpireDate}
	kept, err := logins.Keep(ctx, d.settings, authflow.FromSettings(d.settings), config.GrantPassword, tok)
	if err != nil {
		return nil, nil, err
	}
	sess, err := backend.describe(d.settings, kept.Login)
	return backend, sess, err
}

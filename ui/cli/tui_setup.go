package cli

import (
	"context"
	"fmt"
	"strings"

	"chatkeys/authflow/config"
	"chatkeys/ui"
)

// setupBackend saves the first-run form: the account and client into
// config.toml, the secret into the credential store (never the file).
type setupBackend struct {
	f     *Factory
	login *loginBackend
}

var _ ui.SetupBackend = (*setupBackend)(nil)

func (b *setupBackend) Save(ctx context.Context, v ui.SetupValues) (*ui.Session, error) {
	path, err := b.f.ConfigPath()
	if err != nil {
		return nil, err
	}
	s := b.login.current()
	fileNotice, err := config.Update(path, func(file *config.File) error {
		file.Set(s.Profile, config.Profile{
			Subdomain: v.Subdomain, ClientID: v.ClientID, RedirectURI: v.RedirectURI,
			Grant: string(v.Grant), Scopes: config.DefaultScopes,
		})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("save %s: %w", path, err)
	}
	notice := fileNotice
	if v.ClientSecret != "" {
		loc, err := b.login.logins.StoreSecret(ctx, s.Profile, v.ClientID, v.ClientSecret)
		if err != nil {
			return nil, fmt.Errorf("save the client secret: %w", err)
		}
		notice = strings.TrimSpace(notice + " " + loc.Notice)
	}
	s, err = b.f.ReloadSettings()
	if err != nil {
		return nil, err
	}
	b.login.setSettings(s)
	sess := uiSession(s)
	sess.Notice = notice
	return sess, nil
}

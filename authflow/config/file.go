package config

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"chatkeys/authflow/internal/privfile"
)

// ErrUnsafeFile is matched (errors.Is) when config.toml or
// credentials.json is not a file chatkeys reads: a link, not a regular
// file, or larger than 1 MiB.
var ErrUnsafeFile = privfile.ErrUnsafe

// Profile is one table of config.toml: which account, which client and how
// to log in. Empty strings mean "not set here", so lower layers and
// defaults still apply.
type Profile struct {
	Subdomain    string `toml:"subdomain,omitempty"`
	APIURL       string `toml:"api_url,omitempty"`
	AuthorizeURL string `toml:"authorize_url,omitempty"`
	TokenURL     string `toml:"token_url,omitempty"`
	ClientID     string `toml:"client_id,omitempty"`
	// ClientSecret is honoured when a user writes it by hand, but chatkeys
	// never writes it back: it keeps secrets in the credential store.
	ClientSecret string `toml:"client_secret,omitempty"`
	RedirectURI  string `toml:"redirect_uri,omitempty"`
	Scopes       string `toml:"scopes,omitempty"`
	Grant        string `toml:"grant,omitempty"`
	PKCE         bool   `toml:"pkce,omitempty"`
	// Rate is a ceiling on requests, such as "100/min".
	Rate string `toml:"rate,omitempty"`
	// Accent is the colour the TUI shows the profile in, "#rrggbb".
	Accent string `toml:"accent,omitempty"`
	// Readonly refuses every destructive command on the profile.
	Readonly bool `toml:"readonly,omitempty"`
	// Mouse, when false, turns the TUI's mouse off; nil leaves it on.
	Mouse *bool `toml:"mouse,omitempty"`
	// Refresh is the TUI's auto-refresh interval, such as "30s": the
	// tables start refreshing at it.
	Refresh string `toml:"refresh,omitempty"`
}

// knownKeys lists a profile's settings for the unknown-setting error.
const knownKeys = "subdomain, client_id, client_secret, redirect_uri, scopes, grant, api_url, authorize_url, token_url, pkce, rate, accent, readonly, mouse, refresh"

// fileHeader opens every file chatkeys writes, so a reader knows where the
// secrets went.
const fileHeader = "# chatkeys profiles: one table per profile, e.g. [default].\n" +
	"# Tokens and client secrets are kept in the OS keyring (or credentials.json), not here.\n\n"

// File is the whole of config.toml: profiles by name.
type File struct {
	Profiles map[string]Profile
	// Exists reports whether the file was there when it was read.
	Exists bool
	// Notice is set when reading it changed something the user should
	// hear of: that the file, readable by others, was made private.
	Notice string
	// Current is the profile chatkeys profiles use chose, "" for none.
	Current string
}

// Load reads the profile file at path. A missing file is an empty File, as
// on first run; a malformed one is an error naming the file and line, and
// never quoting its content, which may hold a hand-written secret.
// Unknown keys are refused too: a misspelt api_url must not silently send
// requests to production. Only a regular file of at most 1 MiB is read,
// never through a symbolic link, and one that others could read is made
// 0600 (see Notice).
func Load(path string) (*File, error) {
	data, notice, err := privfile.File{Path: path}.Read()
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	f, err := decode(path, data)
	if err != nil {
		return nil, err
	}
	f.Notice = notice
	if f.Current, err = LoadCurrent(path); err != nil {
		return nil, err
	}
	return f, nil
}

// decode parses config.toml's content; nil data is a missing file.
func decode(path string, data []byte) (*File, error) {
	if data == nil {
		return &File{Profiles: map[string]Profile{}}, nil
	}
	profiles := map[string]Profile{}
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(&profiles); err != nil {
		return nil, decodeError(path, err)
	}
	return &File{Profiles: profiles, Exists: true}, nil
}

// decodeError turns a go-toml error into "path:line: what", without the
// document excerpt go-toml can render.
func decodeError(path string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 && len(strict.Errors[0].Key()) > 0 {
		first := strict.Errors[0]
		row, _ := first.Position()
		key := first.Key()
		where := ""
		if len(key) > 1 {
			where = " in [" + strings.Join(key[:len(key)-1], ".") + "]"
		}
		return fmt.Errorf("%s:%d: unknown setting %q%s (known: %s)", path, row, key[len(key)-1], where, knownKeys)
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, col := de.Position()
		hint := ""
		if len(de.Key()) == 1 && strings.Contains(de.Error(), "cannot decode") {
			// A setting outside any table: the user forgot the [name] line.
			hint = " (put settings under a profile table, e.g. [default])"
		}
		return fmt.Errorf("%s:%d:%d: %s%s", path, row, col, de.Error(), hint)
	}
	return fmt.Errorf("%s: %w", path, err)
}

// Set adds or replaces the profile name.
func (f *File) Set(name string, p Profile) {
	if f.Profiles == nil {
		f.Profiles = map[string]Profile{}
	}
	f.Profiles[name] = p
}

// Profile returns the profile name and whether the file has it. It is safe
// on a nil File.
func (f *File) Profile(name string) (Profile, bool) {
	if f == nil {
		return Profile{}, false
	}
	p, ok := f.Profiles[name]
	return p, ok
}

// Names lists the profiles in order, for a picker.
func (f *File) Names() []string {
	if f == nil {
		return nil
	}
	names := make([]string, 0, len(f.Profiles))
	for name := range f.Profiles {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Update changes config.toml at path under a cross-process lock: it
// re-reads the file under the lock, lets change edit it (typically one
// profile, with Set), and replaces the file atomically, 0600 in a
// directory created 0700. Profiles change touches nothing of are written
// back as they were read, so two processes editing two profiles lose
// neither. Client secrets are never written; comments a user wrote by
// hand are not preserved. notice is Load's.
func Update(path string, change func(f *File) error) (notice string, err error) {
	return privfile.File{Path: path}.Update(func(old []byte) ([]byte, error) {
		f, err := decode(path, old)
		if err != nil {
			return nil, err
		}
		if err := change(f); err != nil {
			return nil, err
		}
		return f.encode()
	})
}

// encode renders the file without client secrets, so that no code path
// can put one into config.toml.
func (f *File) encode() ([]byte, error) {
	out := make(map[string]Profile, len(f.Profiles))
	for name, p := range f.Profiles {
		p.ClientSecret = "" // left out, as empty
		out[name] = p
	}
	body, err := toml.Marshal(out)
	if err != nil {
		return nil, fmt.Errorf("encode config: %w", err)
	}
	return append([]byte(fileHeader), body...), nil
}

package config_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"chatkeys/authflow/config"
)

func TestLoadOfAMissingFileIsAnEmptyFile(t *testing.T) {
	t.Parallel()
	f, err := config.Load(filepath.Join(t.TempDir(), "nope", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if f == nil || len(f.Profiles) != 0 {
		t.Fatalf("got %+v, want an empty file", f)
	}
}

func TestLoadReadsOneTablePerProfile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	writeFile(t, path, `
[default]
subdomain = "acme"
client_id = "cid"
client_secret = "hand-written"
redirect_uri = "http://localhost:8080/callback"
scopes = "read write"
grant = "code"

[test]
api_url = "http://127.0.0.1:9999/api/v2/chat"
pkce = true
`)
	f, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]config.Profile{
		"default": {Subdomain: "acme", ClientID: "cid", ClientSecret: "hand-written", RedirectURI: "http://localhost:8080/callback", Scopes: "read write", Grant: "code"},
		"test":    {APIURL: "http://127.0.0.1:9999/api/v2/chat", PKCE: true},
	}
	if !reflect.DeepEqual(f.Profiles, want) {
		t.Fatalf("got %+v\nwant %+v", f.Profiles, want)
	}
	if got := f.Names(); !reflect.DeepEqual(got, []string{"default", "test"}) {
		t.Fatalf("Names = %v", got)
	}
}

func TestLoadOfBadTOMLNamesTheFileAndLine(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	writeFile(t, path, "[default]\nsubdomain = \"acme\"\nclient_id = s3cr3t-unquoted\n")
	_, err := config.Load(path)
	if err == nil {
		t.Fatal("bad TOML accepted")
	}
	if !strings.Contains(err.Error(), path+":3") {
		t.Fatalf("error %q does not name %s line 3", err, path)
	}
	if strings.Contains(err.Error(), "s3cr3t") {
		t.Fatalf("error %q quotes the file's content", err)
	}
}

func TestLoadRefusesAnUnknownSettingNamingIt(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	writeFile(t, path, "[default]\nsubdomain = \"acme\"\napi-url = \"https://x.example\"\n")
	_, err := config.Load(path)
	if err == nil || !strings.Contains(err.Error(), path+":3") || !strings.Contains(err.Error(), `"api-url" in [default]`) {
		t.Fatalf("error = %v, want the file, line 3 and the key", err)
	}
}

func TestSaveThenLoadRoundTripsWithPrivateModes(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "chatkeys")
	path := filepath.Join(dir, "config.toml")
	var f config.File
	f.Set("default", config.Profile{Subdomain: "acme", ClientID: "cid", RedirectURI: "http://localhost:8080", Scopes: "read", Grant: "implicit"})
	f.Set("local", config.Profile{APIURL: "http://127.0.0.1:1/api", AuthorizeURL: "http://127.0.0.1:1/a", TokenURL: "http://127.0.0.1:1/t", PKCE: true})
	if err := f.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Profiles, f.Profiles) {
		t.Fatalf("got %+v\nwant %+v", got.Profiles, f.Profiles)
	}
	assertMode(t, dir, 0o700)
	assertMode(t, path, 0o600)
	assertOnlyFile(t, dir, "config.toml")
}

func TestSaveNeverWritesTheClientSecret(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	var f config.File
	f.Set("default", config.Profile{Subdomain: "acme", ClientID: "cid", ClientSecret: "very-secret-value"})
	if err := f.Save(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "very-secret-value") || strings.Contains(string(data), "client_secret =") {
		t.Fatalf("config.toml holds the secret:\n%s", data)
	}
	if f.Profiles["default"].ClientSecret != "very-secret-value" {
		t.Fatal("Save changed the caller's profile")
	}
}

func TestSaveReplacesTheOldFileAndLeavesNoTemporaryFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	writeFile(t, path, "[old]\nsubdomain = \"old\"\n")
	var f config.File
	f.Set("new", config.Profile{Subdomain: "new"})
	if err := f.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got.Profile("old"); ok {
		t.Fatal("old profile survived the save")
	}
	if p, _ := got.Profile("new"); p.Subdomain != "new" {
		t.Fatalf("new profile = %+v", p)
	}
	assertOnlyFile(t, dir, "config.toml")
}

func TestSaveWritesThroughASymlink(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "dotfiles.toml")
	link := filepath.Join(dir, "config.toml")
	writeFile(t, target, "")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	var f config.File
	f.Set("default", config.Profile{Subdomain: "acme"})
	if err := f.Save(link); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v, %v", fi, err)
	}
	got, err := config.Load(target)
	if err != nil || got.Profiles["default"].Subdomain != "acme" {
		t.Fatalf("target = %+v, %v", got, err)
	}
}

func TestProfileAndNamesAreSafeOnANilFile(t *testing.T) {
	t.Parallel()
	var f *config.File
	if _, ok := f.Profile("default"); ok || f.Names() != nil {
		t.Fatal("a nil file has profiles")
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func assertMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s has mode %o, want %o", path, got, want)
	}
}

// assertOnlyFile fails if dir holds anything but name, such as a leftover
// temporary file.
func assertOnlyFile(t *testing.T, dir, name string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != name {
			t.Errorf("unexpected %s in %s", e.Name(), dir)
		}
	}
}

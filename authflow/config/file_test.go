package config_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"chatkeys/authflow/config"
	"chatkeys/authflow/internal/privfile/privfiletest"
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

func TestLoadRefusesABadFileNamingItsPathLineAndProblemButNotItsContent(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		content string
		want    string // besides the path and line 3
		secret  string // on line 3: the error must not quote it
	}{
		"bad TOML":        {"[default]\nsubdomain = \"acme\"\nclient_id = s3cr3t-unquoted\n", "", "s3cr3t"},
		"unknown setting": {"[default]\nsubdomain = \"acme\"\napi-url = \"https://x.example\"\n", `"api-url" in [default]`, "x.example"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "config.toml")
			writeFile(t, path, tc.content)
			_, err := config.Load(path)
			if err == nil {
				t.Fatal("the file was accepted")
			}
			if !strings.Contains(err.Error(), path+":3") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not name %s line 3 and %s", err, path, tc.want)
			}
			if strings.Contains(err.Error(), tc.secret) {
				t.Fatalf("error %q quotes the file's content", err)
			}
		})
	}
}

// set returns a change that sets profiles, for config.Update.
func set(profiles map[string]config.Profile) func(*config.File) error {
	return func(f *config.File) error {
		for name, p := range profiles {
			f.Set(name, p)
		}
		return nil
	}
}

func TestUpdateThenLoadRoundTripsWithPrivateModes(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "chatkeys")
	path := filepath.Join(dir, "config.toml")
	want := map[string]config.Profile{
		"default": {Subdomain: "acme", ClientID: "cid", RedirectURI: "http://localhost:8080", Scopes: "read", Grant: "implicit"},
		"local":   {APIURL: "http://127.0.0.1:1/api", AuthorizeURL: "http://127.0.0.1:1/a", TokenURL: "http://127.0.0.1:1/t", PKCE: true},
	}
	if _, err := config.Update(path, set(want)); err != nil {
		t.Fatal(err)
	}
	got, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Profiles, want) || !got.Exists {
		t.Fatalf("got %+v\nwant %+v", got.Profiles, want)
	}
	privfiletest.AssertMode(t, dir, 0o700)
	privfiletest.AssertMode(t, path, 0o600)
	privfiletest.AssertEntries(t, dir, "config.toml", "config.toml.lock")
}

func TestUpdateNeverWritesTheClientSecret(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	if _, err := config.Update(path, set(map[string]config.Profile{"default": {Subdomain: "acme", ClientID: "cid", ClientSecret: "very-secret-value"}})); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "very-secret-value") || strings.Contains(string(data), "client_secret =") {
		t.Fatalf("config.toml holds the secret:\n%s", data)
	}
}

func TestUpdateKeepsOtherProfilesAndLeavesNoTemporaryFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	writeFile(t, path, "[old]\nsubdomain = \"old\"\n")
	if _, err := config.Update(path, set(map[string]config.Profile{"new": {Subdomain: "new"}})); err != nil {
		t.Fatal(err)
	}
	got, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := got.Profile("old"); p.Subdomain != "old" {
		t.Fatal("the profile the update did not touch was lost")
	}
	if p, _ := got.Profile("new"); p.Subdomain != "new" {
		t.Fatalf("new profile = %+v", p)
	}
	privfiletest.AssertEntries(t, dir, "config.toml", "config.toml.lock")
}

func TestConcurrentUpdatesOfDifferentProfilesLoseNone(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			name := fmt.Sprintf("p%d", i)
			if _, err := config.Update(path, set(map[string]config.Profile{name: {Subdomain: name}})); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got, err := config.Load(path)
	if err != nil || len(got.Profiles) != 16 {
		t.Fatalf("%d profiles survived (%v), want 16", len(got.Profiles), err)
	}
}

func TestLoadAndUpdateRefuseASymlinkAndLeaveItAlone(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "dotfiles.toml")
	link := filepath.Join(dir, "config.toml")
	writeFile(t, target, "[default]\nsubdomain = \"acme\"\n")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if _, err := config.Load(link); err == nil || !strings.Contains(err.Error(), "symbolic link") || !strings.Contains(err.Error(), target) {
		t.Fatalf("Load = %v, want the link refused, naming its target", err)
	}
	if _, err := config.Update(link, set(map[string]config.Profile{"x": {Subdomain: "x"}})); err == nil {
		t.Fatal("Update wrote through the link")
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v, %v", fi, err)
	}
}

func TestLoadMakesAFileOthersCanReadPrivateAndSaysSo(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	writeFile(t, path, "[default]\nsubdomain = \"acme\"\n")
	if err := os.Chmod(path, 0o664); err != nil {
		t.Fatal(err)
	}
	f, err := config.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	privfiletest.AssertMode(t, path, 0o600)
	if !strings.Contains(f.Notice, "0664") {
		t.Fatalf("notice %q does not say what was fixed", f.Notice)
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

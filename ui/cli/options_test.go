package cli

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"chatkeys/api"
)

// parse runs cmd with args and hands back what its run function got; the
// command itself never runs, so no request can be sent.
func parse[O any](t *testing.T, build func(*Factory, func(context.Context, *O) error) *cobra.Command, args ...string) (*O, error) {
	t.Helper()
	f := NewFactory(IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard, Getenv: func(string) string { return "" }})
	var got *O
	cmd := build(f, func(_ context.Context, o *O) error { got = o; return nil })
	cmd.SetArgs(args)
	cmd.SetOut(io.Discard)
	cmd.SetErr(io.Discard)
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	return got, err
}

func TestTokensRevokeParsesIdsAndFlagsIntoItsOptions(t *testing.T) {
	o, err := parse(t, newCmdTokensRevoke, "12", "7", "--yes", "--json")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.IDs, []int64{12, 7}) || !o.Yes || !o.JSON || o.ClientIdent != "" {
		t.Fatalf("options %+v", o)
	}
	o, err = parse(t, newCmdTokensRevoke, "--client", "Acme app")
	if err != nil || o.ClientIdent != "Acme app" || len(o.IDs) != 0 || o.Yes {
		t.Fatalf("options %+v, %v", o, err)
	}
	for _, bad := range [][]string{{}, {"12", "--client", "x"}, {"0"}, {"abc"}} {
		if o, err := parse(t, newCmdTokensRevoke, bad...); err == nil || o != nil {
			t.Errorf("%q: ran with %+v", bad, o)
		}
	}
}

func TestClientsUpdateSendsOnlyTheFieldsGiven(t *testing.T) {
	o, err := parse(t, newCmdClientsUpdate, "5", "--type", "confidential", "--redirect-uri", "https://a.example/cb https://b.example/cb")
	if err != nil {
		t.Fatal(err)
	}
	p := o.Params
	if o.ID != 5 || p.Name != nil || p.Company != nil || p.Scopes != nil || p.ClientType == nil || *p.ClientType != api.ClientTypeConfidential {
		t.Fatalf("params %+v", p)
	}
	if !slices.Equal(p.RedirectURIs, []string{"https://a.example/cb", "https://b.example/cb"}) {
		t.Fatalf("redirect URIs %q", p.RedirectURIs)
	}
	if _, err := parse(t, newCmdClientsUpdate, "5"); !isUsage(err) {
		t.Fatalf("an update with nothing to change: %v", err)
	}
	if _, err := parse(t, newCmdClientsUpdate, "5", "--type", "secret"); !isUsage(err) {
		t.Fatalf("a bad --type: %v", err)
	}
}

func TestClientsCreateNamesEveryMissingFlagBeforeRunning(t *testing.T) {
	o, err := parse(t, newCmdClientsCreate, "--scopes", "read")
	if o != nil || !isUsage(err) || !strings.Contains(err.Error(), "--name, --redirect-uri") {
		t.Fatalf("ran with %+v, err %v", o, err)
	}
	o, err = parse(t, newCmdClientsCreate, "--name", "n", "--redirect-uri", "http://localhost:8080", "--scopes", " read  write ")
	if err != nil || *o.Params.Name != "n" || *o.Params.Scopes != "read write" || o.Params.ClientType != nil {
		t.Fatalf("options %+v, %v", o, err)
	}
}

func TestLoginAndLogoutParseTheirFlags(t *testing.T) {
	o, err := parse(t, newCmdLogin, "--grant", "password", "--username", "a@example.com", "--password-stdin", "--no-browser", "--scopes", "read")
	if err != nil || o.Grant != "password" || o.Username != "a@example.com" || !o.PasswordStdin || !o.NoBrowser || o.Scopes != "read" {
		t.Fatalf("login options %+v, %v", o, err)
	}
	out, err := parse(t, newCmdLogout, "--revoke")
	if err != nil || !out.Revoke {
		t.Fatalf("logout options %+v, %v", out, err)
	}
}

func isUsage(err error) bool {
	var u *usageError
	return errors.As(err, &u)
}

package cli

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"chatkeys/api/chatsim/consent"
)

// loginHarness is a harness without CHATKEYS_TOKEN, pointed at the
// simulator's OAuth endpoints with its confidential demo client.
func loginHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	delete(h.env, "CHATKEYS_TOKEN")
	demo := h.sim.DemoClient()
	h.env["CHATKEYS_AUTHORIZE_URL"] = h.srv.URL + "/oauth2/chat/authorizations/new"
	h.env["CHATKEYS_TOKEN_URL"] = h.srv.URL + "/oauth2/chat/token"
	h.env["CHATKEYS_CLIENT_ID"] = demo.ClientIdentifier
	h.env["CHATKEYS_CLIENT_SECRET"] = demo.ClientSecret
	return h
}

// freeRedirect registers a free loopback port as the demo client's
// redirect URI and points chatkeys at it.
func (h *harness) freeRedirect(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	uri := "http://" + ln.Addr().String()
	ln.Close()
	h.sim.SetDemoRedirectURI(uri)
	h.env["CHATKEYS_REDIRECT_URI"] = uri
	return uri
}

func TestLoginWithThePasswordGrantStoresTheTokenAndSaysWhoItIs(t *testing.T) {
	h := loginHarness(t)
	admin := h.sim.Admin()
	r := h.run(t, admin.Password+"\n", false, "login", "--grant", "password", "--username", admin.Email, "--password-stdin").mustSucceed(t)
	if !strings.Contains(r.stdout, "as agent 100000200") || !strings.Contains(r.stdout, `"read write"`) ||
		!strings.Contains(r.stdout, "the OS keyring") {
		t.Fatalf("stdout %q", r.stdout)
	}
	st := h.scriptOK(t, "status")
	for _, want := range []string{"password grant as agent 100000200", "Stored in:", "the OS keyring", "Refresh:", "yes"} {
		if !strings.Contains(st.stdout, want) {
			t.Errorf("status lacks %q:\n%s", want, st.stdout)
		}
	}
	h.scriptOK(t, "clients", "list")
	tok := strings.TrimSpace(h.scriptOK(t, "token").stdout)
	found := false
	for _, x := range h.sim.Tokens() {
		found = found || x.AccessToken == tok
	}
	if !found {
		t.Fatal("chatkeys token printed a token the account does not know")
	}
}

func TestLoginWithClientCredentials(t *testing.T) {
	h := loginHarness(t)
	r := h.scriptOK(t, "login", "--grant", "client-credentials")
	if !strings.Contains(r.stdout, "client-credentials grant") {
		t.Fatalf("stdout %q", r.stdout)
	}
}

func TestConfidentialGrantOnAPublicClientShowsTheFix(t *testing.T) {
	h := loginHarness(t)
	public := h.sim.Clients()[1]
	h.env["CHATKEYS_CLIENT_ID"], h.env["CHATKEYS_CLIENT_SECRET"] = public.ClientIdentifier, public.ClientSecret
	r := h.script(t, "login", "--grant", "client-credentials")
	if r.code != 1 || !strings.Contains(r.stderr, "--type confidential") {
		t.Fatalf("exit %d stderr %q", r.code, r.stderr)
	}
}

// authorizeURL reads the URL chatkeys login prints.
var authorizeURLRe = regexp.MustCompile(`http://127\.0\.0\.1:\d+/oauth2/chat/authorizations/new\?\S+`)

// runLoginWithPaste runs a browser login with --no-browser, reads the
// authorize URL it prints, walks the consent page, and pastes the redirect
// into stdin, as a user on SSH would.
func (h *harness) runLoginWithPaste(t *testing.T, grant string, extraStdin string) (result, string) {
	t.Helper()
	redirect := h.freeRedirect(t)
	u, _ := url.Parse(redirect)
	inR, inW := io.Pipe()
	errR, errW := io.Pipe()
	var out strings.Builder
	done := make(chan int, 1)
	go func() {
		done <- Main(context.Background(), []string{"login", "--grant", grant, "--no-browser"}, IO{
			In: inR, Out: &out, Err: errW, Getenv: func(k string) string { return h.env[k] }, Keyring: h.keyring,
		})
		errW.Close()
	}()
	var stderr strings.Builder
	sc := bufio.NewScanner(errR)
	var pasted string
	for sc.Scan() {
		line := sc.Text()
		stderr.WriteString(line + "\n")
		if m := authorizeURLRe.FindString(line); m != "" && pasted == "" {
			admin := h.sim.Admin()
			resp, err := consent.New(u.Host).Decide(m, admin.Email, admin.Password, consent.Allow)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			pasted = resp.Header.Get("Location")
			go io.WriteString(inW, extraStdin+pasted+"\n") // stdin and stderr are both pipes: do not block on one
		}
	}
	inW.Close()
	select {
	case code := <-done:
		return result{out.String(), stderr.String(), code}, pasted
	case <-time.After(20 * time.Second):
		t.Fatal("login did not finish")
		return result{}, ""
	}
}

func TestLoginCodeGrantOverSSHByPastingTheRedirect(t *testing.T) {
	h := loginHarness(t)
	r, pasted := h.runLoginWithPaste(t, "code", "not a url\n")
	if r.code != 0 || !strings.Contains(r.stdout, "Logged in") || !strings.Contains(pasted, "code=") {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "That address was refused") {
		t.Error("a bad paste was not reported")
	}
}

func TestLoginImplicitGrantByPastingTheFragment(t *testing.T) {
	h := loginHarness(t)
	r, pasted := h.runLoginWithPaste(t, "implicit", "")
	if r.code != 0 || !strings.Contains(pasted, "#access_token=") || !strings.Contains(r.stdout, "implicit grant") {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
}

func TestLoginCodeGrantThroughTheOpenedBrowser(t *testing.T) {
	h := loginHarness(t)
	h.freeRedirect(t)
	admin := h.sim.Admin()
	var out, errOut strings.Builder
	opened := make(chan error, 1)
	code := Main(context.Background(), []string{"login"}, IO{
		In: strings.NewReader(""), Out: &out, Err: &errOut, Getenv: func(k string) string { return h.env[k] },
		Keyring: h.keyring,
		Opener: func(u string) error {
			go func() {
				resp, err := consent.New("").Decide(u, admin.Email, admin.Password, consent.Allow)
				if err == nil {
					resp.Body.Close()
				}
				opened <- err
			}()
			return nil
		},
	})
	if code != 0 || <-opened != nil {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errOut.String())
	}
}

func TestKeyringFailureFallsBackToAPrivateFileAndSaysSo(t *testing.T) {
	h := loginHarness(t)
	h.keyring = noKeyring()
	r := h.scriptOK(t, "login", "--grant", "client-credentials")
	if !strings.Contains(r.stderr, "plain text") {
		t.Fatalf("no plain-text notice: %q", r.stderr)
	}
	path := filepath.Join(h.env["XDG_CONFIG_HOME"], "chatkeys", "credentials.json")
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("credentials file: %v %v", info, err)
	}
	st := h.scriptOK(t, "status")
	if !strings.Contains(st.stdout, path) || !strings.Contains(st.stdout, "plain text") {
		t.Fatalf("status does not say where:\n%s", st.stdout)
	}
}

func TestLogoutRevokeRevokesOnTheServerAndForgets(t *testing.T) {
	h := loginHarness(t)
	h.scriptOK(t, "login", "--grant", "client-credentials")
	tok := strings.TrimSpace(h.scriptOK(t, "token").stdout)
	h.scriptOK(t, "logout", "--revoke")
	for _, x := range h.sim.Tokens() {
		if x.AccessToken == tok {
			t.Fatal("the token was not revoked")
		}
	}
	if r := h.script(t, "token"); r.code != 1 || !strings.Contains(r.stderr, "not logged in") {
		t.Fatalf("after logout: %d %q", r.code, r.stderr)
	}
}

func TestLoginCancelFreesThePort(t *testing.T) {
	h := loginHarness(t)
	redirect := h.freeRedirect(t)
	f := NewFactory(IO{Getenv: func(k string) string { return h.env[k] }, Err: io.Discard, Out: io.Discard, In: strings.NewReader(""), Keyring: h.keyring})
	s, logins, err := sessionDepsOf(f).settingsAndLogins()
	if err != nil {
		t.Fatal(err)
	}
	b := newLoginBackend(f, logins, s)
	req := b.Defaults(context.Background())
	flow, err := b.Start(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(redirect)
	if _, err := net.Listen("tcp", u.Host); err == nil {
		t.Fatal("the port was free while the login ran")
	}
	flow.Cancel()
	ln, err := net.Listen("tcp", u.Host)
	if err != nil {
		t.Fatalf("the port is still taken after cancel: %v", err)
	}
	ln.Close()
}

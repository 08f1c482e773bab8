package authflow

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"chatkeys/authflow/config"
)

// consentInChromium signs in on chatsim's page as the admin and presses
// button (#allow or #deny).
func consentInChromium(ctx context.Context, s *simAccount, authorizeURL, button string) error {
	admin := s.sim.Admin()
	return chromedp.Do(ctx,
		chromedp.Navigate(authorizeURL),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), admin.Email),
		chromedp.SendKeys(chromedp.ID("password"), admin.Password),
		chromedp.Click(chromedp.ID("signin")),
		chromedp.WaitVisible(chromedp.ID(button)),
		chromedp.Click(chromedp.ID(button)),
	)
}

// waitInBackground runs the flow's Wait while the browser works.
func waitInBackground(f *BrowserFlow) <-chan outcomeTok {
	ch := make(chan outcomeTok, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
		defer cancel()
		tok, err := f.Wait(ctx)
		o := outcomeTok{err: err}
		if tok != nil {
			o.access, o.refresh = tok.AccessToken, tok.RefreshToken
		}
		ch <- o
	}()
	return ch
}

type outcomeTok struct {
	access, refresh string
	err             error
}

// loginInChromium runs grant's browser flow on a fresh simulator, with
// Chromium signing in as the admin and pressing button (allow or deny) on
// the consent page, and returns the browser, the flow and how the flow's
// Wait ended.
func loginInChromium(t *testing.T, grant config.Grant, button string) (context.Context, *BrowserFlow, outcomeTok) {
	t.Helper()
	ctx := newChromium(t)
	s, f := newFlow(t, grant)
	done := waitInBackground(f)
	if err := consentInChromium(ctx, s, f.AuthorizeURL(), button); err != nil {
		t.Fatal(err)
	}
	return ctx, f, <-done
}

func TestChromiumCodeFlowThroughTheConsentPage(t *testing.T) {
	ctx, _, o := loginInChromium(t, config.GrantCode, "allow")
	if o.err != nil || o.access == "" || o.refresh == "" {
		t.Fatalf("%+v", o)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "You are logged in") {
		t.Fatalf("the browser shows %q", text)
	}
}

func TestChromiumDenySurfacesAccessDenied(t *testing.T) {
	_, _, o := loginInChromium(t, config.GrantCode, "deny")
	var ae *AuthError
	if !errors.As(o.err, &ae) || ae.Code != "access_denied" {
		t.Fatalf("%+v", o)
	}
}

func TestChromiumImplicitFlowRelaysTheTokenAndClearsTheAddressBar(t *testing.T) {
	ctx, f, o := loginInChromium(t, config.GrantImplicit, "allow")
	if o.err != nil || o.access == "" {
		t.Fatalf("%+v", o)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.Search(`//h1[@id="title" and text()="Logged in"]`))); err != nil {
		t.Fatal(err)
	}
	href, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(href, "#") || strings.Contains(href, o.access) || !strings.HasPrefix(href, f.RedirectURI()) {
		t.Fatalf("the address bar still shows %q", href)
	}
}

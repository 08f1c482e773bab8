package authflow

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The relay page in a real headless Chromium (newChromium, in
// chromium_helper_test.go, launches it): the browser lands on the
// redirect URI with the answer in the fragment, as after an implicit
// grant, and the page's own script must hand it over under the strict CSP.

// browserStep bounds one exchange with the browser.
const browserStep = 30 * time.Second

// relayPageState is what the relay page shows once its script is done.
type relayPageState struct {
	Title     string `json:"title"`
	Message   string `json:"message"`
	Href      string `json:"href"`
	BodyClass string `json:"bodyClass"`
}

// landOnRelayPage navigates to target and waits for the relay page's
// script to replace its first heading.
func landOnRelayPage(t *testing.T, ctx context.Context, target string) relayPageState {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, browserStep)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(target)); err != nil {
		t.Fatalf("navigate: %v", err)
	}
	first := strconv.Quote(pageRelay.copy().title)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("title").textContent !== `+first)); err != nil {
		t.Fatalf("the relay page's script did not finish: %v", err)
	}
	s, err := chromedp.Run(ctx, chromedp.Evaluate[relayPageState](`({
		title: document.getElementById("title").textContent,
		message: document.getElementById("message").textContent,
		href: window.location.href,
		bodyClass: document.body.className
	})`))
	if err != nil {
		t.Fatalf("read the relay page: %v", err)
	}
	return s
}

// waitInBackgroundFor runs the listener's Wait while the browser works.
func waitInBackgroundFor(l *Listener) <-chan outcome {
	ch := make(chan outcome, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), browserStep)
		defer cancel()
		r, err := l.Wait(ctx)
		ch <- outcome{r, err}
	}()
	return ch
}

// outcome is one Wait's return.
type outcome struct {
	r   *Result
	err error
}

func TestChromiumRelayHandsTheTokenToWaitAndClearsItFromTheAddressBar(t *testing.T) {
	ctx := newChromium(t)
	for _, redirect := range []string{"http://127.0.0.1:0/callback", "http://localhost:0"} {
		l := listen(t, redirect, browserStep)
		done := waitInBackgroundFor(l)
		const token = "tok-5f3a9c"
		page := landOnRelayPage(t, ctx, l.RedirectURI()+"#access_token="+token+"&token_type=Bearer&scope=read&expires_in=600&state="+testState)
		o := <-done
		if o.err != nil || o.r.AccessToken != token || o.r.TokenType != "Bearer" || o.r.Scope != "read" || o.r.ExpiresIn != 600 {
			t.Fatalf("%s: Wait returned %v %v", redirect, o.r, o.err)
		}
		if page.Title != "Logged in" || page.BodyClass != "ok" || !strings.Contains(page.Message, "You can close this tab") {
			t.Errorf("%s: the page shows %+v", redirect, page)
		}
		if strings.Contains(page.Href, "#") || strings.Contains(page.Href, token) || strings.Contains(page.Href, testState) ||
			!strings.HasPrefix(page.Href, l.RedirectURI()) {
			t.Errorf("%s: the address bar still shows %q", redirect, page.Href)
		}
	}
}

func TestChromiumRelaySurfacesAccessDeniedAsAnAuthError(t *testing.T) {
	ctx := newChromium(t)
	l := listen(t, "", browserStep)
	done := waitInBackgroundFor(l)
	page := landOnRelayPage(t, ctx, l.RedirectURI()+"#error=access_denied&error_description=%3Cb%3Eno%3C%2Fb%3E&state="+testState)
	o := <-done
	var ae *AuthError
	if !errors.As(o.err, &ae) || ae.Code != "access_denied" {
		t.Fatalf("Wait returned %v %v", o.r, o.err)
	}
	if page.Title != "Access was denied" || page.BodyClass != "bad" || strings.Contains(page.Href, "#") {
		t.Fatalf("the page shows %+v", page)
	}
}

func TestChromiumRelayWithoutAFragmentSaysSoAndTheLoginKeepsWaiting(t *testing.T) {
	ctx := newChromium(t)
	l := listen(t, "", browserStep)
	page := landOnRelayPage(t, ctx, l.RedirectURI())
	if page.Title != noTokenTitle || page.BodyClass != "bad" {
		t.Fatalf("the page shows %+v", page)
	}
	stillWaiting(t, l)
}

func TestChromiumRelayRefusesAForgedStateAndTheLoginKeepsWaiting(t *testing.T) {
	ctx := newChromium(t)
	l := listen(t, "", browserStep)
	page := landOnRelayPage(t, ctx, l.RedirectURI()+"#access_token=planted&state=forged")
	if page.Title != pageBadRequest.copy().title || !strings.Contains(page.Message, "still waiting") || strings.Contains(page.Href, "planted") {
		t.Fatalf("the page shows %+v", page)
	}
	stillWaiting(t, l)
}

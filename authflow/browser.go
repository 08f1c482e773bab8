package authflow

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"sync"

	"github.com/pkg/browser"

	"chatkeys/authflow/config"
)

// Opener opens a URL in the user's browser. A failure is for the caller
// to report and carry on from: it shows the URL to open by hand.
type Opener func(url string) error

// silencePkgBrowser guards github.com/pkg/browser's package-level Stdout
// and Stderr, which it hands to the command it launches (xdg-open and the
// like) and which default to the terminal the TUI draws on. They are set
// once, to io.Discard, before the first open, and never again, so any
// number of openers can run at once without a data race. This is the one
// package-level variable here; pkg/browser leaves no other way.
var silencePkgBrowser sync.Once

// SystemOpener opens URLs the way gh does: with the command in $BROWSER
// when it is set (WSL users set BROWSER=wslview), with the URL as its last
// argument, else with the system's default browser through
// github.com/pkg/browser. Nothing either prints reaches the terminal.
// getenv is read at each open; nil means os.Getenv.
func SystemOpener(getenv func(string) string) Opener {
	if getenv == nil {
		getenv = os.Getenv
	}
	return func(rawURL string) error {
		if err := checkOpenable(rawURL); err != nil {
			return err
		}
		if launcher := getenv("BROWSER"); launcher != "" {
			return startBrowserEnv(launcher, rawURL)
		}
		silencePkgBrowser.Do(func() { browser.Stdout, browser.Stderr = io.Discard, io.Discard })
		if err := browser.OpenURL(rawURL); err != nil {
			return fmt.Errorf("open the system browser: %w", err) // names the command, never the URL
		}
		return nil
	}
}

// checkOpenable refuses anything but an absolute http(s) URL: handed to
// an OS opener, a file: URL or an argument that starts with "-" would do
// something else than open a web page.
func checkOpenable(rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return errors.New("refusing to open a browser on something that is not an http or https URL")
	}
	return nil
}

// startBrowserEnv runs $BROWSER with the URL and does not wait for it: a
// browser started directly (not through a launcher) runs until the user
// closes it. The command is not run through a shell, so the URL is one
// argument whatever it holds.
func startBrowserEnv(launcher, rawURL string) error {
	argv, err := browserCommand(launcher)
	if err != nil {
		return err
	}
	cmd := exec.Command(argv[0], append(argv[1:], rawURL)...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	cmd.Env = config.ChildEnv(os.Environ()) // no token or secret for the browser
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("$BROWSER could not be started: %w", err) // exec errors name the command, not its arguments
	}
	go cmd.Wait() // reap it whenever it exits
	return nil
}

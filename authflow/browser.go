package authflow

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/pkg/browser"
)

// Opener opens a URL in the user's browser.
type Opener func(url string) error

// quietBrowser silences github.com/pkg/browser once: it writes what the
// launched command prints to its package-level Stdout and Stderr, which
// would land on the TUI's screen.
var quietBrowser sync.Once

// SystemOpener opens URLs the way gh does: with $BROWSER when it is set
// (WSL users set BROWSER=wslview), else the system's default browser.
// Nothing the browser prints reaches the terminal. getenv may be nil.
func SystemOpener(getenv func(string) string) Opener {
	if getenv == nil {
		getenv = os.Getenv
	}
	return func(url string) error {
		if cmdline := strings.Fields(getenv("BROWSER")); len(cmdline) > 0 {
			cmd := exec.Command(cmdline[0], append(cmdline[1:], url)...)
			cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
			if err := cmd.Start(); err != nil {
				return errors.New("$BROWSER could not be started: " + err.Error())
			}
			go cmd.Wait()
			return nil
		}
		quietBrowser.Do(func() { browser.Stdout, browser.Stderr = io.Discard, io.Discard })
		return browser.OpenURL(url)
	}
}

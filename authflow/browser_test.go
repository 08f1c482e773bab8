package authflow

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeBrowser writes a script that records its arguments, one a line,
// into a file per run, and returns the script and the directory of runs.
func fakeBrowser(t *testing.T, name string) (script, runs string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the fake browser is a shell script")
	}
	dir := t.TempDir()
	runs = filepath.Join(dir, "runs")
	if err := os.Mkdir(runs, 0o755); err != nil {
		t.Fatal(err)
	}
	script = filepath.Join(dir, name)
	body := "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + runs + "/$$.tmp\" && mv \"" + runs + "/$$.tmp\" \"" + runs + "/$$\"\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return script, runs
}

// waitForRuns waits until n runs are recorded and returns their arguments.
func waitForRuns(t *testing.T, runs string, n int) []string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir(runs)
		var got []string
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".tmp") {
				b, _ := os.ReadFile(filepath.Join(runs, e.Name()))
				got = append(got, string(b))
			}
		}
		if len(got) >= n {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("$BROWSER did not run %d times", n)
	return nil
}

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestSystemOpenerRunsBrowserFromTheEnvironmentWithTheURLAsLastArgument(t *testing.T) {
	script, runs := fakeBrowser(t, "fake-browser")
	open := SystemOpener(env(map[string]string{"BROWSER": script + " --new-window"}))
	const u = "http://127.0.0.1:1/authorize?a=1&b=2&state=x y"
	if err := open(u); err != nil {
		t.Fatal(err)
	}
	if got := waitForRuns(t, runs, 1)[0]; got != "--new-window\n"+u+"\n" {
		t.Fatalf("the browser got %q", got)
	}
}

func TestSystemOpenerTakesAQuotedOrUnquotedBrowserPathWithSpaces(t *testing.T) {
	script, runs := fakeBrowser(t, "Fake Browser")
	for _, launcher := range []string{script, `"` + script + `" -new-tab`, `'` + script + `'`} {
		if err := SystemOpener(env(map[string]string{"BROWSER": launcher}))("https://example.com/"); err != nil {
			t.Fatalf("%s: %v", launcher, err)
		}
	}
	got := waitForRuns(t, runs, 3)
	slices.Sort(got)
	want := []string{"-new-tab\nhttps://example.com/\n", "https://example.com/\n", "https://example.com/\n"}
	if !slices.Equal(got, want) {
		t.Fatalf("runs %q, want %q", got, want)
	}
}

func TestSystemOpenerIsSafeToCallConcurrently(t *testing.T) {
	script, runs := fakeBrowser(t, "fake-browser")
	open := SystemOpener(env(map[string]string{"BROWSER": script}))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := open("https://example.com/"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	waitForRuns(t, runs, 8)
}

func TestSystemOpenerReportsABrowserThatCannotStartWithoutTheURL(t *testing.T) {
	open := SystemOpener(env(map[string]string{"BROWSER": "/nonexistent/browser"}))
	const u = "http://127.0.0.1:1/?state=secret-state"
	err := open(u)
	if err == nil || !strings.Contains(err.Error(), "$BROWSER") || strings.Contains(err.Error(), "secret-state") {
		t.Fatalf("err %v", err)
	}
	if err := SystemOpener(env(map[string]string{"BROWSER": `"unclosed`}))(u); err == nil || strings.Contains(err.Error(), "secret-state") {
		t.Fatalf("an unclosed quote: %v", err)
	}
}

func TestSystemOpenerRefusesWhatIsNotAWebURL(t *testing.T) {
	script, _ := fakeBrowser(t, "fake-browser")
	open := SystemOpener(env(map[string]string{"BROWSER": script}))
	for _, u := range []string{"file:///etc/passwd", "--help", "javascript:alert(1)", "/relative", "http://"} {
		if err := open(u); err == nil {
			t.Errorf("%q was opened", u)
		}
	}
}

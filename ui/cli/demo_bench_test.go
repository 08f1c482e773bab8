package cli

import (
	"context"
	"io"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"chatkeys/ui"
)

// BenchmarkDemoStartToFirstFrame measures what --demo does before its
// first frame, in-process: start and seed the simulator, log in as its
// admin, build the App and render it at 80×24. (Process start adds the Go
// runtime's own start-up; the README gives the whole figure, measured on
// a pty.)
func BenchmarkDemoStartToFirstFrame(b *testing.B) {
	f := NewFactory(IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard, Getenv: func(string) string { return "" }})
	for b.Loop() {
		d, err := startDemo(0)
		if err != nil {
			b.Fatal(err)
		}
		_, sess, err := newDemoBackend(context.Background(), f, d)
		if err != nil {
			b.Fatal(err)
		}
		app := ui.New(context.Background(), ui.Options{Session: sess})
		app.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		if !strings.Contains(ansi.Strip(app.View().Content), "Clients") {
			b.Fatal("no first frame")
		}
		d.close()
	}
}

package ui

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
	"chatkeys/authflow/history"
)

// framesWatcher fails the test when a frame drawn after any message shows
// one of secrets.
type framesWatcher struct {
	t       *testing.T
	a       *App
	secrets []string
	frames  int
}

// check draws the App's frame and looks for the secrets in it.
func (w *framesWatcher) check() {
	w.t.Helper()
	w.frames++
	frame := w.a.View().Content
	for _, s := range w.secrets {
		if strings.Contains(frame, s) || strings.Contains(plain(frame), s) {
			w.t.Fatalf("frame %d shows the looked-up value %q", w.frames, s)
		}
	}
}

// update is a.Update followed by a look at the frame, then the same for
// every message its command yields, as the loop would draw them.
func (w *framesWatcher) update(msg tea.Msg) {
	w.t.Helper()
	_, cmd := w.a.Update(msg)
	w.check()
	for _, m := range collect(w.t, cmd) {
		if _, quit := m.(tea.QuitMsg); !quit {
			w.update(m)
		}
	}
}

func (w *framesWatcher) keys(ks ...string) {
	w.t.Helper()
	for _, k := range ks {
		w.update(press(k))
	}
}

// holdsString reports whether v, followed through its fields, slices,
// maps, pointers and interfaces (but not into common, which every part
// shares), holds s in a string or a rune slice.
func holdsString(v reflect.Value, s string, seen map[uintptr]bool) bool {
	switch v.Kind() {
	case reflect.String:
		return strings.Contains(v.String(), s)
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return false
		}
		if v.Kind() == reflect.Pointer {
			if seen[v.Pointer()] || v.Type() == reflect.TypeOf(&common{}) {
				return false
			}
			seen[v.Pointer()] = true
		}
		return holdsString(v.Elem(), s, seen)
	case reflect.Struct:
		for i := range v.NumField() {
			if holdsString(v.Field(i), s, seen) {
				return true
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Int32 {
			r := make([]rune, v.Len())
			for i := range r {
				r[i] = rune(v.Index(i).Int())
			}
			return strings.Contains(string(r), s)
		}
		for i := range v.Len() {
			if holdsString(v.Index(i), s, seen) {
				return true
			}
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			if holdsString(it.Key(), s, seen) || holdsString(it.Value(), s, seen) {
				return true
			}
		}
	}
	return false
}

func dialogHolds(d Dialog, s string) bool {
	return holdsString(reflect.ValueOf(d), s, map[uintptr]bool{})
}

func TestFOpensTheLookupOnEveryTabAndItsFieldIsMasked(t *testing.T) {
	a := newTestApp(t)
	for _, tab := range []string{"1", "2", "3"} {
		send(t, a, tab)
		send(t, a, "f")
		d, ok := a.front().(*lookupDialog)
		if !ok {
			t.Fatalf("f on tab %s opened %T, want the lookup", tab, a.front())
		}
		typeText("secretvalue", func(k tea.KeyPressMsg) { a.Update(k) })
		if d.input.Value() != "secretvalue" {
			t.Fatalf("the field holds %q after typing", d.input.Value())
		}
		mustContain(t, viewOf(a), "Find a leaked token", "•••••••••••")
		mustLack(t, viewOf(a), "secretvalue", "secretv")
		send(t, a, "esc")
		if a.front() != nil || dialogHolds(d, "secretvalue") {
			t.Fatalf("esc left the lookup open, or its value in it")
		}
	}
}

func TestAPasteLandsInTheLookupFieldMasked(t *testing.T) {
	a := newTestApp(t)
	send(t, a, "f")
	d := a.front().(*lookupDialog)
	a.Update(tea.PasteMsg{Content: "pasted-token-value"})
	if d.input.Value() != "pasted-token-value" {
		t.Fatalf("the field holds %q after the paste", d.input.Value())
	}
	mustLack(t, viewOf(a), "pasted-token-value")
	if tokens := a.stacks[tabTokens][0].(*tokensScreen); tokens.filter.Value() != "" {
		t.Fatal("the paste reached a screen behind the dialog")
	}
}

// The value is looked up as pasted; every frame drawn on the way, the
// dialog once answered, and the history file after a revoke it led to,
// are searched for the value and for a part of it longer than the prefix
// the Tokens table shows.
func TestTheLookedUpValueIsNeverDrawnKeptOrWrittenToTheHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), history.FileName)
	rec := history.New(history.Options{Path: path})
	sess, sim := simSession(t, api.WithRecorder(rec.For(func() history.Actor { return history.Actor{Profile: "demo"} })))
	a := New(context.Background(), Options{Session: sess, Now: func() time.Time { return testNow },
		CopyNative: func(string) error { return nil }})
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	pump(t, a, a.Init())
	leaked := leakedToken(t, sim)
	value := leaked.AccessToken
	w := &framesWatcher{t: t, a: a, secrets: []string{value, value[:7], value[len(value)-8:], leaked.RefreshToken}}
	w.keys("2", "f")
	d := a.front().(*lookupDialog)
	w.update(tea.PasteMsg{Content: value})
	w.keys("enter")
	if len(d.found) != 1 || d.found[0].ID != leaked.ID {
		t.Fatalf("the lookup found %d tokens, want token %d", len(d.found), leaked.ID)
	}
	for _, s := range w.secrets {
		if dialogHolds(d, s) {
			t.Fatalf("the dialog keeps %q once the lookup is done", s)
		}
	}
	w.keys("x", "y", "enter")
	if sim.CountTokens([]int64{leaked.ID}) != 0 {
		t.Fatal("x then y did not revoke the token found")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"token_id":`+strconv.FormatInt(leaked.ID, 10)) {
		t.Fatalf("the history lacks the revoke:\n%s", b)
	}
	for _, s := range w.secrets {
		if strings.Contains(string(b), s) {
			t.Fatalf("the history holds %q", s)
		}
	}
}

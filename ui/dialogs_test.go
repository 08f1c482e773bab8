package ui

import (
	"errors"
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestConfirmDefaultsToNo(t *testing.T) {
	c := newTestCommon()
	d := newConfirmDialog(c, "Delete", "Sure?", "", "Delete", emit("did it"))
	act, ok := d.HandleMsg(press("enter")).(actionClose)
	if !ok || act.then != nil {
		t.Fatalf("enter on a fresh dialog = %#v, want close without acting", act)
	}
	mustContain(t, drawAt(d, 60, 20), "No", "Delete")
}

func TestConfirmYesOrArrowThenEnterActs(t *testing.T) {
	c := newTestCommon()
	for _, keys := range [][]string{{"y"}, {"right", "enter"}, {"tab", "enter"}} {
		d := newConfirmDialog(c, "Delete", "Sure?", "", "", emit("did it"))
		var act Action
		for _, k := range keys {
			act = d.HandleMsg(press(k))
		}
		cl, ok := act.(actionClose)
		if !ok || cl.then == nil || collect(t, cl.then)[0] != "did it" {
			t.Errorf("%v: %#v, want close and act", keys, act)
		}
	}
	for _, k := range []string{"n", "esc"} {
		d := newConfirmDialog(c, "Delete", "Sure?", "", "", emit("did it"))
		if cl, ok := d.HandleMsg(press(k)).(actionClose); !ok || cl.then != nil {
			t.Errorf("%s did not cancel", k)
		}
	}
}

func TestSecretModalRefusesToCloseBeforeCopyOrSave(t *testing.T) {
	c := newTestCommon()
	m := newSecretModal(c, "New secret", "", "s3cr3t-value-0123456789")
	if _, ok := m.HandleMsg(press("enter")).(actionNone); !ok || !m.askingToClose {
		t.Fatal("enter closed an unacknowledged modal")
	}
	mustContain(t, drawAt(m, 70, 20), "Close without copying or saving?")
	m.HandleMsg(press("n"))
	if m.askingToClose {
		t.Fatal("n did not return to the modal")
	}
	if _, ok := m.HandleMsg(press("esc")).(actionNone); !ok {
		t.Fatal("esc closed the modal")
	}
	m.HandleMsg(press("enter"))
	mustCloseDroppingTheValue(t, m, "y", "y after the question did not close")
}

// mustCloseDroppingTheValue presses k on m and fails with notClosed unless
// m closes, or unless its value is gone once it has.
func mustCloseDroppingTheValue(t *testing.T, m *secretModal, k, notClosed string) {
	t.Helper()
	if _, ok := m.HandleMsg(press(k)).(actionClose); !ok {
		t.Fatal(notClosed)
	}
	if m.value != "" {
		t.Fatal("the value survived the close")
	}
}

// copyAnswers are the two answers a copy can get. The terminal's copy
// (OSC 52) cannot be confirmed, so it is always sent and the answer turns
// on the system clipboard alone: it took the text, or it failed and says
// why.
var copyAnswers = []struct {
	name   string
	native error
	says   string // what the answer says, with "%s" for what was copied
	never  string // what only the other answer says
}{
	{"the system clipboard took it", nil,
		"Copied %s to the system clipboard (and to the terminal's, via OSC 52).", "Sent %s to the terminal's clipboard"},
	{"only OSC 52 was sent", errors.New("no system clipboard"),
		"Sent %s to the terminal's clipboard (OSC 52); no system clipboard.", "Copied %s to the system clipboard"},
}

func TestSecretModalCopiesThroughBothClipboardsAndSaysWhichWorked(t *testing.T) {
	for _, tc := range copyAnswers {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestCommon()
			var native string
			c.copyNative = func(s string) error { native = s; return tc.native }
			m := newSecretModal(c, "New secret", "", "s3cr3t-value")
			run, ok := m.HandleMsg(press("c")).(actionRun)
			if !ok {
				t.Fatal("c did not copy")
			}
			msgs := collect(t, run.cmd)
			if !setsTerminalClipboard(msgs, "s3cr3t-value") {
				t.Fatal("the value was not sent to the terminal's clipboard (OSC 52)")
			}
			res, ok := findMsg[clipboardResultMsg](msgs)
			if !ok || native != "s3cr3t-value" {
				t.Fatalf("the system clipboard got %q", native)
			}
			m.HandleMsg(res)
			view := drawAt(m, 100, 20) // wide enough that the answer is on one line
			mustContain(t, view, fmt.Sprintf(tc.says, "the value"))
			mustLack(t, view, fmt.Sprintf(tc.never, "the value"), "Copy it now")
			mustCloseDroppingTheValue(t, m, "enter", "enter after copying did not close")
		})
	}
}

func TestSecretModalSaveCountsAsAcknowledged(t *testing.T) {
	c := newTestCommon()
	var saved string
	m := newSecretModal(c, "New secret", "", "v").withSave("save to profile", func(_ ownerID, v string) tea.Cmd {
		saved = v
		return emit(secretSavedMsg{})
	})
	run := m.HandleMsg(press("s")).(actionRun)
	m.HandleMsg(collect(t, run.cmd)[0])
	if saved != "v" || !m.saved {
		t.Fatal("s did not save")
	}
	if _, ok := m.HandleMsg(press("enter")).(actionClose); !ok {
		t.Fatal("enter after saving did not close")
	}
}

func TestSecretModalWithoutSaveIgnoresS(t *testing.T) {
	m := newSecretModal(newTestCommon(), "t", "", "v")
	if _, ok := m.HandleMsg(press("s")).(actionNone); !ok {
		t.Fatal("s did something without a save")
	}
}

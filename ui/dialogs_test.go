package ui

import (
	"errors"
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
		if !ok || cl.then == nil || collect(cl.then)[0] != "did it" {
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

func TestSecretModalCopiesThroughBothClipboardsAndSaysWhichWorked(t *testing.T) {
	c := newTestCommon()
	var native string
	c.copyNative = func(s string) error { native = s; return nil }
	m := newSecretModal(c, "New secret", "", "s3cr3t-value")
	run, ok := m.HandleMsg(press("c")).(actionRun)
	if !ok {
		t.Fatal("c did not copy")
	}
	msgs := collect(run.cmd)
	res, ok := findMsg[clipboardResultMsg](msgs)
	if !ok || native != "s3cr3t-value" {
		t.Fatalf("native clipboard got %q", native)
	}
	m.HandleMsg(res)
	mustContain(t, drawAt(m, 70, 20), "Copied the value to the system clipboard")
	m.HandleMsg(clipboardResultMsg{what: "the value", native: errors.New("no system clipboard")})
	mustContain(t, drawAt(m, 70, 20), "OSC 52", "no system")
	mustCloseDroppingTheValue(t, m, "enter", "enter after copying did not close")
}

func TestSecretModalSaveCountsAsAcknowledged(t *testing.T) {
	c := newTestCommon()
	var saved string
	m := newSecretModal(c, "New secret", "", "v").withSave("save to profile", func(_ ownerID, v string) tea.Cmd {
		saved = v
		return emit(secretSavedMsg{})
	})
	run := m.HandleMsg(press("s")).(actionRun)
	m.HandleMsg(collect(run.cmd)[0])
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

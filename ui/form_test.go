package ui

import (
	"testing"

	"charm.land/huh/v2"
)

func TestAFormHostReportsOnlyItsCurrentFormsSubmitAndCancel(t *testing.T) {
	h := newFormHost(7)
	h.set(huh.NewForm(huh.NewGroup(huh.NewInput())))
	replaced := h.huh.SubmitCmd()
	h.set(huh.NewForm(huh.NewGroup(huh.NewInput())))
	if ev, _ := h.HandleMsg(replaced); ev != formNothing {
		t.Fatalf("the submit of a replaced form gave %v", ev)
	}
	done, ok := h.huh.SubmitCmd().(formDoneMsg)
	if !ok || done.to != 7 {
		t.Fatalf("submit sent %#v, want a formDoneMsg to 7", h.huh.SubmitCmd())
	}
	if ev, _ := h.HandleMsg(done); ev != formSubmitted {
		t.Fatalf("the current form's submit gave %v", ev)
	}
	if ev, _ := h.HandleMsg(h.huh.CancelCmd()); ev != formAborted {
		t.Fatalf("the current form's cancel gave %v", ev)
	}
	for _, msg := range []any{clientsLoadedMsg{}, loginDefaultsMsg{}, press("x")} {
		if ev, cmd := h.HandleMsg(msg); ev != formNothing || cmd != nil {
			t.Errorf("%T reached huh", msg)
		}
	}
}

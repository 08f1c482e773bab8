package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// namedKeys are the keys without text that a binding may name, by the
// name bubbletea gives them (tea.Key.String), so the names here are the
// ones key.Matches compares.
var namedKeys = func() map[string]rune {
	codes := []rune{tea.KeyEnter, tea.KeyTab, tea.KeyEscape, tea.KeySpace, tea.KeyBackspace, tea.KeyDelete,
		tea.KeyUp, tea.KeyDown, tea.KeyLeft, tea.KeyRight, tea.KeyHome, tea.KeyEnd, tea.KeyPgUp, tea.KeyPgDown}
	m := make(map[string]rune, len(codes))
	for _, c := range codes {
		m[tea.Key{Code: c}.String()] = c
	}
	return m
}()

// keyModifiers are the modifier prefixes of a keystroke, as bubbletea
// writes them.
var keyModifiers = map[string]tea.KeyMod{"ctrl": tea.ModCtrl, "alt": tea.ModAlt, "shift": tea.ModShift}

// keyPress is the key press whose String is keystroke ("x", "G", "?",
// "enter", "shift+tab", "ctrl+s"), so that replaying it runs what the
// binding naming keystroke runs. ok is false for a keystroke it cannot
// build.
func keyPress(keystroke string) (msg tea.KeyPressMsg, ok bool) {
	parts := strings.Split(keystroke, "+")
	name := parts[len(parts)-1]
	if name == "" && len(parts) > 1 { // "ctrl++" names the plus key
		name, parts = "+", parts[:len(parts)-1]
	}
	var mod tea.KeyMod
	for _, p := range parts[:len(parts)-1] {
		m, known := keyModifiers[p]
		if !known {
			return tea.KeyPressMsg{}, false
		}
		mod |= m
	}
	if code, named := namedKeys[name]; named {
		msg = tea.KeyPressMsg{Code: code, Mod: mod}
		if code == tea.KeySpace && mod == 0 {
			msg.Text = " "
		}
		return msg, true
	}
	runes := []rune(name)
	if len(runes) != 1 {
		return tea.KeyPressMsg{}, false
	}
	msg = tea.KeyPressMsg{Code: runes[0], Mod: mod}
	if mod == 0 {
		msg.Text = name
	}
	return msg, true
}

// bindingPress is the key press that runs b: its first key.
func bindingPress(b key.Binding) (tea.KeyPressMsg, bool) {
	if keys := b.Keys(); len(keys) > 0 {
		return keyPress(keys[0])
	}
	return tea.KeyPressMsg{}, false
}

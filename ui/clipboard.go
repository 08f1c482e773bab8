package ui

import (
	"errors"

	tea "charm.land/bubbletea/v2"
	"github.com/atotto/clipboard"
)

// clipboardResultMsg reports how a copy went: the terminal copy (OSC 52)
// cannot be confirmed, the native one can.
type clipboardResultMsg struct {
	reply
	what   string // what was copied, for the status line
	native error  // nil when the system clipboard took it
}

// nativeClipboard writes to the system clipboard (xclip, xsel, wl-copy,
// pbcopy, Windows), when the machine has one.
func nativeClipboard(text string) error {
	if clipboard.Unsupported {
		return errors.New("no system clipboard (install xclip, xsel or wl-copy)")
	}
	return clipboard.WriteAll(text)
}

// copyText copies through the terminal (OSC 52) and through the native
// clipboard, and reports which worked to the screen or dialog to.
func copyText(c *common, to ownerID, what, text string) tea.Cmd {
	write := c.copyNative
	return tea.Batch(tea.SetClipboard(text), func() tea.Msg {
		return clipboardResultMsg{reply: reply{to}, what: what, native: write(text)}
	})
}

// describeCopy says which clipboards got the text.
func describeCopy(r clipboardResultMsg) string {
	if r.native == nil {
		return "Copied " + r.what + " to the system clipboard (and to the terminal's, via OSC 52)."
	}
	return "Sent " + r.what + " to the terminal's clipboard (OSC 52); " + r.native.Error() + "."
}

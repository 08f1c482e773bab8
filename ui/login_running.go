package ui

// This file draws a running login and the token it produced.

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"golang.org/x/oauth2"

	"chatkeys/api/safetext"
	"chatkeys/authflow"
	"chatkeys/ui/format"
)

// runningView shows the spinner, where the listener waits, and the URL.
func (s *loginScreen) runningView() string {
	width := s.width
	st := s.c.styles
	url := safetext.Sanitize(s.flow.AuthorizeURL(), 8000)
	if url == "" {
		return s.spin.View() + " Asking the token endpoint…"
	}
	lines := []string{
		s.spin.View() + " Waiting for you to allow access in the browser…",
		"",
		st.Text.Muted.Render("Listening on ") + safetext.Sanitize(strings.Join(s.flow.Addrs(), ", "), 200),
		st.Text.Muted.Render("Authorize URL (y copies it, o opens it again):"),
		st.Text.Accent.Render(ansi.Hardwrap(url, width, true)),
		"",
	}
	if s.browser != "" {
		lines = append(lines, st.Text.Muted.Render(s.browser))
	}
	if s.pasting {
		lines = append(lines, s.paste.View())
	} else {
		lines = append(lines, st.Text.Muted.Render("No browser here? Open the URL elsewhere, then press p and paste the address you land on."))
	}
	if s.pasteNote != "" {
		lines = append(lines, st.Text.Warning.Render(s.pasteNote))
	}
	return strings.Join(lines, "\n")
}

// tokenModal shows a fresh access token once and, after it, the refresh
// token if one came with it.
func tokenModal(c *common, tok *oauth2.Token, req LoginRequest) *secretModal {
	note := fmt.Sprintf("Access token from a %s grant, scopes %s", req.Grant, format.Scopes(authflow.TokenScopes(tok, strings.Fields(req.Scopes))))
	if !tok.Expiry.IsZero() {
		note += ", " + expiryLeft(tok.Expiry, c.now())
	}
	note += ". Use it as: Authorization: Bearer <token>."
	m := newSecretModal(c, "New access token", note, tok.AccessToken)
	if tok.RefreshToken != "" {
		refresh := newSecretModal(c, "Its refresh token",
			"Single-use: each refresh returns a new one, so always store the newest.", tok.RefreshToken)
		m.next, m.nextWhat = refresh, "the refresh token"
	}
	return m
}

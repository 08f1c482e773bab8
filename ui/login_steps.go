package ui

// This file holds what happens once the Login form is submitted: the
// request is checked, the flow starts, and its token is shown once or
// becomes chatkeys' login.

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/authflow"
	"chatkeys/authflow/config"
	"chatkeys/ui/hint"
)

// start checks the request and begins the flow in a command.
func (s *loginScreen) start() tea.Cmd {
	s.req = s.v.request(s.defaults)
	if s.req.ClientID != s.defaults.ClientID {
		s.req.RedirectURI = loopbackRedirectOf(s.clients, s.req.ClientID)
		if name, known := clientName(s.clients, s.req.ClientID); known && s.req.RedirectURI == "" && s.req.Grant.NeedsBrowser() {
			return tea.Batch(s.backToPage(), reportErr(hint.With(
				fmt.Errorf("%s has no redirect URL chatkeys can listen on", name),
				"add one such as http://localhost:8080 to the client (Clients → e), or pick another grant")))
		}
	}
	if err := checkLoginRequest(s.req); err != nil {
		return tea.Batch(s.backToPage(), reportErr(err))
	}
	s.state = loginStarting
	s.run++
	backend, req, ctx, to := s.backend, s.req, s.c.ctx, s.id
	return tea.Batch(s.ticking(s.spin.Tick), func() tea.Msg {
		flow, err := backend.Start(ctx, req)
		return loginStartedMsg{reply{to}, flow, err}
	})
}

// loopbackRedirectOf picks the first redirect URI of a client that chatkeys
// can listen on, or "" to use the profile's.
func loopbackRedirectOf(clients []api.OAuthClient, ident string) string {
	for _, c := range clients {
		if c.ClientIdentifier != ident {
			continue
		}
		for _, u := range c.RedirectURIs {
			if authflow.CheckLoopbackRedirect(u) == nil {
				return u
			}
		}
	}
	return ""
}

// clientName names a loaded client by its identifier.
func clientName(clients []api.OAuthClient, ident string) (string, bool) {
	for _, c := range clients {
		if c.ClientIdentifier == ident {
			return safetext.Sanitize(c.Name, 40), true
		}
	}
	return "", false
}

// checkLoginRequest catches what the server would refuse anyway.
func checkLoginRequest(r LoginRequest) error {
	switch {
	case r.ClientID == "":
		return errors.New("choose a client, or type its id")
	case r.Grant.NeedsSecret() && r.ClientSecret == "":
		return errors.New("this grant needs the client's secret")
	case r.Grant == config.GrantPassword && (r.Username == "" || r.Password == ""):
		return errors.New("the password grant needs a username and a password")
	}
	return nil
}

func (s *loginScreen) started(msg loginStartedMsg) tea.Cmd {
	if msg.err != nil {
		return tea.Batch(s.backToPage(), reportErr(msg.err))
	}
	s.flow, s.state, s.browser, s.pasteNote = msg.flow, loginRunning, "", ""
	flow, ctx, to, run := msg.flow, s.c.ctx, s.id, s.run
	cmds := []tea.Cmd{func() tea.Msg {
		tok, err := flow.Wait(ctx)
		return loginDoneMsg{reply{to}, run, tok, err}
	}}
	if flow.AuthorizeURL() != "" {
		cmds = append(cmds, s.openBrowser())
	}
	return tea.Batch(cmds...)
}

func (s *loginScreen) openBrowser() tea.Cmd {
	flow, to := s.flow, s.id
	return func() tea.Msg { return browserOpenedMsg{reply{to}, flow.OpenBrowser()} }
}

// done shows the token once, or makes it chatkeys' login.
func (s *loginScreen) done(msg loginDoneMsg) tea.Cmd {
	s.flow = nil
	if msg.err != nil {
		return tea.Batch(s.backToPage(), reportErr(msg.err))
	}
	if s.req.UseAsLogin {
		s.state = loginAdopting
		backend, req, tok, ctx, to := s.backend, s.req, msg.tok, s.c.ctx, s.id
		return func() tea.Msg {
			sess, err := backend.Adopt(ctx, tok, req)
			return loginAdoptedMsg{reply{to}, sess, err}
		}
	}
	return tea.Batch(s.backToForm(), showSecret(tokenModal(s.c, msg.tok, s.req), "the access token"), loadTokens(s.c))
}

// adopted returns to the form and hands the root the new session, which
// reloads the lists and shows Clients.
func (s *loginScreen) adopted(msg loginAdoptedMsg) tea.Cmd {
	if msg.err != nil {
		return tea.Batch(s.backToPage(), reportErr(msg.err))
	}
	note := "Logged in."
	if msg.sess.Notice != "" {
		note += " " + msg.sess.Notice
	}
	return tea.Batch(s.backToForm(), s.loadDefaults(), emit(sessionChangedMsg{sess: msg.sess, note: note, reload: true}))
}

package ui

import tea "charm.land/bubbletea/v2"

// This file holds how a message finds its receiver. App.Update sorts every
// message into one of four kinds:
//
//   - the root's own (a resize, the status line, a rate-limit pause, the
//     navigation of nav.go, a new session): the root acts on it;
//   - an answer (it embeds reply): it goes to the one screen or dialog
//     whose id it names, wherever that one is; an answer that changed the
//     account (an announcer) then hands its news to every screen;
//   - news (it implements news): every screen of every tab gets it;
//   - anything else (keys aside) is a library's own step, a huh form's or
//     a text field's: the current screen and the front dialog get it.

// ownerID names one screen or dialog. common hands them out, from 1; an
// answer addressed to 0 has no screen or dialog to go to.
type ownerID int

// owned gives a screen or dialog its id.
type owned struct{ id ownerID }

// ID is the id answers to this screen's or dialog's requests carry.
func (o owned) ID() ownerID { return o.id }

// reply addresses a command's result to the screen or dialog that
// started the command.
type reply struct{ to ownerID }

func (r reply) receiver() ownerID { return r.to }

// answer is a result message addressed with a reply.
type answer interface{ receiver() ownerID }

// announcer is an answer that is also news once it arrives (a revoke
// done, a client deleted, a secret saved); announce is nil when there is
// nothing to tell (the request failed).
type announcer interface {
	answer
	announce() news
}

// news is what every screen may follow rather than one asker: the
// account's lists, tokens revoked, the profile changed. A screen that
// does not follow a kind of news ignores it.
type news interface{ isNews() }

func (clientsLoadedMsg) isNews() {}
func (tokensLoadedMsg) isNews()  {}
func (tokensRevokedMsg) isNews() {}
func (profileSavedMsg) isNews()  {}
func (clientRemovedMsg) isNews() {}
func (setupDoneMsg) isNews()     {}

// answered delivers an answer, then the news it announces.
func (a *App) answered(msg answer) tea.Cmd {
	cmd := a.deliver(msg.receiver(), msg)
	if an, ok := msg.(announcer); ok {
		if n := an.announce(); n != nil {
			a.follow(n)
			cmd = tea.Batch(cmd, a.toScreens(n))
		}
	}
	return cmd
}

// follow is what the root itself takes from news: a revoke that took
// chatkeys' own token ends its login, which the header then says.
func (a *App) follow(n news) {
	if r, ok := n.(tokensRevokedMsg); ok && r.ownGone && a.c.sess.Login != nil {
		a.c.sess.Login.Revoked = true
	}
}

// deliver hands an answer to the screen or dialog with id to: any tab's
// stack, any place in the overlay. An answer whose asker has closed
// since is dropped.
func (a *App) deliver(to ownerID, msg tea.Msg) tea.Cmd {
	if d := a.dialogWithID(to); d != nil {
		return a.apply(d, d.HandleMsg(msg))
	}
	for t := range tabCount {
		for _, s := range a.stacks[t] {
			if s.ID() == to {
				return s.HandleMsg(msg)
			}
		}
	}
	return nil
}

// dialogWithID is the open dialog with id to, or nil.
func (a *App) dialogWithID(to ownerID) Dialog {
	for _, d := range a.dialogs {
		if d.ID() == to {
			return d
		}
	}
	return nil
}

// toScreens hands news to every screen of every tab, so a list loaded on
// one tab (clients) updates another (the tokens' client names).
func (a *App) toScreens(msg news) tea.Cmd {
	var cmds []tea.Cmd
	for t := range tabCount {
		for _, s := range a.stacks[t] {
			cmds = append(cmds, s.HandleMsg(msg))
		}
	}
	return tea.Batch(cmds...)
}

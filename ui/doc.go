// Package ui is chatkeys' terminal interface on Bubble Tea v2: one root
// App, the only tea.Model, over a stack of screens per tab and an overlay
// of dialogs. Screens and dialogs are plain structs the root calls; the
// root lays everything out in Update, so View only reads. Work that does
// I/O runs in commands, through the session's api.Client and a
// LoginBackend; a command captures values and changes no screen.
//
// App.Update routes each message by its type. A key goes to the front
// dialog (a paste too, when it has a text field), then to a screen whose text field has focus, then to the global
// keys, then to the current screen. The root acts on its own messages:
// sizes, the status line, rate-limit pauses, navigation, and a new
// session, which a screen emits and only the root applies. Every screen
// and dialog has an id from common; a command's result carries the id of
// the one that started it and goes to that one alone, wherever it is
// stacked (an answer). The loaded lists are news instead, which the root
// hands to every screen, and an answer that changed the account (a
// revoke's outcome, a deleted client, a secret saved into the profile)
// is announced to every screen as news once its asker has it. Anything
// else is a library's own step (a huh form's, a text field's) and goes
// to the current screen and the front dialog. route.go holds the rules.
//
// It imports api (types, the client, the sanitiser), authflow (the
// grants, the loopback-redirect rule, the flows' token type) and
// authflow/audit (the leaked-token match, the findings, a client's blast
// radius) and authflow/history (the entries its view shows, read through
// Options.History), never ui/cli, and never api/chatsim outside tests.
package ui

// Package ui is chatkeys' terminal interface on Bubble Tea v2: one root
// App, the only tea.Model, over a stack of screens per tab and an overlay
// of dialogs. Screens and dialogs are plain structs the root calls; the
// root routes each key (front dialog, then a focused text field, then the
// global keys, then the screen) and lays everything out in Update, so
// View only reads. Work that does I/O runs in commands, through the
// session's api.Client and a LoginBackend.
//
// It imports api (types, the client, the sanitiser) and authflow (the
// grants, the loopback-redirect rule, the flows' token type), never
// ui/cli, and never api/chatsim outside tests.
package ui

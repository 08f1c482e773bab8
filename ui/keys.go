package ui

import "charm.land/bubbles/v2/key"

// KeyMap holds every binding, grouped by where it applies. Screens and
// dialogs read their group; help is generated from the same bindings, so
// what the footer says is what the keys do.
type KeyMap struct {
	Global  GlobalKeys
	List    ListKeys
	Clients ClientsKeys
	Tokens  TokensKeys
	Confirm ConfirmKeys
	Secret  SecretKeys
	Login   LoginKeys
	Lookup  LookupKeys
	Audit   AuditKeys
	Detail  DetailKeys
}

// GlobalKeys work on every screen unless a text field has focus.
type GlobalKeys struct {
	Quit, ForceQuit, Help, Back, Clients, Tokens, Login, Audit, NextTab, PrevTab key.Binding
	// Lookup opens the leaked-token lookup; History the history of admin
	// actions.
	Lookup, History key.Binding
	// Palette lists every action available where the user is; Profile
	// switches profile through a picker.
	Palette, Profile key.Binding
}

// ListKeys move through and filter a table.
type ListKeys struct {
	Up, Down, Top, Bottom, PageUp, PageDown, Filter, ClearFilter, Reload, Open key.Binding
	// Sort moves the sort to the next column; SortReverse flips its
	// direction. Columns picks the visible columns; Wide uses the whole
	// width; AutoRefresh toggles the profile's refresh interval.
	Sort, SortReverse, Columns, Wide, AutoRefresh key.Binding
}

// DetailKeys copy a detail view's identifiers.
type DetailKeys struct {
	CopyID, CopyIdent key.Binding
}

// ClientsKeys act on the client under the cursor.
type ClientsKeys struct {
	New, Edit, Delete, Rotate, Tokens, Save key.Binding
}

// TokensKeys mark, revoke and copy tokens.
type TokensKeys struct {
	Mark, MarkAll, Revoke, Copy key.Binding
}

// ConfirmKeys answer a confirm dialog.
type ConfirmKeys struct {
	Yes, No, Toggle, Submit key.Binding
}

// SecretKeys act in the copy-once modal.
type SecretKeys struct {
	Copy, Save, Close key.Binding
}

// LookupKeys act in the leaked-token lookup: submit the value, then act
// on the token found.
type LookupKeys struct {
	Submit, Cancel, Revoke, RevokeClient, Rotate key.Binding
}

// AuditKeys act on the Audit tab's findings.
type AuditKeys struct {
	Show, Fix key.Binding
}

// LoginKeys drive a running login.
type LoginKeys struct {
	CopyURL, Paste, Cancel, Open key.Binding
}

// readOnly turns off every binding that would change the account: with
// them off, no key matches them and no help lists them.
func (k *KeyMap) readOnly() {
	for _, b := range []*key.Binding{&k.Clients.New, &k.Clients.Edit, &k.Clients.Delete, &k.Clients.Rotate, &k.Clients.Save,
		&k.Tokens.Revoke, &k.Lookup.Revoke, &k.Lookup.RevokeClient, &k.Lookup.Rotate, &k.Audit.Fix} {
		b.SetEnabled(false)
	}
}

func bind(help string, keys ...string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keys[0], help))
}

// DefaultKeyMap returns chatkeys' bindings.
func DefaultKeyMap() KeyMap {
	var k KeyMap
	k.Global = GlobalKeys{
		Quit:      bind("quit", "q"),
		ForceQuit: bind("quit", "ctrl+c"),
		Help:      bind("help", "?"),
		Back:      bind("back", "esc"),
		Clients:   bind("clients", "1"),
		Tokens:    bind("tokens", "2"),
		Login:     bind("login", "3"),
		Audit:     bind("audit", "4"),
		NextTab:   bind("next tab", "tab"),
		PrevTab:   bind("prev tab", "shift+tab"),
		Lookup:    bind("find token", "f"),
		History:   bind("history", "H"),
		Palette:   bind("commands", ":", "ctrl+p"),
		Profile:   bind("switch profile", "P"),
	}
	k.List = ListKeys{
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Top:         bind("top", "g", "home"),
		Bottom:      bind("bottom", "G", "end"),
		PageUp:      key.NewBinding(key.WithKeys("pgup", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "ctrl+d"), key.WithHelp("pgdn", "page down")),
		Filter:      bind("filter", "/"),
		ClearFilter: bind("back", "esc"),
		Reload:      bind("reload", "r"),
		Open:        bind("detail", "enter"),
		Sort:        bind("sort", "o"),
		SortReverse: bind("reverse sort", "O"),
		Columns:     bind("columns", "C"),
		Wide:        bind("wide", "w"),
		AutoRefresh: bind("auto-refresh", "R"),
	}
	k.Detail = DetailKeys{
		CopyID:    bind("copy id", "i"),
		CopyIdent: bind("copy identifier", "I"),
	}
	k.Clients = ClientsKeys{
		New:    bind("new", "n"),
		Edit:   bind("edit", "e"),
		Delete: bind("delete", "d"),
		Rotate: bind("rotate secret", "s"),
		Tokens: bind("its tokens", "t"),
		Save:   bind("save", "ctrl+s"),
	}
	k.Tokens = TokensKeys{
		Mark:    key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "mark")),
		MarkAll: bind("mark all", "a"),
		Revoke:  bind("revoke", "x"),
		Copy:    bind("copy", "c"),
	}
	k.Confirm = ConfirmKeys{
		Yes:    bind("yes", "y"),
		No:     bind("no", "n", "esc"),
		Toggle: key.NewBinding(key.WithKeys("left", "right", "h", "l", "tab"), key.WithHelp("←/→", "choose")),
		Submit: bind("confirm", "enter"),
	}
	k.Secret = SecretKeys{
		Copy:  bind("copy", "c"),
		Save:  bind("save to profile", "s"),
		Close: bind("close", "enter"),
	}
	k.Login = LoginKeys{
		CopyURL: bind("copy URL", "y"),
		Paste:   bind("paste redirect URL", "p"),
		Cancel:  bind("back", "esc"),
		Open:    bind("open browser", "o"),
	}
	k.Audit = AuditKeys{Show: bind("show subject", "enter"), Fix: bind("fix", "F")}
	k.Lookup = LookupKeys{
		Submit:       bind("look up", "enter"),
		Cancel:       bind("back", "esc"),
		Revoke:       bind("revoke token", "x"),
		RevokeClient: bind("revoke client's tokens", "X"),
		Rotate:       bind("rotate client secret", "s"),
	}
	return k
}

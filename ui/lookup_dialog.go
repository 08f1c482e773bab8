package ui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"chatkeys/api/safetext"
	"chatkeys/authflow/audit"
	"chatkeys/ui/format"
)

// lookupDialog finds the owner of a leaked token: a masked field takes
// the token or a fragment of it (typed or pasted), enter looks it up, and
// the card that follows names each token found and offers to revoke it,
// revoke its client's tokens or rotate its client's secret, each through
// a confirm. The value is masked while typed and dropped from the field
// the moment enter is pressed; only the request holds it, and never the
// answer.
type lookupDialog struct {
	passive
	sized
	owned
	c *common
	// clients is the Clients list, which a rotation answers.
	clients ownerID
	input   textinput.Model

	searching bool
	note      string // why the last value found nothing, or ""
	kind      audit.MatchKind
	found     []foundToken
	cursor    int // the token of found the card shows
}

var _ textDialog = (*lookupDialog)(nil)

// lookupMaxLen bounds the field: a token is a few dozen characters.
const lookupMaxLen = 4096

// lookupListRows is how many tokens the card lists at once when a
// fragment names several.
const lookupListRows = 3

func newLookupDialog(c *common, clients ownerID) *lookupDialog {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = "paste the token here"
	in.EchoMode = textinput.EchoPassword
	in.EchoCharacter = '•'
	in.CharLimit = lookupMaxLen
	return &lookupDialog{owned: c.own(), c: c, clients: clients, input: in}
}

// Init gives the field the keyboard.
func (d *lookupDialog) Init() tea.Cmd { return d.input.Focus() }

// Capturing is true while the field takes keys and pastes.
func (d *lookupDialog) Capturing() bool { return d.input.Focused() }

// SetSize fits the dialog and its field.
func (d *lookupDialog) SetSize(width, height int) {
	d.sized.SetSize(width, height)
	d.input.SetWidth(max(width-d.c.styles.Dialog.Frame.GetHorizontalFrameSize()-3, 10))
}

// HandleMsg edits the field, looks its value up on enter, then acts on
// the card's keys.
func (d *lookupDialog) HandleMsg(msg tea.Msg) Action {
	switch msg := msg.(type) {
	case tokenLookedUpMsg:
		return d.answered(msg)
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, d.c.keys.Lookup.Cancel):
			d.input.Reset()
			return actionClose{}
		case d.input.Focused():
			return d.typed(msg)
		case d.found != nil:
			return d.act(msg)
		}
		return actionNone{}
	}
	if d.input.Focused() { // a paste, the cursor's blink
		var cmd tea.Cmd
		d.input, cmd = d.input.Update(msg)
		return actionRun{cmd}
	}
	return actionNone{}
}

// typed edits the field; enter sends its value away and empties it.
func (d *lookupDialog) typed(msg tea.KeyPressMsg) Action {
	if !key.Matches(msg, d.c.keys.Lookup.Submit) {
		var cmd tea.Cmd
		d.input, cmd = d.input.Update(msg)
		return actionRun{cmd}
	}
	value := d.input.Value()
	d.input.Reset()
	if strings.TrimSpace(value) == "" {
		d.note = "Nothing to look up: paste a token or a fragment of one."
		return actionNone{}
	}
	d.input.Blur()
	d.searching, d.note = true, ""
	return actionRun{lookupToken(d.c, d.id, value)}
}

// answered shows the card, or goes back to the field saying why nothing
// was found; the status line says it too.
func (d *lookupDialog) answered(msg tokenLookedUpMsg) Action {
	d.searching = false
	if msg.err != nil || len(msg.found) == 0 {
		d.note = safetext.Sanitize(msg.err.Error(), 300)
		d.found = nil
		return actionRun{tea.Batch(reportErr(msg.err), d.input.Focus())}
	}
	d.kind, d.found, d.cursor = msg.kind, msg.found, 0
	return actionNone{}
}

// act runs the card's keys on the token it shows; each action closes the
// card and asks first.
func (d *lookupDialog) act(msg tea.KeyPressMsg) Action {
	lk, lu := d.c.keys.List, d.c.keys.Lookup
	f := d.found[d.cursor]
	t := f.Token
	switch {
	case key.Matches(msg, lk.Up):
		d.cursor = max(d.cursor-1, 0)
	case key.Matches(msg, lk.Down):
		d.cursor = min(d.cursor+1, len(d.found)-1)
	case key.Matches(msg, d.c.keys.Global.Lookup):
		d.found, d.note = nil, ""
		return actionRun{d.input.Focus()}
	case key.Matches(msg, lu.Revoke):
		return actionClose{then: confirmRevokeToken(d.c, "Revoke token",
			fmt.Sprintf("Revoke token %d of agent %d (%s)? Apps using it stop working at once.", t.ID, t.AgentID, d.clientLabel(f)),
			t.ID, f.Own)}
	case key.Matches(msg, lu.RevokeClient):
		n := len(f.clientIDs)
		return actionClose{then: confirmRevokeTokens(d.c, "Revoke the client's tokens",
			fmt.Sprintf("Revoke all %d token%s of %s? Apps using them stop working at once.", n, format.Plural(n), d.clientLabel(f)),
			f.clientIDs, f.clientOwn)}
	case key.Matches(msg, lu.Rotate):
		if f.client == nil {
			return actionRun{reportErr(fmt.Errorf("token %d's client no longer exists: there is no secret to rotate (x revokes the token)", t.ID))}
		}
		return actionClose{then: confirmRotate(d.c, d.clients, *f.client, &f.radius)}
	}
	return actionNone{}
}

// clientLabel names the client of f: its name and id, or that it is gone.
func (d *lookupDialog) clientLabel(f foundToken) string {
	if f.client == nil {
		return audit.UnknownClientName + " " + safetext.Sanitize(format.Prefix(f.ClientIdentifier, 12), 16)
	}
	return fmt.Sprintf("client %d %q", f.client.ID, safetext.Sanitize(f.client.Name, 40))
}

// ConfirmQuit lets a quit through: the field's value is dropped with the
// dialog.
func (d *lookupDialog) ConfirmQuit() bool { return false }

// Draw shows the field, the search in progress, or the card.
func (d *lookupDialog) Draw() string { return d.layout().draw() }

// layout is the box: the field and a Look up button, pressed as enter;
// the search in progress; or the card, whose rows a click chooses and
// whose buttons a click presses as their keys.
func (d *lookupDialog) layout() *dialogBox {
	s := d.c.styles.Dialog
	b := newDialogBox(s.Frame, d.width)
	inner := b.inner()
	switch {
	case d.searching:
		b.add(s.Title.Render("Find a leaked token"), "",
			s.Muted.Render("Looking it up among the account's tokens…"))
	case d.found != nil:
		d.card(b, inner)
	default:
		b.add(s.Title.Render("Find a leaked token"), "",
			s.Body.Width(inner).Render(fmt.Sprintf("Paste the token, or a fragment of at least %d characters. It stays hidden, "+
				"is never stored, and is dropped once looked up.", audit.MinFragment)), "",
			d.input.View(), "")
		b.buttons(buttonGap, dialogLabel{s.ActiveButton.Render("Look up"), pressing(d, d.c.keys.Lookup.Submit)})
		if d.note != "" {
			b.add("", d.c.styles.Text.Warning.Width(inner).Render(d.note))
		}
	}
	return b
}

// card names the tokens found, a row each when there are several, and
// details the one under the cursor, with a button for each action on it.
func (d *lookupDialog) card(b *dialogBox, inner int) {
	st := d.c.styles
	f := d.found[d.cursor]
	title := "Exact match: its " + fieldName(f.Field)
	if d.kind == audit.Fragment {
		title = fmt.Sprintf("%d tokens contain this fragment", len(d.found))
		if len(d.found) == 1 {
			title = "1 token contains this fragment"
		}
	}
	b.add(st.Dialog.Title.Render(title), "")
	if len(d.found) > 1 {
		first := min(max(d.cursor-lookupListRows+1, 0), len(d.found)-lookupListRows)
		for i := max(first, 0); i < min(max(first, 0)+lookupListRows, len(d.found)); i++ {
			row := d.listRow(d.found[i], inner)
			if i == d.cursor {
				row = st.Table.Selected.Render(row)
			}
			b.row(row, func() Action {
				d.cursor = i
				return actionNone{}
			})
		}
		if more := len(d.found) - lookupListRows; more > 0 {
			b.add(st.Dialog.Muted.Render(fmt.Sprintf("%d of %d · ↑/↓ choose", d.cursor+1, len(d.found))))
		}
		b.add("")
	}
	b.add(d.details(f, inner)...)
	if labels := d.cardButtons(f); len(labels) > 0 {
		b.add("")
		b.buttons(buttonGap, labels...)
	}
}

// cardButtons are the buttons of the actions on token f that the keys
// allow: revoke it, revoke its client's tokens, rotate its client's
// secret (when the client is listed).
func (d *lookupDialog) cardButtons(f foundToken) []dialogLabel {
	s, lu := d.c.styles.Dialog, d.c.keys.Lookup
	var labels []dialogLabel
	add := func(text string, b key.Binding) {
		if b.Enabled() {
			labels = append(labels, dialogLabel{s.Button.Render(text), pressing(d, b)})
		}
	}
	add("Revoke token", lu.Revoke)
	add(fmt.Sprintf("Revoke all %d of its client", len(f.clientIDs)), lu.RevokeClient)
	if f.client != nil {
		add("Rotate secret", lu.Rotate)
	}
	return labels
}

// listRow is one token of several in a line of inner cells.
func (d *lookupDialog) listRow(f foundToken, inner int) string {
	client := audit.UnknownClientName
	if f.client != nil {
		client = safetext.Sanitize(f.client.Name, 40)
	}
	row := fmt.Sprintf("%-6d %-22s agent %-10d %s", f.ID, fitWidth(client, 22), f.AgentID, format.Expiry(f.ExpireDate, d.c.now()))
	return fitWidth(row, inner)
}

// details are the card's rows for token f.
func (d *lookupDialog) details(f foundToken, inner int) []string {
	st := d.c.styles
	t, now := f.Token, d.c.now()
	client := audit.UnknownClientName + ": no listed client has " + f.ClientIdentifier
	if f.client != nil {
		client = fmt.Sprintf("%s · id %d · %s", f.client.Name, f.client.ID, f.ClientIdentifier)
	}
	expires := format.Absolute(t.ExpireDate)
	if t.ExpireDate != nil {
		expires += " · " + format.Expiry(t.ExpireDate, now)
	}
	rows := []detailRow{
		{"Token", strconv.FormatInt(t.ID, 10) + " · " + format.Prefix(f.TokenPrefix, audit.ReportPrefixLen)},
		{"Client", client},
		{"Agent", strconv.FormatInt(t.AgentID, 10)},
		{"Scopes", format.Scopes(t.Scopes)},
		{"Created", format.Absolute(t.CreateDate)},
		{"Expires", expires},
		{"Refresh token", format.YesNo(f.RefreshToken)},
	}
	body := renderDetail(st, "", rows, inner, 2*len(rows)+2)
	lines := strings.Split(body, "\n")[2:] // the card has its own title
	own := st.Detail.Value.Render("no")
	if f.Own {
		own = st.Dialog.Danger.Render("yes: revoking it logs chatkeys out")
	}
	return append(lines, st.Detail.Label.Render("chatkeys' login")+" "+own)
}

// fieldName words which value of a token matched.
func fieldName(f audit.Field) string {
	if f == audit.FieldRefresh {
		return "refresh token"
	}
	return "access token"
}

func (d *lookupDialog) ShortHelp() []key.Binding {
	lu := d.c.keys.Lookup
	if d.found != nil {
		return []key.Binding{lu.Revoke, lu.RevokeClient, lu.Rotate, lu.Cancel}
	}
	return []key.Binding{lu.Submit, lu.Cancel}
}

func (d *lookupDialog) FullHelp() [][]key.Binding {
	if d.found != nil {
		return [][]key.Binding{d.ShortHelp(), {d.c.keys.List.Up, d.c.keys.List.Down, d.c.keys.Global.Lookup}}
	}
	return [][]key.Binding{d.ShortHelp()}
}

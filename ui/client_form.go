package ui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"chatkeys/api"
	"chatkeys/api/safetext"
)

// clientFormValues is what the form edits. It lives outside the huh form,
// so rebuilding the form (to show a server error) loses nothing typed.
type clientFormValues struct {
	name, company, redirects string
	scopes                   []string
	clientType               string
}

// clientForm creates or edits a client with huh. It validates as the user
// types, saves on ctrl+s or on submitting the last field, and puts the
// server's validation errors back on the field they name.
type clientForm struct {
	passive
	owned
	c         *common
	original  *api.OAuthClient // nil when creating
	v         clientFormValues
	initial   clientFormValues  // the values the form opened with
	serverErr map[string]string // field → message from the server
	form      formHost
	saving    bool
	width     int // the cells the root gave, for the key line
}

var _ Screen = (*clientForm)(nil)

func newClientForm(c *common, original *api.OAuthClient) *clientForm {
	f := &clientForm{owned: c.own(), c: c, original: original, serverErr: map[string]string{}}
	f.form = newFormHost(f.id)
	f.v = clientFormValues{scopes: []string{"read"}, clientType: api.ClientTypePublic, redirects: "http://localhost:8080"}
	if original != nil {
		// The form shows, and compares against, the client's fields as
		// sanitised: huh draws them raw, and a field the user leaves as it
		// is must not be sent back changed.
		shown := *original
		shown.Name, shown.Company = safetext.Sanitize(original.Name, 100), safetext.Sanitize(original.Company, 100)
		shown.RedirectURIs = nil
		for _, u := range original.RedirectURIs {
			shown.RedirectURIs = append(shown.RedirectURIs, safetext.Sanitize(u, 500))
		}
		original = &shown
		f.original = original
		f.v = clientFormValues{
			name: original.Name, company: original.Company,
			redirects:  strings.Join(original.RedirectURIs, "\n"),
			scopes:     original.ScopeList(),
			clientType: original.Type(),
		}
	}
	f.initial = f.v
	f.initial.scopes = slices.Clone(f.v.scopes)
	f.build()
	return f
}

// changed reports whether the user has changed any value since the form
// opened.
func (f *clientForm) changed() bool {
	a, b := f.v, f.initial
	return a.name != b.name || a.company != b.company || a.redirects != b.redirects ||
		a.clientType != b.clientType || !slices.Equal(a.scopes, b.scopes)
}

// leave closes the form, asking first when that would drop changes.
func (f *clientForm) leave() tea.Cmd {
	if !f.changed() {
		return closeScreen(f)
	}
	return openDialog(newConfirmDialog(f.c, "Discard the changes?",
		"What was typed into "+f.Title()+" is lost; ctrl+s saves it instead.", "", "Discard", closeScreen(f)))
}

func (f *clientForm) Title() string {
	if f.original == nil {
		return "New client"
	}
	return "Edit " + safetext.Sanitize(f.original.Name, 30)
}

// Capturing: every key goes to the form's fields.
func (f *clientForm) Capturing() bool { return true }

func (f *clientForm) Init() tea.Cmd { return f.form.Init() }

// build makes the huh form over f.v. A field with a server error shows it
// as its description until the value changes.
func (f *clientForm) build() {
	typeNote := "Password and client-credentials grants need confidential."
	if f.original == nil {
		typeNote = "Zendesk sets the type only by update: for confidential, chatkeys creates the client, then updates it."
	}
	f.form.set(huh.NewForm(
		huh.NewGroup(
			themed(huh.NewInput()).Key("name").Title("Name").Description(f.describe("name", "Users see it when they authorize.")).
				Value(&f.v.name).CharLimit(100).Validate(validateName),
			themed(huh.NewInput()).Key("company").Title("Company").Description(f.describe("company", "Also shown on the consent page.")).
				Value(&f.v.company).CharLimit(100),
			themed(huh.NewText()).Key("redirect_uris").Title("Redirect URLs").
				Description(f.describe("redirect_uris", "One per line: https, or http://localhost.")).
				Value(&f.v.redirects).Lines(3).Validate(validateRedirects),
		).Title(f.Title()),
		huh.NewGroup(
			themed(huh.NewMultiSelect[string]()).Key("scopes").Title("Scopes").
				Description(f.describe("scopes", "What tokens of this client may do.")).
				Options(huh.NewOption("read: list and show", "read"), huh.NewOption("write: create, update, delete", "write")).
				Value(&f.v.scopes).Height(4).Validate(validateScopes),
			themed(huh.NewSelect[string]()).Key("client_type").Title("Type").Description(f.describe("client_type", typeNote)).
				Options(huh.NewOption("public", api.ClientTypePublic), huh.NewOption("confidential", api.ClientTypeConfidential)).
				Value(&f.v.clientType),
		).Title(f.Title()),
	).WithShowHelp(false).WithKeyMap(formKeyMap()).WithTheme(formTheme))
}

// describe returns the field's description, or the server's error for it.
func (f *clientForm) describe(field, normal string) string {
	if msg := f.serverErr[field]; msg != "" {
		return "✗ Zendesk: " + msg
	}
	return normal
}

// problems runs every local check on the current values, for the live
// summary under the form.
func (f *clientForm) problems() []string {
	var out []string
	for _, err := range []error{validateName(f.v.name), validateRedirects(f.v.redirects), validateScopes(f.v.scopes)} {
		if err != nil {
			out = append(out, err.Error())
		}
	}
	return out
}

// HandleKey saves on ctrl+s, leaves on esc, and passes the rest to huh.
func (f *clientForm) HandleKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case f.saving:
		return nil
	case key.Matches(msg, f.c.keys.Clients.Save):
		return f.submit()
	case key.Matches(msg, f.c.keys.Global.Back):
		return f.leave()
	}
	return f.form.Update(msg)
}

// HandleMsg handles the save's result and the form's submit and cancel,
// and feeds huh its own messages.
func (f *clientForm) HandleMsg(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(clientSavedMsg); ok {
		return f.saved(msg)
	}
	switch ev, cmd := f.form.HandleMsg(msg); ev {
	case formSubmitted:
		return f.submit()
	case formAborted:
		return closeScreen(f)
	default:
		return cmd
	}
}

// submit validates everything and sends the create or the update.
func (f *clientForm) submit() tea.Cmd {
	if p := f.problems(); len(p) > 0 {
		if f.form.huh.State != huh.StateNormal { // a submitted huh form takes no more keys
			f.rebuildKeepingPlace()
		}
		return reportErr(errors.New("fix the form first: " + p[0]))
	}
	f.serverErr = map[string]string{}
	f.saving = true
	if f.original == nil {
		return createClient(f.c, f.id, f.params(true))
	}
	p := f.params(false)
	if p.IsEmpty() {
		f.saving = false
		return tea.Batch(closeScreen(f), info("Nothing changed."))
	}
	return updateClient(f.c, f.id, f.original.ID, p)
}

// params builds the request: everything on create, only changes on update.
func (f *clientForm) params(create bool) api.ClientParams {
	var p api.ClientParams
	name, company := strings.TrimSpace(f.v.name), strings.TrimSpace(f.v.company)
	redirects := api.RedirectURIs(splitRedirects(f.v.redirects))
	scopes := strings.Join(orderScopes(f.v.scopes), " ")
	o := f.original
	if create || name != o.Name {
		p.Name = api.String(name)
	}
	if create || company != o.Company {
		p.Company = api.String(company)
	}
	if create || !slices.Equal(redirects, o.RedirectURIs) {
		p.RedirectURIs = redirects
	}
	if create || scopes != strings.Join(o.ScopeList(), " ") {
		p.Scopes = api.String(scopes)
	}
	if (create && f.v.clientType != api.ClientTypePublic) || (!create && f.v.clientType != o.Type()) {
		p.ClientType = api.String(f.v.clientType)
	}
	return p
}

// saved closes the form on success, showing a new client's secret once; a
// validation error goes back onto its field, with every value kept. A
// client the server holds now (also when the type update after a create
// failed) reloads the list.
func (f *clientForm) saved(msg clientSavedMsg) tea.Cmd {
	f.saving = false
	var cmds []tea.Cmd
	if msg.client != nil {
		cmds = append(cmds, loadClients(f.c))
	}
	if msg.created && msg.client != nil {
		cmds = append(cmds, closeScreen(f), showSecret(newSecretModal(f.c,
			fmt.Sprintf("Secret of new client %q", safetext.Sanitize(msg.client.Name, 40)),
			"Client ID: "+msg.client.ClientIdentifier+". Zendesk shows the secret whole only now.", msg.client.ClientSecret),
			"the new client's secret"))
		if msg.err != nil {
			cmds = append(cmds, reportErr(msg.err))
		} else {
			cmds = append(cmds, info(fmt.Sprintf("Created client %d.", msg.client.ID)))
		}
		return tea.Batch(cmds...)
	}
	if msg.err == nil {
		return tea.Batch(append(cmds, closeScreen(f), info(fmt.Sprintf("Saved client %d.", msg.client.ID)))...)
	}
	var apiErr *api.Error
	if errors.As(msg.err, &apiErr) && apiErr.Status == 400 && apiErr.Field != "" {
		f.serverErr[apiErr.Field] = apiErr.Message
	}
	f.rebuildKeepingPlace() // a submitted huh form is blank and deaf until rebuilt
	return tea.Batch(append(cmds, reportErr(msg.err))...)
}

// rebuildKeepingPlace rebuilds the form so descriptions show the current
// server errors; the values are untouched because they live in f.v.
func (f *clientForm) rebuildKeepingPlace() {
	f.build()
	f.form.Init()
}

// SetSize fits the form above its footer of problems and keys.
func (f *clientForm) SetSize(width, height int) {
	f.width = width
	var footer clickBox[tea.Cmd]
	f.footer(&footer)
	f.form.SetSize(width, max(height-len(footer.parts), 3))
}

func (f *clientForm) View() string { return f.layout().String() }

// layout is the screen: the form, then its footer, whose Save button a
// click presses as ctrl+s.
func (f *clientForm) layout() *clickBox[tea.Cmd] {
	b := &clickBox[tea.Cmd]{}
	if f.saving {
		b.add(f.c.styles.Text.Muted.Render("Saving…"))
		return b
	}
	b.add(f.form.View())
	f.footer(b)
	return b
}

// click presses the Save button when (x, y) is on it.
func (f *clientForm) click(x, y int) tea.Cmd {
	if press, ok := f.layout().at(x, y, f.width); ok {
		return press()
	}
	return nil
}

// footer adds to b the problems huh does not already show under the
// form, then the Save button and the keys.
func (f *clientForm) footer(b *clickBox[tea.Cmd]) {
	s := f.c.styles
	shown := map[string]bool{} // huh already shows these under the form
	for _, err := range f.form.huh.Errors() {
		shown[err.Error()] = true
	}
	for _, p := range f.problems() {
		if !shown[p] {
			b.add(s.Text.Warning.Render("• " + p))
		}
	}
	save := func() tea.Cmd {
		if p, ok := bindingPress(f.c.keys.Clients.Save); ok {
			return f.HandleKey(p)
		}
		return nil
	}
	b.buttons(0, clickLabel[tea.Cmd]{s.Dialog.ActiveButton.Render("Save"), save},
		clickLabel[tea.Cmd]{text: s.Text.Muted.Render("  ctrl+s, or enter on the last field")})
	b.add(s.Text.Muted.Render(keyHints(f.width,
		[]string{"ctrl+s save", "esc back"}, "tab next field", "shift+tab previous field", "enter new line in URLs")))
}

func (f *clientForm) ShortHelp() []key.Binding {
	return []key.Binding{f.c.keys.Clients.Save, f.c.keys.Global.Back}
}

func (f *clientForm) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// formKeyMap lets enter start a new line in the URL list; tab moves on.
func formKeyMap() *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	km.Text.NewLine = key.NewBinding(key.WithKeys("enter", "ctrl+j"), key.WithHelp("enter", "new line"))
	km.Text.Next = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next"))
	km.Text.Submit = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "submit"))
	km.Text.Editor = key.NewBinding(key.WithDisabled())
	km.Quit = key.NewBinding(key.WithDisabled())
	noFilter(km)
	return km
}

// noFilter turns off huh's "/" filter on lists: the choices are short, and
// a filter box would swallow keys the user meant for chatkeys.
func noFilter(km *huh.KeyMap) {
	km.Select.Filter = key.NewBinding(key.WithDisabled())
	km.MultiSelect.Filter = key.NewBinding(key.WithDisabled())
}

// orderScopes puts read before write, whatever order they were picked in.
func orderScopes(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

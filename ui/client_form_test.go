package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"chatkeys/api"
)

func TestClientFormValidatesAsYouType(t *testing.T) {
	f := newClientForm(newTestCommon(), nil)
	f.Init()
	mustContain(t, viewAt(f, 90, 22), "a name is required")
	typeText("Reporting", func(k tea.KeyPressMsg) { f.HandleKey(k) })
	if f.v.name != "Reporting" {
		t.Fatalf("name = %q", f.v.name)
	}
	if strings.Contains(plain(viewAt(f, 90, 22)), "a name is required") {
		t.Fatal("the name problem did not clear as the name was typed")
	}
	f.v.redirects = "https://ok.example/cb\nhttp://example.com/cb"
	mustContain(t, viewAt(f, 90, 22), "http://example.com/cb must use https")
}

func TestClientFormRefusesToSaveWithProblems(t *testing.T) {
	f := newClientForm(newTestCommon(), nil)
	msgs := collect(t, f.HandleKey(press("ctrl+s")))
	st, ok := findMsg[statusMsg](msgs)
	if !ok || st.err == nil || !strings.Contains(st.err.Error(), "name is required") || f.saving {
		t.Fatalf("ctrl+s on an empty form: %v", msgs)
	}
}

func TestClientFormCreateSendsEveryFieldAndTheTypeByUpdate(t *testing.T) {
	f := newClientForm(newTestCommon(), nil)
	f.Init()
	f.v = clientFormValues{name: " Bot ", company: "Acme", redirects: "https://a.example\nhttp://localhost:9000",
		scopes: []string{"write", "read"}, clientType: api.ClientTypeConfidential}
	p := f.params(true)
	if *p.Name != "Bot" || *p.Company != "Acme" || p.RedirectURIs.String() != "https://a.example http://localhost:9000" ||
		*p.Scopes != "read write" || *p.ClientType != "confidential" {
		t.Fatalf("params %+v", p)
	}
}

func TestClientFormEditSendsOnlyWhatChanged(t *testing.T) {
	orig := fakeClients()[0]
	f := newClientForm(newTestCommon(), &orig)
	f.v.company = "Acme Inc"
	p := f.params(false)
	if p.Company == nil || *p.Company != "Acme Inc" || p.Name != nil || p.Scopes != nil || p.RedirectURIs != nil || p.ClientType != nil {
		t.Fatalf("params %+v, want only the company", p)
	}
	f.v.company = orig.Company
	if msgs := collect(t, f.submit()); !f.params(false).IsEmpty() || len(msgs) == 0 {
		t.Fatal("an unchanged form should not send an update")
	}
}

func TestServerValidationErrorLandsOnItsFieldAndKeepsWhatWasTyped(t *testing.T) {
	f := newClientForm(newTestCommon(), nil)
	f.Init()
	typeText("Bot", func(k tea.KeyPressMsg) { f.HandleKey(k) })
	f.v.redirects = "https://a.example/cb"
	collect(t, f.submit())
	if !f.saving {
		t.Fatal("submit did not send")
	}
	msgs := collect(t, f.HandleMsg(clientSavedMsg{created: true, err: &api.Error{
		Status: 400, Field: "redirect_uris", Message: "redirect_uris must be registered on an allowed host",
	}}))
	if f.saving || f.v.name != "Bot" || f.v.redirects != "https://a.example/cb" {
		t.Fatalf("state after the error: saving %v, values %+v", f.saving, f.v)
	}
	if _, ok := findMsg[popScreenMsg](msgs); ok {
		t.Fatal("the form closed on a server error")
	}
	view := plain(viewAt(f, 100, 30))
	if !strings.Contains(view, "Bot") || !strings.Contains(view, "https://a.example/cb") {
		t.Fatalf("the rebuilt form lost the typed values:\n%s", view)
	}
	redirectAt := strings.Index(view, "Redirect URLs")
	errAt := strings.Index(view, "✗ Zendesk: redirect_uris must be registered")
	if redirectAt < 0 || errAt < redirectAt {
		t.Fatalf("the server error is not on the Redirect URLs field:\n%s", view)
	}
}

func TestCreatedClientShowsItsSecretOnceAndClosesTheForm(t *testing.T) {
	f := newClientForm(newTestCommon(), nil)
	f.saving = true
	created := fakeClients()[0]
	created.ClientSecret = "the-whole-secret-0123456789"
	msgs := collect(t, f.HandleMsg(clientSavedMsg{client: &created, created: true}))
	open, ok := findMsg[openDialogMsg](msgs)
	if !ok {
		t.Fatal("no copy-once modal")
	}
	if m := open.dialog.(*secretModal); m.value != "the-whole-secret-0123456789" {
		t.Fatalf("modal holds %q", m.value)
	}
	if _, ok := findMsg[popScreenMsg](msgs); !ok {
		t.Fatal("the form stayed open")
	}
}

func TestEscLeavesTheFormWithoutSaving(t *testing.T) {
	f := newClientForm(newTestCommon(), nil)
	if _, ok := findMsg[popScreenMsg](collect(t, f.HandleKey(press("esc")))); !ok || f.saving {
		t.Fatal("esc did not leave the form")
	}
}

func TestEscFromAnUnchangedFormLeavesAtOnce(t *testing.T) {
	a := newTestApp(t)
	send(t, a, "e")
	send(t, a, "esc")
	if a.front() != nil || len(a.stacks[tabClients]) != 1 {
		t.Fatalf("esc from an unchanged form left %T in front, %d screens", a.front(), len(a.stacks[tabClients]))
	}
}

func TestEscFromAChangedFormAsksBeforeDroppingIt(t *testing.T) {
	a := newTestApp(t)
	send(t, a, "n")
	typeInto(a, "Bot")
	send(t, a, "esc")
	if _, ok := a.front().(*confirmDialog); !ok {
		t.Fatalf("esc from a changed form opened %T, not a confirm", a.front())
	}
	mustContain(t, viewOf(a), "Discard the changes?")
	send(t, a, "n")
	form, ok := a.screen().(*clientForm)
	if !ok || form.v.name != "Bot" {
		t.Fatalf("no kept the form: %T", a.screen())
	}
	send(t, a, "esc")
	send(t, a, "y")
	if len(a.stacks[tabClients]) != 1 {
		t.Fatalf("discarding left %T open", a.screen())
	}
}

func TestTheClientFormShowsASaveButton(t *testing.T) {
	a := newTestApp(t)
	send(t, a, "n")
	mustContain(t, viewOf(a), "Save    ctrl+s")
}

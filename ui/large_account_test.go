package ui

import (
	"runtime"
	"strconv"
	"strings"
	"testing"

	"chatkeys/api"
)

func TestAClientDetailCountsTokensThatArriveWhileItOpens(t *testing.T) {
	c := newTestCommon()
	s := newClientsScreen(c)
	clients := fakeClients()
	s.HandleMsg(clientsLoadedMsg{list: clients})
	push := s.HandleKey(press("enter")) // the detail is built; the root pushes it later
	tokens := fakeTokens(50)
	want := 0
	for _, tok := range tokens {
		if tok.ClientIdentifier == clients[0].ClientIdentifier {
			want++
		}
	}
	if want == 0 {
		t.Fatal("the fixture gives the first client no tokens")
	}
	s.HandleMsg(tokensLoadedMsg{list: tokens}) // before the push
	msg, ok := push().(pushScreenMsg)
	if !ok {
		t.Fatalf("enter did not open the detail: %T", msg)
	}
	view := plain(viewAt(msg.screen, 100, 30))
	if !strings.Contains(view, strconv.Itoa(want)+" (t lists them)") {
		t.Fatalf("the detail does not count the %d tokens that arrived:\n%s", want, view)
	}
}

func TestARevokeQuestionNamesAFewClientsAndCountsTheRest(t *testing.T) {
	s := newTokensScreen(newTestCommon())
	tokens := fakeTokens(10)
	var clients []api.OAuthClient
	for i := range tokens {
		tokens[i].ClientIdentifier = "client-ident-" + strconv.Itoa(i)
		clients = append(clients, api.OAuthClient{ID: int64(i + 1), Name: "Widget " + strconv.Itoa(i), ClientIdentifier: tokens[i].ClientIdentifier})
	}
	s.HandleMsg(clientsLoadedMsg{list: clients})
	s.HandleMsg(tokensLoadedMsg{list: tokens})
	s.HandleKey(press("a"))
	msg, ok := s.confirmRevoke()().(openDialogMsg)
	if !ok {
		t.Fatal("no confirm dialog")
	}
	text := plain(drawAt(msg.dialog, 80, 24))
	if !strings.Contains(text, "and 7 more") || strings.Count(text, "Widget ") != 3 {
		t.Fatalf("the question does not stay short:\n%s", text)
	}
}

// manyClients is n clients, as a large account has.
func manyClients(n int) []api.OAuthClient {
	clients := make([]api.OAuthClient, n)
	for i := range clients {
		clients[i] = api.OAuthClient{ID: int64(i + 1), Name: "Integration " + strconv.Itoa(i), Company: "Acme",
			ClientIdentifier: "client-" + strings.Repeat("0", 40) + strconv.Itoa(1e9+i), ClientType: "public", Scopes: "read write"}
	}
	return clients
}

// TestTheLoginFormOverManyClientsDoesNotRebuildTheThemePerOption pins
// the memory of building the Login form over 500 clients, which happens
// on every clients load: with huh's theme built afresh for each draw of
// each option it was 255 MB, which set the TUI's peak at 100,000 tokens;
// now about 3 MB. The bound leaves room for the race detector, under
// which the text parsers' pool keeps nothing (about 50 MB).
func TestTheLoginFormOverManyClientsDoesNotRebuildTheThemePerOption(t *testing.T) {
	clients := manyClients(500)
	c := newTestCommon()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	newLoginForm(c, &loginFormValues{}, clients, LoginRequest{})
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 128<<20 {
		t.Fatalf("building the Login form over %d clients allocated %d KB", len(clients), got>>10)
	}
}

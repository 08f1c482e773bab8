package ui

import (
	"strconv"
	"strings"
	"testing"
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

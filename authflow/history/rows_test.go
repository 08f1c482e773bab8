package history

import (
	"reflect"
	"testing"
	"time"

	"chatkeys/api"
)

func TestRowsGiveEachTargetARowAndAnEntryWithoutTargetsOne(t *testing.T) {
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	entries := []Entry{
		{Time: at, Profile: "work", Subdomain: "acme", AgentID: 7, Action: "token.revoke", Targets: []Target{
			{TokenID: 12, Result: api.ResultConfirmed},
			{TokenID: 13, Result: api.ResultNotConfirmed, Status: 200},
			{ClientID: 5, ClientIdentifier: "zopim", Result: api.ResultFailed, Status: 403},
			{ClientID: 6, Result: api.ResultConfirmed},
			{ClientIdentifier: "other"},
		}},
		{Time: at, Profile: "work", Host: "chat.example", Action: "logout"},
	}
	want := []Row{
		{at, "work", "acme", "7", "token.revoke", "token 12", "confirmed"},
		{at, "work", "acme", "7", "token.revoke", "token 13", "not confirmed (HTTP 200)"},
		{at, "work", "acme", "7", "token.revoke", "client 5 (zopim)", "failed (HTTP 403)"},
		{at, "work", "acme", "7", "token.revoke", "client 6", "confirmed"},
		{at, "work", "acme", "7", "token.revoke", "client other", ""},
		{at, "work", "chat.example", "", "logout", "", ""},
	}
	if got := Rows(entries); !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n%+v\nwant\n%+v", got, want)
	}
}

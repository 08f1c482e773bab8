package history

import (
	"fmt"
	"strconv"
	"time"

	"chatkeys/api"
)

// Row is one target of one entry, in words, as both front ends list the
// history: an entry without targets is one row with an empty target.
// The words are the server's and the file's as they are: sanitise them
// before they are drawn.
type Row struct {
	Time time.Time
	// Account is the subdomain, or the host when there is none.
	Profile, Account, Agent, Action string
	// Target is "token 12", "client 5 (ident)", "client 5" or "client
	// ident"; Result is "confirmed", "not confirmed" or "failed", with
	// the HTTP status when one came.
	Target, Result string
}

// Rows lays entries out one row per target, in their order.
func Rows(entries []Entry) []Row {
	var rows []Row
	for _, e := range entries {
		account := e.Subdomain
		if account == "" {
			account = e.Host
		}
		agent := ""
		if e.AgentID != 0 {
			agent = strconv.FormatInt(e.AgentID, 10)
		}
		targets := e.Targets
		if len(targets) == 0 {
			targets = []Target{{}}
		}
		for _, t := range targets {
			rows = append(rows, Row{Time: e.Time, Profile: e.Profile, Account: account, Agent: agent,
				Action: e.Action, Target: t.name(), Result: t.outcome()})
		}
	}
	return rows
}

// name names the target.
func (t Target) name() string {
	switch {
	case t.TokenID != 0:
		return "token " + strconv.FormatInt(t.TokenID, 10)
	case t.ClientID != 0 && t.ClientIdentifier != "":
		return fmt.Sprintf("client %d (%s)", t.ClientID, t.ClientIdentifier)
	case t.ClientID != 0:
		return "client " + strconv.FormatInt(t.ClientID, 10)
	case t.ClientIdentifier != "":
		return "client " + t.ClientIdentifier
	}
	return ""
}

// outcome words the target's result, with its HTTP status when known.
func (t Target) outcome() string {
	r := t.Result
	switch r {
	case api.ResultNotConfirmed:
		r = "not confirmed"
	case "":
		return ""
	}
	if t.Status != 0 {
		r += " (HTTP " + strconv.Itoa(t.Status) + ")"
	}
	return r
}

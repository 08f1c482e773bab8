package api

import (
	"errors"
)

// The names of the actions a Client reports to its recorder
// (WithRecorder), and of the login actions authflow reports the same way.
// They are the only names a history of admin actions holds.
const (
	ActionClientCreate       = "client.create"
	ActionClientUpdate       = "client.update"
	ActionClientDelete       = "client.delete"
	ActionClientRotateSecret = "client.rotate_secret"
	ActionTokenRevoke        = "token.revoke"
	ActionLogin              = "login"
	ActionLogout             = "logout"
)

// ActionNames lists every action name above, in that order.
func ActionNames() []string {
	return []string{ActionClientCreate, ActionClientUpdate, ActionClientDelete, ActionClientRotateSecret,
		ActionTokenRevoke, ActionLogin, ActionLogout}
}

// The results one target of an action can have.
const (
	// ResultConfirmed: the server confirmed it (for a DELETE, by
	// ConfirmDelete's rule; otherwise a 2xx reply that decoded).
	ResultConfirmed = "confirmed"
	// ResultNotConfirmed: a request went out but its outcome is not
	// known: a DELETE's reply did not confirm it, or no reply came (the
	// connection broke, the work was cancelled while it was in flight).
	ResultNotConfirmed = "not_confirmed"
	// ResultFailed: the server refused it with an error status.
	ResultFailed = "failed"
)

// Action is one change a Client made, or tried to make, on the account,
// as its recorder hears of it: what was done and, for each thing it was
// done to, how it went. It holds ids, public client identifiers, result
// names and HTTP statuses, and no other text, so no token, secret or
// password can travel in it.
type Action struct {
	// Name is one of the Action… constants.
	Name    string
	Targets []ActionTarget
}

// ActionTarget is one thing an Action was done to and its result.
type ActionTarget struct {
	// TokenID is the token revoked; 0 for a client action.
	TokenID int64
	// ClientID is the client's id; 0 for a token action, and for a create
	// the server refused (no id exists).
	ClientID int64
	// ClientIdentifier is the client's public identifier, when the reply
	// named it.
	ClientIdentifier string
	// Result is one of the Result… constants.
	Result string
	// Status is the HTTP status of the reply that decided Result; 0 when
	// none came, or for a confirmed action.
	Status int
}

// ResultOf names the result of a request that ended with err: confirmed
// when err is nil, not confirmed when a DELETE's reply did not confirm it
// or no HTTP status is known, and failed, with the status, when the
// server answered with an error.
func ResultOf(err error) (result string, status int) {
	if err == nil {
		return ResultConfirmed, 0
	}
	var nc *NotConfirmedError
	if errors.As(err, &nc) {
		return ResultNotConfirmed, nc.Status
	}
	if st := StatusOf(err); st != 0 {
		return ResultFailed, st
	}
	return ResultNotConfirmed, 0
}

// WithRecorder makes the Client report each action that changes the
// account (creating, updating and deleting a client, generating its
// secret, revoking tokens) to fn once the action has ended, whatever its
// result. RevokeMany reports one action for the whole run, naming every
// token a request was sent for; a token never tried (the work was stopped
// or cancelled first) is left out, since nothing was done to it. fn is
// called from the goroutine that made the request and should return
// quickly.
func WithRecorder(fn func(Action)) Option { return func(c *Client) { c.recorder = fn } }

// record reports an action to the Client's recorder, if it has one.
func (c *Client) record(name string, targets ...ActionTarget) {
	if c.recorder == nil || len(targets) == 0 {
		return
	}
	c.recorder(Action{Name: name, Targets: targets})
}

// clientTarget is the target of a client action that ended with err.
func clientTarget(id int64, cl *OAuthClient, err error) ActionTarget {
	t := ActionTarget{ClientID: id}
	if cl != nil {
		if t.ClientID == 0 {
			t.ClientID = cl.ID
		}
		t.ClientIdentifier = cl.ClientIdentifier
	}
	t.Result, t.Status = ResultOf(err)
	return t
}

// tokenTarget is the target of a token revocation that ended with err.
func tokenTarget(id int64, err error) ActionTarget {
	t := ActionTarget{TokenID: id}
	t.Result, t.Status = ResultOf(err)
	return t
}

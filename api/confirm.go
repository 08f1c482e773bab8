package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// ErrNotConfirmed is matched (errors.Is) when the server answered a
// DELETE in a way that does not confirm it happened.
var ErrNotConfirmed = errors.New("not confirmed")

// NotConfirmedError is a DELETE (a token revocation, a client deletion)
// whose reply does not say it was done. The thing may or may not be gone;
// chatkeys never reports it as done.
type NotConfirmedError struct {
	Method string
	Path   string
	Status int
	// Why says what about the reply fails to confirm it.
	Why string
}

func (e *NotConfirmedError) Error() string {
	return fmt.Sprintf("not confirmed: %s (HTTP %d)", e.Why, e.Status)
}

func (e *NotConfirmedError) Is(target error) bool { return target == ErrNotConfirmed }

// IsNotConfirmed reports whether err is a reply that did not confirm a
// DELETE.
func IsNotConfirmed(err error) bool { return errors.Is(err, ErrNotConfirmed) }

// maxConfirmBody bounds how much of a DELETE's 200 reply is read.
const maxConfirmBody = 64 << 10

// ConfirmDelete is chatkeys' one rule for what counts as a done DELETE: a
// 204 No Content, or a 200 OK whose body is empty or JSON that is not an
// error object. Any other status, 2xx included (201, 202, 206, …), and a
// 200 that carries an error object or a page that is not the API's, is
// not confirmed. It returns nil when confirmed, else a
// *NotConfirmedError. body is what was read of the reply, contentType its
// Content-Type.
func ConfirmDelete(status int, contentType string, body []byte) error {
	why := ""
	switch trimmed := bytes.TrimSpace(body); {
	case status == http.StatusNoContent:
		return nil
	case status != http.StatusOK:
		why = "the server answered " + statusName(status) + ", which does not say it was done"
	case len(trimmed) == 0:
		return nil
	case strings.Contains(strings.ToLower(contentType), "html") || trimmed[0] == '<':
		why = "the 200 reply is an HTML page, not the API's answer"
	case !json.Valid(trimmed):
		why = "the 200 reply is not JSON"
	case isErrorObject(trimmed):
		_, msg, _ := parseErrorBody(status, "application/json", trimmed)
		why = "the 200 reply is an error: " + msg
	default:
		return nil
	}
	return &NotConfirmedError{Status: status, Why: why}
}

// isErrorObject reports whether a JSON value reports an error: an object
// with a non-empty "error", "errors" or "error_description", a false
// "success" or "ok", or a "status" of "error", "fail" or "failed" (keys
// in any case); or an array holding such an object. Zendesk's DELETE
// replies carry no body, so whatever shape a body claims failure in, the
// claim is believed: a deletion is never reported on a doubtful reply.
func isErrorObject(b []byte) bool {
	if b[0] == '[' {
		var items []json.RawMessage
		if json.Unmarshal(b, &items) != nil {
			return false
		}
		for _, item := range items {
			if item = bytes.TrimSpace(item); len(item) > 0 && isErrorObject(item) {
				return true
			}
		}
		return false
	}
	var raw map[string]json.RawMessage
	if b[0] != '{' || json.Unmarshal(b, &raw) != nil {
		return false
	}
	fields := make(map[string]string, len(raw))
	for k, v := range raw {
		fields[strings.ToLower(k)] = strings.TrimSpace(string(v))
	}
	for _, k := range []string{"error", "errors", "error_description"} {
		switch fields[k] {
		case "", "null", "false", `""`, "[]", "{}":
		default:
			return true
		}
	}
	for _, k := range []string{"success", "ok"} {
		if fields[k] == "false" {
			return true
		}
	}
	switch strings.ToLower(fields["status"]) {
	case `"error"`, `"fail"`, `"failed"`, `"failure"`:
		return true
	}
	return false
}

// statusName renders a status as "202 Accepted", or "HTTP 299".
func statusName(status int) string {
	if t := http.StatusText(status); t != "" {
		return fmt.Sprintf("%d %s", status, t)
	}
	return fmt.Sprintf("HTTP %d", status)
}

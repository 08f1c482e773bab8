package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"chatkeys/api/safetext"
)

// maxErrorBody bounds how much of an error reply is read.
const maxErrorBody = 1 << 20

// newError turns a non-2xx reply into an *Error. It reads at most
// maxErrorBody bytes and keeps none of them verbatim beyond a short,
// sanitised message. redact lists values (the bearer token) that must never
// appear in the message, whatever the server echoed.
func newError(resp *http.Response, method, path string, redact ...string) *Error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	// Redact the whole body before anything is cut to length, so no part
	// of a secret can survive at the edge of a truncated message.
	body = []byte(redactAll(string(body), redact))
	e := &Error{Status: resp.StatusCode, Method: method, Path: path}
	e.Code, e.Message, e.Field = parseErrorBody(resp.StatusCode, resp.Header.Get("Content-Type"), body)
	return e
}

// parseErrorBody reads the error code, a message and the field at fault
// from the shapes the Chat API, the token endpoint and proxies send: JSON
// with "error" and "description" or "error_description", an HTML page, an
// empty body, or plain text.
func parseErrorBody(status int, contentType string, body []byte) (code, message, field string) {
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return "", statusText(status), ""
	case strings.Contains(contentType, "html") || trimmed[0] == '<':
		if status >= 500 {
			return "", fmt.Sprintf("server error %d (HTML page)", status), ""
		}
		return "", fmt.Sprintf("%s (HTML page)", statusText(status)), ""
	case trimmed[0] == '{':
		var fields map[string]json.RawMessage
		if json.Unmarshal(trimmed, &fields) != nil {
			return "", statusText(status) + " (malformed JSON reply)", ""
		}
		code = safetext.Sanitize(jsonString(fields["error"]), 64)
		field = safetext.Sanitize(jsonString(fields["field"]), 64)
		said := fields["error"] != nil
		for _, k := range []string{"description", "error_description", "message"} {
			if fields[k] != nil {
				said = true
			}
			if s := safetext.Sanitize(jsonString(fields[k]), 200); s != "" {
				message = s
				break
			}
		}
		switch {
		case message == "" && code != "":
			message = code
		case message == "" && said:
			message = emptyBody
		case message == "":
			message = statusText(status)
		}
		return code, message, field
	default:
		if message = safetext.Sanitize(string(trimmed), 200); message == "" {
			message = emptyBody
		}
		return "", message, ""
	}
}

// emptyBody is the message for an error body with nothing printable in it.
const emptyBody = "(empty error body)"

// jsonString returns raw as a string if it is a JSON string, else "".
func jsonString(raw json.RawMessage) string {
	var s string
	if len(raw) == 0 || json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

func statusText(status int) string {
	if t := http.StatusText(status); t != "" {
		return strings.ToLower(t)
	}
	return fmt.Sprintf("HTTP %d", status)
}

// SummarizeErrorBody reduces an error reply from any OAuth or API server to
// its error code and a short, safe message, as newError does for the API.
// authflow uses it for the token endpoint, whose raw bodies must never be
// shown.
func SummarizeErrorBody(status int, contentType string, body []byte) (code, message string) {
	code, message, _ = parseErrorBody(status, contentType, body)
	return code, message
}

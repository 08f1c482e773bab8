package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode"
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
	e.Hint = hintForStatus(e.Status, method, e.Message)
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
		code = jsonString(fields["error"])
		field = Sanitize(jsonString(fields["field"]), 64)
		for _, k := range []string{"description", "error_description", "message"} {
			if s := jsonString(fields[k]); s != "" {
				message = s
				break
			}
		}
		code = Sanitize(code, 64)
		switch {
		case message == "" && code != "":
			message = code
		case message == "":
			message = statusText(status)
		}
		return code, Sanitize(message, 200), field
	default:
		line, _, _ := strings.Cut(string(trimmed), "\n")
		return "", Sanitize(line, 200), ""
	}
}

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

// Sanitize makes text from outside safe to print on one terminal line: it
// drops control characters (and so every escape sequence's introducer),
// folds whitespace, and cuts the text to max runes.
func Sanitize(s string, max int) string {
	var b strings.Builder
	n := 0
	space := false
	for _, r := range s {
		if n >= max {
			b.WriteString("…")
			break
		}
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r) || r == unicode.ReplacementChar || unicode.Is(unicode.Cf, r):
			continue
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
		}
		b.WriteRune(r)
		n++
	}
	return stripCSIRemnants(b.String())
}

// stripCSIRemnants removes what is left of an ANSI sequence once its ESC
// has been dropped ("[31m"), so a hostile message cannot smuggle colour
// codes or fake text into an error line.
func stripCSIRemnants(s string) string {
	if !strings.Contains(s, "[") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '[' {
			j := i + 1
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == '?') {
				j++
			}
			if j < len(s) && j > i+1 && (s[j] >= 'A' && s[j] <= 'Z' || s[j] >= 'a' && s[j] <= 'z') {
				i = j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// RedactAll replaces every occurrence of each secret (of 4 characters or
// more) with a marker.
func RedactAll(s string, secrets ...string) string { return redactAll(s, secrets) }

// redactAll replaces every occurrence of each non-empty secret with a
// marker.
func redactAll(s string, secrets []string) string {
	for _, secret := range secrets {
		if len(secret) >= 4 {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}

// SummarizeErrorBody reduces an error reply from any OAuth or API server to
// its error code and a short, safe message, as newError does for the API.
// authflow uses it for the token endpoint, whose raw bodies must never be
// shown.
func SummarizeErrorBody(status int, contentType string, body []byte) (code, message string) {
	code, message, _ = parseErrorBody(status, contentType, body)
	return code, message
}

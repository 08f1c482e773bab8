package cli

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"strings"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"chatkeys/api"
	"chatkeys/authflow/audit"
	"chatkeys/ui/format"
)

// tokenPrefixLen is how much of a token the tables show, as much as
// --json does.
const tokenPrefixLen = audit.ReportPrefixLen

// toTokenJSON is the stable --json shape of a token, which never carries
// the token's value: only a prefix, enough to recognise it.
func toTokenJSON(t *api.OAuthToken, clientNames map[string]string, now time.Time) audit.TokenReport {
	return audit.ReportOf(t, clientNames[t.ClientIdentifier], now)
}

// revokeJSON is the --json shape of one revocation's outcome.
type revokeJSON struct {
	ID      int64 `json:"id"`
	Revoked bool  `json:"revoked"`
	// Outcome is "revoked", "failed" (the server refused, or its reply did
	// not confirm it) or "not_tried" (stopped before it was sent).
	Outcome string `json:"outcome"`
	Error   string `json:"error,omitempty"`
}

// tokensTable prints the tokens table, a row as each token arrives
// (aligned for a terminal, where flush writes them all).
type tokensTable struct {
	tw  *table
	now time.Time
}

func newTokensTable(w io.Writer, aligned bool, now time.Time) *tokensTable {
	t := &tokensTable{tw: newTable(w, aligned), now: now}
	t.tw.row("ID", "CLIENT", "AGENT", "SCOPES", "CREATED", "EXPIRES", "REFRESH", "TOKEN")
	return t
}

func (t *tokensTable) row(tok *api.OAuthToken, clientNames map[string]string) error {
	client := clientNames[tok.ClientIdentifier]
	if client == "" && t.tw.aligned {
		client = clientLabel(tok.ClientIdentifier, clientNames)
	} else if client == "" {
		client = tok.ClientIdentifier
	}
	t.tw.row(strconv.FormatInt(tok.ID, 10), client, strconv.FormatInt(tok.AgentID, 10),
		format.Scopes(tok.Scopes), t.tw.date(tok.CreateDate, format.Ago(tok.CreateDate, t.now)),
		t.tw.date(tok.ExpireDate, format.Expiry(tok.ExpireDate, t.now)),
		format.YesNo(tok.RefreshToken != ""), format.Prefix(tok.AccessToken, tokenPrefixLen))
	return nil
}

func (t *tokensTable) flush() error { return t.tw.flush() }

// clientLabel names a token's client by its name when known, else by a
// short form of its identifier; it is sanitised.
func clientLabel(ident string, names map[string]string) string {
	if n := names[ident]; n != "" {
		return cell(n)
	}
	return cell(format.Prefix(ident, 12))
}

// tokenList writes chatkeys tokens list --json a token at a time: byte
// for byte what writeJSON writes for the whole []audit.TokenReport, so that a
// list is never held whole. A token whose every field is plain (printable
// ASCII that neither JSON nor the HTML escaping touches, UTC dates of
// four-digit years) is appended field by field; any other goes through
// the encoder writeJSON uses and escapeUnsafe, as every token did before.
// The opening bracket waits for the first token, so a command that fails
// before any prints no half document.
type tokenList struct {
	w   *bufio.Writer
	now time.Time
	n   int
	buf []byte // one token's bytes

	// The general path, made on first use.
	slowBuf bytes.Buffer
	slowEnc *jsontext.Encoder
}

func newTokenList(w io.Writer, now time.Time) *tokenList {
	return &tokenList{w: bufio.NewWriterSize(w, 256<<10), now: now}
}

// add writes one token.
func (l *tokenList) add(t *api.OAuthToken, names map[string]string) error {
	sep := ",\n  "
	if l.n == 0 {
		sep = "[\n  "
	}
	b, ok := appendPlainToken(append(l.buf[:0], sep...), t, names[t.ClientIdentifier], l.now)
	if !ok {
		item, err := l.encode(toTokenJSON(t, names, l.now))
		if err != nil {
			return err
		}
		b = append(append(b[:0], sep...), item...)
	}
	l.buf = b
	l.n++
	_, err := l.w.Write(b)
	return err
}

// encode is the general path: one item as writeJSON encodes it inside
// the list.
func (l *tokenList) encode(v audit.TokenReport) ([]byte, error) {
	if l.slowEnc == nil {
		l.slowEnc = jsontext.NewEncoder(&l.slowBuf, jsonOutput, jsontext.WithIndent("  "), jsontext.WithIndentPrefix("  "))
	}
	l.slowBuf.Reset()
	if err := jsonv2.MarshalEncode(l.slowEnc, v, jsonOutput); err != nil {
		return nil, err
	}
	return escapeUnsafe(bytes.TrimSuffix(l.slowBuf.Bytes(), []byte("\n"))), nil
}

// close ends the array and writes out what is buffered.
func (l *tokenList) close() error {
	if l.n == 0 {
		l.w.WriteString("[]\n")
	} else {
		l.w.WriteString("\n]\n")
	}
	return l.w.Flush()
}

// abort ends the list after a failure: what was written stays, and no
// closing bracket makes it look whole.
func (l *tokenList) abort() { l.w.Flush() }

// appendPlainToken appends t as writeJSON indents a tokenJSON inside the
// list, and reports false, having appended an unknown part, when some
// field is not plain and needs the general path.
func appendPlainToken(b []byte, t *api.OAuthToken, name string, now time.Time) ([]byte, bool) {
	prefix := audit.Prefix(t.AccessToken)
	if !plainJSON(t.ClientIdentifier) || !plainJSON(name) || !plainJSON(prefix) || !plainScopes(t.Scopes) {
		return b, false
	}
	b = append(b, "{\n    \"id\": "...)
	b = strconv.AppendInt(b, t.ID, 10)
	b = append(b, ",\n    \"client_identifier\": \""...)
	b = append(b, t.ClientIdentifier...)
	b = append(b, "\",\n    \"client_name\": \""...)
	b = append(b, name...)
	b = append(b, "\",\n    \"agent_id\": "...)
	b = strconv.AppendInt(b, t.AgentID, 10)
	b = append(b, ",\n    \"scopes\": ["...)
	first := true
	for s := range strings.FieldsSeq(t.Scopes) {
		if first {
			b = append(b, "\n      \""...)
			first = false
		} else {
			b = append(b, "\",\n      \""...)
		}
		b = append(b, s...)
	}
	if !first {
		b = append(b, "\"\n    "...)
	}
	b = append(b, "],\n    \"create_date\": "...)
	b, ok := appendPlainTime(b, t.CreateDate)
	if !ok {
		return b, false
	}
	b = append(b, ",\n    \"expire_date\": "...)
	if b, ok = appendPlainTime(b, t.ExpireDate); !ok {
		return b, false
	}
	b = append(b, ",\n    \"expired\": "...)
	b = strconv.AppendBool(b, t.Expired(now))
	b = append(b, ",\n    \"refresh_token\": "...)
	b = strconv.AppendBool(b, t.RefreshToken != "")
	b = append(b, ",\n    \"token_prefix\": \""...)
	b = append(b, prefix...)
	return append(b, "\"\n  }"...), true
}

// appendPlainTime appends a date as the encoder writes it (RFC 3339 with
// nanoseconds, quoted) or null, and reports false for a date in another
// zone or outside the years 0 to 9999, which the general path handles.
func appendPlainTime(b []byte, t *time.Time) ([]byte, bool) {
	if t == nil {
		return append(b, "null"...), true
	}
	if t.Location() != time.UTC || t.Year() < 0 || t.Year() > 9999 {
		return b, false
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), true
}

// plainJSON reports whether s is written into a JSON string as it is:
// printable ASCII other than the quote, the backslash and the characters
// the HTML escaping rewrites.
func plainJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		if !plainByte[s[i]] {
			return false
		}
	}
	return true
}

// plainScopes reports whether every scope in s is plainJSON and s holds
// no byte beyond ASCII, so that strings.Fields splits it on ASCII
// whitespace alone.
func plainScopes(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !plainByte[c] && c != ' ' && c != '\t' && c != '\n' && c != '\v' && c != '\f' && c != '\r' {
			return false
		}
	}
	return true
}

var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = true
	}
	for _, c := range `"\<>&` {
		t[c] = false
	}
	return t
}()

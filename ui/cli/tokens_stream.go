package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/authflow/audit"
	"chatkeys/ui/hint"
)

// eachToken calls fn with every token of the account, or of one client
// when ident is set, as the tokens are decoded, with a map from client
// identifier to name for display. The client and token lists are asked
// for at once; the first token waits only for the clients' answer. The
// names are a nicety: if the clients cannot be listed, tokens still are.
func eachToken(ctx context.Context, c *api.Client, ident string, fn func(t *api.OAuthToken, names map[string]string) error) error {
	replies := listClients(ctx, c)
	var (
		names   map[string]string
		want    string
		listErr error
		ready   bool
	)
	prepare := func() error {
		r := <-replies
		ready, listErr = true, r.err
		names = make(map[string]string, len(r.list))
		for _, cl := range r.list {
			names[cl.ClientIdentifier] = cl.Name
		}
		if ident == "" {
			return nil
		}
		var err error
		want, err = resolveClientIdent(ident, r.list, r.err)
		return err
	}
	matched := 0
	for t, err := range c.OAuthTokens.All(ctx) {
		if err != nil {
			return err
		}
		if !ready {
			if err := prepare(); err != nil {
				return err
			}
		}
		if ident != "" && t.ClientIdentifier != want {
			continue
		}
		matched++
		if err := fn(t, names); err != nil {
			return err
		}
	}
	if !ready {
		if err := prepare(); err != nil {
			return err
		}
	}
	if ident != "" && listErr != nil && matched == 0 {
		// Without the clients list, an unknown name is told apart from a
		// client without tokens only by the tokens themselves.
		return hint.With(fmt.Errorf("no token belongs to a client %q, and the clients could not be listed to check the name: %w",
			safetext.Sanitize(ident, 80), listErr), "give the client's identifier, as chatkeys tokens list shows it")
	}
	return nil
}

// clientsReply is the clients list, or why it could not be had.
type clientsReply struct {
	list []api.OAuthClient
	err  error
}

// listClients asks for the clients list on a goroutine of its own, so
// that the tokens can be asked for at the same time.
func listClients(ctx context.Context, c *api.Client) <-chan clientsReply {
	replies := make(chan clientsReply, 1)
	go func() {
		list, err := c.OAuthClients.List(ctx)
		replies <- clientsReply{list, err}
	}()
	return replies
}

// listAccount lists the tokens and the clients at once. The tokens' error
// comes first; the clients' is left to the caller, in clients.err.
func listAccount(ctx context.Context, c *api.Client) (clients clientsReply, tokens []api.OAuthToken, err error) {
	replies := listClients(ctx, c)
	tokens, err = c.OAuthTokens.List(ctx)
	clients = <-replies
	return clients, tokens, err
}

// loadTokens is eachToken collected, for the commands that need the whole
// list (a confirmation that counts them).
func loadTokens(ctx context.Context, c *api.Client, ident string) ([]api.OAuthToken, map[string]string, error) {
	var (
		out   []api.OAuthToken
		names map[string]string
	)
	err := eachToken(ctx, c, ident, func(t *api.OAuthToken, n map[string]string) error {
		out, names = append(out, *t), n
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return out, names, nil
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

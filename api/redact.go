package api

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// redactMarker replaces a secret in text that may be shown or logged.
const redactMarker = "[redacted]"

// RedactAll replaces every occurrence of each secret (of 4 characters or
// more) with a marker, in any spelling a server could echo it back in:
// as is, URL-encoded or form-encoded (%2B or + for a space, hex in either
// case, any mix of encoded and plain characters), or JSON-escaped
// (\u002b, \/). A token endpoint that echoes the request body therefore
// leaks nothing through an error message.
func RedactAll(s string, secrets ...string) string { return redactAll(s, secrets) }

func redactAll(s string, secrets []string) string {
	for _, secret := range secrets {
		if len(secret) < 4 {
			continue
		}
		if strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, redactMarker)
		}
		if strings.ContainsAny(s, `%+\`) {
			s = spellings(secret).ReplaceAllLiteralString(s, redactMarker)
		}
	}
	return s
}

// spellings matches secret with each of its characters written plainly,
// percent-encoded (either case), as "+" when it is a space, or as a JSON
// escape.
func spellings(secret string) *regexp.Regexp {
	var b strings.Builder
	for _, r := range secret {
		b.WriteString("(?:")
		b.WriteString(regexp.QuoteMeta(string(r)))
		var buf [utf8.UTFMax]byte
		n := utf8.EncodeRune(buf[:], r)
		b.WriteString("|")
		for _, c := range buf[:n] {
			fmt.Fprintf(&b, "%%(?i:%02x)", c)
		}
		if r == ' ' {
			b.WriteString(`|\+`)
		}
		if r == '/' {
			b.WriteString(`|\\/`)
		}
		if r <= 0xffff {
			fmt.Fprintf(&b, `|\\u(?i:%04x)`, r)
		}
		b.WriteString(")")
	}
	return regexp.MustCompile(b.String())
}

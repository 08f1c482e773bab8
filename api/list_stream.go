package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"chatkeys/api/safetext"
)

// MaxPages bounds how many pages one list follows.
const MaxPages = 1000

// listReader decodes a list reply one item at a time, so that no list is
// ever held whole: the Chat API sends a JSON array, and a proxy or a
// later API version may send an object holding the array and a link to
// the next page ("next_page" or "next_url"). It decodes with
// go-json-experiment/json, about three times as fast as encoding/json on
// a token list, with encoding/json's leniency: invalid UTF-8 is
// replaced, duplicate names and any letter case are accepted.
type listReader[T any] struct {
	each func(*T) error
	next string // the next page's URL, "" for none
}

// decodeOptions make the decoder as lenient as encoding/json.
var decodeOptions = jsonv2.JoinOptions(
	jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true), jsonv2.MatchCaseInsensitiveNames(true))

// decodeReply reads the body as it arrives: an array by arrayItems, any
// other shape by the general decoder.
func (l *listReader[T]) decodeReply(r io.Reader) error {
	a := &arrayReader{r: r}
	c, ok, err := a.peek()
	switch {
	case err != nil:
		return err
	case !ok:
		return errors.New("empty reply where JSON was expected")
	case c == '[':
		a.i++
		return arrayItems(a, l.each)
	}
	return l.decodeGeneral(io.MultiReader(bytes.NewReader(a.buf[a.i:]), r))
}

// decodeGeneral reads a reply of any shape with the general decoder.
func (l *listReader[T]) decodeGeneral(r io.Reader) error {
	dec := jsontext.NewDecoder(r, decodeOptions)
	tok, err := dec.ReadToken()
	if errors.Is(err, io.EOF) {
		return errors.New("empty reply where JSON was expected")
	}
	if err != nil {
		return jsonErr(err)
	}
	switch tok.Kind() {
	case '[':
		return l.items(dec)
	case '{':
		return l.object(dec)
	}
	return errors.New("malformed JSON reply: expected a list")
}

// object reads {"<name>": [...], "next_page": "...", ...}: the first
// array is the list, and any other value is skipped.
func (l *listReader[T]) object(dec *jsontext.Decoder) error {
	seen := false
	for dec.PeekKind() != '}' {
		key, err := dec.ReadToken()
		if err != nil {
			return jsonErr(err)
		}
		name := key.String()
		switch kind := dec.PeekKind(); {
		case kind == '[' && !seen:
			seen = true
			if _, err := dec.ReadToken(); err != nil {
				return jsonErr(err)
			}
			if err := l.items(dec); err != nil {
				return err
			}
		case kind == '"' && (name == "next_page" || name == "next_url"):
			tok, err := dec.ReadToken()
			if err != nil {
				return jsonErr(err)
			}
			l.next = tok.String()
		case kind == 0:
			_, err := dec.ReadToken()
			return jsonErr(err)
		default:
			if err := dec.SkipValue(); err != nil {
				return jsonErr(err)
			}
		}
	}
	if !seen {
		return errors.New("malformed JSON reply: no list in the object")
	}
	return nil
}

// items reads an array's elements, after its opening bracket.
func (l *listReader[T]) items(dec *jsontext.Decoder) error {
	for {
		switch dec.PeekKind() {
		case ']':
			_, err := dec.ReadToken()
			return jsonErr(err)
		case 0:
			_, err := dec.ReadToken()
			return jsonErr(err)
		}
		var item T
		if err := jsonv2.UnmarshalDecode(dec, &item, decodeOptions); err != nil {
			return jsonErr(err)
		}
		if err := l.each(&item); err != nil {
			return &consumerError{err}
		}
	}
}

// consumerError is an error of the function the items are handed to: it
// is returned as it is, not as a malformed reply.
type consumerError struct{ err error }

func (e *consumerError) Error() string { return e.err.Error() }
func (e *consumerError) Unwrap() error { return e.err }

// jsonErr describes a decoding error without quoting the body.
func jsonErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("malformed JSON reply: it ended early")
	}
	var se *jsonv2.SemanticError
	if errors.As(err, &se) {
		return fmt.Errorf("malformed JSON reply: a value of the wrong type at %s", safetext.Sanitize(string(se.JSONPointer), 80))
	}
	var syn *jsontext.SyntacticError
	if errors.As(err, &syn) {
		return fmt.Errorf("malformed JSON reply: invalid JSON at byte %d", syn.ByteOffset)
	}
	return errors.New("malformed JSON reply: " + safetext.Sanitize(err.Error(), 120))
}

// each sends a GET for the list at path and calls fn with every item as
// it is decoded, following next-page links within the API's origin.
func each[T any](ctx context.Context, c *Client, path string, fn func(*T) error) error {
	l := &listReader[T]{each: fn}
	for page := 0; ; page++ {
		l.next = ""
		if err := c.do(ctx, "GET", path, nil, l); err != nil {
			return err
		}
		if l.next == "" {
			return nil
		}
		if page+1 >= MaxPages {
			return fmt.Errorf("the list goes on past %d pages; chatkeys stopped there", MaxPages)
		}
		next, err := c.nextPage(l.next)
		if err != nil {
			return err
		}
		path = next
	}
}

// nextPage checks a next-page link: it must stay at the API's origin, so
// the bearer token goes nowhere else, and it is returned relative to the
// base URL when it can be.
func (c *Client) nextPage(link string) (string, error) {
	u, err := c.base.Parse(link)
	if err != nil || !sameOrigin(u, c.base) {
		host := ""
		if u != nil {
			host = u.Host
		}
		return "", fmt.Errorf("the next page is at another origin (%s); chatkeys does not send the token there", safetext.Sanitize(host, 100))
	}
	return u.String(), nil
}

// seq adapts each to an iterator: the loop's body runs as items arrive,
// and breaking out stops the reading.
func seq[T any](ctx context.Context, c *Client, path, what string) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		stopped := errors.New("stopped")
		err := each(ctx, c, path, func(item *T) error {
			if !yield(item, nil) {
				return stopped
			}
			return nil
		})
		if err != nil && !errors.Is(err, stopped) {
			yield(nil, fmt.Errorf("%s: %w", what, err))
		}
	}
}

// collect is a list read whole, for the callers that need it all.
func collect[T any](items iter.Seq2[*T, error]) ([]T, error) {
	var list []T
	for item, err := range items {
		if err != nil {
			return nil, err
		}
		list = append(list, *item)
	}
	return list, nil
}

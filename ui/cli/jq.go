package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/itchyny/gojq"
	"github.com/spf13/cobra"

	"chatkeys/api/safetext"
)

// jsonAlways annotates a command whose output is JSON without --json
// (chatkeys api): it takes --jq too.
const jsonAlways = "chatkeys/json-always"

// addJQFlags gives every command under root that has --json, or always
// prints JSON, a --jq flag into *expr, so that no command registers it
// itself.
func addJQFlags(root *cobra.Command, expr *string) {
	if root.Flags().Lookup("json") != nil || root.Annotations[jsonAlways] != "" {
		root.Flags().StringVar(expr, "jq", "", "filter the JSON output with a jq expression (implies --json); strings print raw")
	}
	for _, c := range root.Commands() {
		addJQFlags(c, expr)
	}
}

// startJQ, before cmd runs, compiles its --jq expression, turns on its
// --json and holds stdout. An expression that does not compile is a
// usage error.
func (f *Factory) startJQ(cmd *cobra.Command) error {
	if fl := cmd.Flags().Lookup("jq"); fl == nil || !fl.Changed {
		return nil
	}
	code, err := compileJQ(f.flags.jq)
	if err != nil {
		return err
	}
	if cmd.Flags().Lookup("json") != nil {
		if err := cmd.Flags().Set("json", "true"); err != nil {
			return err
		}
	}
	f.jq = code
	f.out.held = &bytes.Buffer{}
	return nil
}

// compileJQ parses and compiles a --jq expression. The query sees no
// environment ($ENV and env are empty): chatkeys' own secrets, such as
// CHATKEYS_TOKEN, are never in reach of what it prints.
func compileJQ(expr string) (*gojq.Code, error) {
	q, err := gojq.Parse(expr)
	if err != nil {
		return nil, usagef("--jq %s: %s", oneLine(strconv.Quote(expr)), oneLine(jqMessage(err)))
	}
	code, err := gojq.Compile(q, gojq.WithEnvironLoader(func() []string { return nil }))
	if err != nil {
		return nil, usagef("--jq %s: %s", oneLine(strconv.Quote(expr)), oneLine(jqMessage(err)))
	}
	return code, nil
}

// jqMessage is gojq's error without the expression it repeats on
// further lines.
func jqMessage(err error) string {
	msg := err.Error()
	if i := bytes.IndexByte([]byte(msg), '\n'); i >= 0 {
		msg = msg[:i]
	}
	return msg
}

// finishJQ runs the --jq query over what the command printed, if it
// printed a whole JSON document, and writes each result on its own line
// to the real stdout: a string as its text (sanitised), anything else as
// compact JSON with every unsafe rune escaped, as writeJSON does. runErr
// is the command's own failure, which wins over the query's.
func (f *Factory) finishJQ(ctx context.Context, runErr error) error {
	if f.jq == nil {
		return runErr
	}
	doc := f.out.held.Bytes()
	f.out.held = nil
	if len(bytes.TrimSpace(doc)) == 0 {
		return runErr
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		// A command that failed midway left half a document: its error
		// says why, and nothing of it prints.
		return errors.Join(runErr, fmt.Errorf("--jq: the output is not one JSON document: %w", err))
	}
	out, err := jqResults(ctx, f.jq, v)
	f.out.w.Write(out)
	if runErr != nil {
		return runErr
	}
	return err
}

// jqResults are code's results over v, each on its own line, up to the
// first error.
func jqResults(ctx context.Context, code *gojq.Code, v any) ([]byte, error) {
	var out bytes.Buffer
	iter := code.RunWithContext(ctx, v)
	for {
		r, ok := iter.Next()
		if !ok {
			break
		}
		switch r := r.(type) {
		case error:
			var halt *gojq.HaltError
			if errors.As(r, &halt) && halt.Value() == nil {
				return out.Bytes(), nil // halt: stop, successfully
			}
			return out.Bytes(), fmt.Errorf("--jq: %s", oneLine(jqMessage(r)))
		case string:
			out.WriteString(safetext.Sanitize(r, plainMax))
		default:
			b, err := gojq.Marshal(r)
			if err != nil {
				return out.Bytes(), err
			}
			out.Write(escapeUnsafe(b))
		}
		out.WriteByte('\n')
	}
	return out.Bytes(), nil
}

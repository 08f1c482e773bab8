package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/spf13/cobra"

	"chatkeys/api"
	"chatkeys/authflow"
	"chatkeys/authflow/config"
)

// maxInputBody bounds the request body --input reads.
const maxInputBody = 1 << 20

// apiOptions are chatkeys api's.
type apiOptions struct {
	apiDeps
	Path   string
	Method string
	// Body is the JSON payload: from -f fields or --input; nil for none.
	Body []byte
}

// apiMethods are the methods chatkeys api sends.
var apiMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

func newCmdAPI(f *Factory, runF func(context.Context, *apiOptions) error) *cobra.Command {
	opts := &apiOptions{apiDeps: apiDepsOf(f)}
	var raw, typed []string
	var input string
	parse := func(args []string, cmd *cobra.Command) error {
		p, err := apiPath(args[0])
		if err != nil {
			return err
		}
		opts.Path = p
		fields := len(raw)+len(typed) > 0
		if fields && input != "" {
			return usagef("give -f/-F fields or --input, not both")
		}
		var params []param
		switch {
		case fields:
			params, err = parseParams(raw, typed, opts.IO.In)
		case input != "":
			opts.Body, err = readInput(input, opts.IO.In)
		}
		if err != nil {
			return err
		}
		opts.Method, err = apiMethod(opts.Method, cmd.Flags().Changed("method"), fields || opts.Body != nil, opts.Body != nil)
		if err != nil || !fields {
			return err
		}
		if opts.Method == http.MethodGet || opts.Method == http.MethodDelete {
			opts.Path = withQuery(opts.Path, params)
			return nil
		}
		opts.Body, err = paramsBody(params)
		return err
	}
	cmd := apiCommand(spec{use: "api PATH [-X METHOD] [-f key=value]... [-F key=value]... [--input FILE] [--jq EXPR]",
		short: "Send an authenticated request to the Chat API and print the JSON reply",
		long: "Send one request to the Chat API with the profile's login (refreshed as needed) and print the JSON\n" +
			"reply, indented. PATH is relative to the API base (oauth/clients, oauth/tokens?page=2); a PATH\n" +
			"starting with /oauth2/ goes to the account's host instead. -f key=value (repeatable) adds a string\n" +
			"field; -F key=value adds a typed one: true, false, null and integers become JSON's, @FILE is the\n" +
			"file's text (@- stdin). Fields make a JSON object body and the method POST, unless -X says\n" +
			"otherwise; with -X GET or DELETE they go into the query string. --input FILE (- for stdin) sends a\n" +
			"JSON document. A reply that is not 2xx is an error (exit 1). The token the request carries is\n" +
			"redacted from the reply. Only https is used, except to loopback addresses.",
		args: cobra.ExactArgs(1)}, opts, &opts.apiDeps, parse, apiRun, runF)
	cmd.Flags().StringVarP(&opts.Method, "method", "X", http.MethodGet, "HTTP method: GET, POST, PUT, PATCH or DELETE")
	cmd.Flags().StringArrayVarP(&raw, "raw-field", "f", nil, "add a string field key=value (repeatable; implies POST)")
	cmd.Flags().StringArrayVarP(&typed, "field", "F", nil, "add a typed field key=value: true, false, null, integers as JSON; @FILE a file's text (repeatable)")
	cmd.Flags().StringVar(&input, "input", "", "send FILE's JSON as the body (- for stdin)")
	cmd.Annotations = map[string]string{jsonAlways: "true"}
	return cmd
}

// apiPath checks PATH: a path on the API, never a URL of another host.
func apiPath(p string) (string, error) {
	p = strings.TrimSpace(p)
	u, err := url.Parse(p)
	switch {
	case p == "" || p == "/":
		return "", usagef("PATH is empty: give a path relative to the API base, e.g. oauth/clients")
	case err != nil:
		return "", usagef("PATH %q is not a path: %v", oneLine(p), err)
	case u.Scheme != "" || u.Host != "" || strings.HasPrefix(p, "//"):
		return "", usagef("PATH %q names a host: give a path relative to the API base, e.g. oauth/clients", oneLine(p))
	}
	return p, nil
}

// apiMethod is -X, upper-cased and checked; without -X, POST when there
// are fields or a body and GET otherwise. Fields go into the query of a
// GET or DELETE; a body cannot.
func apiMethod(m string, given, fields, body bool) (string, error) {
	if !given {
		if fields {
			return http.MethodPost, nil
		}
		return http.MethodGet, nil
	}
	m = strings.ToUpper(strings.TrimSpace(m))
	if !slices.Contains(apiMethods, m) {
		return "", usagef("-X %q: the method is one of %s", oneLine(m), strings.Join(apiMethods, ", "))
	}
	if body && (m == http.MethodGet || m == http.MethodDelete) {
		return "", usagef("-X %s sends no body: use -X POST, PUT or PATCH with --input, or -f fields for the query", m)
	}
	return m, nil
}

// param is one field of -f or -F: its key and its JSON value.
type param struct {
	key   string
	value any
}

// parseParams reads the -f fields as strings and then the -F fields as
// typed values: true, false and null, integers, @FILE for a file's text
// (@- for stdin), else the text itself.
func parseParams(raw, typed []string, stdin io.Reader) ([]param, error) {
	var out []param
	for i, f := range append(slices.Clone(raw), typed...) {
		flag := "-f"
		if i >= len(raw) {
			flag = "-F"
		}
		k, v, ok := strings.Cut(f, "=")
		if !ok || k == "" {
			return nil, usagef("%s %q: write it key=value", flag, oneLine(f))
		}
		p := param{key: k, value: v}
		if flag == "-F" {
			var err error
			if p.value, err = typedValue(v, stdin); err != nil {
				return nil, usagef("-F %s: %v", oneLine(k), err)
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// typedValue is -F's value for text v.
func typedValue(v string, stdin io.Reader) (any, error) {
	switch v {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n, nil
	}
	if name, ok := strings.CutPrefix(v, "@"); ok {
		b, err := readBounded(name, stdin)
		return string(b), err
	}
	return v, nil
}

// paramsBody is the JSON object of the fields; a key given twice keeps
// its last value.
func paramsBody(params []param) ([]byte, error) {
	obj := make(map[string]any, len(params))
	for _, p := range params {
		obj[p.key] = p.value
	}
	return json.Marshal(obj)
}

// withQuery adds the fields to path's query, in order; null is empty.
func withQuery(path string, params []param) string {
	q := url.Values{}
	for _, p := range params {
		text := ""
		if p.value != nil {
			text = fmt.Sprint(p.value)
		}
		q.Add(p.key, text)
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + q.Encode()
}

// readInput reads --input: a file, or stdin for "-", at most
// maxInputBody bytes of JSON.
func readInput(name string, stdin io.Reader) ([]byte, error) {
	b, err := readBounded(name, stdin)
	if err != nil {
		return nil, usagef("--input: %v", err)
	}
	if !json.Valid(b) {
		return nil, usagef("--input %s: not a JSON document", oneLine(name))
	}
	return b, nil
}

// readBounded reads a file, or stdin for "-", of at most maxInputBody
// bytes.
func readBounded(name string, stdin io.Reader) ([]byte, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxInputBody+1))
	switch {
	case err != nil:
		return nil, err
	case len(b) > maxInputBody:
		return nil, fmt.Errorf("larger than %d KiB", maxInputBody>>10)
	}
	return b, nil
}

func apiRun(ctx context.Context, c *api.Client, login *authflow.Login, opts *apiOptions) error {
	if strings.HasPrefix(opts.Path, "/oauth2/") {
		var err error
		if c, err = c.WithBase(accountOrigin(login.Settings)); err != nil {
			return err
		}
	}
	reply, err := c.Raw(ctx, opts.Method, opts.Path, opts.Body)
	if err != nil || len(reply) == 0 {
		return err
	}
	return writeJSON(opts.IO.Out, jsontext.Value(reply))
}

// accountOrigin is where the account's /oauth2 endpoints live: the token
// URL's scheme and host, else the API URL's.
func accountOrigin(s config.Settings) string {
	for _, raw := range []string{s.TokenURL, s.APIURL} {
		if u, err := url.Parse(raw); err == nil && u.Host != "" {
			return u.Scheme + "://" + u.Host + "/"
		}
	}
	return fmt.Sprintf("https://%s/", s.Host())
}

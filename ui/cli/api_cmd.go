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
	var fields []string
	var input string
	parse := func(args []string, cmd *cobra.Command) error {
		p, err := apiPath(args[0])
		if err != nil {
			return err
		}
		opts.Path = p
		if len(fields) > 0 && input != "" {
			return usagef("give -f fields or --input, not both")
		}
		switch {
		case len(fields) > 0:
			opts.Body, err = fieldsBody(fields)
		case input != "":
			opts.Body, err = readInput(input, opts.IO.In)
		}
		if err != nil {
			return err
		}
		opts.Method, err = apiMethod(opts.Method, cmd.Flags().Changed("method"), opts.Body != nil)
		return err
	}
	cmd := apiCommand(spec{use: "api PATH [-X METHOD] [-f key=value]... [--input FILE] [--jq EXPR]",
		short: "Send an authenticated request to the Chat API and print the JSON reply",
		long: "Send one request to the Chat API with the profile's login (refreshed as needed) and print the JSON\n" +
			"reply, indented. PATH is relative to the API base (oauth/clients, oauth/tokens?page=2); a PATH\n" +
			"starting with /oauth2/ goes to the account's host instead. -f key=value (repeatable) sends a JSON\n" +
			"object of strings, and makes the method POST unless -X says otherwise; --input FILE (- for stdin)\n" +
			"sends a JSON document. A reply that is not 2xx is an error (exit 1). The token the request carries\n" +
			"is redacted from the reply. Only https is used, except to loopback addresses.",
		args: cobra.ExactArgs(1)}, opts, &opts.apiDeps, parse, apiRun, runF)
	cmd.Flags().StringVarP(&opts.Method, "method", "X", http.MethodGet, "HTTP method: GET, POST, PUT, PATCH or DELETE")
	cmd.Flags().StringArrayVarP(&fields, "field", "f", nil, "add key=value to a JSON object body (repeatable; implies POST)")
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
// is a body and GET otherwise.
func apiMethod(m string, given, body bool) (string, error) {
	if !given {
		if body {
			return http.MethodPost, nil
		}
		return http.MethodGet, nil
	}
	m = strings.ToUpper(strings.TrimSpace(m))
	if !slices.Contains(apiMethods, m) {
		return "", usagef("-X %q: the method is one of %s", oneLine(m), strings.Join(apiMethods, ", "))
	}
	if body && (m == http.MethodGet || m == http.MethodDelete) {
		return "", usagef("-X %s sends no body: use -X POST, PUT or PATCH with -f or --input", m)
	}
	return m, nil
}

// fieldsBody builds the JSON object of -f key=value fields, in order.
func fieldsBody(fields []string) ([]byte, error) {
	obj := map[string]string{}
	for _, f := range fields {
		k, v, ok := strings.Cut(f, "=")
		if !ok || k == "" {
			return nil, usagef("-f %q: write it key=value", oneLine(f))
		}
		obj[k] = v
	}
	return json.Marshal(obj)
}

// readInput reads --input: a file, or stdin for "-", at most
// maxInputBody bytes of JSON.
func readInput(name string, stdin io.Reader) ([]byte, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, usagef("--input: %v", err)
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxInputBody+1))
	switch {
	case err != nil:
		return nil, usagef("--input: %v", err)
	case len(b) > maxInputBody:
		return nil, usagef("--input: larger than %d KiB", maxInputBody>>10)
	case !json.Valid(b):
		return nil, usagef("--input %s: not a JSON document", oneLine(name))
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

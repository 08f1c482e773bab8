package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/spf13/cobra"

	"chatkeys/authflow/config"
	"chatkeys/ui/format"
)

// allProfilesAtOnce bounds how many profiles are queried at a time.
const allProfilesAtOnce = 4

// addAllProfiles gives the commands under root that read an account
// (clients list, tokens list, status, audit) --all-profiles: the command
// runs once per profile of config.toml, concurrently, and the results
// print as one table with a PROFILE column, or one JSON array whose
// objects carry "profile".
func addAllProfiles(root *cobra.Command, f *Factory) {
	for _, path := range []string{"clients list", "tokens list", "status", "audit"} {
		cmd, _, err := root.Find(strings.Fields(path))
		if err != nil || cmd.CommandPath() != "chatkeys "+path {
			continue
		}
		run := cmd.RunE
		cmd.Flags().BoolVar(&f.flags.allProfiles, "all-profiles", false, "run for every profile in config.toml, concurrently; tables gain a PROFILE column, JSON a \"profile\" field")
		cmd.RunE = func(c *cobra.Command, args []string) error {
			if !f.flags.allProfiles {
				return run(c, args)
			}
			if c.Flags().Changed("fix") || c.Flags().Changed("profile") {
				return usagef("--all-profiles reads every profile: it takes neither --profile nor --fix")
			}
			return f.runAllProfiles(c)
		}
	}
}

// profileRun is what one profile's run printed and returned.
type profileRun struct {
	name           string
	stdout, stderr []byte
	code           int
}

// runAllProfiles runs cmd's own arguments once per profile, each in a
// run of its own (settings, login and client), and merges what they
// printed. A profile that fails is reported on stderr under its name and
// the rest still print; the run then fails.
func (f *Factory) runAllProfiles(cmd *cobra.Command) error {
	path, err := f.ConfigPath()
	if err != nil {
		return err
	}
	file, err := config.Load(path)
	if err != nil {
		return err
	}
	names := file.Names()
	if len(names) == 0 {
		return usagef("--all-profiles: %s has no profiles (see chatkeys profiles add)", oneLine(path))
	}
	asJSON := flagOn(cmd, "json")
	args := childArgs(f.args, asJSON || cmd.Name() == "status")
	runs := make([]profileRun, len(names))
	var wg sync.WaitGroup
	slots := make(chan struct{}, allProfilesAtOnce)
	for i, name := range names {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			runs[i] = f.runProfile(cmd.Context(), name, args)
		})
	}
	wg.Wait()
	var failed []string
	for _, r := range runs {
		if r.code != exitOK {
			failed = append(failed, oneLine(r.name))
		}
		for line := range strings.Lines(string(r.stderr)) {
			fmt.Fprintf(f.IO.Err, "chatkeys: profile %s: %s\n", oneLine(r.name), oneLine(strings.TrimPrefix(strings.TrimSpace(line), "chatkeys: ")))
		}
	}
	if asJSON {
		err = writeJSON(f.IO.Out, mergeJSON(runs))
	} else if cmd.Name() == "status" {
		err = writeStatusTable(f, runs)
	} else {
		err = mergeTables(f, runs)
	}
	if err == nil && len(failed) > 0 {
		err = fmt.Errorf("%d of %d profiles failed: %s", len(failed), len(runs), strings.Join(failed, ", "))
	}
	return err
}

// childArgs are the run's arguments for one profile: without
// --all-profiles and --jq (the merged output is what the query reads),
// with --json for JSON, or for status, whose table is built from it.
func childArgs(args []string, asJSON bool) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--all-profiles" || strings.HasPrefix(a, "--all-profiles="):
		case a == "--jq":
			i++
		case strings.HasPrefix(a, "--jq="):
		default:
			out = append(out, a)
		}
	}
	if asJSON && !slices.Contains(out, "--json") {
		out = append(out, "--json")
	}
	return out
}

// runProfile runs args for the profile name, its output held.
func (f *Factory) runProfile(ctx context.Context, name string, args []string) profileRun {
	var out, errOut bytes.Buffer
	args = append(slices.Clone(args), "--profile", name)
	code := Main(ctx, args, IO{In: strings.NewReader(""), Out: &out, Err: &errOut, Getenv: f.IO.Getenv,
		Keyring: f.IO.Keyring, Opener: f.IO.Opener})
	return profileRun{name: name, stdout: out.Bytes(), stderr: errOut.Bytes(), code: code}
}

// mergeJSON joins the profiles' JSON: each array's objects, or each
// object, with "profile" first.
func mergeJSON(runs []profileRun) []jsontext.Value {
	out := []jsontext.Value{}
	for _, r := range runs {
		var items []jsontext.Value
		doc := jsontext.Value(bytes.TrimSpace(r.stdout))
		switch doc.Kind() {
		case '[':
			dec := jsontext.NewDecoder(bytes.NewReader(doc))
			dec.ReadToken()
			for dec.PeekKind() != ']' {
				v, err := dec.ReadValue()
				if err != nil {
					break
				}
				items = append(items, slices.Clone(v))
			}
		case '{':
			items = []jsontext.Value{doc}
		}
		for _, it := range items {
			out = append(out, withProfile(it, r.name))
		}
	}
	return out
}

// withProfile puts "profile": name first in a JSON object.
func withProfile(obj jsontext.Value, name string) jsontext.Value {
	var fields map[string]jsontext.Value
	if obj.Kind() != '{' || json.Unmarshal(obj, &fields) != nil || fields["profile"] != nil {
		return obj // status's report names its profile already
	}
	key, _ := jsontext.AppendQuote(nil, name)
	head := append([]byte(`{"profile":`), key...)
	rest := bytes.TrimSpace(obj[1:])
	if len(rest) > 0 && rest[0] != '}' {
		head = append(head, ',')
	}
	return append(head, rest...)
}

// mergeTables joins the profiles' tab-separated tables under one
// header, a PROFILE column first; lines that are not rows of the table
// (a summary, "No findings.") are left out.
func mergeTables(f *Factory, runs []profileRun) error {
	tw := newTable(f.IO.Out, f.IO.StdoutIsTerminal)
	header := ""
	var rows [][]string
	for _, r := range runs {
		lines := strings.Split(strings.TrimRight(string(r.stdout), "\n"), "\n")
		if len(lines) == 0 || !strings.Contains(lines[0], "\t") {
			continue
		}
		if header == "" {
			header = lines[0]
		}
		for _, l := range lines[1:] {
			if strings.Count(l, "\t") == strings.Count(header, "\t") {
				rows = append(rows, append([]string{r.name}, strings.Split(l, "\t")...))
			}
		}
	}
	if header == "" {
		return nil
	}
	tw.row(append([]string{"PROFILE"}, strings.Split(header, "\t")...)...)
	for _, row := range rows {
		tw.row(row...)
	}
	return tw.flush()
}

// writeStatusTable prints one row per profile's status.
func writeStatusTable(f *Factory, runs []profileRun) error {
	tw := newTable(f.IO.Out, f.IO.StdoutIsTerminal)
	tw.row("PROFILE", "ACCOUNT", "LOGGED IN", "GRANT", "EXPIRES", "STORED IN")
	now := f.Now()
	for _, r := range runs {
		var s statusReport
		if err := unmarshalReport(r.stdout, &s); err != nil {
			continue
		}
		expires, stored := "", ""
		if s.Login != nil {
			expires = tw.date(s.Login.ExpiresAt, format.Expiry(s.Login.ExpiresAt, now))
			stored = storedIn(s.Login)
		}
		tw.row(r.name, s.Account, format.YesNo(s.LoggedIn), s.Grant, expires, stored)
	}
	return tw.flush()
}

// unmarshalReport reads one JSON report a profile's run printed.
func unmarshalReport(doc []byte, v any) error {
	if len(bytes.TrimSpace(doc)) == 0 {
		return errors.New("nothing printed")
	}
	return json.Unmarshal(doc, v)
}

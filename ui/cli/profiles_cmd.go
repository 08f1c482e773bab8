package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"chatkeys/api"
	"chatkeys/authflow/config"
)

// profilesDeps are what the profiles commands take from the Factory.
type profilesDeps struct {
	IO       IO
	f        *Factory
	JSON     bool
	Name     string
	Yes      bool
	ClientID string
	Accent   string
}

func newCmdProfiles(f *Factory) *cobra.Command {
	return commandGroup("profiles", "List, choose, add and remove profiles (accounts) in config.toml",
		newCmdProfilesList(f), newCmdProfilesUse(f), newCmdProfilesAdd(f), newCmdProfilesRemove(f))
}

// intoName takes a command's one positional profile name.
func intoName(name *string) func([]string, *cobra.Command) error {
	return func(args []string, _ *cobra.Command) error {
		*name = strings.TrimSpace(args[0])
		if *name == "" || oneLine(*name) != *name {
			return usagef("%q is not a profile name: use letters, digits, - and _", oneLine(args[0]))
		}
		return nil
	}
}

// profileJSON is the --json shape of one profile.
type profileJSON struct {
	Name      string `json:"name"`
	Current   bool   `json:"current"`
	Subdomain string `json:"subdomain"`
	Account   string `json:"account"`
	Readonly  bool   `json:"readonly"`
	Accent    string `json:"accent"`
}

func newCmdProfilesList(f *Factory) (cmd *cobra.Command) {
	opts := &profilesDeps{IO: f.IO, f: f}
	defer func() { cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON") }()
	return command(spec{"list", "List the profiles, the current one marked", "", noArgs}, opts, nil, profilesListRun, nil)
}

func profilesListRun(_ context.Context, opts *profilesDeps) error {
	file, current, err := opts.file()
	if err != nil {
		return err
	}
	var out []profileJSON
	for _, name := range file.Names() {
		p, _ := file.Profile(name)
		s, _ := config.Resolve(file, config.Overrides{Profile: name}, func(string) string { return "" })
		out = append(out, profileJSON{Name: name, Current: name == current, Subdomain: p.Subdomain, Account: s.Host(),
			Readonly: p.Readonly, Accent: p.Accent})
	}
	if opts.JSON {
		return writeJSON(opts.IO.Out, nonNil(out))
	}
	tw := newTable(opts.IO.Out, opts.IO.StdoutIsTerminal)
	tw.row("CURRENT", "NAME", "ACCOUNT", "READONLY", "ACCENT")
	for _, p := range out {
		mark := ""
		if p.Current {
			mark = "*"
		}
		tw.row(mark, p.Name, p.Account, yesNoBlank(p.Readonly), p.Accent)
	}
	return tw.flush()
}

func yesNoBlank(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

// file is config.toml and the profile this run resolves to (flag,
// environment, the one profiles use chose, else default).
func (opts *profilesDeps) file() (*config.File, string, error) {
	path, err := opts.f.ConfigPath()
	if err != nil {
		return nil, "", err
	}
	file, err := config.Load(path)
	if err != nil {
		return nil, "", err
	}
	s, err := config.Resolve(file, config.Overrides{Profile: opts.f.flags.profile, ConfigPath: path}, opts.IO.Getenv)
	return file, s.Profile, err
}

func newCmdProfilesUse(f *Factory) *cobra.Command {
	opts := &profilesDeps{IO: f.IO, f: f}
	return command(spec{"use NAME", "Make NAME the profile every command uses unless --profile or CHATKEYS_PROFILE names another", "",
		cobra.ExactArgs(1)}, opts, intoName(&opts.Name), profilesUseRun, nil)
}

// named reads config.toml and checks that it has the profile opts.Name.
func (opts *profilesDeps) named() (string, *config.File, error) {
	path, err := opts.f.ConfigPath()
	if err != nil {
		return "", nil, err
	}
	file, err := config.Load(path)
	if err != nil {
		return "", nil, err
	}
	if _, ok := file.Profile(opts.Name); !ok {
		return "", nil, usagef("no profile %s in %s (it has %s)", oneLine(opts.Name), oneLine(path), strings.Join(file.Names(), ", "))
	}
	return path, file, nil
}

func profilesUseRun(_ context.Context, opts *profilesDeps) error {
	path, _, err := opts.named()
	if err != nil {
		return err
	}
	if err := config.SetCurrent(path, opts.Name); err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "Now using profile %s.\n", oneLine(opts.Name))
	if env := opts.IO.Getenv("CHATKEYS_PROFILE"); env != "" && env != opts.Name {
		fmt.Fprintf(opts.IO.Err, "chatkeys: CHATKEYS_PROFILE=%s is set and still wins\n", oneLine(env))
	}
	return nil
}

func newCmdProfilesAdd(f *Factory) *cobra.Command {
	opts := &profilesDeps{IO: f.IO, f: f}
	cmd := command(spec{"add NAME --subdomain S [--client-id ID] [--accent #rrggbb] [--readonly]",
		"Add a profile to config.toml (log in to it with chatkeys --profile NAME login)",
		"Add a profile: --subdomain (or --api-url) names its account, --client-id the client chatkeys logs in with,\n" +
			"--accent its colour in the TUI, and --readonly makes it refuse every command that changes the account.",
		cobra.ExactArgs(1)}, opts, intoName(&opts.Name), profilesAddRun, nil)
	cmd.Flags().StringVar(&opts.ClientID, "client-id", "", "the OAuth client chatkeys logs in with")
	cmd.Flags().StringVar(&opts.Accent, "accent", "", `the profile's colour in the TUI, e.g. "#d7005f"`)
	return cmd
}

func profilesAddRun(_ context.Context, opts *profilesDeps) error {
	fl := opts.f.flags
	p := config.Profile{APIURL: strings.TrimSpace(fl.apiURL), ClientID: strings.TrimSpace(opts.ClientID), Readonly: fl.readonly}
	if fl.subdomain != "" {
		sub, err := api.NormalizeSubdomain(fl.subdomain)
		if err != nil {
			return usagef("--subdomain: %v", err)
		}
		p.Subdomain = sub
	}
	if p.Subdomain == "" && p.APIURL == "" {
		return usagef("profiles add needs --subdomain (or --api-url) to name the account")
	}
	if p.APIURL != "" {
		if _, err := api.CheckSecureURL(p.APIURL); err != nil {
			return usagef("--api-url: %v", err)
		}
	}
	accent, err := config.ParseAccent(opts.Accent)
	if err != nil {
		return usagef("--accent: %v", err)
	}
	p.Accent = accent
	path, err := opts.f.ConfigPath()
	if err != nil {
		return err
	}
	notice, err := config.Update(path, func(file *config.File) error {
		if _, ok := file.Profile(opts.Name); ok {
			return usagef("profile %s already exists in %s", oneLine(opts.Name), oneLine(path))
		}
		file.Set(opts.Name, p)
		return nil
	})
	opts.f.Notice(notice)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "Added profile %s. Log in with: chatkeys --profile %s login\n", oneLine(opts.Name), oneLine(opts.Name))
	return nil
}

func newCmdProfilesRemove(f *Factory) *cobra.Command {
	opts := &profilesDeps{IO: f.IO, f: f}
	cmd := command(spec{"remove NAME", "Remove a profile from config.toml (its stored login stays until chatkeys --profile NAME logout)", "",
		cobra.ExactArgs(1)}, opts, intoName(&opts.Name), profilesRemoveRun, nil)
	cmd.Flags().BoolVarP(&opts.Yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}

func profilesRemoveRun(_ context.Context, opts *profilesDeps) error {
	path, file, err := opts.named()
	if err != nil {
		return err
	}
	stdio := opts.IO
	stdio.actsOn = nil // the question names the profile itself
	if err := confirm(stdio, opts.Yes, "remove a profile", fmt.Sprintf("Remove profile %s from %s?", oneLine(opts.Name), oneLine(path))); err != nil {
		return err
	}
	notice, err := config.Update(path, func(file *config.File) error {
		delete(file.Profiles, opts.Name)
		return nil
	})
	opts.f.Notice(notice)
	if err != nil {
		return err
	}
	if file.Current == opts.Name {
		if err := config.SetCurrent(path, ""); err != nil {
			return err
		}
	}
	fmt.Fprintf(opts.IO.Out, "Removed profile %s.\n", oneLine(opts.Name))
	return nil
}

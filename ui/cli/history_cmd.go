package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"chatkeys/api/safetext"
	"chatkeys/authflow/audit"
	"chatkeys/authflow/history"
	"chatkeys/ui/hint"
)

// historyOptions are chatkeys history's.
type historyOptions struct {
	IO  IO
	Now func() time.Time
	// History is the recorder whose history is read; nil when the
	// environment names no state directory.
	History func() *history.Recorder
	// Since is --since as given ("" for all), Profile --profile when it
	// was given ("" for every profile).
	Since   string
	Profile string
	JSON    bool
}

// historyHelp is chatkeys history --help's text.
const historyHelp = `List the admin actions chatkeys took, from the command line and the TUI, oldest first: the time,
profile, account, agent, action, and each target with its result. The history is kept in
$XDG_STATE_HOME/chatkeys/history.jsonl (default ~/.local/state/chatkeys/). --profile shows one
profile's actions; without it, every profile's.
Examples: chatkeys history --since 7d; chatkeys history --since 2026-03-01 --json`

func newCmdHistory(f *Factory, runF func(context.Context, *historyOptions) error) *cobra.Command {
	opts := &historyOptions{IO: f.IO, Now: f.Now, History: f.History}
	parse := func(_ []string, _ *cobra.Command) error {
		if opts.Since != "" {
			if _, err := parseSince(opts.Since, time.Now()); err != nil {
				return err
			}
		}
		return nil
	}
	cmd := command(spec{"history [--since 7d] [--profile NAME] [--json]",
		"List the admin actions chatkeys took: client changes, secret rotations, revokes, logins and logouts",
		historyHelp, noArgs}, opts, parse, historyRun, runF)
	cmd.Flags().StringVar(&opts.Since, "since", "", "only actions since then: a span back from now (30m, 12h, 7d, 2w) or a date (2026-03-01, RFC 3339)")
	// A flag of its own: unlike the global --profile, which picks the
	// profile a command works on, this one filters, and its absence
	// means every profile.
	cmd.Flags().StringVar(&opts.Profile, "profile", "", "only this profile's actions (default: every profile's)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print a JSON array of the entries")
	return cmd
}

func historyRun(_ context.Context, opts *historyOptions) error {
	rec := opts.History()
	if rec == nil {
		return hint.With(fmt.Errorf("no history: %w", history.ErrNoStateDir),
			"chatkeys keeps its history in $XDG_STATE_HOME/chatkeys, else ~/.local/state/chatkeys")
	}
	filter := history.Filter{Profile: opts.Profile}
	if opts.Since != "" {
		since, err := parseSince(opts.Since, opts.Now())
		if err != nil {
			return err
		}
		filter.Since = since
	}
	log, err := rec.Read(filter)
	if err != nil {
		return err
	}
	if log.Skipped > 0 {
		fmt.Fprintf(opts.IO.Err, "chatkeys: skipped %d line(s) of the history that are not entries\n", log.Skipped)
	}
	if opts.JSON {
		out := make([]historyJSON, 0, len(log.Entries))
		for _, e := range log.Entries {
			out = append(out, toHistoryJSON(e))
		}
		return writeJSON(opts.IO.Out, out)
	}
	if opts.IO.StdoutIsTerminal && len(log.Entries) == 0 {
		fmt.Fprintln(opts.IO.Err, "chatkeys: no actions recorded"+sinceNote(opts.Since))
		return nil
	}
	return writeHistoryTable(opts.IO.Out, opts.IO.StdoutIsTerminal, log.Entries)
}

func sinceNote(since string) string {
	if since == "" {
		return ""
	}
	return " since " + safetext.Sanitize(since, 40)
}

// parseSince reads --since: a span back from now as audit.ParseAge reads
// it (7d, 12h, 1h30m) or in weeks (2w), or a date or RFC 3339 time as
// audit.ParseDate reads it.
func parseSince(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := audit.ParseDate(s); err == nil {
		return t, nil
	}
	span, weeks := strings.CutSuffix(s, "w") // --since takes weeks too: 2w
	if weeks {
		span += "d"
	}
	if d, err := audit.ParseAge(span); err == nil {
		if weeks {
			d *= 7
		}
		return now.Add(-d), nil
	}
	return time.Time{}, usagef("--since %q: give a span such as 30m, 12h, 7d or 2w, or a date such as 2026-03-01", safetext.Sanitize(s, 40))
}

// historyJSON is the --json shape of one entry: the file's fields, every
// string sanitised.
type historyJSON struct {
	Time      time.Time           `json:"time"`
	Profile   string              `json:"profile"`
	Subdomain string              `json:"subdomain"`
	Host      string              `json:"host"`
	AgentID   int64               `json:"agent_id"`
	Action    string              `json:"action"`
	Targets   []historyTargetJSON `json:"targets"`
	Part      int                 `json:"part,omitzero"`
	Parts     int                 `json:"parts,omitzero"`
}

// historyTargetJSON is one target of an entry.
type historyTargetJSON struct {
	TokenID          int64  `json:"token_id,omitzero"`
	ClientID         int64  `json:"client_id,omitzero"`
	ClientIdentifier string `json:"client_identifier,omitempty"`
	Result           string `json:"result"`
	Status           int    `json:"status,omitzero"`
}

// historyTextMax bounds one string of the history in any output.
const historyTextMax = 255

func toHistoryJSON(e history.Entry) historyJSON {
	clean := func(s string) string { return safetext.Sanitize(s, historyTextMax) }
	out := historyJSON{Time: e.Time.UTC(), Profile: clean(e.Profile), Subdomain: clean(e.Subdomain), Host: clean(e.Host),
		AgentID: e.AgentID, Action: clean(e.Action), Targets: make([]historyTargetJSON, 0, len(e.Targets)), Part: e.Part, Parts: e.Parts}
	for _, t := range e.Targets {
		out.Targets = append(out.Targets, historyTargetJSON{TokenID: t.TokenID, ClientID: t.ClientID,
			ClientIdentifier: clean(t.ClientIdentifier), Result: clean(t.Result), Status: t.Status})
	}
	return out
}

// historyRows calls row with the cells of each row (history.Rows), the
// time worded by when.
func historyRows(entries []history.Entry, when func(time.Time) string, row func(cells ...string)) {
	for _, r := range history.Rows(entries) {
		row(when(r.Time), r.Profile, r.Account, r.Agent, r.Action, r.Target, r.Result)
	}
}

var historyHeader = []string{"TIME", "PROFILE", "ACCOUNT", "AGENT", "ACTION", "TARGET", "RESULT"}

// writeHistoryTable prints the history table: for a terminal aligned,
// times local; for a script, times in UTC (RFC 3339).
func writeHistoryTable(w io.Writer, aligned bool, entries []history.Entry) error {
	tw := newTable(w, aligned)
	tw.row(historyHeader...)
	when := func(t time.Time) string { return tw.date(&t, t.Local().Format(time.DateTime)) }
	historyRows(entries, when, tw.row)
	return tw.flush()
}

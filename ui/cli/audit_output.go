package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"chatkeys/api"
	"chatkeys/api/safetext"
	"chatkeys/authflow/audit"
	"chatkeys/ui/format"
)

// writeFindings prints the findings table, high first as Audit orders
// them, and a count by severity.
func writeFindings(w io.Writer, aligned bool, findings []audit.Finding) error {
	if len(findings) == 0 {
		_, err := fmt.Fprintln(w, "No findings.")
		return err
	}
	tw := newTable(w, aligned)
	// WHAT comes last: it is long, and would push FIX off the screen.
	tw.row("SEVERITY", "SUBJECT", "FIX", "WHAT")
	count := map[audit.Severity]int{}
	for _, f := range findings {
		count[f.Severity]++
		// The explanation is one line that may quote the server (a
		// redirect URI, scopes): sanitised, and longer than a cell.
		tw.rowLast(300, f.Severity.String(), subjectText(f.Subject), fixText(f), f.Explanation)
	}
	if err := tw.flush(); err != nil {
		return err
	}
	var parts []string
	for _, s := range []audit.Severity{audit.High, audit.Warn, audit.Info} {
		if count[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", count[s], s))
		}
	}
	_, err := fmt.Fprintf(w, "%d finding%s: %s.\n", len(findings), format.Plural(len(findings)), strings.Join(parts, ", "))
	return err
}

// subjectText names a finding's subject: "client 6", "token 1061", or
// the login with its token when listed.
func subjectText(s audit.Subject) string {
	switch {
	case s.Type == audit.SubjectLogin && s.ID != 0:
		return fmt.Sprintf("login (token %d)", s.ID)
	case s.Type == audit.SubjectLogin:
		return "login"
	}
	return fmt.Sprintf("%s %d", s.Type, s.ID)
}

// fixText words a finding's fix as the command that applies it.
func fixText(f audit.Finding) string {
	id := strconv.FormatInt(f.Subject.ID, 10)
	switch f.Fix {
	case audit.FixRevokeExpired:
		return "chatkeys audit --fix expired"
	case audit.FixRevokeOrphans:
		return "chatkeys audit --fix orphans"
	case audit.FixRevokeToken:
		return "chatkeys tokens revoke " + id
	case audit.FixEditClient:
		if f.Kind == audit.KindClientConfidential {
			return "chatkeys clients update " + id + " --type public"
		}
		return "chatkeys clients update " + id + " --redirect-uri https://…"
	case audit.FixDeleteClient:
		return "chatkeys clients delete " + id
	case audit.FixLogin:
		return "chatkeys login"
	case audit.FixMoveToKeyring:
		return "chatkeys login, with an OS keyring running"
	}
	return "—"
}

// fixNames are --fix's words for the set fixes, for messages.
var fixNames = map[audit.Fix]string{audit.FixRevokeExpired: "expired", audit.FixRevokeOrphans: "orphaned"}

// writeOwners prints each token found with its client: one block each.
func writeOwners(w io.Writer, res audit.Result, owners []audit.Owner, now time.Time) error {
	switch {
	case res.Kind == audit.Exact && len(owners) == 1:
		fmt.Fprintf(w, "Exact match: token %d's %s.\n", owners[0].ID, owners[0].Field)
	case res.Kind == audit.Exact:
		fmt.Fprintf(w, "Exact match on %d tokens.\n", len(owners))
	default:
		fmt.Fprintf(w, "The fragment is part of %d token%s.\n", len(owners), format.Plural(len(owners)))
	}
	tw := newFields(w)
	for _, o := range owners {
		t := o.Token
		client := audit.UnknownClientName + " (deleted)"
		if o.ClientFound {
			client = fmt.Sprintf("%s (client %d)", o.ClientName, o.ClientID)
		}
		io.WriteString(tw.out(), "\n")
		rows := [][2]string{
			{"Token", strconv.FormatInt(o.ID, 10) + ", value " + format.Prefix(t.AccessToken, tokenPrefixLen)},
			{"Matched", string(o.Match) + ", in the " + string(o.Field)},
			{"Client", client},
			{"Client ID", o.ClientIdentifier},
			{"Agent", strconv.FormatInt(o.AgentID, 10)},
			{"Scopes", format.Scopes(t.Scopes)},
			{"Created", format.Absolute(t.CreateDate) + " (" + format.Ago(t.CreateDate, now) + ")"},
			{"Expires", expiresText(t.ExpireDate, now)},
			{"Refresh", format.YesNo(o.RefreshToken)},
			{"Own login", ownText(o.Own)},
		}
		for _, r := range rows {
			tw.field(r[0], r[1])
		}
	}
	return tw.flush()
}

func expiresText(e *time.Time, now time.Time) string {
	if e == nil {
		return "never"
	}
	return format.Absolute(e) + " (" + format.Expiry(e, now) + ")"
}

func ownText(own bool) string {
	if own {
		return "yes: chatkeys is logged in with this token"
	}
	return "no"
}

// writeSelection prints tokens as tokens list does: the table, or with
// asJSON its JSON array.
func writeSelection(w io.Writer, aligned bool, tokens []api.OAuthToken, names map[string]string, now time.Time, asJSON bool) error {
	if asJSON {
		out := make([]audit.TokenReport, len(tokens))
		for i := range tokens {
			out[i] = toTokenJSON(&tokens[i], names, now)
		}
		return writeJSON(w, out)
	}
	table := newTokensTable(w, aligned, now)
	for i := range tokens {
		table.row(&tokens[i], names)
	}
	return table.flush()
}

// describeSelector words the selectors given, for a message.
func describeSelector(s audit.Selector) string {
	var parts []string
	if s.Client != "" {
		parts = append(parts, "--client "+safetext.Sanitize(s.Client, 80))
	}
	if s.Agent != 0 {
		parts = append(parts, "--agent "+strconv.FormatInt(s.Agent, 10))
	}
	if s.Scope != "" {
		parts = append(parts, "--scope "+safetext.Sanitize(s.Scope, 40))
	}
	if s.Expired {
		parts = append(parts, "--expired")
	}
	if s.OlderThan > 0 {
		parts = append(parts, "--older-than "+ageText(s.OlderThan))
	}
	if !s.CreatedBefore.IsZero() {
		parts = append(parts, "--created-before "+s.CreatedBefore.UTC().Format(time.RFC3339))
	}
	return strings.Join(parts, " ")
}

// ageText writes a span as --older-than reads it: whole days as 90d.
func ageText(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	}
	return d.String()
}

// write shows what depends on the client, on stderr before the question.
func (rot *rotation) write(w io.Writer) {
	name := fmt.Sprintf("client %d %q", rot.id, cell(rot.client.Name))
	r := rot.radius
	switch {
	case r == nil:
		fmt.Fprintf(w, "chatkeys: %s: its tokens could not be listed, so what depends on it is unknown (%s)\n",
			name, safetext.Sanitize(rot.listErr.Error(), 200))
	case r.Tokens == 0:
		fmt.Fprintf(w, "chatkeys: %s has no tokens\n", name)
	default:
		agents := make([]string, len(r.ByAgent))
		for i, a := range r.ByAgent {
			agents[i] = fmt.Sprintf("%d (%d)", a.AgentID, a.Tokens)
		}
		fmt.Fprintf(w, "chatkeys: %s has %d token%s, of agent%s %s\n", name, r.Tokens, format.Plural(r.Tokens),
			format.Plural(len(agents)), format.FewOf(agents, 3))
		if line := datesLine(r); line != "" {
			fmt.Fprintln(w, "chatkeys: "+line)
		}
	}
	if rot.ownClient || (r != nil && r.OwnLogin) {
		fmt.Fprintln(w, "chatkeys: chatkeys itself logs in with this client")
	}
}

// datesLine says when the client's tokens were created.
func datesLine(r *audit.Radius) string {
	var parts []string
	switch {
	case r.Oldest == nil:
	case r.Oldest.Equal(*r.Newest):
		parts = append(parts, "created "+format.Absolute(r.Oldest))
	default:
		parts = append(parts, fmt.Sprintf("created from %s to %s", format.Absolute(r.Oldest), format.Absolute(r.Newest)))
	}
	if r.Undated > 0 {
		parts = append(parts, fmt.Sprintf("%d without a creation date", r.Undated))
	}
	return strings.Join(parts, "; ")
}

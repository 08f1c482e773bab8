package cli

import (
	"strings"
	"testing"
	"time"
)

// longName is longer than a terminal's cell, and carries what must not
// break a row: a tab, a newline and an escape sequence.
var longName = "Name\twith\nbreaks \x1b[31m" + strings.Repeat("x", 100)

func TestPipedTablesAreTabSeparatedRowsWithAHeaderAndNothingCut(t *testing.T) {
	h := newHarness(t)
	h.scriptOK(t, "clients", "create", "--name", longName, "--redirect-uri", "http://localhost:9", "--scopes", "read")
	r := h.scriptOK(t, "clients", "list")
	rows := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if rows[0] != "ID\tNAME\tCOMPANY\tTYPE\tSCOPES\tREDIRECT URIS\tSECRET\tUPDATED" {
		t.Fatalf("header %q", rows[0])
	}
	if len(rows) != len(h.sim.Clients())+1 {
		t.Fatalf("%d rows for %d clients:\n%s", len(rows), len(h.sim.Clients()), r.stdout)
	}
	last := strings.Split(rows[len(rows)-1], "\t")
	if len(last) != 8 {
		t.Fatalf("the new client's row has %d cells: %q", len(last), rows[len(rows)-1])
	}
	if want := "Name with breaks �" + strings.Repeat("x", 100); last[1] != want {
		t.Errorf("name cell %q, want %q (sanitised, not cut)", last[1], want)
	}
	if last[2] != "" {
		t.Errorf("an empty cell reads %q, want nothing", last[2])
	}
	if _, err := time.Parse(time.RFC3339, last[7]); err != nil {
		t.Errorf("the date cell %q is not RFC 3339: %v", last[7], err)
	}
	if strings.Contains(r.stdout, "\x1b") || strings.Contains(r.stdout, "  ") {
		t.Errorf("piped table holds an escape or aligning spaces:\n%q", r.stdout)
	}
}

func TestTerminalTablesStayAlignedWithCellsCut(t *testing.T) {
	h := newHarness(t)
	h.scriptOK(t, "clients", "create", "--name", longName, "--redirect-uri", "http://localhost:9", "--scopes", "read")
	r := h.terminalOK(t, "clients", "list")
	if strings.Contains(r.stdout, "\t") || strings.Contains(r.stdout, "\x1b") {
		t.Fatalf("terminal table holds a tab or an escape:\n%q", r.stdout)
	}
	if strings.Contains(r.stdout, strings.Repeat("x", 100)) || !strings.Contains(r.stdout, "…") {
		t.Errorf("the long name is not cut on a terminal:\n%s", r.stdout)
	}
	if strings.Count(r.stdout, "\n") != len(h.sim.Clients())+1 {
		t.Errorf("a newline in a name started a row:\n%s", r.stdout)
	}
}

func TestPipedTokensTableNamesTheWholeClientIdentifierAndDates(t *testing.T) {
	h := newHarness(t)
	r := h.scriptOK(t, "tokens", "list")
	rows := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if rows[0] != "ID\tCLIENT\tAGENT\tSCOPES\tCREATED\tEXPIRES\tREFRESH\tTOKEN" || len(rows) != len(h.sim.Tokens())+1 {
		t.Fatalf("header %q, %d rows", rows[0], len(rows))
	}
	for _, row := range rows[1:] {
		cells := strings.Split(row, "\t")
		if len(cells) != 8 {
			t.Fatalf("row %q has %d cells", row, len(cells))
		}
		if cells[4] != "" {
			if _, err := time.Parse(time.RFC3339, cells[4]); err != nil {
				t.Errorf("CREATED %q is not RFC 3339", cells[4])
			}
		}
		if strings.Contains(cells[1], "…") {
			t.Errorf("client cell cut: %q", cells[1])
		}
	}
}

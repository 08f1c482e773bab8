package cli

import (
	"bufio"
	"io"
	"text/tabwriter"
	"time"

	"chatkeys/api/safetext"
)

// plainMax bounds one cell of a script's table: far beyond any real
// value, so nothing real is cut, yet a hostile server's megabyte field
// is not copied whole.
const plainMax = 1 << 16

// table is how every table and detail view chatkeys prints is laid out.
// For a person (a terminal) its columns are aligned two spaces apart,
// each as wide as its widest cell, a cell cut to cellMax and "—" for
// nothing. For a script (stdout not a terminal) it writes tab-separated
// rows, the header first, nothing cut and "" for nothing, so cut and awk
// read it. Either way every cell is sanitised: a tab or newline inside
// one becomes a space and never starts a column or a row, and no control
// byte gets through.
type table struct {
	aligned bool
	tw      *tabwriter.Writer // aligned
	bw      *bufio.Writer     // plain
}

// newTable lays rows out on w, aligned when w is a terminal.
func newTable(w io.Writer, aligned bool) *table {
	if aligned {
		return &table{aligned: true, tw: tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)}
	}
	return &table{bw: bufio.NewWriterSize(w, 64<<10)}
}

// out is where the rows go before flush.
func (t *table) out() io.Writer {
	if t.aligned {
		return t.tw
	}
	return t.bw
}

// text makes outside text safe for one cell; on a terminal it is cut to
// limit runes.
func (t *table) text(s string, limit int) string {
	if !t.aligned {
		return safetext.Sanitize(s, plainMax)
	}
	if s = safetext.Sanitize(s, limit); s == "" {
		return "—"
	}
	return s
}

// row writes one row, every cell sanitised.
func (t *table) row(cells ...string) { t.rowLast(cellMax, cells...) }

// rowLast is row whose last cell may run to last runes on a terminal:
// a long explanation that ends the row.
func (t *table) rowLast(last int, cells ...string) {
	w := t.out()
	for i, c := range cells {
		limit := cellMax
		if i > 0 {
			io.WriteString(w, "\t")
		}
		if i == len(cells)-1 {
			limit = last
		}
		io.WriteString(w, t.text(c, limit))
	}
	io.WriteString(w, "\n")
}

// newFields lays out a detail view or the status: "Label:" and value
// rows, aligned whether or not w is a terminal (a script reads --json).
func newFields(w io.Writer) *table { return newTable(w, true) }

// field writes one "Label:" and value row of a detail view or the
// status, the value sanitised.
func (t *table) field(label, value string) {
	io.WriteString(t.out(), label+":\t"+t.text(value, fieldMax)+"\n")
}

// date is a date cell: the human wording on a terminal, RFC 3339 in UTC
// ("" for none) for a script.
func (t *table) date(d *time.Time, human string) string {
	if t.aligned {
		return human
	}
	if d == nil {
		return ""
	}
	return d.UTC().Format(time.RFC3339)
}

// flush writes out what is held: the aligned table needs every row.
func (t *table) flush() error {
	if t.aligned {
		return t.tw.Flush()
	}
	return t.bw.Flush()
}

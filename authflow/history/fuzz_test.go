package history

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzRead reads whatever a file may hold, as the current file and as
// the rotated one: Read must not panic, and what it returns must be
// entries with a time and an action, each line counted once at most.
func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"time":"2026-03-01T12:00:01Z","profile":"work","action":"token.revoke","targets":[{"token_id":1,"result":"confirmed"}]}` + "\n"))
	f.Add([]byte(`{"time":"2026-03-01T12:00:01Z","action":"login","targets":null}` + "\n" + `{"time":`))
	f.Add([]byte("\x1b]52;c;aGk=\x07\n{\"time\":\"2026-03-01T12:00:01Z\",\"action\":\"\\u001b[2J\",\"profile\":\"\\u202e\"}\n"))
	f.Add([]byte(`{"time":"9999-12-31T23:59:59Z","action":"x","targets":[{"token_id":-1,"status":99999999999}]}`))
	f.Add([]byte("\n\n\r\n{}\n[]\nnull\n\"\"\n"))
	f.Add([]byte(`{"time":"2026-03-01T12:00:01+14:00","action":"logout","part":-5,"parts":0,"agent_id":1e400}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, FileName)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(rotated(path), data, 0o600); err != nil {
			t.Fatal(err)
		}
		log, err := Read(path, Filter{})
		if err != nil {
			t.Fatalf("Read of a regular file: %v", err)
		}
		lines := 2 * (strings.Count(string(data), "\n") + 1)
		if len(log.Entries)+log.Skipped > lines {
			t.Fatalf("%d entries and %d skipped from %d lines", len(log.Entries), log.Skipped, lines)
		}
		for _, e := range log.Entries {
			if e.Time.IsZero() || e.Action == "" || e.Time.Location() != time.UTC {
				t.Fatalf("entry %+v", e)
			}
		}
		if _, err := Read(path, Filter{Profile: "work", Since: time.Now()}); err != nil {
			t.Fatal(err)
		}
	})
}

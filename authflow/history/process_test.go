package history

// These tests start real processes, the test binary itself, that append
// to one history at once: they share nothing but the file and its lock.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

const (
	childPath   = "CHATKEYS_HISTORY_TEST_PATH"
	childCount  = "CHATKEYS_HISTORY_TEST_COUNT"
	childNumber = "CHATKEYS_HISTORY_TEST_CHILD"
	childBound  = "CHATKEYS_HISTORY_TEST_BOUND"
)

// TestMain runs a child's appends when the test binary is started as one.
func TestMain(m *testing.M) {
	if path := os.Getenv(childPath); path != "" {
		os.Exit(runChild(path))
	}
	os.Exit(m.Run())
}

// runChild records COUNT revokes, token ids CHILD*1e6 + i.
func runChild(path string) int {
	count, _ := strconv.Atoi(os.Getenv(childCount))
	child, _ := strconv.ParseInt(os.Getenv(childNumber), 10, 64)
	bound, _ := strconv.ParseInt(os.Getenv(childBound), 10, 64)
	r := New(Options{Path: path, MaxSize: bound})
	for i := range count {
		r.Record(acme, revoke(child*1_000_000+int64(i)))
	}
	if err := r.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// appendFromProcesses starts n children that each record m actions and
// waits for them all.
func appendFromProcesses(t *testing.T, path string, n, m int, bound int64) {
	t.Helper()
	cmds := make([]*exec.Cmd, n)
	outs := make([]*bytes.Buffer, n)
	for i := range cmds {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childPath+"="+path, childCount+"="+strconv.Itoa(m),
			childNumber+"="+strconv.Itoa(i+1), childBound+"="+strconv.FormatInt(bound, 10))
		outs[i] = &bytes.Buffer{}
		cmd.Stdout, cmd.Stderr = outs[i], outs[i]
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i] = cmd
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("child %d: %v\n%s", i+1, err, outs[i])
		}
	}
}

// lines checks that every line of the files is one whole entry and
// returns the token ids in file order.
func lines(t *testing.T, paths ...string) []int64 {
	t.Helper()
	var ids []int64
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var e Entry
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil || len(e.Targets) != 1 {
				t.Fatalf("%s: a line that is not one entry (%v): %q", filepath.Base(p), err, sc.Text())
			}
			ids = append(ids, e.Targets[0].TokenID)
		}
		f.Close()
	}
	return ids
}

func TestProcessesAppendingAtOnceLoseNoLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	const n, m = 6, 150
	appendFromProcesses(t, path, n, m, 0)
	ids := lines(t, path)
	if len(ids) != n*m {
		t.Fatalf("%d lines, want %d", len(ids), n*m)
	}
	// Each process's lines are all there, once, in the order it wrote them.
	next := map[int64]int64{}
	for _, id := range ids {
		child, i := id/1_000_000, id%1_000_000
		if i != next[child] {
			t.Fatalf("process %d: line %d where %d was due", child, i, next[child])
		}
		next[child]++
	}
	if log := mustRead(t, path, Filter{}); len(log.Entries) != n*m || log.Skipped != 0 {
		t.Fatalf("Read: %d entries, %d skipped", len(log.Entries), log.Skipped)
	}
}

func TestProcessesRotatingAtOnceLeaveOnlyWholeLinesWithinTheBound(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	const bound = 4000
	appendFromProcesses(t, path, 4, 100, bound)
	for _, p := range []string{path, path + ".1"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() > bound {
			t.Errorf("%s: %d bytes, bound %d", filepath.Base(p), fi.Size(), bound)
		}
	}
	ids := lines(t, path+".1", path)
	if len(ids) == 0 {
		t.Fatal("nothing kept")
	}
	// Per process, what is kept is in the order it was written.
	last := map[int64]int64{}
	for _, id := range ids {
		child, i := id/1_000_000, id%1_000_000
		if prev, ok := last[child]; ok && i <= prev {
			t.Fatalf("process %d: line %d after %d", child, i, prev)
		}
		last[child] = i
	}
}

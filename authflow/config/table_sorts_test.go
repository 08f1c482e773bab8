package config_test

// The concurrency test starts real processes, the test binary itself,
// that save sorts into one file at once: they share nothing but the file
// and its lock.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"chatkeys/authflow/config"
	"chatkeys/authflow/internal/privfile/privfiletest"
)

const (
	sortChildPath    = "CHATKEYS_SORTS_TEST_PATH"
	sortChildProfile = "CHATKEYS_SORTS_TEST_PROFILE"
	sortChildCount   = "CHATKEYS_SORTS_TEST_COUNT"
)

// TestMain runs a child's saves when the test binary is started as one.
func TestMain(m *testing.M) {
	if path := os.Getenv(sortChildPath); path != "" {
		os.Exit(saveSortsAsChild(path))
	}
	os.Exit(m.Run())
}

// saveSortsAsChild saves COUNT sorts of the clients and tokens tables of
// PROFILE in turn, column "c<i>", descending on odd i.
func saveSortsAsChild(path string) int {
	profile := os.Getenv(sortChildProfile)
	count, _ := strconv.Atoi(os.Getenv(sortChildCount))
	for i := range count {
		table := []string{"clients", "tokens"}[i%2]
		if err := config.SaveTableSort(path, profile, table, config.TableSort{Column: fmt.Sprint("c", i), Desc: i%2 == 1}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	return 0
}

func TestTwoProcessesSavingSortsAtOnceKeepEachOthersProfile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	if err := config.SaveTableSort(path, "other", "tokens", config.TableSort{Column: "Expires"}); err != nil {
		t.Fatal(err)
	}
	const count = 150
	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for _, profile := range []string{"prod", "staging"} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), sortChildPath+"="+path, sortChildProfile+"="+profile, sortChildCount+"="+strconv.Itoa(count))
		out := &bytes.Buffer{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, out)
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("child %d: %v\n%s", i, err, outs[i])
		}
	}
	want := map[string]config.TableSort{
		"clients": {Column: fmt.Sprint("c", count-2)},
		"tokens":  {Column: fmt.Sprint("c", count-1), Desc: true},
	}
	for _, profile := range []string{"prod", "staging"} {
		if got, err := config.LoadTableSorts(path, profile); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, %v; want each table's last save %v", profile, got, err, want)
		}
	}
	if got, _ := config.LoadTableSorts(path, "other"); got["tokens"].Column != "Expires" {
		t.Errorf("the profile neither process saved lost its sort: %v", got)
	}
	privfiletest.AssertMode(t, filepath.Join(dir, config.TableSortsFile), 0o600)
	privfiletest.AssertEntries(t, dir, config.TableSortsFile, config.TableSortsFile+".lock")
}

func TestASortSavedForOneProfileIsLoadedForItAloneAndNoSortForgetsIt(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	if got, err := config.LoadTableSorts(path, "prod"); err != nil || len(got) != 0 {
		t.Fatalf("no file: %v, %v", got, err)
	}
	for _, save := range []struct {
		profile, table string
		sort           config.TableSort
	}{
		{"prod", "tokens", config.TableSort{Column: "Expires", Desc: true}},
		{"prod", "clients", config.TableSort{Column: "Name"}},
		{"staging", "tokens", config.TableSort{Column: "ID"}},
		{"prod", "clients", config.TableSort{}},
	} {
		if err := config.SaveTableSort(path, save.profile, save.table, save.sort); err != nil {
			t.Fatal(err)
		}
	}
	got, err := config.LoadTableSorts(path, "prod")
	if want := map[string]config.TableSort{"tokens": {Column: "Expires", Desc: true}}; err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("prod: %v, %v; want %v", got, err, want)
	}
	if got, _ := config.LoadTableSorts(path, "staging"); !reflect.DeepEqual(got, map[string]config.TableSort{"tokens": {Column: "ID"}}) {
		t.Fatalf("staging: %v", got)
	}
}

func TestAGarbledSortsFileIsReadForTheLinesThatAreSortsAndASaveDropsTheRest(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	file := filepath.Join(dir, config.TableSortsFile)
	long := strings.Repeat("x", 300)
	writeFile(t, file, strings.Join([]string{
		"not json at all \x1b[2J",
		`{"profile":"prod","table":"tokens","column":"Expires","desc":true,"from":"a later chatkeys"}`,
		`{"profile":"prod","table":"clients"}`,
		`{"profile":"prod","table":"clients","column":"` + long + `"}`,
		`{"profile":"prod","table":"clients","column":"Name"} trailing`,
		`["prod","clients","Name"]`,
		"\x00\xff\xfe",
		`{"profile":"prod","table":"tokens","column":"ID"`,
	}, "\n"))
	got, err := config.LoadTableSorts(path, "prod")
	if want := map[string]config.TableSort{"tokens": {Column: "Expires", Desc: true}}; err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("read %v, %v; want %v", got, err, want)
	}
	if err := config.SaveTableSort(path, "staging", "clients", config.TableSort{Column: "Name"}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(file)
	if want := `{"profile":"prod","table":"tokens","column":"Expires","desc":true}` + "\n" +
		`{"profile":"staging","table":"clients","column":"Name"}` + "\n"; string(data) != want {
		t.Fatalf("after a save the file holds\n%s\nwant\n%s", data, want)
	}
	if err := config.SaveTableSort(path, long, "clients", config.TableSort{Column: "Name"}); err == nil {
		t.Fatal("a save the file could not read back was made")
	}
}

func TestASortsFileThatIsALinkOrTooLargeIsRefusedAndLeftAlone(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	file := filepath.Join(dir, config.TableSortsFile)
	target := filepath.Join(dir, "elsewhere")
	writeFile(t, target, `{"profile":"prod","table":"tokens","column":"ID"}`+"\n")
	if err := os.Symlink(target, file); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if _, err := config.LoadTableSorts(path, "prod"); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Fatalf("Load through a link: %v", err)
	}
	if err := config.SaveTableSort(path, "prod", "tokens", config.TableSort{Column: "Expires"}); err == nil {
		t.Fatal("a save wrote through the link")
	}
	if data, _ := os.ReadFile(target); !strings.Contains(string(data), `"ID"`) {
		t.Fatalf("the link's target changed: %q", data)
	}
	os.Remove(file)
	writeFile(t, file, strings.Repeat("x", 1<<20+1))
	if _, err := config.LoadTableSorts(path, "prod"); err == nil || !strings.Contains(err.Error(), "larger than 1 MiB") {
		t.Fatalf("Load of a huge file: %v", err)
	}
}

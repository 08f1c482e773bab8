package cli

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionPrintsModuleVersionCommitAndDateFromBuildInfo(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.4.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0c2b323cfec0a452889501f4ebfc6bf1400205af"},
		{Key: "vcs.time", Value: "2026-12-03T15:04:05Z"},
		{Key: "vcs.modified", Value: "false"},
	}}
	got := versionText(info, true)
	want := "chatkeys version v1.4.0\ncommit: 0c2b323cfec0\ndate:   2026-12-03T15:04:05Z\ngo:     go1.26.0\n"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestVersionOfACheckoutBuildSaysDevelAndLocalChanges(t *testing.T) {
	info := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "abcdef"}, {Key: "vcs.modified", Value: "true"},
	}}
	got := versionText(info, true)
	for _, want := range []string{"version devel (built from a source checkout)", "commit: abcdef with local changes", "date:   unknown"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

func TestVersionWithoutVCSInformationSaysTheCommitIsUnknown(t *testing.T) {
	got := versionText(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, true)
	if !strings.Contains(got, "commit: unknown (built without version control information)") {
		t.Fatalf("got\n%s", got)
	}
	if got := versionText(nil, false); !strings.Contains(got, "unknown") {
		t.Fatalf("no build info: %q", got)
	}
}

func TestVersionFlagPrintsTheBuildVersionAndExitsZero(t *testing.T) {
	h := newHarness(t)
	r := h.scriptOK(t, "--version")
	if r.stdout != buildVersion() || !strings.HasPrefix(r.stdout, "chatkeys version ") {
		t.Fatalf("stdout %q, want %q", r.stdout, buildVersion())
	}
}

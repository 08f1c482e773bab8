package cli

import (
	"runtime/debug"
	"strings"
)

// versionText is what chatkeys --version prints: the module version, the
// commit and its date, and the Go release, read from the build
// information the Go toolchain embeds. A build from a checkout has no
// module version ("(devel)"), and one built with -buildvcs=false or
// outside a repository has no commit; each says so instead of printing
// nothing.
func versionText(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "chatkeys version unknown (no build information in this binary)\n"
	}
	version := info.Main.Version
	if version == "" || version == "(devel)" {
		version = "devel (built from a source checkout)"
	}
	var revision, date string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.time":
			date = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	commit := "unknown (built without version control information)"
	if revision != "" {
		commit = revision[:min(len(revision), 12)]
		if modified {
			commit += " with local changes"
		}
	}
	if date == "" {
		date = "unknown"
	}
	var b strings.Builder
	b.WriteString("chatkeys version " + oneLine(version) + "\n")
	b.WriteString("commit: " + oneLine(commit) + "\n")
	b.WriteString("date:   " + oneLine(date) + "\n")
	if info.GoVersion != "" {
		b.WriteString("go:     " + oneLine(info.GoVersion) + "\n")
	}
	return b.String()
}

// buildVersion is versionText of this binary.
func buildVersion() string { return versionText(debug.ReadBuildInfo()) }

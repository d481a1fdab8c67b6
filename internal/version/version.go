// Package version reports which build of the program is running. Release
// builds set the variables with -ldflags (see .goreleaser.yaml); other builds
// (go run, go build, go install) report "dev" with what the Go toolchain
// recorded about the module and its commit, which may be nothing at all, for
// instance when built with -buildvcs=false.
//
// It imports only the standard library.
package version

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// Set at release time with
//
//	-ldflags "-X course/internal/version.Version=1.2.3 -X course/internal/version.Commit=… -X course/internal/version.Date=…"
var (
	Version = ""
	Commit  = ""
	Date    = ""
)

// Info is what is known about the running build.
type Info struct {
	Version string // "1.2.3" for a release, "dev" otherwise
	Commit  string // full commit hash, or "" when unknown
	Date    string // release build date (RFC 3339), or "" when unknown

	// Development builds only, from Go's build information.
	Module     string // module version, e.g. "v0.0.0-20261124184534-a313970b697c+dirty"
	CommitTime string // time of the commit built (not the build date)
	Modified   bool   // built from a work tree with uncommitted changes

	Go       string // Go toolchain version
	Platform string // GOOS/GOARCH
}

// Get returns the build's version information.
func Get() Info {
	return get(Version, Commit, Date, debug.ReadBuildInfo)
}

func get(version, commit, date string, readBuildInfo func() (*debug.BuildInfo, bool)) Info {
	info := Info{Version: version, Commit: commit, Date: date, Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if info.Version != "" {
		return info
	}
	info.Version = "dev"
	bi, ok := readBuildInfo()
	if !ok || bi == nil {
		return info
	}
	if bi.GoVersion != "" {
		info.Go = bi.GoVersion
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		info.Module = v
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			if info.Commit == "" {
				info.Commit = s.Value
			}
		case "vcs.time":
			info.CommitTime = s.Value
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
	return info
}

// Short is the version stamped into every record the program writes:
// "1.2.3" for a release; "dev", "dev-a313970b697c" or "dev-a313970b697c-dirty"
// otherwise.
func Short() string { return Get().Short() }

// Short is the version in a few characters; see the package function Short.
func (i Info) Short() string {
	if i.Version != "dev" || i.Commit == "" {
		return i.Version
	}
	s := "dev-" + abbrev(i.Commit)
	if i.Modified {
		s += "-dirty"
	}
	return s
}

// String is what course --version prints, on one line:
//
//	course 1.2.3 (commit 0123…, built 2026-11-24T18:45:34Z, go1.26.8 windows/amd64)
//	course dev v0.0.0-…+dirty (commit a313970b697c, modified, committed 2026-11-24T18:45:34Z, go1.26.8 linux/amd64)
//	course dev (commit unknown, build date unknown, go1.26.8 linux/amd64)
func (i Info) String() string {
	v := i.Version
	if i.Module != "" {
		v += " " + i.Module
	}
	commit := "unknown"
	if i.Commit != "" {
		commit = i.Commit
		if i.Version == "dev" {
			commit = abbrev(commit)
		}
	}
	details := "commit " + commit
	if i.Modified {
		details += ", modified"
	}
	switch {
	case i.Date != "":
		details += ", built " + i.Date
	case i.CommitTime != "":
		details += ", committed " + i.CommitTime
	default:
		details += ", build date unknown"
	}
	if i.Go != "" {
		details += ", " + i.Go
	}
	if i.Platform != "" {
		details += " " + i.Platform
	}
	return fmt.Sprintf("course %s (%s)", v, details)
}

func abbrev(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

// Package version reports which build of the program is running. Release
// builds set the variables with -ldflags; other builds read Go's build info.
package version

import (
	"fmt"
	"runtime/debug"
)

// Set at release time with -ldflags "-X course/internal/version.Version=…".
var (
	Version = ""
	Commit  = ""
	Date    = ""
)

// Info is the version, commit and build date of the running program.
type Info struct {
	Version string
	Commit  string
	Date    string
}

// Get returns the build's version information; builds made without release
// flags report "dev" with whatever the Go toolchain recorded.
func Get() Info {
	info := Info{Version: Version, Commit: Commit, Date: Date}
	if info.Version != "" {
		return info
	}
	info.Version = "dev"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			info.Version = "dev " + v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				info.Commit = s.Value
			case "vcs.time":
				info.Date = s.Value
			}
		}
	}
	return info
}

// Short is the version alone, stamped into every record the program writes.
func Short() string { return Get().Version }

func (i Info) String() string {
	commit, date := i.Commit, i.Date
	if commit == "" {
		commit = "unknown"
	}
	if date == "" {
		date = "unknown"
	}
	return fmt.Sprintf("course %s (commit %s, built %s)", i.Version, commit, date)
}

package version

import (
	"runtime/debug"
	"strings"
	"testing"
)

func buildInfo(version string, settings ...string) func() (*debug.BuildInfo, bool) {
	return func() (*debug.BuildInfo, bool) {
		bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "course", Version: version}}
		for i := 0; i+1 < len(settings); i += 2 {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return bi, true
	}
}

func noBuildInfo() (*debug.BuildInfo, bool) { return nil, false }

func TestRelease(t *testing.T) {
	i := get("1.2.3", "0123456789abcdef0123456789abcdef01234567", "2026-11-24T18:45:34Z",
		buildInfo("v0.0.0-x", "vcs.revision", "ffff", "vcs.modified", "true"))
	if i.Short() != "1.2.3" {
		t.Errorf("Short = %q, want 1.2.3", i.Short())
	}
	s := i.String()
	for _, want := range []string{"course 1.2.3 (", "commit 0123456789abcdef0123456789abcdef01234567", "built 2026-11-24T18:45:34Z", i.Platform} {
		if !strings.Contains(s, want) {
			t.Errorf("%q lacks %q", s, want)
		}
	}
	if strings.Contains(s, "ffff") || strings.Contains(s, "modified") || strings.Contains(s, "v0.0.0") {
		t.Errorf("a release build reports the toolchain's build info: %q", s)
	}
}

func TestDevWithVCS(t *testing.T) {
	i := get("", "", "", buildInfo("v0.0.0-20261124184534-a313970b697c+dirty",
		"vcs.revision", "a313970b697c47c96666878fa721dbe48df92d6a",
		"vcs.time", "2026-11-24T18:45:34Z", "vcs.modified", "true"))
	if got, want := i.Short(), "dev-a313970b697c-dirty"; got != want {
		t.Errorf("Short = %q, want %q", got, want)
	}
	want := "course dev v0.0.0-20261124184534-a313970b697c+dirty (commit a313970b697c, modified, committed 2026-11-24T18:45:34Z, go1.26.8 " + i.Platform + ")"
	if got := i.String(); got != want {
		t.Errorf("String =\n%q, want\n%q", got, want)
	}
}

func TestDevWithoutVCS(t *testing.T) {
	// go run, or any build with -buildvcs=false.
	for name, read := range map[string]func() (*debug.BuildInfo, bool){
		"devel":         buildInfo("(devel)"),
		"no build info": noBuildInfo,
	} {
		i := get("", "", "", read)
		if i.Short() != "dev" {
			t.Errorf("%s: Short = %q, want dev", name, i.Short())
		}
		if got, want := i.String(), "course dev (commit unknown, build date unknown, "; !strings.HasPrefix(got, want) {
			t.Errorf("%s: String = %q, want it to start %q", name, got, want)
		}
	}
}

func TestThisBuild(t *testing.T) {
	i := Get()
	if i.Version != "dev" || !strings.HasPrefix(Short(), "dev") {
		t.Errorf("a test binary is not a dev build: %+v", i)
	}
	if !strings.HasPrefix(i.String(), "course dev") {
		t.Errorf("String = %q", i.String())
	}
}

//go:build unix

package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func TestExportRefusesPipesAndDevices(t *testing.T) {
	f := exportRecords(t)
	records := fileState(t, f.path)
	pipe := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Fatal(err)
	}
	refusedExport(t, f, pipe, "is a named pipe, not a file. Give the name of a file to write. To write to standard output, give --out -.", records)

	if os.Geteuid() != 0 {
		t.Skipf("not trying devices: only root can make one, or replace %s, so without root a refusal proves nothing", os.DevNull)
	}
	// First a device of our own, made like /dev/null: if the export is not
	// refused, it replaces that one and not the system's.
	info, err := os.Stat(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	device := filepath.Join(t.TempDir(), "null")
	if err := syscall.Mknod(device, syscall.S_IFCHR|0o666, int(info.Sys().(*syscall.Stat_t).Rdev)); err != nil {
		t.Fatal(err)
	}
	const want = "is a device, not a file. Give the name of a file to write. To write to standard output, give --out -."
	if !t.Run("device", func(t *testing.T) { refusedExport(t, f, device, want, records) }) {
		t.Fatalf("not trying %s: the export would replace it", os.DevNull)
	}
	refusedExport(t, f, os.DevNull, want, records)
}

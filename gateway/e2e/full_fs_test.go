package e2e

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testfs"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

// A start on a small ext4 (1 KiB blocks) that filled up after a clean stop ends in a clear error,
// not in SIGBUS: SQLite maps its shared-memory file (-shm), which it extends by one byte per
// 4 KiB page, so on a file system with smaller blocks the rest of each page is a hole that the
// kernel must back when SQLite first writes there. With about 10 KiB left the gateway died of
// SIGBUS before; with none, of an I/O error. Once space is freed it starts. Needs root
// (mount); SQLite only.
func TestStartOnFullFileSystem(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the gateway")
	}
	fs := testfs.NewExt4(t, "8M")
	db := filepath.Join(fs.Dir, "checkins.db")
	config := filepath.Join(t.TempDir(), "services.json")
	if err := os.WriteFile(config, []byte(damageServices), 0o600); err != nil {
		t.Fatal(err)
	}
	g := gatewaytest.Start(t, gatewaytest.Options{Config: config, DB: db})
	for range 20 {
		if code := postCheckin(t, g.URL); code != 204 {
			t.Fatalf("check-in = %d; want 204", code)
		}
	}
	g.StopWant(t, syscall.SIGTERM, 0)
	filler := filepath.Join(fs.Dir, "filler")
	for free := int64(0); free <= 24<<10; free += 1 << 10 { // the window of SIGBUS moves a little
		fillUp(t, filler)
		fi, err := os.Stat(filler)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(filler, max(fi.Size()-free, 0)); err != nil {
			t.Fatal(err)
		}
		// Bounded: a gateway that starts on the full disk after all would serve until stopped.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		cmd := exec.CommandContext(ctx, gatewaytest.Binary(t), "--listen", checkintest.FreeAddr(t), "--config", config, "--db", db)
		out, err := cmd.CombinedOutput()
		cancel()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(string(out), "not enough free space") ||
			strings.Contains(string(out), "SIGBUS") {
			t.Errorf("start with %d KiB free = %v; want exit 1 saying not enough free space:\n%.600s", free>>10, err, out)
		}
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	g = gatewaytest.Start(t, gatewaytest.Options{Config: config, DB: db})
	g.StopWant(t, syscall.SIGTERM, 0)
}

// fillUp fills the file system path is on to its last block, appending to path with ever
// smaller writes.
func fillUp(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for size := 1 << 16; size >= 1; size /= 2 {
		chunk := make([]byte, size)
		for {
			if _, err := f.Write(chunk); err != nil {
				if !errors.Is(err, syscall.ENOSPC) {
					t.Fatal(err)
				}
				break
			}
		}
	}
	if err := f.Sync(); err != nil && !errors.Is(err, syscall.ENOSPC) {
		t.Fatal(err)
	}
}

package server

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/diskfloor"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testfs"
)

// Below the free-space floor, check-ins and pings get 507 with the reason and are not stored,
// and /alive says 503 with the reason, while SQLite could still write; once space is back, all
// is taken again. SQLite only: the floor is on the database file's file system.
func TestSpaceFloor(t *testing.T) {
	dir := testfs.Tmpfs(t, "8m")
	floor := diskfloor.New(dir, diskfloor.Setting{Bytes: 2 << 20}, 0, time.Now, slog.New(slog.DiscardHandler))
	services := `{"backup": {"token": "secret-backup", "timeout": "1d", "ping_uuid": "` + pingUUID + `"}}`
	f := newFixtureDeps(t, backendtest.SQLite.OpenAt(t, filepath.Join(dir, "checkins.db")), services,
		func(d *Deps) { d.SpaceFloor = floor })
	f.checkin(t, "backup", "secret-backup", "OK", "before")

	filler := filepath.Join(dir, "filler")
	fillTo(t, dir, filler, 1<<20) // 1 MiB free: below the floor, room enough for SQLite
	code, body, hdr := f.do(t, "POST", "/", "application/json", `{"service": "backup", "token": "secret-backup", "status": "OK", "info": "below"}`)
	if msg := gatewaytest.ErrorBody(t, hdr, body); code != 507 || !strings.Contains(msg, "free disk space below --min-free-space") {
		t.Errorf("check-in below the floor = %d %q; want 507 naming the floor", code, msg)
	}
	if code, body, _ := f.do(t, "POST", "/ping/"+pingUUID, "", "ping below"); code != 507 || !strings.Contains(body, "free disk space below") {
		t.Errorf("ping below the floor = %d %q; want 507 naming the floor", code, body)
	}
	code, body, hdr = f.do(t, "GET", "/alive", "", "")
	if msg := gatewaytest.ErrorBody(t, hdr, body); code != 503 || !strings.Contains(msg, "free disk space below --min-free-space") {
		t.Errorf("/alive below the floor = %d %q; want 503 naming the floor", code, msg)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	f.checkin(t, "backup", "secret-backup", "OK", "after")
	if code, body, _ := f.do(t, "GET", "/alive", "", ""); code != 204 {
		t.Errorf("/alive with space back = %d %s; want 204", code, body)
	}
	hist, err := storagetest.History(context.Background(), f.store, "backup", 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range hist {
		got = append(got, c.Info)
	}
	if strings.Join(got, " ") != "after before" {
		t.Errorf("history = %v; want only the check-ins taken, [after before]", got)
	}
}

// fillTo writes path until the file system of dir has about free bytes left.
func fillTo(t *testing.T, dir, path string, free int64) {
	t.Helper()
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		t.Fatal(err)
	}
	have := int64(st.Bavail) * int64(st.Bsize)
	if err := os.WriteFile(path, make([]byte, have-free), 0o600); err != nil {
		t.Fatal(err)
	}
}

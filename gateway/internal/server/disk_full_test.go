package server

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/testfs"
)

// With its disk full, the gateway answers check-ins 503 (never 204 for what it did not store)
// and /alive 503 from the first failed check-in; once space is back, check-ins are stored
// again and /alive says 204 from the first one stored. SQLite only: it fills the disk under the database file.
func TestDiskFull(t *testing.T) {
	dir := testfs.Tmpfs(t, "4m")
	f := newFixtureDeps(t, backendtest.SQLite.OpenAt(t, filepath.Join(dir, "checkins.db")), servicesJSON, nil)
	f.checkin(t, "backup", "secret-backup", "OK", "before")

	testfs.Fill(t, filepath.Join(dir, "filler"))
	var stored []string
	failed := ""
	for i := 0; i < 5000 && failed == ""; i++ {
		info := fmt.Sprintf("%04d %s", i, strings.Repeat("x", 1000))
		body, _ := json.Marshal(map[string]string{"service": "backup", "token": "secret-backup", "status": "OK", "info": info})
		code, resp, hdr := f.do(t, "POST", "/", "application/json", string(body))
		switch code {
		case 204:
			stored = append(stored, info)
		case 503:
			failed = info
			if msg := gatewaytest.ErrorBody(t, hdr, resp); !strings.Contains(msg, "not stored") {
				t.Errorf("503 error = %q; want it to say the check-in was not stored", msg)
			}
		default:
			t.Fatalf("check-in on a full disk = %d %s; want 204 or 503", code, resp)
		}
	}
	if failed == "" {
		t.Fatal("5000 check-ins on a full disk all got 204")
	}
	if code, body, hdr := f.do(t, "GET", "/alive", "", ""); code != 503 {
		t.Errorf("/alive on a full disk = %d; want 503", code)
	} else if msg := gatewaytest.ErrorBody(t, hdr, body); !strings.Contains(msg, "database") {
		t.Errorf("/alive error = %q; want it to name the database", msg)
	} else {
		t.Logf("/alive on a full disk: %s", msg)
	}

	if err := os.Remove(filepath.Join(dir, "filler")); err != nil {
		t.Fatal(err)
	}
	// /alive follows the check-ins: space alone does not prove they fit again.
	if code, body, _ := f.do(t, "GET", "/alive", "", ""); code != 503 {
		t.Errorf("/alive once space is back, before a check-in = %d %s; want 503", code, body)
	}
	f.checkin(t, "backup", "secret-backup", "OK", "after")
	if code, body, _ := f.do(t, "GET", "/alive", "", ""); code != 204 {
		t.Errorf("/alive after a check-in was stored = %d %s; want 204", code, body)
	}

	hist, err := storagetest.History(context.Background(), f.store, "backup", 100000)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, h := range hist {
		have[h.Info] = true
	}
	for _, info := range append(stored, "before", "after") {
		if !have[info] {
			t.Errorf("check-in %.4s got 204 but is not stored", info)
		}
	}
	if have[failed] {
		t.Errorf("check-in %.4s got 503 but is stored", failed)
	}
	t.Logf("%d check-ins stored on the full disk before the first 503", len(stored))
}

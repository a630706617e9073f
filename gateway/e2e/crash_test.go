package e2e

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// integrityCheck opens the database as the next start would and runs PRAGMA integrity_check.
func integrityCheck(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v; want ok", res, err)
	}
}

// storedInfos returns the info of every check-in of backup, read through the gateway a page at
// a time, as a client follows the history's Link headers.
func storedInfos(t *testing.T, p *gatewaytest.Gateway) map[string]bool {
	t.Helper()
	have := make(map[string]bool)
	for before := ""; ; {
		code, body := get(t, p.URL+"/api/v1/services/backup/history?limit=1000"+before)
		if code != 200 {
			t.Fatalf("history = %d %s", code, body)
		}
		var hist []checkin.HistoryEntry
		if err := json.Unmarshal([]byte(body), &hist); err != nil {
			t.Fatal(err)
		}
		for _, h := range hist {
			have[h.Info] = true
		}
		if len(hist) < 1000 {
			return have
		}
		before = fmt.Sprintf("&before=%d", hist[len(hist)-1].ID)
	}
}

// SIGKILL while clients check in: after a restart, every check-in that got a 204 is there and
// the database is intact.
func TestCrashKeepsAcknowledged(t *testing.T) { backendtest.Each(t, testCrashKeepsAcknowledged) }

func testCrashKeepsAcknowledged(t *testing.T, b backendtest.Backend) {
	dir := t.TempDir()
	cfg, db := filepath.Join(dir, "services.json"), b.DB(t)
	writeFile(t, cfg, testServices)
	const rounds, clients = 10, 8
	var acked []string
	total := 0
	for round := 0; round < rounds; round++ {
		p := startGateway(t, cfg, db)
		if round > 0 {
			have := storedInfos(t, p)
			for _, info := range acked {
				if !have[info] {
					t.Fatalf("round %d: check-in %q got 204 before the kill but is gone", round, info)
				}
			}
		}
		load := startLoad(p.URL+"/", fmt.Sprintf("round %d ", round), clients, 5*time.Second, func(code int, err error) bool {
			if err == nil {
				t.Errorf("check-in = %d; want 204", code)
			}
			return false // on an error, the gateway is gone
		})
		time.Sleep(time.Duration(80+round*7) * time.Millisecond)
		p.Stop(t, syscall.SIGKILL)
		acked = load.Stop()
		total += len(acked)
		if b.Name == "sqlite" {
			integrityCheck(t, db) // PostgreSQL checks its own pages as it recovers
		}
	}
	p := startGateway(t, cfg, db)
	have := storedInfos(t, p)
	for _, info := range acked {
		if !have[info] {
			t.Errorf("check-in %q got 204 before the last kill but is gone", info)
		}
	}
	if total < rounds {
		t.Errorf("only %d check-ins acknowledged over %d rounds; the test did not load the gateway", total, rounds)
	}
	t.Logf("%d check-ins acknowledged over %d kills; all kept", total, rounds)
}

package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
)

// floodCap is the flooded service's history_max_bytes in the flood test.
const floodCap = 4 << 20

// floodSlack is how far over its cap the flooded service may grow, as docs/security.md states:
// a cap step (cap/16) and what arrives while a prune runs (4 MiB), and, on SQLite, the free
// pages the file keeps for the check-ins to come (8 MiB) and the write-ahead log, which grows
// to its 10,000 pages (40 MiB) whatever the flood and is then reused (store/driver.go).
var floodSlack = map[string]int64{"sqlite": floodCap/16 + 4<<20 + 8<<20 + 44<<20, "postgres": floodCap/16 + 4<<20}

// floodCount is how many 60 KB check-ins the flood sends: 170 MB on SQLite, 60 MB on the
// slower PostgreSQL, several times the cap and its slack either way.
var floodCount = map[string]int64{"sqlite": 3000, "postgres": 1000}

// One service sending 60 KB check-ins as fast as the gateway takes them stays within its
// history_max_bytes plus the stated slack, during the flood and after it: on SQLite measured by
// the database file and its write-ahead log, on PostgreSQL by the service's rows. Another
// service's history is untouched, and the flooded one's newest check-ins are all there.
func TestFloodStaysWithinHistoryCap(t *testing.T) {
	if testing.Short() {
		t.Skip("floods the gateway for several seconds")
	}
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "checkins.db")
			if engine == "postgres" {
				db = pgtest.Start(t)
			}
			services := fmt.Sprintf(`{"flood": {"token": "flood-token-0123456789", "timeout": "1h", "history_max_bytes": %d},
				"quiet": {"token": "quiet-token-0123456789", "timeout": "1h"}}`, floodCap)
			g := gatewaytest.Start(t, gatewaytest.Options{Services: services, DB: db, Args: []string{"--rate", "off"}})
			size := sizer(t, engine, db)
			postFlood(t, g.URL, "quiet", "quiet-token-0123456789", "before the flood")
			base := size()

			total, workers := floodCount[engine], 8
			var sent atomic.Int64
			var peak atomic.Int64
			var wg sync.WaitGroup
			start := time.Now()
			for range workers {
				wg.Go(func() {
					for sent.Add(1) <= total && !t.Failed() {
						postFlood(t, g.URL, "flood", "flood-token-0123456789", randomInfo(t, 60_000))
					}
				})
			}
			done := make(chan struct{})
			go func() { wg.Wait(); close(done) }()
			for watching := true; watching; {
				select {
				case <-done:
					watching = false
				case <-time.After(50 * time.Millisecond):
				}
				peak.Store(max(peak.Load(), size()-base))
			}
			took := time.Since(start)
			limit := int64(floodCap) + floodSlack[engine]
			if p := peak.Load(); p > limit {
				t.Errorf("grew by %d bytes during the flood; want at most the cap %d + slack %d", p, floodCap, floodSlack[engine])
			}
			t.Logf("%s: %d check-ins of 60 KB in %v (%.0f/s); peak growth %.1f MiB (cap %d MiB, limit %.1f MiB)",
				engine, total, took.Round(time.Millisecond), float64(total)/took.Seconds(), float64(peak.Load())/(1<<20),
				floodCap>>20, float64(limit)/(1<<20))
			checkAfterFlood(t, g.URL, total)
		})
	}
}

// checkAfterFlood checks what the API shows after the flood: the cap pruned, the newest
// check-ins are there, the quiet service lost nothing.
func checkAfterFlood(t *testing.T, url string, sent int64) {
	t.Helper()
	var state struct {
		PrunedByCap   int64      `json:"pruned_by_cap"`
		PrunedByCapAt *time.Time `json:"pruned_by_cap_at"`
	}
	getFloodJSON(t, url+"/api/v1/services/flood", &state)
	if state.PrunedByCap < sent-200 || state.PrunedByCapAt == nil {
		t.Errorf("flood's state = %+v; want pruned_by_cap of most of the %d and its time", state, sent)
	}
	var hist []json.RawMessage
	getFloodJSON(t, url+"/api/v1/services/flood/history?limit=1000", &hist)
	if len(hist) < 60 || len(hist) > 100+floodCap/60_000 {
		t.Errorf("flood's history holds %d check-ins; want the newest that fit in %d bytes, and at least 60", len(hist), floodCap)
	}
	var quiet []json.RawMessage
	getFloodJSON(t, url+"/api/v1/services/quiet/history", &quiet)
	if len(quiet) != 1 {
		t.Errorf("quiet's history holds %d check-ins; want its 1", len(quiet))
	}
}

// sizer returns what the flood test measures: the SQLite file with its write-ahead log, or the
// flooded service's rows in PostgreSQL.
func sizer(t *testing.T, engine, db string) func() int64 {
	if engine == "sqlite" {
		return func() int64 {
			var n int64
			for _, p := range []string{db, db + "-wal"} {
				if fi, err := os.Stat(p); err == nil {
					n += fi.Size()
				}
			}
			return n
		}
	}
	conn, err := pgx.Connect(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return func() int64 {
		var n int64
		if err := conn.QueryRow(context.Background(),
			`SELECT coalesce(sum(pg_column_size(c.*)), 0) FROM checkins c WHERE service = 'flood'`).Scan(&n); err != nil {
			t.Error(err)
		}
		return n
	}
}

func randomInfo(t *testing.T, n int) string {
	b := make([]byte, n/2)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

func postFlood(t *testing.T, url, service, token, info string) {
	body, _ := json.Marshal(map[string]string{"service": service, "token": token, "status": "OK", "info": info})
	resp, err := http.Post(url+"/api/v1/checkins", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Error(err)
		return
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("check-in of %s = %d; want 204", service, resp.StatusCode)
	}
}

func getFloodJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

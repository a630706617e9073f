package server

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
)

// addedLog records what the server tells its HistoryCap.
type addedLog struct {
	mu    sync.Mutex
	bytes map[string]int
}

func (a *addedLog) Added(service string, infoBytes int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.bytes[service] += infoBytes
}

func TestHistoryCapShown(t *testing.T) { backendtest.Each(t, testHistoryCapShown) }

// Every stored check-in reaches the HistoryCap (a refused one does not), and once a cap pruned
// a service, its state and its status page say how many check-ins and when.
func testHistoryCapShown(t *testing.T, b backendtest.Backend) {
	added := &addedLog{bytes: map[string]int{}}
	f := newFixtureDeps(t, b.Open(t), servicesJSON, func(d *Deps) { d.HistoryCap = added })
	for range 5 {
		f.checkin(t, "backup", "secret-backup", "OK", "0123456789")
	}
	f.do(t, "POST", "/", "application/json", `{"service": "laptop", "token": "wrong", "status": "OK", "info": "xx"}`)
	if added.bytes["backup"] != 50 || len(added.bytes) != 1 {
		t.Errorf("HistoryCap heard %v; want backup's 50 bytes only", added.bytes)
	}

	state := func() map[string]any {
		code, body, _ := f.do(t, "GET", "/api/v1/services/backup", "", "")
		var m map[string]any
		if err := json.Unmarshal([]byte(body), &m); code != 200 || err != nil {
			t.Fatalf("state = %d %s", code, body)
		}
		return m
	}
	if m := state(); m["pruned_by_cap"] != nil || m["pruned_by_cap_at"] != nil {
		t.Errorf("state before any cap = %v; want no pruned_by_cap", m)
	}
	at := time.Date(2026, 11, 25, 11, 30, 0, 0, time.UTC)
	if n, err := f.store.PruneToBytes(context.Background(), "backup", 1, 2, at); err != nil || n != 3 {
		t.Fatalf("PruneToBytes = %d, %v; want 3", n, err)
	}
	if m := state(); m["pruned_by_cap"] != 3.0 || m["pruned_by_cap_at"] != "2026-11-25T11:30:00Z" {
		t.Errorf("state after the cap = pruned_by_cap %v at %v; want 3 at 2026-11-25T11:30:00Z", m["pruned_by_cap"], m["pruned_by_cap_at"])
	}
	code, page, _ := f.do(t, "GET", "/status/backup", "", "")
	if code != 200 || !strings.Contains(page, "3 of the oldest check-ins deleted by the history size cap") || !strings.Contains(page, `datetime="2026-11-25T11:30:00Z"`) {
		t.Errorf("status page = %d; want it to say the cap deleted 3 check-ins at 11:30", code)
	}
}

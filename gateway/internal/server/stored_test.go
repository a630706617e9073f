package server

import (
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
)

// TestStoredIsTold: Deps.Stored hears of every stored check-in and ping (push mode pushes
// them), and of nothing that was refused.
func TestStoredIsTold(t *testing.T) { backendtest.Each(t, testStoredIsTold) }

func testStoredIsTold(t *testing.T, b backendtest.Backend) {
	var mu sync.Mutex
	var told []string
	f := newFixtureDeps(t, b.Open(t), pingServices, func(d *Deps) {
		d.PingKey = pingKey
		d.Stored = func(service string) { mu.Lock(); told = append(told, service); mu.Unlock() }
	})
	f.checkin(t, "laptop", "secret-laptop", "OK", "fine")
	if code, body, _ := f.do(t, "POST", "/", "application/json", `{"service":"laptop","token":"wrong","status":"OK"}`); code != http.StatusUnauthorized {
		t.Fatalf("wrong token: %d %s; want 401", code, body)
	}
	if code, body, _ := f.do(t, "POST", "/ping/"+pingUUID+"/fail", "text/plain", "x"); code != http.StatusOK {
		t.Fatalf("ping: %d %s; want 200", code, body)
	}
	if code, _, _ := f.do(t, "POST", "/ping/"+pingUUID+"/999", "text/plain", ""); code != http.StatusBadRequest {
		t.Fatalf("bad ping: %d; want 400", code)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []string{"laptop", "backup"}; !slices.Equal(told, want) {
		t.Errorf("Stored heard %q; want %q", told, want)
	}
}

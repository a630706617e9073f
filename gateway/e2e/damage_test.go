package e2e

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/gatewaytest"
)

const damageServices = `{"backup": {"token": "secret-backup", "timeout": "1d"}}`

func postCheckin(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Post(url+"/", "application/json",
		strings.NewReader(`{"service": "backup", "token": "secret-backup", "status": "OK"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func getBody(t *testing.T, url string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	code, body, _ := gatewaytest.RoundTrip(t, req)
	return code, body
}

// `truncate -s 0` of the live database while check-ins arrive: every check-in sent after the
// truncation gets 503, never a 204 for a write that is gone; /alive turns 503 within a second;
// the log says so once and /metrics shows checkin_database_damaged 1. SQLite only: it
// truncates the database file.
func TestTruncatedDatabaseRefusesCheckins(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the gateway")
	}
	db := filepath.Join(t.TempDir(), "checkins.db")
	g := gatewaytest.Start(t, gatewaytest.Options{Services: damageServices, DB: db, Args: []string{"--rate", "off"}})
	for range 50 {
		if code := postCheckin(t, g.URL); code != 204 {
			t.Fatalf("check-in before the damage = %d; want 204", code)
		}
	}
	// Check-ins keep arriving while the file is truncated.
	stop, sent, started := make(chan struct{}), make(chan int, 1), make(chan struct{})
	go func() {
		n := 0
		for {
			if n == 1 {
				close(started)
			}
			select {
			case <-stop:
				sent <- n
				return
			default:
			}
			postCheckin(t, g.URL)
			n++
		}
	}()
	<-started // some arrive during the truncation; their answers are not asserted on
	if err := os.Truncate(db, 0); err != nil {
		t.Fatal(err)
	}
	truncated := time.Now()
	for i := range 20 {
		if code := postCheckin(t, g.URL); code != 503 {
			t.Errorf("check-in %d after the truncation = %d; want 503", i, code)
		}
	}
	close(stop)
	<-sent
	code, _ := getBody(t, g.URL+"/alive")
	for code != 503 && time.Since(truncated) < time.Second {
		time.Sleep(20 * time.Millisecond)
		code, _ = getBody(t, g.URL+"/alive")
	}
	if code != 503 {
		t.Errorf("/alive 1s after the truncation = %d; want 503", code)
	}
	if _, metrics := getBody(t, g.URL+"/metrics"); !strings.Contains(metrics, "\ncheckin_database_damaged 1\n") {
		t.Errorf("/metrics lacks checkin_database_damaged 1:\n%s", metrics)
	}
	if n := strings.Count(g.Stderr.String(), `msg="database file damaged`); n != 1 {
		t.Errorf("log has %d lines on the damage; want 1:\n%s", n, g.Stderr)
	}
}

package push

import (
	"context"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/backendtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/pgtest"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
	"github.com/checkin-gateway/checkin-gateway/shared/checkintest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Run(m)) }

// Icinga answers 503 twice: the pusher backs off (1s, then 2s), keeps the services pending,
// and on the first success resyncs, so every service ends up in Icinga with its newest verdict.
func TestPusherBacksOffAndResyncs(t *testing.T) { backendtest.Each(t, testPusherBacksOffAndResyncs) }

func testPusherBacksOffAndResyncs(t *testing.T, b backendtest.Backend) {
	if testing.Short() {
		t.Skip("waits out 3s of backoff")
	}
	db := b.Open(t)
	cfg, err := config.Parse([]byte(`{"a": {"token": "ta", "timeout": "1d"}, "b": {"token": "tb", "timeout": "1d", "icinga": {"host": "srv"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Add(context.Background(), storage.Checkin{Service: "b", Status: checkin.Critical, Info: "broken", At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	f := newFakeIcinga(t, 503, 503)
	client, err := NewClient(ClientOptions{URL: f.url, User: "u", Password: "pw-Hx7eQ2", CAFile: f.caFile})
	if err != nil {
		t.Fatal(err)
	}
	var logs checkintest.SyncBuffer
	reg := prometheus.NewRegistry()
	p, err := New(Options{Config: func() *config.Config { return cfg }, Store: db, Client: client, HostName: "gw",
		Logger: slog.New(slog.NewTextHandler(&logs, nil)), Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { p.Run(ctx, Alone) })
	defer func() { cancel(); wg.Wait() }()

	deadline := time.Now().Add(20 * time.Second)
	var last map[string]map[string]any
	for {
		last = map[string]map[string]any{}
		for _, r := range f.requests() {
			last[r["service"].(string)] = r
		}
		if len(last) == 2 && pushes(t, reg, "ok") >= 2 && p.pend.len() == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not both services pushed within 20s: %v\n%s", f.requests(), logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := last["srv!b"]; got["exit_status"] != 2.0 || !strings.HasPrefix(got["plugin_output"].(string), "CHECKIN CRITICAL - b: broken (last report ") {
		t.Errorf("b's push = %v; want CRITICAL, as check_checkin prints it", got)
	}
	if got := last["gw!a"]; got["exit_status"] != 3.0 || got["plugin_output"] != "CHECKIN UNKNOWN - a: never reported in" {
		t.Errorf("a's push = %v; want UNKNOWN never reported in", got)
	}
	if n := pushes(t, reg, "refused"); n != 2 {
		t.Errorf("refused pushes = %v; want 2", n)
	}
	for _, want := range []string{"Icinga does not take results", "Icinga takes results again", `reason="icinga reachable again"`} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
	if strings.Contains(logs.String(), "pw-Hx7eQ2") {
		t.Errorf("the log shows the password:\n%s", logs.String())
	}
}

// pushes is the value of checkin_icinga_pushes_total{result}.
func pushes(t *testing.T, reg *prometheus.Registry, result string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != "checkin_icinga_pushes_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "result" && l.GetValue() == result {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	t.Fatalf("no checkin_icinga_pushes_total{result=%q}", result)
	return 0
}

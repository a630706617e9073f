package metrics

import (
	"math"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
)

func svc(name string, timeout time.Duration, owner string) *config.Service {
	return &config.Service{Name: name, Timeout: timeout, Grace: 12 * time.Hour, Owner: owner}
}

func TestConfigHash(t *testing.T) {
	base := func() *config.Config { return config.New(svc("a", time.Hour, "ops"), svc("b", 24*time.Hour, "")) }
	for _, tc := range []struct {
		name string
		cfg  *config.Config
		same bool
	}{
		{"same services, built again", base(), true},
		{"same services, other order", config.New(svc("b", 24*time.Hour, ""), svc("a", time.Hour, "ops")), true},
		{"another timeout", config.New(svc("a", 2*time.Hour, "ops"), svc("b", 24*time.Hour, "")), false},
		{"another owner", config.New(svc("a", time.Hour, "alice"), svc("b", 24*time.Hour, "")), false},
		{"a service more", config.New(svc("a", time.Hour, "ops"), svc("b", 24*time.Hour, ""), svc("c", time.Hour, "")), false},
		{"a service less", config.New(svc("a", time.Hour, "ops")), false},
		{"tolerate_failures", config.New(&config.Service{Name: "a", Timeout: time.Hour, Grace: 12 * time.Hour, Owner: "ops", TolerateFailures: true}, svc("b", 24*time.Hour, "")), false},
	} {
		got, want := ConfigHash(tc.cfg), ConfigHash(base())
		if (got == want) != tc.same {
			t.Errorf("%s: ConfigHash = %v, base %v; want equal %v", tc.name, got, want, tc.same)
		}
		if got != math.Trunc(got) || got < 0 || got >= 1<<53 {
			t.Errorf("%s: ConfigHash = %v; want a whole number below 2^53", tc.name, got)
		}
	}
}

func TestConfigHashFollowsReloads(t *testing.T) {
	reg := prometheus.NewRegistry()
	current := config.New(svc("a", time.Hour, ""))
	RegisterConfigHash(reg, func() *config.Config { return current })
	read := func() float64 {
		mfs, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		return mfs[0].GetMetric()[0].GetGauge().GetValue()
	}
	before := read()
	if before != ConfigHash(current) {
		t.Errorf("checkin_config_hash = %v; want %v", before, ConfigHash(current))
	}
	current = config.New(svc("a", 2*time.Hour, ""))
	if after := read(); after == before || after != ConfigHash(current) {
		t.Errorf("after a reload checkin_config_hash = %v; want %v", after, ConfigHash(current))
	}
}

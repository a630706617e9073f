package writetx_test

import (
	"context"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/sqlite/writetx"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Duplicates.Has finds a stored check-in equal in service, time, status, kind and info, also
// one stored earlier in the same transaction; the run id and duration do not count.
func TestDuplicatesHas(t *testing.T) {
	stored := func() *storage.Checkin {
		return &storage.Checkin{Service: "a", Status: checkin.Warning, Info: "slow", RunID: "r", At: at(1)}
	}
	tests := []struct {
		name   string
		change func(c *storage.Checkin)
		want   bool
	}{
		{"the same report", func(*storage.Checkin) {}, true},
		{"the same time in another zone", func(c *storage.Checkin) { c.At = c.At.In(time.FixedZone("X", -5*3600)) }, true},
		{"another run id", func(c *storage.Checkin) { c.RunID = "other" }, true},
		{"another duration", func(c *storage.Checkin) { c.Duration = time.Minute }, true},
		{"another service", func(c *storage.Checkin) { c.Service = "b" }, false},
		{"a nanosecond later", func(c *storage.Checkin) { c.At = c.At.Add(time.Nanosecond) }, false},
		{"another status", func(c *storage.Checkin) { c.Status = checkin.OK }, false},
		{"another kind", func(c *storage.Checkin) { c.Kind = checkin.KindLog }, false},
		{"another info", func(c *storage.Checkin) { c.Info = "slower" }, false},
		{"the same start", func(c *storage.Checkin) { *c = *start("a", "", 2) }, true},
		{"the same log entry", func(c *storage.Checkin) { *c = *logEntry("a", 3) }, true},
		{"a log entry at another time", func(c *storage.Checkin) { *c = *logEntry("a", 3); c.At = at(4) }, false},
		{"a row stored in this transaction", func(c *storage.Checkin) { *c = *report("a", checkin.OK, "", 9) }, true},
	}
	e := mustEnv(t)
	e.mustApply(t, stored(), start("a", "", 2), logEntry("a", 3))
	_, err := e.run(context.Background(), nil, func(w *writetx.Tx) error {
		if err := w.Apply(context.Background(), report("a", checkin.OK, "", 9)); err != nil {
			return err
		}
		d, err := w.Duplicates(context.Background())
		if err != nil {
			return err
		}
		defer d.Close()
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := stored()
				tt.change(c)
				got, err := d.Has(context.Background(), c)
				if err != nil || got != tt.want {
					t.Errorf("Has(%+v) = %v, %v; want %v", c, got, err, tt.want)
				}
			})
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := e.count(t, `SELECT count(*) FROM checkins`); got != 4 {
		t.Errorf("%d check-ins stored; want the 4 applied, none by Has", got)
	}
}

// Package writes is the conformance suite's part on writing: check-ins added and refused,
// runs, clock steps, imports, Ping.
package writes

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest/kit"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// AddLatestHistory is a part of storagetest.Exercise.
func AddLatestHistory(t *testing.T, open func(t *testing.T) kit.Store) {
	s := kit.MustOpen(t, open)
	ctx := context.Background()
	if sum := kit.MustSummary(t, s, "backup"); sum != (storage.Summary{}) {
		t.Fatalf("Summary on empty = %+v; want zero", sum)
	}
	kit.MustAdd(t, s,
		kit.Report("backup", checkin.OK, "first", 0),
		kit.Report("backup", checkin.Critical, "disk full", 1),
		kit.Report("other", checkin.OK, "x", 2),
		// the same minute twice: both kept, in order
		kit.Report("backup", checkin.Warning, "slow", 3),
		kit.Report("backup", checkin.Warning, "slower", 3),
	)
	latest, ok, err := kit.Latest(ctx, s, "backup")
	if err != nil {
		t.Fatal(err)
	}
	if latest.Info != "slower" || latest.Status != checkin.Warning || !latest.At.Equal(kit.T0.Add(3*time.Minute)) || latest.ID == 0 {
		t.Errorf("Latest = %+v; want the WARNING 'slower' with an id", latest)
	}
	if ok.Info != "first" || ok.Status != checkin.OK || !ok.At.Equal(kit.T0) || ok.At.Location() != time.UTC {
		t.Errorf("latest OK = %+v; want 'first' in UTC", ok)
	}
	if sum := kit.MustSummary(t, s, "backup"); sum.Latest != latest || sum.LatestOK != ok {
		t.Errorf("Summary = %+v; want what Latest says: %+v, %+v", sum, latest, ok)
	}
	if got := kit.Infos(kit.MustHistory(t, s, "backup", 3)); !slices.Equal(got, []string{"slower", "slow", "disk full"}) {
		t.Errorf("History(limit 3) = %v; want [slower slow disk full]", got)
	}
	if h := kit.MustHistory(t, s, "nobody", 10); len(h) != 0 {
		t.Errorf("History(nobody) = %v; want empty", h)
	}
	// What the history holds is what was sent.
	h := kit.MustHistory(t, s, "backup", 1)
	if h[0] != latest {
		t.Errorf("History's newest = %+v; want %+v", h[0], latest)
	}
}

// ConcurrentAdds is a part of storagetest.Exercise.
func ConcurrentAdds(t *testing.T, open func(t *testing.T) kit.Store) {
	s := kit.MustOpen(t, open)
	ctx := context.Background()
	const workers, each = 16, 40
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			name := fmt.Sprintf("svc%d", w)
			for i := range each {
				status := checkin.OK
				if i%3 != 0 {
					status = checkin.Critical
				}
				c := storage.Checkin{Service: name, Status: status, Info: fmt.Sprint(i), At: kit.T0.Add(time.Duration(i) * time.Second)}
				if err := s.Add(ctx, c); err != nil {
					t.Errorf("Add: %v", err)
					return
				}
				// A client that got its answer sees its own check-in.
				if l, _, err := kit.Latest(ctx, s, name); err != nil || l.Info != c.Info {
					t.Errorf("Latest(%s) after Add(%s) = %+v, %v", name, c.Info, l, err)
					return
				}
			}
		})
	}
	wg.Wait()
	for w := range workers {
		name := fmt.Sprintf("svc%d", w)
		hist := kit.MustHistory(t, s, name, 2*each)
		if len(hist) != each {
			t.Fatalf("%s has %d check-ins; want %d", name, len(hist), each)
		}
		for i, h := range hist {
			if h.Info != fmt.Sprint(each-1-i) {
				t.Fatalf("%s history[%d] = %q; want %d", name, i, h.Info, each-1-i)
			}
		}
		sum := kit.MustSummary(t, s, name)
		if sum.Latest.Info != fmt.Sprint(each-1) || sum.LatestOK.Info != fmt.Sprint(each-1-(each-1)%3) {
			t.Errorf("%s: newest %q, newest OK %q; want %d and %d", name, sum.Latest.Info, sum.LatestOK.Info, each-1, each-1-(each-1)%3)
		}
	}
}

// AddRefusesInvalid is a part of storagetest.Exercise.
func AddRefusesInvalid(t *testing.T, open func(t *testing.T) kit.Store) {
	s := kit.MustOpen(t, open)
	ok := kit.Report("a", checkin.OK, "", 0)
	tests := []struct {
		name   string
		change func(c *storage.Checkin)
	}{
		{"no service", func(c *storage.Checkin) { c.Service = "" }},
		{"status out of range", func(c *storage.Checkin) { c.Status = 7 }},
		{"kind out of range", func(c *storage.Checkin) { c.Kind = 9 }},
		{"bad run id", func(c *storage.Checkin) { c.RunID = "no spaces" }},
		{"no time", func(c *storage.Checkin) { c.At = time.Time{} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.change(&c)
			err := s.Add(context.Background(), c)
			if err == nil || errors.Is(err, storage.ErrUnavailable) {
				t.Errorf("Add(%+v) = %v; want an error that is not ErrUnavailable", c, err)
			}
		})
	}
	// A bad check-in fails alone: the store still takes good ones.
	kit.MustAdd(t, s, ok)
	if h := kit.MustHistory(t, s, "a", 10); len(h) != 1 {
		t.Errorf("history = %+v; want only the good check-in", h)
	}
}

// Ping is a part of storagetest.Exercise.
func Ping(t *testing.T, open func(t *testing.T) kit.Store) {
	s := open(t)
	if err := s.Ping(context.Background()); err != nil {
		t.Errorf("Ping = %v; want nil", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Ping(context.Background()); err == nil {
		t.Errorf("Ping after Close = nil; want an error")
	}
	if err := s.Add(context.Background(), kit.Report("a", checkin.OK, "", 0)); !errors.Is(err, storage.ErrClosed) {
		t.Errorf("Add after Close = %v; want ErrClosed", err)
	}
	// Readers learn that the database is gone rather than get a "never reported".
	if sum, err := s.Summary(context.Background(), "a"); err == nil {
		t.Errorf("Summary after Close = %+v, nil; want an error", sum)
	}
}

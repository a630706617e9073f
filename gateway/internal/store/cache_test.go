package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// TestLatestFromMemoryAgreesWithDatabase writes from many goroutines while others read, some
// services loaded before the writes and some not, and then checks that what Latest answers
// (from memory) is what the database holds.
func TestLatestFromMemoryAgreesWithDatabase(t *testing.T) {
	s, _ := mustOpen(t)
	ctx := context.Background()
	const services, each = 8, 40
	for i := range services / 2 { // half of them loaded (empty) before any write
		if _, _, err := s.Latest(ctx, fmt.Sprint("svc", i)); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for w := range services {
		name := fmt.Sprint("svc", w)
		wg.Go(func() {
			for i := range each {
				status := checkin.OK
				if i%3 != 0 {
					status = checkin.Critical
				}
				c := Checkin{Service: name, Status: status, Info: fmt.Sprint(i), At: t0.Add(time.Duration(i) * time.Second)}
				if err := s.Add(ctx, c); err != nil {
					t.Errorf("Add: %v", err)
					return
				}
				// A client that got its answer sees its own check-in.
				latest, _, err := s.Latest(ctx, name)
				if err != nil || latest.Info != c.Info || latest.Status != status {
					t.Errorf("Latest(%s) after Add(%s) = %+v, %v", name, c.Info, latest, err)
					return
				}
			}
		})
		wg.Go(func() { // a reader racing the writers
			for range each {
				if _, _, err := s.Latest(ctx, name); err != nil {
					t.Errorf("Latest: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
	for w := range services {
		name := fmt.Sprint("svc", w)
		memLatest, memOK, err := s.Latest(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		dbLatest, dbOK, err := s.readLatest(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		if memLatest != dbLatest || memOK != dbOK {
			t.Errorf("%s: memory says %+v / %+v; database says %+v / %+v", name, memLatest, memOK, dbLatest, dbOK)
		}
		if memLatest.Info != fmt.Sprint(each-1) || memOK.Info != fmt.Sprint(each-1-(each-1)%3) {
			t.Errorf("%s: newest %q, newest OK %q; want %d and %d", name, memLatest.Info, memOK.Info, each-1, each-1-(each-1)%3)
		}
	}
}

func TestSeedAndWarm(t *testing.T) {
	s, _ := mustOpen(t)
	ctx := context.Background()
	// Loaded as "never reported" before the seed: the seed must not leave that stale.
	if l, _, _ := s.Latest(ctx, "a"); !l.At.IsZero() {
		t.Fatalf("Latest(a) on an empty database = %+v", l)
	}
	rows := func(yield func(Checkin) bool) {
		for i := range 10 {
			st := checkin.OK
			if i >= 7 {
				st = checkin.Warning
			}
			for _, name := range []string{"a", "b"} {
				if !yield(Checkin{Service: name, Status: st, Info: fmt.Sprint(i), At: t0.Add(time.Duration(i) * time.Minute)}) {
					return
				}
			}
		}
	}
	n, err := s.Seed(ctx, rows)
	if err != nil || n != 20 {
		t.Fatalf("Seed = %d, %v; want 20", n, err)
	}
	if err := s.Warm(ctx, []string{"a", "b", "never"}); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a", "b"} {
		l, ok, err := s.Latest(ctx, name)
		if err != nil || l.Info != "9" || l.Status != checkin.Warning || ok.Info != "6" || !ok.At.Equal(t0.Add(6*time.Minute)) {
			t.Errorf("Latest(%s) = %+v, %+v, %v; want the WARNING 9 and the OK 6", name, l, ok, err)
		}
	}
	if l, ok, err := s.Latest(ctx, "never"); err != nil || !l.At.IsZero() || !ok.At.IsZero() {
		t.Errorf("Latest(never) = %+v, %+v, %v; want none", l, ok, err)
	}
}

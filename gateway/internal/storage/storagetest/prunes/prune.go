package prunes

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/storage/storagetest/kit"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// Prune is a part of storagetest.Exercise.
func Prune(t *testing.T, open func(t *testing.T) kit.Store) {
	s := kit.MustOpen(t, open)
	ctx := context.Background()
	now := kit.T0.Add(1000 * 24 * time.Hour)
	old, recent := kit.T0, now.Add(-time.Hour) // kit.T0 is 1000 days before now
	var rows []storage.Checkin
	add := func(service string, n int, at time.Time, status func(i int) checkin.Status) {
		for i := range n {
			rows = append(rows, storage.Checkin{Service: service, Status: status(i), Info: fmt.Sprint(i), At: at.Add(time.Duration(i) * time.Second)})
		}
	}
	ok := func(int) checkin.Status { return checkin.OK }
	add("all-old", 300, old, ok)
	// Failing for long: its only OK is old and must stay, for tolerate_failures.
	add("failing", 300, old, func(i int) checkin.Status {
		if i == 10 {
			return checkin.OK
		}
		return checkin.Critical
	})
	add("mixed", 50, old, ok)
	add("mixed", 150, recent, ok)
	add("few", 20, old, ok)
	add("all-recent", 120, recent, ok)
	byService := map[string][]storage.Checkin{}
	for _, c := range rows {
		byService[c.Service] = append(byService[c.Service], c)
	}
	for name, rows := range byService {
		if _, err := s.Import(ctx, name, rows); err != nil {
			t.Fatal(err)
		}
	}
	before := map[string][2]storage.Checkin{}
	for _, name := range []string{"all-old", "failing", "mixed", "few", "all-recent"} {
		l, o, _ := kit.Latest(ctx, s, name)
		before[name] = [2]storage.Checkin{l, o}
	}

	// Check-ins arriving during the prune are not slowed into failure nor removed.
	var wg sync.WaitGroup
	const during = 30
	wg.Go(func() {
		for i := range during {
			if err := s.Add(ctx, storage.Checkin{Service: "all-old", Status: checkin.Warning, Info: fmt.Sprint("new ", i), At: now}); err != nil {
				t.Errorf("Add during prune: %v", err)
			}
		}
	})
	deleted, err := s.Prune(ctx, now.Add(-400*24*time.Hour), 100, storage.PruneOptions{Batch: 7, Pause: time.Millisecond})
	wg.Wait()
	if err != nil {
		t.Fatalf("Prune: %v", err)
	}

	// all-old's new check-ins may or may not have been among its newest 100 when the prune
	// looked; either way every one of them is kept.
	if n, err := s.Prune(ctx, now.Add(-400*24*time.Hour), 100, storage.PruneOptions{}); err != nil {
		t.Fatal(err)
	} else {
		deleted += n
	}
	want := map[string]int{"all-old": 100, "failing": 101, "mixed": 150, "few": 20, "all-recent": 120}
	for name, n := range want {
		if got := len(kit.MustHistory(t, s, name, 100000)); got != n {
			t.Errorf("%s has %d check-ins after the prune; want %d", name, got, n)
		}
	}
	if hist, _ := kit.History(ctx, s, "all-old", during); len(hist) != during || hist[0].Info != fmt.Sprint("new ", during-1) || hist[during-1].Info != "new 0" {
		t.Errorf("all-old's newest %d = %v; want the check-ins sent during the prune", during, hist)
	}
	if wantDeleted := 300 + during - 100 + 300 - 101 + 50; deleted != wantDeleted {
		t.Errorf("Prune deleted %d; want %d", deleted, wantDeleted)
	}
	// The newest ones are those kept.
	if hist, _ := kit.History(ctx, s, "failing", 200); hist[len(hist)-1].Info != "10" || hist[len(hist)-2].Info != "200" {
		t.Errorf("failing kept %q, then %q as its oldest; want the OK 10, then 200..299", hist[len(hist)-1].Info, hist[len(hist)-2].Info)
	}
	// No service's state changed: its newest and newest OK check-ins are still there.
	for name, b := range before {
		if name == "all-old" {
			continue // it got new check-ins
		}
		l, o, _ := kit.Latest(ctx, s, name)
		if l != b[0] || o != b[1] {
			t.Errorf("%s: newest %+v / %+v after the prune; was %+v / %+v", name, l, o, b[0], b[1])
		}
	}
	// A second pass finds nothing more.
	if n, err := s.Prune(ctx, now.Add(-400*24*time.Hour), 100, storage.PruneOptions{}); n != 0 || err != nil {
		t.Errorf("second Prune = %d, %v; want 0", n, err)
	}
}

// PruneKeepZeroKeepsNewest is a part of storagetest.Exercise.
func PruneKeepZeroKeepsNewest(t *testing.T, open func(t *testing.T) kit.Store) {
	s := kit.MustOpen(t, open)
	ctx := context.Background()
	for i := range 5 {
		if err := s.Add(ctx, storage.Checkin{Service: "a", Status: checkin.Critical, Info: fmt.Sprint(i), At: kit.T0}); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.Prune(ctx, kit.T0.Add(time.Hour), 0, storage.PruneOptions{}); n != 4 || err != nil {
		t.Fatalf("Prune(keep 0) = %d, %v; want 4 (the newest stays)", n, err)
	}
	if l, _, _ := kit.Latest(ctx, s, "a"); l.Info != "4" {
		t.Errorf("newest after the prune = %+v; want 4", l)
	}
}

// PruneStopsWithContext is a part of storagetest.Exercise.
func PruneStopsWithContext(t *testing.T, open func(t *testing.T) kit.Store) {
	s := kit.MustOpen(t, open)
	ctx, cancel := context.WithCancel(context.Background())
	for i := range 50 {
		if err := s.Add(ctx, storage.Checkin{Service: "a", Status: checkin.OK, Info: fmt.Sprint(i), At: kit.T0}); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	if _, err := s.Prune(ctx, kit.T0.Add(time.Hour), 1, storage.PruneOptions{Batch: 5, Pause: time.Hour}); err == nil {
		t.Errorf("Prune with a cancelled context = nil; want an error")
	}
}

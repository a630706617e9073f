package push

import (
	"context"
	"testing"
	"testing/synctest"
	"time"
)

// Pushes at rate 100 a second: the first paceBurst go at once, then one every 10ms (the 100th
// after 990ms), however many workers ask; without a rate none waits.
func TestPaceSpacesPushes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		rate  int
		waits int
		want  time.Duration
	}{
		{"under the burst", 100, paceBurst, 0},
		{"past the burst", 100, paceBurst + 100, 990 * time.Millisecond},
		{"no limit", 0, 10_000, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := newPace(tc.rate)
				start := time.Now()
				done := make(chan struct{})
				for w := range 4 {
					go func() {
						for i := w; i < tc.waits; i += 4 {
							if !p.wait(context.Background()) {
								t.Error("wait failed")
							}
						}
						done <- struct{}{}
					}()
				}
				for range 4 {
					<-done
				}
				if got := time.Since(start); got != tc.want {
					t.Errorf("%d waits took %v; want %v", tc.waits, got, tc.want)
				}
			})
		})
	}
}

// A wait ends when its context does.
func TestPaceStopsWithContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newPace(1)
		for range paceBurst + 1 {
			p.wait(context.Background())
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		if p.wait(ctx) {
			t.Error("wait = true after its context ended")
		}
		if d := time.Since(start); d != 100*time.Millisecond {
			t.Errorf("wait returned after %v; want 100ms", d)
		}
	})
}

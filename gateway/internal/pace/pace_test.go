package pace

import (
	"context"
	"testing"
	"time"
)

// busy works (spins) for d.
func busy(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
	}
}

func TestStepPausesAfterASlice(t *testing.T) {
	tests := []struct {
		name     string
		pacer    *Pacer
		work     time.Duration // before Step
		atLeast  time.Duration // Step's pause
		lessThan time.Duration
	}{
		{"no pacer", nil, 5 * time.Millisecond, 0, 3 * time.Millisecond},
		{"a whole CPU", New(1, time.Millisecond), 5 * time.Millisecond, 0, 3 * time.Millisecond},
		{"within the slice", New(0.1, 50*time.Millisecond), 5 * time.Millisecond, 0, 3 * time.Millisecond},
		{"half a CPU", New(0.5, 5*time.Millisecond), 6 * time.Millisecond, 6 * time.Millisecond, time.Second},
		{"a fifth", New(0.2, 5*time.Millisecond), 6 * time.Millisecond, 24 * time.Millisecond, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := With(context.Background(), tt.pacer)
			if tt.pacer != nil {
				tt.pacer.begun = time.Now()
			}
			busy(tt.work)
			start := time.Now()
			Step(ctx)
			if took := time.Since(start); took < tt.atLeast || took >= tt.lessThan {
				t.Errorf("Step after %v of work paused %v; want at least %v, less than %v", tt.work, took, tt.atLeast, tt.lessThan)
			}
		})
	}
}

func TestStepWithoutPacer(t *testing.T) {
	start := time.Now()
	busy(2 * time.Millisecond)
	Step(context.Background())
	if took := time.Since(start); took > time.Second {
		t.Errorf("Step without a pacer took %v", took)
	}
}

// A new slice begins after each pause: work shorter than a slice after a pause goes on.
func TestSliceBeginsAfterPause(t *testing.T) {
	p := New(0.5, 5*time.Millisecond)
	ctx := With(context.Background(), p)
	busy(6 * time.Millisecond)
	Step(ctx) // pauses
	busy(time.Millisecond)
	start := time.Now()
	Step(ctx)
	if took := time.Since(start); took >= 3*time.Millisecond {
		t.Errorf("Step 1ms into a new slice paused %v; want no pause", took)
	}
}

// A pause ends when the work's context does: a client that leaves frees its turn at once.
func TestPauseEndsWithContext(t *testing.T) {
	p := New(0.01, time.Millisecond) // a pause of 99 times the work
	ctx, cancel := context.WithCancel(context.Background())
	ctx = With(ctx, p)
	busy(10 * time.Millisecond) // so a pause of about a second
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	Step(ctx)
	if took := time.Since(start); took >= 500*time.Millisecond {
		t.Errorf("Step paused %v after its context ended; want it to end with the context", took)
	}
}

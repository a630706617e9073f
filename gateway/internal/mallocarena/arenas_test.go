package mallocarena

import (
	"runtime"
	"sync"
	"testing"
)

// Eight threads allocating at once would get an arena each (five or more here); they share
// the capped two.
func TestArenasCapped(t *testing.T) {
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			runtime.LockOSThread() // a thread of its own, as cgo calls from busy goroutines get
			defer runtime.UnlockOSThread()
			<-start
			for range 1000 {
				churn(4096)
			}
		})
	}
	close(start)
	wg.Wait()
	n, err := Arenas()
	if err != nil {
		t.Fatal(err)
	}
	if n > Max {
		t.Errorf("%d arenas; want at most %d", n, Max)
	}
}

package push

import (
	"container/heap"
	"sync"
	"time"
)

// deadlines holds, for each service, the next moment it must be pushed without a check-in: when
// its state changes by the clock, when its ttl in Icinga is about to lapse, or when a refused
// push is tried again. One entry per service (a new time replaces the old), so it stays
// bounded by the number of services.
type deadlines struct {
	mu      sync.Mutex
	h       deadlineHeap
	at      map[string]*deadline
	changed chan struct{} // a token when the earliest moment may have moved
}

type deadline struct {
	name  string
	at    time.Time
	index int
}

func newDeadlines() *deadlines {
	return &deadlines{at: map[string]*deadline{}, changed: make(chan struct{}, 1)}
}

// set makes at the next moment of name.
func (d *deadlines) set(name string, at time.Time) {
	d.mu.Lock()
	if e, ok := d.at[name]; ok {
		e.at = at
		heap.Fix(&d.h, e.index)
	} else {
		e := &deadline{name: name, at: at}
		d.at[name] = e
		heap.Push(&d.h, e)
	}
	first := d.h[0].name == name
	d.mu.Unlock()
	if first {
		select {
		case d.changed <- struct{}{}:
		default:
		}
	}
}

// remove forgets name's moment.
func (d *deadlines) remove(name string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if e, ok := d.at[name]; ok {
		heap.Remove(&d.h, e.index)
		delete(d.at, name)
	}
}

// next is the earliest moment; false when there is none.
func (d *deadlines) next() (time.Time, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.h) == 0 {
		return time.Time{}, false
	}
	return d.h[0].at, true
}

// due removes and returns the names whose moment is not after now.
func (d *deadlines) due(now time.Time) []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var names []string
	for len(d.h) > 0 && !d.h[0].at.After(now) {
		e := heap.Pop(&d.h).(*deadline)
		delete(d.at, e.name)
		names = append(names, e.name)
	}
	return names
}

// len is the number of services with a moment.
func (d *deadlines) len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.h)
}

type deadlineHeap []*deadline

func (h deadlineHeap) Len() int           { return len(h) }
func (h deadlineHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h deadlineHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *deadlineHeap) Push(x any) {
	e := x.(*deadline)
	e.index = len(*h)
	*h = append(*h, e)
}
func (h *deadlineHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	return e
}

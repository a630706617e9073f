package push

import (
	"context"
	"sync"
)

// pending is the set of services whose verdict Icinga should get, in the order they came. A
// service is in it at most once: the verdict is read when its push is sent, so it is always the
// newest, and memory stays bounded by the number of services whatever Icinga does.
type pending struct {
	mu    sync.Mutex
	queue []string
	head  int
	in    map[string]struct{}
	ready chan struct{} // holds a token while the queue may be non-empty
}

func newPending() *pending {
	return &pending{in: map[string]struct{}{}, ready: make(chan struct{}, 1)}
}

// add queues name unless it is queued already.
func (p *pending) add(name string) {
	p.mu.Lock()
	if _, ok := p.in[name]; !ok {
		p.in[name] = struct{}{}
		p.queue = append(p.queue, name)
	}
	p.mu.Unlock()
	p.signal()
}

// addAll queues every name of names.
func (p *pending) addAll(names []string) {
	p.mu.Lock()
	for _, name := range names {
		if _, ok := p.in[name]; !ok {
			p.in[name] = struct{}{}
			p.queue = append(p.queue, name)
		}
	}
	p.mu.Unlock()
	p.signal()
}

func (p *pending) signal() {
	select {
	case p.ready <- struct{}{}:
	default:
	}
}

// take waits for the oldest queued name and removes it; false once ctx ends.
func (p *pending) take(ctx context.Context) (string, bool) {
	for {
		p.mu.Lock()
		if p.head < len(p.queue) {
			name := p.queue[p.head]
			p.queue[p.head] = ""
			p.head++
			delete(p.in, name)
			if p.head == len(p.queue) {
				p.queue, p.head = p.queue[:0], 0
			} else if p.head > 1024 && p.head > len(p.queue)/2 {
				p.queue, p.head = append(p.queue[:0], p.queue[p.head:]...), 0
			}
			more := p.head < len(p.queue)
			p.mu.Unlock()
			if more {
				p.signal()
			}
			return name, true
		}
		p.mu.Unlock()
		select {
		case <-ctx.Done():
			return "", false
		case <-p.ready:
		}
	}
}

// len is the number of queued names.
func (p *pending) len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.queue) - p.head
}

// clear empties the queue.
func (p *pending) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.queue, p.head, p.in = nil, 0, map[string]struct{}{}
}

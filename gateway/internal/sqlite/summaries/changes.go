package summaries

// changesKept is how many of the newest changed service names a Cache remembers for Changed;
// a reader that falls further behind is told to treat every service as changed.
const changesKept = 16384

// changes remembers the names of the services whose summaries were set last, so that a reader
// keeping states of its own (the overview) re-evaluates only those.
type changes struct {
	seq    uint64   // names noted so far
	recent []string // the newest ones: name number n is at n % changesKept
}

func (c *changes) note(name string) {
	if c.recent == nil {
		c.recent = make([]string, changesKept)
	}
	c.recent[c.seq%changesKept] = name
	c.seq++
}

// Changed calls fn with the name of each service whose summary was set after the point since
// (0 for the start; a service may come more than once) and returns the point it reached.
// complete is false when more changed since then than the Cache remembers: then the caller
// must take every service as changed.
func (m *Cache) Changed(since uint64, fn func(service string)) (next uint64, complete bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	c := &m.changes
	if since > c.seq || c.seq-since > changesKept {
		return c.seq, false
	}
	for n := since; n < c.seq; n++ {
		fn(c.recent[n%changesKept])
	}
	return c.seq, true
}

package history

import "sync"

// maxHistoryHeld is the most JSON the history pages being answered may hold in memory
// together: eight full pages (MaxPageBytes each). A page is held until its client has read
// it, up to --write-timeout; without this bound, 300 connections that each asked for a page of
// 60 KB infos and never read took the gateway to 1.75 GB.
const maxHistoryHeld = 8 * MaxPageBytes

// byteBudget shares a number of bytes among the requests that hold answers in memory. A
// request that finds no room ends its page early, as a page ends at MaxPageBytes: the
// client follows the Link header for the rest. So a crowd of clients that never read shortens
// the pages of others, and holds at most the budget plus one entry each.
type byteBudget struct {
	mu   sync.Mutex
	free int
}

func newByteBudget(size int) *byteBudget { return &byteBudget{free: size} }

// take reserves n bytes, and reports whether there was room. A page's first entry is always
// given room (must), so that every page holds at least one entry and paging goes on.
func (b *byteBudget) take(n int, must bool) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n > b.free && !must {
		return false
	}
	b.free -= n
	return true
}

// give returns n bytes taken before.
func (b *byteBudget) give(n int) {
	b.mu.Lock()
	b.free += n
	b.mu.Unlock()
}

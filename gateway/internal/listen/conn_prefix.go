package listen

import "net/netip"

// An IPv6 client usually holds a whole /64, and a site a /56 (256 of them): counted per /64
// alone, one /56 was 256 "clients" of --max-conns-per-client each. So an IPv6 connection takes
// a place in three counts: its address (the flag's limit), its /64 (ipv6Per64 times that) and
// its /56 (ipv6Per56 times), and is refused when any is full. Several hosts behind one /64
// still get more than one address does. IPv4 counts by address alone.
const (
	ipv6Per64 = 4
	ipv6Per56 = 8
)

// connGroup is one count a connection takes a place in.
type connGroup struct {
	key   netip.Prefix
	limit int
}

// connGroups are the counts a connection from a takes a place in, under a per-address limit
// of limit; n of them are used.
func connGroups(a netip.Addr, limit int) (g [3]connGroup, n int) {
	a = a.Unmap()
	if a.Is4() {
		g[0] = connGroup{netip.PrefixFrom(a, 32), limit}
		return g, 1
	}
	p64, _ := a.Prefix(64)
	p56, _ := a.Prefix(56)
	g[0] = connGroup{netip.PrefixFrom(a, 128), limit}
	g[1] = connGroup{p64, ipv6Per64 * limit}
	g[2] = connGroup{p56, ipv6Per56 * limit}
	return g, 3
}

// take takes a place in every count of a, or in none; full is the count that was full.
func (l *connLimitListener) take(a netip.Addr) (ok bool, full netip.Prefix) {
	g, n := connGroups(a, l.limit)
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range g[:n] {
		if l.open[c.key] >= c.limit {
			return false, c.key
		}
	}
	for _, c := range g[:n] {
		l.open[c.key]++
	}
	return true, netip.Prefix{}
}

func (l *connLimitListener) release(a netip.Addr) {
	g, n := connGroups(a, l.limit)
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range g[:n] {
		if l.open[c.key]--; l.open[c.key] <= 0 {
			delete(l.open, c.key)
		}
	}
}

// clientName is how a full count is named in the log: the address, or the IPv6 network.
func clientName(p netip.Prefix) string {
	if p.IsSingleIP() {
		return p.Addr().String()
	}
	return p.String()
}

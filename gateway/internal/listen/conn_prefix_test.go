package listen

import (
	"fmt"
	"net/netip"
	"testing"
)

// An IPv6 address has the per-address limit, its /64 four times that and its /56 eight
// times: one site cannot hold 256 /64s' worth. IPv4 counts by address; mapped IPv4 as IPv4.
func TestConnGroupsIPv6(t *testing.T) {
	const limit = 3
	l := &connLimitListener{limit: limit, open: make(map[netip.Prefix]int)}
	var taken []netip.Addr
	take := func(addr string) (bool, netip.Prefix) {
		a := netip.MustParseAddr(addr)
		ok, full := l.take(a)
		if ok {
			taken = append(taken, a)
		}
		return ok, full
	}
	takeAll := func(format string, from, to int) (n int, full netip.Prefix) {
		for i := from; i < to; i++ {
			ok, f := take(fmt.Sprintf(format, i))
			if !ok {
				return n, f
			}
			n++
		}
		return n, netip.Prefix{}
	}
	for i := range limit + 1 {
		ok, full := take("2001:db8:0:100::1")
		if want := i < limit; ok != want {
			t.Fatalf("connection %d from one IPv6 address: %v; want %v", i+1, ok, want)
		}
		if !ok && (full.String() != "2001:db8:0:100::1/128" || clientName(full) != "2001:db8:0:100::1") {
			t.Errorf("full count = %s; want the address", full)
		}
	}
	if n, full := takeAll("2001:db8:0:100::1:%x", 0, 100); n != 3*limit || full.String() != "2001:db8:0:100::/64" {
		t.Errorf("other addresses of the /64 took %d, then %s was full; want %d, then the /64", n, full, 3*limit)
	}
	if n, full := takeAll("2001:db8:0:1%02x::1", 1, 100); n != 4*limit || full.String() != "2001:db8:0:100::/56" {
		t.Errorf("other /64s of the /56 took %d, then %s was full; want %d, then the /56", n, full, 4*limit)
	}
	if ok, _ := take("2001:db8:0:200::1"); !ok {
		t.Error("another /56 refused")
	}
	for i := range limit {
		if ok, _ := take("192.0.2.7"); !ok {
			t.Fatalf("IPv4 connection %d refused", i+1)
		}
	}
	if ok, full := take("::ffff:192.0.2.7"); ok || clientName(full) != "192.0.2.7" {
		t.Errorf("mapped 192.0.2.7 over its limit: %v %s; want refused as 192.0.2.7", ok, full)
	}
	// A place given back is free in every count, once.
	l.release(netip.MustParseAddr("2001:db8:0:100::1"))
	taken = taken[1:]
	if ok, _ := take("2001:db8:0:100::1"); !ok {
		t.Error("refused after a connection of the address closed")
	}
	if ok, _ := take("2001:db8:0:1ff::1"); ok {
		t.Error("the /56 took one more than 8 times the limit")
	}
	for _, a := range taken {
		l.release(a)
	}
	if len(l.open) != 0 {
		t.Errorf("after releasing all: counts left: %v", l.open)
	}
}

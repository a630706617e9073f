// Package clientaddr finds the address of the client behind a request: the connection's
// address, or, for connections from a trusted reverse proxy, the address the proxy forwarded.
package clientaddr

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Trusted is the set of proxies whose forwarding headers are believed. The zero value trusts
// no one.
type Trusted struct {
	prefixes []netip.Prefix
}

// ParseTrusted reads a comma-separated list of networks (CIDR) and addresses, as
// --trusted-proxies takes it: "127.0.0.1,::1" or "10.0.0.0/8, 2001:db8::/32". "" trusts no one.
func ParseTrusted(list string) (Trusted, error) {
	var t Trusted
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		p, err := netip.ParsePrefix(item)
		if err != nil {
			addr, aerr := netip.ParseAddr(item)
			if aerr != nil {
				return Trusted{}, fmt.Errorf("%q is neither an address nor a network like 10.0.0.0/8", item)
			}
			p = netip.PrefixFrom(addr.Unmap(), addr.Unmap().BitLen())
		}
		if p.Addr().Is4In6() {
			return Trusted{}, fmt.Errorf("%q: write IPv4-mapped networks as IPv4", item)
		}
		t.prefixes = append(t.prefixes, p.Masked())
	}
	return t, nil
}

// String lists the trusted networks, for the start-up log.
func (t Trusted) String() string {
	s := make([]string, len(t.prefixes))
	for i, p := range t.prefixes {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}

// Contains reports whether a is one of the trusted proxies.
func (t Trusted) Contains(a netip.Addr) bool { return t.contains(a) }

func (t Trusted) contains(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range t.prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Of returns the client's address for a request that came in on a connection from remoteAddr
// ("host:port", as http.Request.RemoteAddr holds it). From a trusted proxy, it is the
// right-most address in X-Forwarded-For that is not itself trusted, or, when the request has
// no X-Forwarded-For, the same taken from the for= of Forwarded (RFC 7239). When every
// forwarded address is trusted, the left-most is the client. A forwarded entry that is not an
// address (RFC 7239's "unknown" or "_hidden") ends the walk: the client is then the nearest
// trusted hop. From anyone else, the headers are ignored. ok is false only when remoteAddr
// itself is not an address.
func (t Trusted) Of(remoteAddr string, h http.Header) (addr netip.Addr, ok bool) {
	addr, ok = parseHost(remoteAddr)
	if !ok || len(t.prefixes) == 0 || !t.contains(addr) {
		return addr, ok
	}
	hops := forwardedFor(h)
	for i := len(hops) - 1; i >= 0; i-- {
		hop, ok := parseHost(hops[i])
		if !ok {
			break
		}
		addr = hop
		if !t.contains(hop) {
			break
		}
	}
	return addr, true
}

// forwardedFor lists the addresses the proxies forwarded, the client first: X-Forwarded-For's
// entries, or when there are none, the for= parameters of Forwarded.
func forwardedFor(h http.Header) []string {
	var hops []string
	for _, v := range h.Values("X-Forwarded-For") {
		for _, hop := range strings.Split(v, ",") {
			hops = append(hops, strings.TrimSpace(hop))
		}
	}
	if len(hops) > 0 {
		return hops
	}
	for _, v := range h.Values("Forwarded") {
		for _, elem := range splitQuoted(v, ',') {
			for _, pair := range splitQuoted(elem, ';') {
				name, value, _ := strings.Cut(strings.TrimSpace(pair), "=")
				if strings.EqualFold(strings.TrimSpace(name), "for") {
					hops = append(hops, unquote(strings.TrimSpace(value)))
				}
			}
		}
	}
	return hops
}

// splitQuoted splits s at sep outside double-quoted strings.
func splitQuoted(s string, sep byte) []string {
	var parts []string
	quoted, start := false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && quoted:
			i++
		case c == '"':
			quoted = !quoted
		case c == sep && !quoted:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// unquote removes RFC 7230 quoting: surrounding quotes, and backslashes before characters.
func unquote(s string) string {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return s
	}
	s = s[1 : len(s)-1]
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// parseHost reads an address with or without a port: 192.0.2.1, 192.0.2.1:80, 2001:db8::1,
// [2001:db8::1]:80, [2001:db8::1]. A zone (fe80::1%eth0) is dropped.
func parseHost(s string) (netip.Addr, bool) {
	host := s
	if h, _, err := net.SplitHostPort(s); err == nil {
		host = h
	} else if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		host = s[1 : len(s)-1]
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap().WithZone(""), true
}

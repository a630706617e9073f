package limiter

import (
	"net"
	"net/netip"
)

// ClientKey is the address a client is counted by: its IP, or for IPv6 its /64 network, which
// one host can usually fill with addresses at will.
func ClientKey(remoteAddr string) string {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	if ip.Is4() {
		return host // already in its one IPv4 form: ParseAddr takes no other
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// Package icinga writes Icinga 2 objects for the gateway and its configured services, so
// services.json stays the one list of services.
package icinga

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Gateway is where Icinga reaches the gateway, parsed from its base URL.
type Gateway struct {
	URL    string // the base URL, without a trailing slash
	Scheme string // http or https
	Host   string // name or address, without brackets
	Port   int
	Prefix string // path before the gateway's own routes, "" or like "/checkin"
	// CAFile, when set, is the CA certificate file check_checkin trusts (on the Icinga host).
	CAFile string
	// ReadTokenFile, when set, is the file on the Icinga host that holds the gateway's read
	// token; check_checkin sends it with every state query.
	ReadTokenFile string
}

// ParseGateway reads a base URL like https://gw.example.org:5443/checkin.
func ParseGateway(raw string) (Gateway, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Gateway{}, fmt.Errorf("gateway URL %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return Gateway{}, fmt.Errorf("gateway URL %q: want an http:// or https:// URL", raw)
	}
	if u.Hostname() == "" {
		return Gateway{}, fmt.Errorf("gateway URL %q: no host", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return Gateway{}, fmt.Errorf("gateway URL %q: want only scheme, host, port and path", raw)
	}
	g := Gateway{Scheme: u.Scheme, Host: u.Hostname(), Prefix: strings.TrimRight(u.EscapedPath(), "/")}
	switch p := u.Port(); {
	case p != "":
		if g.Port, err = strconv.Atoi(p); err != nil || g.Port < 1 || g.Port > 65535 {
			return Gateway{}, fmt.Errorf("gateway URL %q: port %q is not 1 to 65535", raw, p)
		}
	case g.Scheme == "https":
		g.Port = 443
	default:
		g.Port = 80
	}
	g.URL = g.Scheme + "://" + u.Host + g.Prefix
	return g, nil
}

// StatusURL is the gateway's status page of the named service, percent-encoded so that Icinga
// Web shows it as a link and reads no macro in it ($ is written %24).
func (g Gateway) StatusURL(service string) string {
	return strings.ReplaceAll(g.URL+"/status/"+url.PathEscape(service), "$", "%24")
}

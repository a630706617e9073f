// Package icinga writes Icinga 2 objects for the gateway and its configured services, so
// services.json stays the one list of services.
package icinga

import (
	"errors"
	"fmt"
	"io"
	"net"
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

// HostTemplate and ServiceTemplate are the templates deploy/icinga2 defines and the objects import.
const (
	HostTemplate    = "checkin-gateway-host"
	ServiceTemplate = "checkin-service"
)

// Write prints a Host object named hostName for the gateway and one Service object per name in
// services. The Host imports the template "checkin-gateway-host" (the /alive check) and the Services
// import "checkin-service" (check_checkin), both from deploy/icinga2. source names the services
// file in the header comment.
func Write(w io.Writer, source, hostName string, g Gateway, services []string) error {
	if hostName == "" || strings.ContainsAny(hostName, "!$\n") {
		return errors.New("host name must be non-empty, without !, $ or line breaks")
	}
	if hostName == HostTemplate {
		// Icinga 2 refuses an object with the name of a template of the same type.
		return fmt.Errorf("host name %q is the name of the Host template in deploy/icinga2; choose another, like checkin-gateway", hostName)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "// Written by `checkin-gateway icinga-config` from %s.\n", oneLine(source))
	b.WriteString("// Do not edit: change services.json and run it again. Needs deploy/icinga2/*.conf loaded.\n\n")

	fmt.Fprintf(&b, "object Host %s {\n", quote(hostName))
	fmt.Fprintf(&b, "  import %s\n", quote(HostTemplate))
	// address, also for an IPv6 literal: the template checks "$address$" (vars.http_address).
	fmt.Fprintf(&b, "  address = %s\n", quote(g.Host))
	fmt.Fprintf(&b, "  vars.http_port = %d\n", g.Port)
	if g.Prefix != "" {
		fmt.Fprintf(&b, "  vars.http_uri = %s\n", quote(g.Prefix+"/alive"))
	}
	isName := net.ParseIP(g.Host) == nil
	if isName {
		fmt.Fprintf(&b, "  vars.http_vhost = %s\n", quote(g.Host))
	}
	if g.Scheme == "https" {
		b.WriteString("  vars.http_ssl = true\n")
		if isName {
			b.WriteString("  vars.http_sni = true\n")
		}
	}
	b.WriteString("}\n")

	for _, name := range services {
		if strings.ContainsAny(name, "!\n") {
			return fmt.Errorf("service %q: Icinga names cannot hold ! or line breaks", name)
		}
		fmt.Fprintf(&b, "\nobject Service %s {\n", quote(name))
		fmt.Fprintf(&b, "  import %s\n", quote(ServiceTemplate))
		fmt.Fprintf(&b, "  host_name = %s\n", quote(hostName))
		fmt.Fprintf(&b, "  vars.checkin_service = %s\n", quote(name))
		fmt.Fprintf(&b, "  vars.checkin_url = %s\n", quote(g.URL))
		fmt.Fprintf(&b, "  vars.checkin_protocol = %s\n", quote(g.Scheme))
		fmt.Fprintf(&b, "  vars.checkin_host = %s\n", quote(g.Host))
		fmt.Fprintf(&b, "  vars.checkin_port = %d\n", g.Port)
		if g.CAFile != "" {
			fmt.Fprintf(&b, "  vars.checkin_ca_file = %s\n", quote(g.CAFile))
		}
		b.WriteString("}\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// quote makes an Icinga 2 string literal whose value, used in a custom variable, is s: backslash
// and quote escaped, and $ doubled so it is not read as a macro.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\t", `\t`, "\n", `\n`, "\r", `\r`, "$", "$$")
	return `"` + r.Replace(s) + `"`
}

func oneLine(s string) string { return strings.NewReplacer("\n", " ", "\r", " ").Replace(s) }

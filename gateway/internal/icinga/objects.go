package icinga

import (
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config/icingaplace"
)

// HostTemplate and ServiceTemplate are the templates deploy/icinga2 defines and the objects import.
const (
	HostTemplate    = "checkin-gateway-host"
	ServiceTemplate = "checkin-service"
)

// GatewayHostVar is the custom variable that names, on each check-in Service, the gateway's Host.
// The `apply Dependency` rule in deploy/icinga2/services.conf reads it, so a DOWN gateway makes
// the services unreachable and keeps their notifications back.
const GatewayHostVar = "checkin_gateway_host"

// Options say what Write prints besides the gateway's Host and the Services.
type Options struct {
	Source   string // the services file, named in the header comment
	HostName string // the gateway's Host object
	Gateway  Gateway
	// CreateHosts also writes a Host for every other host name the services use, with a check
	// that always says UP (the gateway cannot know whether a laptop is up).
	CreateHosts bool
	// CreateGroups also writes the ServiceGroups the services name.
	CreateGroups bool
	// Push writes the objects for push mode (see PushHostInterval and writeService).
	Push bool
}

// PushHostInterval is how often Icinga checks the gateway's Host in push mode. It must be well
// under the gateway's --icinga-ttl-margin (60s by default): when the gateway stops, its Host is
// DOWN before any Service's ttl lapses and check_checkin reports the outage, so those HARD
// results are unreachable and notify nobody.
const PushHostInterval = "20s"

// Write prints a Host object for the gateway and one Service object per service, under the Host
// its "icinga" settings name (the gateway's by default). The Host imports the template
// "checkin-gateway-host" (the /alive check) and the Services import "checkin-service"
// (check_checkin), both from deploy/icinga2.
func Write(w io.Writer, o Options, services []*config.Service) error {
	if o.HostName == "" || strings.ContainsAny(o.HostName, "!$\n") {
		return errors.New("host name must be non-empty, without !, $ or line breaks")
	}
	if o.HostName == HostTemplate {
		// Icinga 2 refuses an object with the name of a template of the same type.
		return fmt.Errorf("host name %q is the name of the Host template in deploy/icinga2; choose another, like checkin-gateway", o.HostName)
	}
	var hosts, groups []string
	seenHost := map[string]bool{o.HostName: true}
	seenGroup := map[string]bool{}
	for _, s := range services {
		if strings.ContainsAny(s.Name, "!\n") {
			return fmt.Errorf("service %q: Icinga names cannot hold ! or line breaks", s.Name)
		}
		if s.Icinga == nil {
			continue
		}
		if h := s.Icinga.Host; h != "" && !seenHost[h] {
			if o.CreateHosts && h == HostTemplate {
				return fmt.Errorf("service %q: host %q is the name of the Host template in deploy/icinga2; Icinga cannot have a Host of that name", s.Name, h)
			}
			seenHost[h] = true
			hosts = append(hosts, h)
		}
		for _, g := range s.Icinga.Groups {
			if !seenGroup[g] {
				seenGroup[g] = true
				groups = append(groups, g)
			}
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "// Written by `checkin-gateway icinga-config` from %s.\n", oneLine(o.Source))
	b.WriteString("// Do not edit: change services.json and run it again.\n")
	b.WriteString("// Needs commands.conf, templates.conf and services.conf from deploy/icinga2.\n\n")
	writeGatewayHost(&b, o.HostName, o.Gateway, o.Push)
	if o.CreateHosts {
		for _, h := range hosts {
			fmt.Fprintf(&b, "\nobject Host %s {\n", quoteName(h))
			b.WriteString("  check_command = \"dummy\"\n")
			b.WriteString("  vars.dummy_state = 0\n")
			b.WriteString("  vars.dummy_text = \"Written by checkin-gateway icinga-config --create-hosts; not checked\"\n")
			b.WriteString("}\n")
		}
	}
	if o.CreateGroups {
		for _, g := range groups {
			fmt.Fprintf(&b, "\nobject ServiceGroup %s {}\n", quoteName(g))
		}
	}
	for _, s := range services {
		writeService(&b, o, s)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeGatewayHost(b *strings.Builder, name string, g Gateway, push bool) {
	fmt.Fprintf(b, "object Host %s {\n", quoteName(name))
	fmt.Fprintf(b, "  import %s\n", quoteName(HostTemplate))
	if push {
		fmt.Fprintf(b, "  check_interval = %s // push mode: DOWN before a Service's ttl lapses\n", PushHostInterval)
	}
	// address, also for an IPv6 literal: the template checks "$address$" (vars.http_address).
	fmt.Fprintf(b, "  address = %s\n", quoteVar(g.Host))
	fmt.Fprintf(b, "  vars.http_port = %d\n", g.Port)
	if g.Prefix != "" {
		fmt.Fprintf(b, "  vars.http_uri = %s\n", quoteVar(g.Prefix+"/alive"))
	}
	isName := net.ParseIP(g.Host) == nil
	if isName {
		fmt.Fprintf(b, "  vars.http_vhost = %s\n", quoteVar(g.Host))
	}
	if g.Scheme == "https" {
		b.WriteString("  vars.http_ssl = true\n")
		if isName {
			b.WriteString("  vars.http_sni = true\n")
		}
	}
	b.WriteString("}\n")
}

func writeService(b *strings.Builder, o Options, s *config.Service) {
	g := o.Gateway
	ic := s.Icinga
	if ic == nil {
		ic = &icingaplace.Settings{}
	}
	host := ic.Host
	if host == "" {
		host = o.HostName
	}
	fmt.Fprintf(b, "\nobject Service %s {\n", quoteName(s.Name))
	fmt.Fprintf(b, "  import %s\n", quoteName(ServiceTemplate))
	fmt.Fprintf(b, "  host_name = %s\n", quoteName(host))
	if o.Push {
		// The gateway pushes results that already went through timeout, grace and
		// tolerate_failures: HARD at once. check_checkin stays the command, run only when the
		// pushes stop and the result's ttl lapses.
		b.WriteString("  max_check_attempts = 1\n")
	}
	if ic.DisplayName != "" {
		fmt.Fprintf(b, "  display_name = %s\n", quoteName(ic.DisplayName))
	}
	if len(ic.Groups) > 0 {
		names := make([]string, len(ic.Groups))
		for i, gr := range ic.Groups {
			names[i] = quoteName(gr)
		}
		fmt.Fprintf(b, "  groups = [ %s ]\n", strings.Join(names, ", "))
	}
	fmt.Fprintf(b, "  notes_url = %s\n", quoteName(g.StatusURL(s.Name)))
	fmt.Fprintf(b, "  vars.checkin_service = %s\n", quoteVar(s.Name))
	fmt.Fprintf(b, "  vars.checkin_url = %s\n", quoteVar(g.URL))
	fmt.Fprintf(b, "  vars.checkin_protocol = %s\n", quoteVar(g.Scheme))
	fmt.Fprintf(b, "  vars.checkin_host = %s\n", quoteVar(g.Host))
	fmt.Fprintf(b, "  vars.checkin_port = %d\n", g.Port)
	if g.CAFile != "" {
		fmt.Fprintf(b, "  vars.checkin_ca_file = %s\n", quoteVar(g.CAFile))
	}
	if g.ReadTokenFile != "" {
		fmt.Fprintf(b, "  vars.checkin_read_token_file = %s\n", quoteVar(g.ReadTokenFile))
	}
	fmt.Fprintf(b, "  vars.%s = %s\n", GatewayHostVar, quoteName(o.HostName))
	for _, k := range ic.VarNames() {
		fmt.Fprintf(b, "  vars[%s] = %s\n", quoteName(k), value(ic.Vars[k]))
	}
	b.WriteString("}\n")
}

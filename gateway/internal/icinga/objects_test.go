package icinga

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config/icingaplace"
)

const header = "// Written by `checkin-gateway icinga-config` from services.json.\n" +
	"// Do not edit: change services.json and run it again.\n" +
	"// Needs commands.conf, templates.conf and services.conf from deploy/icinga2.\n\n"

// placed are services with "icinga" settings: two on other hosts, one on the gateway's.
var placed = []*config.Service{
	{Name: "backup", Icinga: &icingaplace.Settings{Host: "backup-srv", DisplayName: `Nightly "full" backup`, Groups: []string{"backups", "ops"},
		Vars: map[string]any{"team": "ops $1", "prio": json.Number("-2.5"), "paged": true, "os": []any{"debian", json.Number("12"), false}}}},
	{Name: "gw-selftest", Icinga: &icingaplace.Settings{Host: "gw", Groups: []string{"ops"}}},
	{Name: "laptop update", Icinga: &icingaplace.Settings{Host: "laptop-1"}},
	{Name: "plain"},
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name, url string
		opts      Options
		services  []*config.Service
		want      string
	}{{
		name: "local http", url: "http://127.0.0.1:5000", opts: Options{HostName: "checkin"}, services: []*config.Service{{Name: "backup"}},
		want: header + `object Host "checkin" {
  import "checkin-gateway-host"
  address = "127.0.0.1"
  vars.http_port = 5000
}

object Service "backup" {
  import "checkin-service"
  host_name = "checkin"
  notes_url = "http://127.0.0.1:5000/status/backup"
  vars.checkin_service = "backup"
  vars.checkin_url = "http://127.0.0.1:5000"
  vars.checkin_protocol = "http"
  vars.checkin_host = "127.0.0.1"
  vars.checkin_port = 5000
  vars.checkin_gateway_host = "checkin"
}
`,
	}, {
		name: "push mode", url: "http://127.0.0.1:5000", opts: Options{HostName: "checkin", Push: true}, services: []*config.Service{{Name: "backup"}},
		want: header + `object Host "checkin" {
  import "checkin-gateway-host"
  check_interval = 20s // push mode: DOWN before a Service's ttl lapses
  address = "127.0.0.1"
  vars.http_port = 5000
}

object Service "backup" {
  import "checkin-service"
  host_name = "checkin"
  max_check_attempts = 1
  notes_url = "http://127.0.0.1:5000/status/backup"
  vars.checkin_service = "backup"
  vars.checkin_url = "http://127.0.0.1:5000"
  vars.checkin_protocol = "http"
  vars.checkin_host = "127.0.0.1"
  vars.checkin_port = 5000
  vars.checkin_gateway_host = "checkin"
}
`,
	}, {
		name: "https behind a proxy with a prefix", url: "https://gw.example.org/check$in",
		opts:     Options{HostName: "gw", Gateway: Gateway{CAFile: "/etc/icinga2/checkin ca.pem"}},
		services: []*config.Service{{Name: "laptop 1"}},
		want: header + `object Host "gw" {
  import "checkin-gateway-host"
  address = "gw.example.org"
  vars.http_port = 443
  vars.http_uri = "/check$$in/alive"
  vars.http_vhost = "gw.example.org"
  vars.http_ssl = true
  vars.http_sni = true
}

object Service "laptop 1" {
  import "checkin-service"
  host_name = "gw"
  notes_url = "https://gw.example.org/check%24in/status/laptop%201"
  vars.checkin_service = "laptop 1"
  vars.checkin_url = "https://gw.example.org/check$$in"
  vars.checkin_protocol = "https"
  vars.checkin_host = "gw.example.org"
  vars.checkin_port = 443
  vars.checkin_ca_file = "/etc/icinga2/checkin ca.pem"
  vars.checkin_gateway_host = "gw"
}
`,
	}, {
		name: "IPv6 and no services", url: "http://[::1]:5000", opts: Options{HostName: `my "gw"`},
		want: header + `object Host "my \"gw\"" {
  import "checkin-gateway-host"
  address = "::1"
  vars.http_port = 5000
}
`,
	}, {
		name: "services on their hosts", url: "http://gw:5000", opts: Options{HostName: "gw"}, services: placed,
		want: header + gatewayHost + placedServices,
	}, {
		name: "services on their hosts, which and whose groups are created", url: "http://gw:5000",
		opts: Options{HostName: "gw", CreateHosts: true, CreateGroups: true}, services: placed,
		want: header + gatewayHost + `
object Host "backup-srv" {
  check_command = "dummy"
  vars.dummy_state = 0
  vars.dummy_text = "Written by checkin-gateway icinga-config --create-hosts; not checked"
}

object Host "laptop-1" {
  check_command = "dummy"
  vars.dummy_state = 0
  vars.dummy_text = "Written by checkin-gateway icinga-config --create-hosts; not checked"
}

object ServiceGroup "backups" {}

object ServiceGroup "ops" {}
` + placedServices,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := ParseGateway(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			g.CAFile = tt.opts.Gateway.CAFile
			tt.opts.Gateway, tt.opts.Source = g, "services.json"
			var b strings.Builder
			if err := Write(&b, tt.opts, tt.services); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, b.String()); diff != "" {
				t.Errorf("Write mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

const gatewayHost = `object Host "gw" {
  import "checkin-gateway-host"
  address = "gw"
  vars.http_port = 5000
  vars.http_vhost = "gw"
}
`

const placedServices = `
object Service "backup" {
  import "checkin-service"
  host_name = "backup-srv"
  display_name = "Nightly \"full\" backup"
  groups = [ "backups", "ops" ]
  notes_url = "http://gw:5000/status/backup"
  vars.checkin_service = "backup"
  vars.checkin_url = "http://gw:5000"
  vars.checkin_protocol = "http"
  vars.checkin_host = "gw"
  vars.checkin_port = 5000
  vars.checkin_gateway_host = "gw"
  vars["os"] = [ "debian", 12, false ]
  vars["paged"] = true
  vars["prio"] = -2.5
  vars["team"] = "ops $$1"
}

object Service "gw-selftest" {
  import "checkin-service"
  host_name = "gw"
  groups = [ "ops" ]
  notes_url = "http://gw:5000/status/gw-selftest"
  vars.checkin_service = "gw-selftest"
  vars.checkin_url = "http://gw:5000"
  vars.checkin_protocol = "http"
  vars.checkin_host = "gw"
  vars.checkin_port = 5000
  vars.checkin_gateway_host = "gw"
}

object Service "laptop update" {
  import "checkin-service"
  host_name = "laptop-1"
  notes_url = "http://gw:5000/status/laptop%20update"
  vars.checkin_service = "laptop update"
  vars.checkin_url = "http://gw:5000"
  vars.checkin_protocol = "http"
  vars.checkin_host = "gw"
  vars.checkin_port = 5000
  vars.checkin_gateway_host = "gw"
}

object Service "plain" {
  import "checkin-service"
  host_name = "gw"
  notes_url = "http://gw:5000/status/plain"
  vars.checkin_service = "plain"
  vars.checkin_url = "http://gw:5000"
  vars.checkin_protocol = "http"
  vars.checkin_host = "gw"
  vars.checkin_port = 5000
  vars.checkin_gateway_host = "gw"
}
`

func TestWriteRefusesBadNames(t *testing.T) {
	g, _ := ParseGateway("http://127.0.0.1:5000")
	tests := []struct {
		name     string
		opts     Options
		services []*config.Service
		want     string
	}{
		{"empty host name", Options{}, nil, "host name must be non-empty"},
		{"host name with !", Options{HostName: "a!b"}, nil, "host name must be non-empty"},
		{"host name with $", Options{HostName: "a$b"}, nil, "host name must be non-empty"},
		{"host name with a line break", Options{HostName: "a\nb"}, nil, "host name must be non-empty"},
		{"the template's name", Options{HostName: "checkin-gateway-host"}, nil, "is the name of the Host template"},
		{"service with !", Options{HostName: "gw"}, []*config.Service{{Name: "a!b"}}, `service "a!b": Icinga names cannot hold !`},
		{"created host with the template's name", Options{HostName: "gw", CreateHosts: true},
			[]*config.Service{{Name: "a", Icinga: &icingaplace.Settings{Host: "checkin-gateway-host"}}}, `service "a": host "checkin-gateway-host" is the name of the Host template`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Gateway = g
			var b strings.Builder
			err := Write(&b, tt.opts, tt.services)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Write = %v; want an error containing %q", err, tt.want)
			}
			if b.Len() > 0 {
				t.Errorf("Write printed despite the error:\n%s", b.String())
			}
		})
	}
}

// services.json cannot set the custom variables Write sets from its flags: icingaplace.ReservedVars
// lists each of them.
func TestWrittenVarsAreReserved(t *testing.T) {
	g, err := ParseGateway("https://gw.example.org/checkin")
	if err != nil {
		t.Fatal(err)
	}
	g.CAFile = "/etc/icinga2/ca.pem"
	var b strings.Builder
	if err := Write(&b, Options{HostName: "gw", Gateway: g}, []*config.Service{{Name: "backup"}}); err != nil {
		t.Fatal(err)
	}
	service := b.String()[strings.Index(b.String(), "object Service"):]
	written := regexp.MustCompile(`(?m)^  vars\.(\w+) =`).FindAllStringSubmatch(service, -1)
	if len(written) == 0 {
		t.Fatalf("no vars in\n%s", service)
	}
	for _, m := range written {
		if !slices.Contains(icingaplace.ReservedVars, m[1]) {
			t.Errorf("Write sets vars.%s, which icingaplace.ReservedVars does not list", m[1])
		}
	}
}

package icinga

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseGateway(t *testing.T) {
	tests := []struct {
		raw     string
		want    Gateway
		wantErr string
	}{
		{raw: "http://127.0.0.1:5000", want: Gateway{URL: "http://127.0.0.1:5000", Scheme: "http", Host: "127.0.0.1", Port: 5000}},
		{raw: "https://gw.example.org/", want: Gateway{URL: "https://gw.example.org", Scheme: "https", Host: "gw.example.org", Port: 443}},
		{raw: "http://gw", want: Gateway{URL: "http://gw", Scheme: "http", Host: "gw", Port: 80}},
		{raw: "https://gw.example.org:8443/checkin/", want: Gateway{URL: "https://gw.example.org:8443/checkin", Scheme: "https", Host: "gw.example.org", Port: 8443, Prefix: "/checkin"}},
		{raw: "http://[::1]:5000", want: Gateway{URL: "http://[::1]:5000", Scheme: "http", Host: "::1", Port: 5000}},
		{raw: "gw.example.org:5000", wantErr: "want an http:// or https:// URL"},
		{raw: "ftp://gw", wantErr: "want an http:// or https:// URL"},
		{raw: "http://:5000", wantErr: "no host"},
		{raw: "http://gw:0", wantErr: "port \"0\" is not 1 to 65535"},
		{raw: "http://gw:5000/?x=1", wantErr: "want only scheme, host, port and path"},
		{raw: "http://user:pw@gw:5000", wantErr: "want only scheme, host, port and path"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := ParseGateway(tt.raw)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("ParseGateway(%q) = %v; want an error containing %q", tt.raw, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseGateway(%q) = %v", tt.raw, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseGateway(%q) mismatch (-want +got):\n%s", tt.raw, diff)
			}
		})
	}
}

func TestWrite(t *testing.T) {
	tests := []struct {
		name, url, host, caFile string
		services                []string
		want                    string
	}{{
		name: "local http", url: "http://127.0.0.1:5000", host: "checkin", services: []string{"backup"},
		want: `// Written by ` + "`checkin-gateway icinga-config`" + ` from services.json.
// Do not edit: change services.json and run it again. Needs deploy/icinga2/*.conf loaded.

object Host "checkin" {
  import "checkin-gateway-host"
  address = "127.0.0.1"
  vars.http_port = 5000
}

object Service "backup" {
  import "checkin-service"
  host_name = "checkin"
  vars.checkin_service = "backup"
  vars.checkin_url = "http://127.0.0.1:5000"
  vars.checkin_protocol = "http"
  vars.checkin_host = "127.0.0.1"
  vars.checkin_port = 5000
}
`,
	}, {
		name: "https behind a proxy with a prefix", url: "https://gw.example.org/check$in", host: "gw", services: []string{"laptop 1", "a.b@c:d"},
		caFile: "/etc/icinga2/checkin ca.pem",
		want: `// Written by ` + "`checkin-gateway icinga-config`" + ` from services.json.
// Do not edit: change services.json and run it again. Needs deploy/icinga2/*.conf loaded.

object Host "gw" {
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
  vars.checkin_service = "laptop 1"
  vars.checkin_url = "https://gw.example.org/check$$in"
  vars.checkin_protocol = "https"
  vars.checkin_host = "gw.example.org"
  vars.checkin_port = 443
  vars.checkin_ca_file = "/etc/icinga2/checkin ca.pem"
}

object Service "a.b@c:d" {
  import "checkin-service"
  host_name = "gw"
  vars.checkin_service = "a.b@c:d"
  vars.checkin_url = "https://gw.example.org/check$$in"
  vars.checkin_protocol = "https"
  vars.checkin_host = "gw.example.org"
  vars.checkin_port = 443
  vars.checkin_ca_file = "/etc/icinga2/checkin ca.pem"
}
`,
	}, {
		name: "IPv6 and no services", url: "http://[::1]:5000", host: `my "gw"`,
		want: `// Written by ` + "`checkin-gateway icinga-config`" + ` from services.json.
// Do not edit: change services.json and run it again. Needs deploy/icinga2/*.conf loaded.

object Host "my \"gw\"" {
  import "checkin-gateway-host"
  address = "::1"
  vars.http_port = 5000
}
`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := ParseGateway(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			g.CAFile = tt.caFile
			var b strings.Builder
			if err := Write(&b, "services.json", tt.host, g, tt.services); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, b.String()); diff != "" {
				t.Errorf("Write mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWriteRefusesBadNames(t *testing.T) {
	g, _ := ParseGateway("http://127.0.0.1:5000")
	for _, host := range []string{"", "a!b", "a$b", "a\nb", "checkin-gateway-host"} {
		if err := Write(&strings.Builder{}, "s.json", host, g, nil); err == nil {
			t.Errorf("Write with host name %q = nil error", host)
		}
	}
}

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

func TestStatusURL(t *testing.T) {
	tests := []struct{ url, service, want string }{
		{"http://127.0.0.1:5000", "backup", "http://127.0.0.1:5000/status/backup"},
		{"https://gw.example.org/check$in/", "laptop 1", "https://gw.example.org/check%24in/status/laptop%201"},
		{"http://gw", "a.b@c:d_e-f", "http://gw/status/a.b@c:d_e-f"},
	}
	for _, tt := range tests {
		g, err := ParseGateway(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := g.StatusURL(tt.service); got != tt.want {
			t.Errorf("StatusURL(%q) with %s = %q; want %q", tt.service, tt.url, got, tt.want)
		}
	}
}

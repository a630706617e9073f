package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestIcingaConfigCommand(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "services.json")
	writeFile(t, good, testServices)
	placed := filepath.Join(dir, "placed.json")
	writeFile(t, placed, `{
  "backup": {"token": "secret-backup", "timeout": "1d",
             "icinga": {"host": "backup-srv", "display_name": "Nightly backup", "groups": ["backups"], "vars": {"team": "ops"}}},
  "selftest": {"token": "secret-selftest", "timeout": "1d"}
}`)
	badIcinga := filepath.Join(dir, "bad-icinga.json")
	writeFile(t, badIcinga, `{"backup": {"token": "secret-backup", "timeout": "1d", "icinga": {"host": "a!b"}}}`)
	bad := filepath.Join(dir, "bad.json")
	writeFile(t, bad, `{"backup": {"token": "x", "timeout": "soon"}}`)
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		want     []string
		wantErr  string
		wantNone string
	}{
		{name: "defaults", args: []string{"icinga-config", "--config", good},
			want:     []string{`object Host "checkin-gateway" {`, `import "checkin-gateway-host"`, `object Service "backup" {`, `vars.checkin_url = "http://127.0.0.1:5000"`, `host_name = "checkin-gateway"`},
			wantNone: "secret"},
		{name: "host name and URL", args: []string{"icinga-config", "--config", good, "--host-name", "gw1", "--gateway-url", "https://gw1.example.org:5443"},
			want: []string{`object Host "gw1" {`, `host_name = "gw1"`, `vars.checkin_port = 5443`, `vars.http_ssl = true`}},
		{name: "CA file", args: []string{"icinga-config", "--config", good, "--gateway-url", "https://gw1:5443", "--ca-file", "/etc/icinga2/ca.pem"},
			want: []string{`vars.checkin_ca_file = "/etc/icinga2/ca.pem"`}},
		{name: "read token file on every service", args: []string{"icinga-config", "--config", placed, "--read-token-file", "/etc/icinga2/checkin-read-token"},
			want: []string{`object Service "backup" {`, `object Service "selftest" {`, `vars.checkin_read_token_file = "/etc/icinga2/checkin-read-token"`}},
		{name: "read token file relative", args: []string{"icinga-config", "--config", good, "--read-token-file", "read-token"}, wantErr: "want an absolute path on the Icinga host"},
		{name: "config from the environment", args: []string{"icinga-config"}, env: map[string]string{"CHECKIN_CONFIG": good},
			want: []string{`object Service "backup" {`}},
		{name: "services on their hosts", args: []string{"icinga-config", "--config", placed},
			want: []string{`object Service "backup" {`, `host_name = "backup-srv"`, `display_name = "Nightly backup"`, `groups = [ "backups" ]`,
				`vars["team"] = "ops"`, `notes_url = "http://127.0.0.1:5000/status/backup"`, `vars.checkin_gateway_host = "checkin-gateway"`,
				`object Service "selftest" {`, `host_name = "checkin-gateway"`},
			wantNone: "object Host \"backup-srv\""},
		{name: "no groups without --create-groups", args: []string{"icinga-config", "--config", placed},
			wantNone: "object ServiceGroup"},
		{name: "created hosts and groups", args: []string{"icinga-config", "--config", placed, "--create-hosts", "--create-groups"},
			want: []string{`object Host "backup-srv" {`, `check_command = "dummy"`, `object ServiceGroup "backups" {}`}},
		{name: "invalid icinga settings", args: []string{"icinga-config", "--config", badIcinga}, wantErr: `service "backup": field icinga.host: "a!b": Icinga object names cannot hold !`},
		{name: "invalid services.json", args: []string{"icinga-config", "--config", bad}, wantErr: "field timeout"},
		{name: "bad URL", args: []string{"icinga-config", "--config", good, "--gateway-url", "gw:5000"}, wantErr: "want an http:// or https:// URL"},
		{name: "bad host name", args: []string{"icinga-config", "--config", good, "--host-name", "a!b"}, wantErr: "host name"},
		{name: "the template's name", args: []string{"icinga-config", "--config", good, "--host-name", "checkin-gateway-host"}, wantErr: "is the name of the Host template"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(context.Background(), tt.args, func(k string) string { return tt.env[k] }, &stdout, &stderr)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("run(%v) = %v; want an error containing %q", tt.args, err, tt.wantErr)
				}
				if stdout.Len() > 0 {
					t.Errorf("printed objects despite the error:\n%s", stdout.String())
				}
				return
			}
			if err != nil {
				t.Fatalf("run(%v) = %v\n%s", tt.args, err, stderr.String())
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, stdout.String())
				}
			}
			if tt.wantNone != "" && strings.Contains(stdout.String(), tt.wantNone) {
				t.Errorf("output contains %q:\n%s", tt.wantNone, stdout.String())
			}
		})
	}
}

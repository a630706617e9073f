package config

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestParsePingSettings(t *testing.T) {
	c, err := Parse([]byte(`{
		"backup": {"token": "t", "timeout": "1d", "ping_uuid": "3F2B8C1E-5D4A-4E6F-9A7B-1C2D3E4F5A6B"},
		"mail":   {"token": "t", "timeout": "1d", "ping_uuid": "0b8e2a4c-1111-4222-8333-444455556666", "ping_methods": "POST"},
		"quiet":  {"token": "t", "timeout": "1d", "ping": false},
		"plain":  {"token": "t", "timeout": "1d", "ping": true, "ping_methods": ""}
	}`))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	tests := []struct {
		name string
		want Ping
	}{
		{"backup", (&Service{}).WithPingUUID("3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b").Ping},
		{"mail", (&Service{Ping: Ping{POSTOnly: true}}).WithPingUUID("0b8e2a4c-1111-4222-8333-444455556666").Ping},
		{"quiet", Ping{Off: true}},
		{"plain", Ping{}},
	}
	for _, tt := range tests {
		got := c.Service(tt.name).Ping
		if !reflect.DeepEqual(got, tt.want) || got.HasUUID() != tt.want.HasUUID() {
			t.Errorf("Service(%q).Ping = %+v; want %+v", tt.name, got, tt.want)
		}
		if printed := fmt.Sprintf("%+v %#v", c.Service(tt.name), c.Service(tt.name)); strings.Contains(printed, "3f2b8c1e") || strings.Contains(printed, "0b8e2a4c") {
			t.Errorf("Service(%q) printed shows its ping_uuid: %s", tt.name, printed)
		}
	}
	lookups := []struct {
		uuid, want string // want "" for no service
	}{
		{"3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b", "backup"},
		{"3F2B8C1E-5D4A-4E6F-9A7B-1C2D3E4F5A6B", "backup"},
		{"0b8e2a4c-1111-4222-8333-444455556666", "mail"},
		{"0b8e2a4c-1111-4222-8333-444455556667", ""},
		{"", ""},
	}
	for _, tt := range lookups {
		s := c.ServiceByPingUUID(tt.uuid)
		if got := ""; s != nil {
			got = s.Name
			if got != tt.want {
				t.Errorf("ServiceByPingUUID(%q) = %q; want %q", tt.uuid, got, tt.want)
			}
		} else if tt.want != "" {
			t.Errorf("ServiceByPingUUID(%q) = nil; want %q", tt.uuid, tt.want)
		}
	}
}

func TestParsePingErrors(t *testing.T) {
	const uuid = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b"
	tests := []struct {
		name, in string
		want     []string // all must appear in the error
		notWant  string   // must not appear
	}{
		{"not a uuid", `{"a": {"token": "t", "timeout": 1, "ping_uuid": "backup-ping"}}`,
			[]string{`service "a"`, "field ping_uuid", "want a UUID", "new-uuid"}, "backup-ping"},
		{"uuid without dashes", `{"a": {"token": "t", "timeout": 1, "ping_uuid": "3f2b8c1e5d4a4e6f9a7b1c2d3e4f5a6b"}}`,
			[]string{`service "a"`, "field ping_uuid"}, ""},
		{"uuid not a string", `{"a": {"token": "t", "timeout": 1, "ping_uuid": 5}}`,
			[]string{`service "a"`, "field ping_uuid", "want a string"}, ""},
		{"ping not a bool", `{"a": {"token": "t", "timeout": 1, "ping": "no"}}`,
			[]string{`service "a"`, "field ping", "want true or false"}, ""},
		{"unknown method", `{"a": {"token": "t", "timeout": 1, "ping_methods": "GET"}}`,
			[]string{`service "a"`, "field ping_methods", `want "POST"`}, ""},
		{"duplicate uuid, other case", `{"a": {"token": "t", "timeout": 1, "ping_uuid": "` + uuid + `"},
			"b": {"token": "t", "timeout": 1, "ping_uuid": "` + strings.ToUpper(uuid) + `"}}`,
			[]string{`services "a" and "b"`, "field ping_uuid", "same uuid"}, uuid},
		{"no token, ping turned off", `{"a": {"timeout": 1, "ping_uuid": "` + uuid + `", "ping": false}}`,
			[]string{`service "a"`, "field token", "missing", "ping_uuid"}, uuid},
		{"misspelt field lists the ping fields", `{"a": {"token": "t", "timeout": 1, "ping_uid": "x"}}`,
			[]string{`unknown field "ping_uid"`, "ping_uuid, ping, ping_methods"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in))
			if err == nil {
				t.Fatalf("Parse(%s) = nil error", tt.in)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Parse error = %q; want it to contain %q", err, w)
				}
			}
			if tt.notWant != "" && strings.Contains(strings.ToLower(err.Error()), tt.notWant) {
				t.Errorf("Parse error = %q; it shows the secret %q", err, tt.notWant)
			}
		})
	}
}

func TestIsUUID(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b", true},
		{"3F2B8C1E-5D4A-4E6F-9A7B-1C2D3E4F5A6B", true},
		{"00000000-0000-0000-0000-000000000000", true},
		{"3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6", false},
		{"3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6bb", false},
		{"3f2b8c1e5d4a-4e6f-9a7b-1c2d3e4f5a6b-", false},
		{"3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6g", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsUUID(tt.in); got != tt.want {
			t.Errorf("IsUUID(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

// A ping-only service (a ping_uuid, no token) needs no token and takes no check-in: no token,
// not even the empty one, authorizes it.
func TestPingOnlyServiceNeedsNoToken(t *testing.T) {
	const uuid = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b"
	c, err := Parse([]byte(`{"pinged": {"timeout": "1d", "ping_uuid": "` + uuid + `"}, "both": {"token": "t", "timeout": "1d", "ping_uuid": "` + strings.ToUpper(uuid[:35]) + `c"}}`))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	s := c.Service("pinged")
	if s == nil || s.HasToken() || c.ServiceByPingUUID(uuid) != s {
		t.Fatalf("pinged = %+v; want a ping-only service found by its ping_uuid", s)
	}
	for _, token := range []string{"", "t", uuid, "anything"} {
		if s.Authorize(token) {
			t.Errorf("the ping-only service takes the token %q", token)
		}
	}
	if both := c.Service("both"); !both.HasToken() || !both.Authorize("t") {
		t.Errorf("a service with token and ping_uuid does not take its token")
	}
}

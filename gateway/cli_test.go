package main

import (
	"io"
	"testing"
	"time"
)

// The flags' variables come from run's getenv alone: the process environment, set here to
// other values, never counts, and a variable set but empty leaves the flag's default.
func TestParseReadsOnlyGetenv(t *testing.T) {
	for name, value := range map[string]string{
		"CHECKIN_LISTEN": "127.0.0.1:1", "CHECKIN_AUTH_FAIL_LIMIT": "7", "CHECKIN_LOG_LEVEL": "",
		"CHECKIN_READ_TIMEOUT": "1s", "CHECKIN_CONFIG": "/process/services.json",
	} {
		t.Setenv(name, value)
	}
	tests := []struct {
		name       string
		env        map[string]string
		args       []string
		wantListen string
		wantLimit  int
		wantLevel  string
		wantRead   time.Duration
	}{
		{"unset: defaults", nil, nil, "127.0.0.1:5000", 10, "info", 30 * time.Second},
		{"empty: defaults", map[string]string{"CHECKIN_LISTEN": "", "CHECKIN_AUTH_FAIL_LIMIT": "", "CHECKIN_LOG_LEVEL": "", "CHECKIN_READ_TIMEOUT": ""},
			nil, "127.0.0.1:5000", 10, "info", 30 * time.Second},
		{"set", map[string]string{"CHECKIN_LISTEN": "127.0.0.1:6000", "CHECKIN_AUTH_FAIL_LIMIT": "3", "CHECKIN_LOG_LEVEL": "debug", "CHECKIN_READ_TIMEOUT": "5s"},
			nil, "127.0.0.1:6000", 3, "debug", 5 * time.Second},
		{"flags win", map[string]string{"CHECKIN_LISTEN": "127.0.0.1:6000"}, []string{"--listen", "127.0.0.1:7000"},
			"127.0.0.1:7000", 10, "info", 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, err := parse(tt.args, func(k string) string { return tt.env[k] }, io.Discard, io.Discard)
			if err != nil {
				t.Fatalf("parse(%q) with %v: %v", tt.args, tt.env, err)
			}
			if got := c.Serve; got.Listen != tt.wantListen || got.AuthFailLimit != tt.wantLimit || c.LogLevel != tt.wantLevel || got.ReadTimeout != tt.wantRead {
				t.Errorf("parse(%q) with %v = listen %q, limit %d, level %q, read timeout %v; want %q, %d, %q, %v",
					tt.args, tt.env, got.Listen, got.AuthFailLimit, c.LogLevel, got.ReadTimeout,
					tt.wantListen, tt.wantLimit, tt.wantLevel, tt.wantRead)
			}
			if c.Serve.Config == "/process/services.json" {
				t.Errorf("--config came from the process environment")
			}
		})
	}
}

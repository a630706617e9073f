package config

import (
	"strings"
	"testing"
	"time"
)

func TestParseRate(t *testing.T) {
	tests := []struct {
		in    string
		every time.Duration
		burst int
		str   string
	}{
		{"1/s", time.Second, 60, "1/s burst 60"},
		{"10/m", 6 * time.Second, 60, "10/m burst 60"},
		{"10/m burst 5", 6 * time.Second, 5, "10/m burst 5"},
		{" 100/1h  burst  2 ", 36 * time.Second, 2, "100/h burst 2"},
		{"6/10m", 100 * time.Second, 60, "6/10m burst 60"},
		{"1000/s", time.Millisecond, 60, "1000/s burst 60"},
		{"off", 0, 0, "off"},
	}
	for _, tt := range tests {
		r, err := ParseRate(tt.in)
		if err != nil {
			t.Errorf("ParseRate(%q): %v", tt.in, err)
			continue
		}
		if r.Every != tt.every || r.Burst != tt.burst || r.String() != tt.str {
			t.Errorf("ParseRate(%q) = %v every %v burst %d; want %s every %v burst %d", tt.in, r, r.Every, r.Burst, tt.str, tt.every, tt.burst)
		}
	}
	for _, bad := range []string{"", "1", "fast", "0/s", "-1/s", "1/x", "1/0s", "1/s burst 1", "1/s burst x", "1/s burst", "2000/s", "1.5/s"} {
		if _, err := ParseRate(bad); err == nil || !strings.Contains(err.Error(), "invalid rate") {
			t.Errorf("ParseRate(%q) = %v; want an invalid rate error", bad, err)
		}
	}
}

func TestServiceRate(t *testing.T) {
	c, err := Parse([]byte(`{"a": {"token": "t", "timeout": 60, "rate": "10/m burst 5"}, "b": {"token": "t", "timeout": 60},
		"c": {"token": "t", "timeout": 60, "rate": "off", "owner": "escaped\u00e9"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if r := c.Service("a").Rate; r == nil || r.Every != 6*time.Second || r.Burst != 5 {
		t.Errorf("a's rate = %v; want 10/m burst 5", r)
	}
	if r := c.Service("b").Rate; r != nil {
		t.Errorf("b's rate = %v; want nil (the gateway's default)", r)
	}
	if r := c.Service("c").Rate; r == nil || !r.Off() {
		t.Errorf("c's rate = %v; want off", r)
	}
	checkParseErrors(t, []parseErrorCase{
		{"bad rate", `{"a": {"token": "t", "timeout": 60, "rate": "often"}}`, []string{`service "a"`, "field rate", `"often"`, "10/m"}},
		{"burst 1", `{"a": {"token": "t", "timeout": 60, "rate": "1/h burst 1"}}`, []string{`service "a"`, "field rate", "start and finish"}},
		{"number", `{"a": {"token": "t", "timeout": 60, "rate": 5}}`, []string{`service "a"`, "field rate", "a string"}},
	})
}

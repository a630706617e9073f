package checkin

import (
	"encoding/json"
	"testing"
)

func TestParseStatus(t *testing.T) {
	tests := []struct {
		in      string
		want    Status
		wantErr bool
	}{
		{"OK", OK, false},
		{"ok", OK, false},
		{"Warning", Warning, false},
		{"CRITICAL", Critical, false},
		{"unknown", Unknown, false},
		{"", Unknown, true},
		{"FAIL", Unknown, true},
		{" OK", Unknown, true},
	}
	for _, tt := range tests {
		got, err := ParseStatus(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseStatus(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestStatusJSON(t *testing.T) {
	for s := OK; s <= Unknown; s++ {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatalf("Marshal(%v): %v", s, err)
		}
		var back Status
		if err := json.Unmarshal(b, &back); err != nil || back != s {
			t.Errorf("round trip of %v via %s = %v, %v", s, b, back, err)
		}
		if s.ExitCode() != int(s) {
			t.Errorf("%v.ExitCode() = %d; want %d", s, s.ExitCode(), int(s))
		}
	}
	if _, err := json.Marshal(Status(7)); err == nil {
		t.Errorf("Marshal(Status(7)) succeeded; want error")
	}
	if Status(7).ExitCode() != 3 {
		t.Errorf("Status(7).ExitCode() = %d; want 3", Status(7).ExitCode())
	}
}

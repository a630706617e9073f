package overview

import (
	"strings"
	"testing"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/config"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

func TestFilterMatch(t *testing.T) {
	svc := &config.Service{Name: "DB-Dump@host:1", Owner: "Team Ümlaut"}
	tests := []struct {
		states []string
		query  string
		status checkin.Status
		want   bool
	}{
		{nil, "", checkin.OK, true},
		{nil, "dump", checkin.OK, true},
		{nil, "DUMP@HOST", checkin.OK, true},
		{nil, "b-d", checkin.OK, true},
		{nil, "team ü", checkin.OK, true}, // the owner, in other letters than ASCII
		{nil, "TEAM ÜMLAUT", checkin.OK, true},
		{nil, "  dump ", checkin.OK, true}, // spaces around the search are dropped
		{nil, "dumps", checkin.OK, false},
		{nil, "host:12", checkin.OK, false},
		{[]string{"CRITICAL,WARNING"}, "", checkin.Warning, true},
		{[]string{"CRITICAL,WARNING"}, "", checkin.OK, false},
		{[]string{"critical", "unknown"}, "dump", checkin.Unknown, true},
		{[]string{"critical", "unknown"}, "nope", checkin.Unknown, false},
		{[]string{""}, "", checkin.Unknown, true}, // an empty status parameter is no filter
		// as long as the search box lets a user type: 200 characters, 400 bytes
		{nil, strings.Repeat("ä", MaxQueryLen), checkin.OK, false},
	}
	for _, tt := range tests {
		f, err := ParseFilter(tt.states, tt.query)
		if err != nil {
			t.Fatalf("ParseFilter(%q, %q): %v", tt.states, tt.query, err)
		}
		if got := f.Match(svc, tt.status); got != tt.want {
			t.Errorf("ParseFilter(%q, %q).Match(%s, %v) = %v; want %v", tt.states, tt.query, svc.Name, tt.status, got, tt.want)
		}
	}
}

func TestParseFilterErrors(t *testing.T) {
	tests := []struct {
		states  []string
		query   string
		wantErr string
	}{
		{[]string{"FINE"}, "", `unknown status "FINE"`},
		{[]string{"OK,BAD"}, "", `unknown status "BAD"`},
		{nil, strings.Repeat("x", MaxQueryLen+1), "at most 200 characters"},
		{nil, strings.Repeat("ä", MaxQueryLen+1), "at most 200 characters"},
		{nil, "\xff", "valid UTF-8"},
	}
	for _, tt := range tests {
		_, err := ParseFilter(tt.states, tt.query)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParseFilter(%q, %q) = %v; want an error naming %q", tt.states, tt.query, err, tt.wantErr)
		}
	}
}

func TestStateList(t *testing.T) {
	f, _ := ParseFilter([]string{"ok,critical", "UNKNOWN"}, "")
	if got := f.StateList(); got != "CRITICAL,UNKNOWN,OK" {
		t.Errorf("StateList = %q; want CRITICAL,UNKNOWN,OK (worst first)", got)
	}
}

func TestFirstAfter(t *testing.T) {
	names := []string{"a", "b", "d"}
	for _, tt := range []struct {
		after string
		want  int
	}{{"", 0}, {"a", 1}, {"b", 2}, {"c", 2}, {"d", 3}, {"z", 3}, {"0", 0}} {
		if got := firstAfter(names, tt.after); got != tt.want {
			t.Errorf("firstAfter(%q) = %d; want %d", tt.after, got, tt.want)
		}
	}
}

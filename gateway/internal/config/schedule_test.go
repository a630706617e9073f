package config

import (
	"testing"
	"time"
)

func TestParseScheduledServices(t *testing.T) {
	c, err := Parse([]byte(`{
		"backup":  {"token": "a", "schedule": "0 2 1 * *", "tz": "Europe/Berlin"},
		"report":  {"token": "b", "schedule": "30 18 * * mon-fri", "timeout": "3h", "max_runtime": "2h"},
		"hourly":  {"token": "c", "schedule": "@hourly", "tz": "UTC", "grace": "30m"},
		"plain":   {"token": "d", "timeout": "1d"},
		"runs":    {"token": "e", "timeout": "1d", "max_runtime": 7200},
		"forever": {"token": "f", "timeout": 0},
		"long":    {"token": "g", "timeout": "10d"},
		"late":    {"token": "h", "schedule": "*/10 * * * *", "timeout": "10d"}
	}`))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	const h = time.Hour
	tests := []struct {
		name                       string
		schedule, zone             string // schedule "" means none
		timeout, grace, maxRuntime time.Duration
	}{
		// Scheduled services default to 1h of grace, whatever their timeout; services with a
		// timeout keep the older gateway's rule: the larger of 12h and timeout/9.
		{"backup", "0 2 1 * *", "Europe/Berlin", h, h, h},
		{"report", "30 18 * * mon-fri", "UTC", 3 * h, h, 2 * h},
		{"hourly", "@hourly", "UTC", h, 30 * time.Minute, h},
		{"plain", "", "", 24 * h, 12 * h, 24 * h},
		{"runs", "", "", 24 * h, 12 * h, 2 * h},
		{"forever", "", "", 0, 12 * h, 0},
		{"long", "", "", 240 * h, 240 * h / 9, 240 * h},
		{"late", "*/10 * * * *", "UTC", 240 * h, h, 240 * h},
	}
	for _, tt := range tests {
		s := c.Service(tt.name)
		if s.Timeout != tt.timeout || s.Grace != tt.grace || s.MaxRuntime != tt.maxRuntime {
			t.Errorf("Service(%q) timeout %v grace %v max_runtime %v; want %v %v %v", tt.name, s.Timeout, s.Grace, s.MaxRuntime,
				tt.timeout, tt.grace, tt.maxRuntime)
		}
		switch {
		case tt.schedule == "" && s.Schedule != nil:
			t.Errorf("Service(%q).Schedule = %v; want none", tt.name, s.Schedule)
		case tt.schedule != "" && (s.Schedule == nil || s.Schedule.String() != tt.schedule || s.Schedule.Location().String() != tt.zone):
			t.Errorf("Service(%q).Schedule = %v; want %q in %s", tt.name, s.Schedule, tt.schedule, tt.zone)
		}
	}
	// The zone is applied: 02:00 in Berlin on 1 January is 01:00 UTC.
	next := c.Service("backup").Schedule.Next(time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC))
	if want := time.Date(2027, 1, 1, 1, 0, 0, 0, time.UTC); !next.Equal(want) {
		t.Errorf("backup's next run = %v; want %v", next, want)
	}
}

func TestParseScheduleErrors(t *testing.T) {
	tests := []parseErrorCase{
		{"timeout 0 with a schedule", `{"a": {"token": "t", "timeout": 0, "schedule": "0 2 * * *"}}`,
			[]string{`service "a"`, "fields timeout and schedule", "never overdue"}},
		{"tz without schedule", `{"a": {"token": "t", "timeout": "1d", "tz": "Europe/Berlin"}}`,
			[]string{`service "a"`, "field tz", "only with schedule"}},
		{"unknown zone", `{"a": {"token": "t", "schedule": "0 2 * * *", "tz": "Europe/Atlantis"}}`,
			[]string{`service "a"`, "field tz", `unknown time zone "Europe/Atlantis"`}},
		{"Local is not a zone", `{"a": {"token": "t", "schedule": "0 2 * * *", "tz": "Local"}}`,
			[]string{`service "a"`, "field tz", `"Local" is not a time zone`}},
		{"empty zone", `{"a": {"token": "t", "schedule": "0 2 * * *", "tz": ""}}`,
			[]string{"field tz", `"" is not a time zone`}},
		{"never fires", `{"a": {"token": "t", "schedule": "0 0 30 2 *"}}`,
			[]string{`service "a"`, "field schedule", `"0 0 30 2 *"`, "never runs"}},
		{"bad field", `{"a": {"token": "t", "schedule": "0 25 * * *"}}`,
			[]string{`service "a"`, "field schedule", `"0 25 * * *"`, "hour field", "25"}},
		{"schedule not a string", `{"a": {"token": "t", "schedule": 5}}`,
			[]string{`service "a"`, "field schedule", "want a string"}},
		{"bad timeout with schedule", `{"a": {"token": "t", "schedule": "@daily", "timeout": "soon"}}`,
			[]string{"field timeout"}},
		{"bad max_runtime", `{"a": {"token": "t", "timeout": 1, "max_runtime": "2x"}}`,
			[]string{`service "a"`, "field max_runtime"}},
		{"missing timeout and schedule", `{"a": {"token": "t"}}`,
			[]string{"field timeout", "missing", "schedule"}},
		{"unknown field lists the new ones", `{"a": {"token": "t", "timeout": 1, "cron": "x"}}`,
			[]string{`unknown field "cron"`, "schedule, tz, max_runtime"}},
	}
	checkParseErrors(t, tests)
}

func TestParseScheduleMessages(t *testing.T) {
	tests := []struct{ expr, zone, want string }{
		{"0 0 30 2 *", "UTC", `field schedule: "0 0 30 2 *": never runs: no date matches its day-of-month, month and day-of-week fields`},
		{"0 2 * * *", "Mars/Olympus", `field tz: unknown time zone "Mars/Olympus": use an IANA name like Europe/Berlin, or UTC`},
	}
	for _, tt := range tests {
		if _, err := ParseSchedule(tt.expr, tt.zone); err == nil || err.Error() != tt.want {
			t.Errorf("ParseSchedule(%q, %q) = %v; want %s", tt.expr, tt.zone, err, tt.want)
		}
	}
}
